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
}

// NewTx returns the store.Tx of a database/sql transaction; stmts may be nil.
func NewTx(ctx context.Context, tx *sql.Tx, d *Dialect, stmts *StmtCache) store.Tx {
	return &txn{ctx: ctx, tx: tx, stmts: stmts, dialect: d}
}

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
