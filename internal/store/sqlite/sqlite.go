// Package sqlite is the embedded store: one SQLite database in the data folder, in WAL mode,
// with one writer connection (transactions begin IMMEDIATE, so writers from several processes
// queue on SQLite's lock instead of failing at commit) and a pool of read-only connections.
package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver (no cgo)

	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/sqlstore"
)

// FileName is the database file inside the data folder.
const FileName = "sechub.db"

// Store is the SQLite implementation of store.Store.
type Store struct {
	write      *sql.DB
	read       *sql.DB
	secret     []byte
	readStmts  *sqlstore.StmtCache
	writeStmts *sqlstore.StmtCache
	tables     []string // what Reset empties
}

// dialect is SQLite's SQL.
var dialect = &sqlstore.Dialect{
	Name: "sqlite",
	AnyOf: func(column string, values []string) (string, any) {
		ids, _ := json.Marshal(values)
		return column + " IN (SELECT value FROM json_each(?))", string(ids)
	},
	IsUniqueViolation: func(err error) bool { return strings.Contains(err.Error(), "UNIQUE constraint failed") },
	DDL:               sqlstore.SQLiteDDL,
	CountTables:       `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`,
	LegacyVersion:     6,
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the store in folder dir and brings the tables of the
// schemas up to date.
func Open(ctx context.Context, dir string, schemas []store.Schema) (*Store, error) {
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
	s := &Store{write: write, writeStmts: sqlstore.NewStmtCache(write), tables: sqlstore.StateTables(schemas)}
	if err := s.migrate(ctx, schemas); err != nil {
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
	s.read, s.readStmts = read, sqlstore.NewStmtCache(read)
	return s, nil
}

// Close closes both pools; database/sql waits for connections in use.
func (s *Store) Close() error {
	s.readStmts.Close()
	s.writeStmts.Close()
	return errors.Join(s.read.Close(), s.write.Close())
}

// Secret returns the store's random key.
func (s *Store) Secret() []byte { return s.secret }

// View runs fn in a read transaction on the read pool.
func (s *Store) View(ctx context.Context, fn func(store.Tx) error) error {
	return sqlstore.InTx(ctx, s.read, &sql.TxOptions{ReadOnly: true}, func(tx *sql.Tx) error {
		return fn(sqlstore.NewTx(ctx, tx, dialect, s.readStmts))
	})
}

// Update runs fn in a BEGIN IMMEDIATE transaction on the single writer connection.
func (s *Store) Update(ctx context.Context, fn func(store.Tx) error) error {
	return sqlstore.InTx(ctx, s.write, nil, func(tx *sql.Tx) error {
		return fn(sqlstore.NewTx(ctx, tx, dialect, s.writeStmts))
	})
}

// Reset deletes every row of every state table.
func (s *Store) Reset(ctx context.Context) error {
	return sqlstore.InTx(ctx, s.write, nil, func(tx *sql.Tx) error { return sqlstore.Reset(ctx, tx, s.tables) })
}

func (s *Store) migrate(ctx context.Context, schemas []store.Schema) error {
	return sqlstore.InTx(ctx, s.write, nil, func(tx *sql.Tx) (err error) {
		s.secret, err = sqlstore.Migrate(ctx, tx, dialect, schemas)
		return err
	})
}
