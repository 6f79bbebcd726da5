package sqlstore

import (
	"context"
	"database/sql"

	"github.com/sechub/sechub/internal/store"
)

// txn implements store.Tx over one database/sql transaction. A read-only one begins at its
// first statement: a read the memos answer whole (store.Memos) then takes no connection and
// runs no BEGIN and COMMIT.
type txn struct {
	ctx     context.Context
	tx      *sql.Tx
	stmts   *StmtCache // nil: statements are not prepared ahead
	dialect *Dialect
	memos   *store.Memos
	finally []func()

	db       *sql.DB // where a lazy transaction begins
	opts     *sql.TxOptions
	beginErr error // why a lazy transaction could not begin
}

// Run runs fn in a transaction of db begun with opts, committed if fn returns nil, then
// what fn registered with Finally. stmts and memos may be nil. A read-only transaction begins
// only when fn runs its first statement.
func Run(ctx context.Context, db *sql.DB, opts *sql.TxOptions, d *Dialect, stmts *StmtCache, memos *store.Memos, fn func(store.Tx) error) error {
	t := &txn{ctx: ctx, stmts: stmts, dialect: d, memos: memos}
	defer func() {
		for _, f := range t.finally {
			f()
		}
	}()
	if opts == nil || !opts.ReadOnly {
		return InTx(ctx, db, opts, func(tx *sql.Tx) error {
			t.tx = tx
			return fn(t)
		})
	}
	t.db, t.opts = db, opts
	err := fn(t)
	if t.tx == nil {
		if t.beginErr != nil {
			return t.beginErr
		}
		return err
	}
	defer t.tx.Rollback()
	if err != nil {
		return err
	}
	return t.tx.Commit()
}

// begun begins a lazy transaction at its first statement; false when it could not begin
// (beginErr says why).
func (t *txn) begun() bool {
	if t.tx != nil {
		return true
	}
	if t.beginErr == nil {
		t.tx, t.beginErr = t.db.BeginTx(t.ctx, t.opts)
	}
	return t.beginErr == nil
}

func (t *txn) Finally(fn func())   { t.finally = append(t.finally, fn) }
func (t *txn) Memos() *store.Memos { return t.memos }

func (t *txn) exec(query string, args ...any) error {
	if !t.begun() {
		return t.beginErr
	}
	query = t.dialect.rebind(query)
	var err error
	if st := t.stmts.get(query); st != nil {
		_, err = t.tx.StmtContext(t.ctx, st).ExecContext(t.ctx, args...)
	} else {
		_, err = t.tx.ExecContext(t.ctx, query, args...)
	}
	return err
}

func (t *txn) query(query string, args ...any) (*sql.Rows, error) {
	if !t.begun() {
		return nil, t.beginErr
	}
	query = t.dialect.rebind(query)
	if st := t.stmts.get(query); st != nil {
		return t.tx.StmtContext(t.ctx, st).QueryContext(t.ctx, args...)
	}
	return t.tx.QueryContext(t.ctx, query, args...)
}

func (t *txn) queryRow(query string, args ...any) *sql.Row {
	if !t.begun() {
		// A Row carries its error only from a query: one on a done context fails at once,
		// and Run answers with beginErr.
		done, cancel := context.WithCancel(t.ctx)
		cancel()
		return t.db.QueryRowContext(done, query, args...)
	}
	query = t.dialect.rebind(query)
	if st := t.stmts.get(query); st != nil {
		return t.tx.StmtContext(t.ctx, st).QueryRowContext(t.ctx, args...)
	}
	return t.tx.QueryRowContext(t.ctx, query, args...)
}
