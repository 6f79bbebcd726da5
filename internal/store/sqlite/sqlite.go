// Package sqlite is the embedded store: one SQLite database in the data folder, in WAL mode,
// with one writer connection (transactions begin IMMEDIATE, so writers from several processes
// queue on SQLite's lock instead of failing at commit) and a pool of read-only connections.
package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver (no cgo)

	"github.com/sechub/sechub/internal/store"
)

// FileName is the database file inside the data folder.
const FileName = "sechub.db"

// Store is the SQLite implementation of store.Store.
type Store struct {
	write      *sql.DB
	read       *sql.DB
	secret     []byte
	readStmts  stmtCache
	writeStmts stmtCache
}

// stmtCache keeps one prepared statement per query text on a pool; database/sql then keeps
// it prepared on each connection, so hot queries are parsed once per connection, not per call.
// A statement is prepared in the background the first time it is asked for: preparing inside
// a transaction would wait for a second connection, which the one-connection writer never has.
type stmtCache struct {
	db      *sql.DB
	mu      sync.Mutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool
	closed  bool
}

// get returns the prepared statement for query, or nil while it is not prepared yet.
func (c *stmtCache) get(query string) *sql.Stmt {
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

func (c *stmtCache) prepare(query string) {
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

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the store in folder dir and brings its schema up to date.
func Open(ctx context.Context, dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("sqlite: data folder: %w", err)
	}
	path := filepath.Join(dir, FileName)
	// synchronous(FULL): a commit is on disk before Update returns, so an acknowledged write
	// survives kill -9 and power loss alike.
	// cache_size: 64 MiB of pages per connection keeps index pages of large finding sets hot.
	pragmas := []string{"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(30000)", "foreign_keys(ON)", "cache_size(-65536)"}
	dsn := func(extra ...string) string {
		q := url.Values{}
		for _, p := range append(pragmas, extra...) {
			q.Add("_pragma", p)
		}
		return "file:" + path + "?" + q.Encode()
	}
	write, err := sql.Open("sqlite", dsn()+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	s := &Store{write: write}
	s.writeStmts.db = write
	if err := s.migrate(ctx); err != nil {
		write.Close()
		return nil, err
	}
	read, err := sql.Open("sqlite", dsn("query_only(ON)"))
	if err != nil {
		write.Close()
		return nil, err
	}
	readers := max(4, runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	s.read = read
	s.readStmts.db = read
	return s, nil
}

// Close closes both pools; database/sql waits for connections in use.
func (s *Store) Close() error {
	s.readStmts.close()
	s.writeStmts.close()
	return errors.Join(s.read.Close(), s.write.Close())
}

// Secret returns the store's random key.
func (s *Store) Secret() []byte { return s.secret }

// View runs fn in a read transaction on the read pool.
func (s *Store) View(ctx context.Context, fn func(store.Tx) error) error {
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(&txn{ctx: ctx, tx: tx, stmts: &s.readStmts}); err != nil {
		return err
	}
	return tx.Commit()
}

// Update runs fn in a BEGIN IMMEDIATE transaction on the single writer connection.
func (s *Store) Update(ctx context.Context, fn func(store.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(&txn{ctx: ctx, tx: tx, stmts: &s.writeStmts}); err != nil {
		return err
	}
	return tx.Commit()
}

// Reset deletes every row of every state table.
func (s *Store) Reset(ctx context.Context) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, t := range stateTables {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return err
	}
	var version int
	err = tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	if version > len(migrations) {
		return fmt.Errorf("sqlite: database schema version %d is newer than this sechub (%d)", version, len(migrations))
	}
	for i := version; i < len(migrations); i++ {
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			return fmt.Errorf("sqlite: migration %d: %w", i+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, len(migrations)); err != nil {
		return err
	}
	err = tx.QueryRowContext(ctx, `SELECT value FROM server_secret`).Scan(&s.secret)
	if errors.Is(err, sql.ErrNoRows) {
		s.secret = make([]byte, 32)
		rand.Read(s.secret)
		_, err = tx.ExecContext(ctx, `INSERT INTO server_secret (value) VALUES (?)`, s.secret)
	}
	if err != nil {
		return err
	}
	return tx.Commit()
}
