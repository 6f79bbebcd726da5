package sqlstore

import (
	"context"
	"database/sql"

	"github.com/sechub/sechub/internal/store"
)

// txn implements store.Tx over one database/sql transaction.
type txn struct {
	ctx     context.Context
	tx      *sql.Tx
	stmts   *StmtCache // nil: statements are not prepared ahead
	dialect *Dialect
	memos   *store.Memos
	finally []func()
}

// Run runs fn in a transaction of db begun with opts, committed if fn returns nil, then
// what fn registered with Finally. stmts and memos may be nil.
func Run(ctx context.Context, db *sql.DB, opts *sql.TxOptions, d *Dialect, stmts *StmtCache, memos *store.Memos, fn func(store.Tx) error) error {
	t := &txn{ctx: ctx, stmts: stmts, dialect: d, memos: memos}
	defer func() {
		for _, f := range t.finally {
			f()
		}
	}()
	return InTx(ctx, db, opts, func(tx *sql.Tx) error {
		t.tx = tx
		return fn(t)
	})
}

func (t *txn) Finally(fn func())   { t.finally = append(t.finally, fn) }
func (t *txn) Memos() *store.Memos { return t.memos }

func (t *txn) exec(query string, args ...any) error {
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
	query = t.dialect.rebind(query)
	if st := t.stmts.get(query); st != nil {
		return t.tx.StmtContext(t.ctx, st).QueryContext(t.ctx, args...)
	}
	return t.tx.QueryContext(t.ctx, query, args...)
}

func (t *txn) queryRow(query string, args ...any) *sql.Row {
	query = t.dialect.rebind(query)
	if st := t.stmts.get(query); st != nil {
		return t.tx.StmtContext(t.ctx, st).QueryRowContext(t.ctx, args...)
	}
	return t.tx.QueryRowContext(t.ctx, query, args...)
}
