package sqlstore

import (
	"database/sql"
	"errors"
	"math"

	"github.com/sechub/sechub/internal/store"
)

// Exec runs a statement of a domain's own tables.
func (t *txn) Exec(query string, args ...any) error { return t.exec(query, args...) }

// Query runs a query of a domain's own tables.
func (t *txn) Query(query string, args ...any) (*sql.Rows, error) { return t.query(query, args...) }

// QueryRow runs a one-row query of a domain's own tables.
func (t *txn) QueryRow(query string, args ...any) *sql.Row { return t.queryRow(query, args...) }

// AnyOf returns the engine's "column is one of values" condition and its parameters.
func (t *txn) AnyOf(column string, values []string) (string, []any) {
	return t.dialect.AnyOf(column, values)
}

// ExecUnique runs a write whose unique violation is answered with store.ErrConflict. Where a
// failed statement aborts the transaction (PostgreSQL), the write runs under a savepoint.
func (t *txn) ExecUnique(query string, args ...any) error {
	if t.dialect.SavepointUniqueWrites {
		if err := t.exec(`SAVEPOINT unique_write`); err != nil {
			return err
		}
	}
	err := t.exec(query, args...)
	if t.dialect.SavepointUniqueWrites {
		end := `RELEASE SAVEPOINT unique_write`
		if err != nil {
			end = `ROLLBACK TO SAVEPOINT unique_write`
		}
		if err := t.exec(end); err != nil {
			return err
		}
	}
	if err != nil && t.dialect.IsUniqueViolation(err) {
		return store.ErrConflict
	}
	return err
}

func (t *txn) Record(key store.AccountKey, kind, id string) (store.Record, error) {
	r := store.Record{Key: key, Kind: kind, ID: id}
	err := t.queryRow(`SELECT seq, body FROM records WHERE partition = ? AND region = ? AND account_id = ? AND kind = ? AND id = ?`,
		key.Partition, key.Region, key.AccountID, kind, id).Scan(&r.Seq, &r.Body)
	if errors.Is(err, sql.ErrNoRows) {
		return r, store.ErrNotFound
	}
	return r, err
}

func (t *txn) Records(key store.AccountKey, kind string, afterSeq int64, limit int) ([]store.Record, error) {
	if limit <= 0 {
		limit = math.MaxInt32
	}
	rows, err := t.query(`SELECT seq, id, body FROM records WHERE partition = ? AND region = ? AND account_id = ? AND kind = ? AND seq > ?
		ORDER BY seq LIMIT ?`, key.Partition, key.Region, key.AccountID, kind, afterSeq, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Record
	for rows.Next() {
		r := store.Record{Key: key, Kind: kind}
		if err := rows.Scan(&r.Seq, &r.ID, &r.Body); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (t *txn) CountRecords(key store.AccountKey, kind string) (int, error) {
	var n int
	err := t.queryRow(`SELECT COUNT(*) FROM records WHERE partition = ? AND region = ? AND account_id = ? AND kind = ?`,
		key.Partition, key.Region, key.AccountID, kind).Scan(&n)
	return n, err
}

func (t *txn) InsertRecord(r store.Record) (int64, error) {
	if err := t.ExecUnique(`INSERT INTO records (partition, region, account_id, kind, id, body) VALUES (?, ?, ?, ?, ?, ?)`,
		r.Key.Partition, r.Key.Region, r.Key.AccountID, r.Kind, r.ID, r.Body); err != nil {
		return 0, err
	}
	var seq int64
	err := t.queryRow(`SELECT seq FROM records WHERE partition = ? AND region = ? AND account_id = ? AND kind = ? AND id = ?`,
		r.Key.Partition, r.Key.Region, r.Key.AccountID, r.Kind, r.ID).Scan(&seq)
	return seq, err
}

func (t *txn) UpdateRecord(r store.Record) error {
	return t.changeOne(`UPDATE records SET body = ? WHERE partition = ? AND region = ? AND account_id = ? AND kind = ? AND id = ?`,
		r.Body, r.Key.Partition, r.Key.Region, r.Key.AccountID, r.Kind, r.ID)
}

func (t *txn) DeleteRecord(key store.AccountKey, kind, id string) error {
	return t.changeOne(`DELETE FROM records WHERE partition = ? AND region = ? AND account_id = ? AND kind = ? AND id = ?`,
		key.Partition, key.Region, key.AccountID, kind, id)
}

func (t *txn) DeleteRecords(key store.AccountKey, kind string) error {
	return t.exec(`DELETE FROM records WHERE partition = ? AND region = ? AND account_id = ? AND kind = ?`,
		key.Partition, key.Region, key.AccountID, kind)
}

// changeOne runs a statement that changes one row, or store.ErrNotFound when it changed none.
func (t *txn) changeOne(query string, args ...any) error {
	if !t.begun() {
		return t.beginErr
	}
	query = t.dialect.rebind(query)
	var res sql.Result
	var err error
	if st := t.stmts.get(query); st != nil {
		res, err = t.tx.StmtContext(t.ctx, st).ExecContext(t.ctx, args...)
	} else {
		res, err = t.tx.ExecContext(t.ctx, query, args...)
	}
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return store.ErrNotFound
	}
	return nil
}
