// Package sqlstore implements store.Tx in SQL over database/sql, once for every SQL engine
// sechub runs on (SQLite, PostgreSQL); a Dialect holds what differs between them. Queries are
// written with ? placeholders and rebound for the engine.
package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"sync"
)

// Dialect is what differs between SQL engines.
type Dialect struct {
	// Name names the engine in errors.
	Name string
	// NumberedPlaceholders: the engine wants $1, $2... instead of ?.
	NumberedPlaceholders bool
	// AnyOf returns the condition "column is one of values" and its parameters.
	AnyOf func(column string, values []string) (string, []any)
	// SavepointUniqueWrites: a failed statement aborts the transaction, so a write whose
	// unique violation is an answer (not a failure) runs under a savepoint.
	SavepointUniqueWrites bool
	// IsUniqueViolation reports whether err is a unique-constraint violation.
	IsUniqueViolation func(err error) bool
	// DDL translates a schema migration, written as store.Schema says, for the engine.
	DDL func(string) string
	// CountTables is a query counting the tables named by its one parameter.
	CountTables string
	// LegacyVersion is the version an up-to-date database of the earlier single-numbered
	// schema has (see store.Schema.Legacy).
	LegacyVersion int

	rebound sync.Map // query text → rebound text
}

// rebind rewrites ? placeholders for the engine (the queries hold no ? in literals).
func (d *Dialect) rebind(query string) string {
	if !d.NumberedPlaceholders {
		return query
	}
	if q, ok := d.rebound.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	d.rebound.Store(query, b.String())
	return b.String()
}

// StmtCache keeps one prepared statement per query text on a pool; database/sql then keeps
// it prepared on each connection, so hot queries are parsed once per connection, not per call.
// A statement is prepared in the background the first time it is asked for: preparing inside
// a transaction would wait for a second connection, which a one-connection writer never has.
// A nil cache prepares nothing.
type StmtCache struct {
	db        *sql.DB
	mu        sync.Mutex
	stmts     map[string]*sql.Stmt
	pending   map[string]bool
	closed    bool
	preparing sync.WaitGroup // background prepares under way
}

// NewStmtCache returns a statement cache on db.
func NewStmtCache(db *sql.DB) *StmtCache { return &StmtCache{db: db} }

// get returns the prepared statement for query, or nil while it is not prepared yet.
func (c *StmtCache) get(query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok || c.closed {
		return st
	}
	if !c.pending[query] {
		if c.pending == nil {
			c.pending, c.stmts = map[string]bool{}, map[string]*sql.Stmt{}
		}
		c.pending[query] = true
		c.preparing.Add(1)
		go c.prepare(query)
	}
	return nil
}

func (c *StmtCache) prepare(query string) {
	defer c.preparing.Done()
	st, err := c.db.Prepare(query)
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, query)
	if err != nil {
		return // the plain, unprepared path keeps working
	}
	if c.closed {
		st.Close()
		return
	}
	c.stmts[query] = st
}

// Close closes the prepared statements, after the prepares under way: a prepare holds a
// connection, which must be back in the pool before the pool is closed, or the database's
// files outlive Close.
func (c *StmtCache) Close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.preparing.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
}

// InTx runs fn in a transaction of db begun with opts, committed if fn returns nil.
func InTx(ctx context.Context, db *sql.DB, opts *sql.TxOptions, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}
