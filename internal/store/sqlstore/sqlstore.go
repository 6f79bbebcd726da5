// Package sqlstore implements store.Tx in SQL over database/sql, once for every SQL engine
// sechub runs on (SQLite, PostgreSQL); a Dialect holds what differs between them. Queries are
// written with ? placeholders and rebound for the engine.
package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
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
	// AnyOf returns the condition "column is one of values" with one parameter, and that
	// parameter.
	AnyOf func(column string, values []string) (string, any)
	// SavepointUniqueWrites: a failed statement aborts the transaction, so a write whose
	// unique violation is an answer (not a failure) runs under a savepoint.
	SavepointUniqueWrites bool
	// IsUniqueViolation reports whether err is a unique-constraint violation.
	IsUniqueViolation func(err error) bool

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
	db      *sql.DB
	mu      sync.Mutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool
	closed  bool
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
		go c.prepare(query)
	}
	return nil
}

func (c *StmtCache) prepare(query string) {
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

// Close closes the prepared statements.
func (c *StmtCache) Close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
}

// Migrate brings the schema of the database tx works in up to date with migrations
// (migrations[i] goes from version i to i+1) and returns the store's secret, made on first
// use. The caller commits.
func Migrate(ctx context.Context, tx *sql.Tx, d *Dialect, migrations []string) ([]byte, error) {
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return nil, err
	}
	var version int
	err := tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	}
	if version > len(migrations) {
		return nil, fmt.Errorf("%s: database schema version %d is newer than this sechub (%d)", d.Name, version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return nil, fmt.Errorf("%s: migration %d: %w", d.Name, i+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, d.rebind(`UPDATE schema_version SET version = ?`), len(migrations)); err != nil {
		return nil, err
	}
	var secret []byte
	err = tx.QueryRowContext(ctx, `SELECT value FROM server_secret`).Scan(&secret)
	if errors.Is(err, sql.ErrNoRows) {
		secret = make([]byte, 32)
		rand.Read(secret)
		_, err = tx.ExecContext(ctx, d.rebind(`INSERT INTO server_secret (value) VALUES (?)`), secret)
	}
	return secret, err
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

// Reset deletes every row of tables (children first) in tx.
func Reset(ctx context.Context, tx *sql.Tx, tables []string) error {
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return err
		}
	}
	return nil
}

// StateTables are the tables Reset empties, children before parents (both engines' schemas
// name their tables alike).
var StateTables = []string{"insights", "finding_history", "finding_values", "finding_docs", "findings", "securityhub_org_configs", "securityhub_org_admins", "org_service_access",
	"org_create_account_requests", "org_handshakes", "org_units", "org_accounts", "organizations", "memberships", "resource_tags", "standards_subscriptions", "hubs"}
