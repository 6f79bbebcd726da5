// Package sqlite is the embedded store: one SQLite database in the data folder, in WAL mode,
// with one writer connection (transactions begin IMMEDIATE, so writers from several processes
// queue on SQLite's lock instead of failing at commit) and a pool of read-only connections, of
// which heavy reads (store.Heavy) may hold only a few: light reads always find one free.
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
	"strconv"
	"strings"
	"time"

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
	heavy      *store.Lane
	lock       *os.File     // the data folder's lock, held while the store is open
	memos      *store.Memos // nil when the folder could not be locked
}

// Options tune the embedded store; the zero value is the default.
type Options struct {
	// CacheBytes is SQLite's page cache per connection (0: DefaultCacheBytes). It is memory
	// outside Go's heap: a server bounding its memory counts it (Connections × CacheBytes).
	CacheBytes int64
	// HeavyReaders is how many heavy reads run at once (0: half the cores, at least 1).
	HeavyReaders int
	// HeavyWait is how long a heavy read waits for its turn before store.ErrBusy (0:
	// store.DefaultHeavyWait).
	HeavyWait time.Duration
}

// DefaultCacheBytes is the page cache of each connection: 64 MiB keeps the index pages of
// large finding sets hot.
const DefaultCacheBytes = 64 << 20

// lightReaders is how many read connections light reads have.
func lightReaders() int { return max(4, runtime.GOMAXPROCS(0)) }

func (o Options) heavyReaders() int {
	if o.HeavyReaders > 0 {
		return o.HeavyReaders
	}
	return max(1, runtime.GOMAXPROCS(0)/2)
}

// Connections is how many connections a store opened with o holds at most: the writer, the
// light readers and the heavy lane.
func (o Options) Connections() int { return 1 + lightReaders() + o.heavyReaders() }

// fewValues is the most values AnyOf passes one by one, and placeholders their lists by count.
const fewValues = 8

var placeholders = func() (out [fewValues + 1]string) {
	for n := 1; n <= fewValues; n++ {
		out[n] = strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
	}
	return out
}()

// dialect is SQLite's SQL.
var dialect = &sqlstore.Dialect{
	Name: "sqlite",
	AnyOf: func(column string, values []string) (string, []any) {
		// A few values are cheaper as parameters than as a JSON array SQLite must parse.
		if len(values) <= fewValues {
			params := make([]any, len(values))
			for i, v := range values {
				params[i] = v
			}
			return column + " IN (" + placeholders[len(values)] + ")", params
		}
		ids, _ := json.Marshal(values)
		return column + " IN (SELECT value FROM json_each(?))", []any{string(ids)}
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
	return OpenWith(ctx, dir, schemas, Options{})
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, dir string, schemas []store.Schema, opts Options) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("sqlite: data folder: %w", err)
	}
	lock, err := lockFolder(dir)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, FileName)
	// synchronous(FULL): a commit is on disk before Update returns, so an acknowledged write
	// survives kill -9 and power loss alike.
	// cache_size: pages per connection (negative: in KiB), see DefaultCacheBytes.
	cache := opts.CacheBytes
	if cache <= 0 {
		cache = DefaultCacheBytes
	}
	pragmas := []string{"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(30000)", "foreign_keys(ON)",
		"cache_size(-" + strconv.FormatInt(max(1, cache>>10), 10) + ")"}
	dsn := func(extra ...string) string {
		q := url.Values{}
		for _, p := range append(pragmas, extra...) {
			q.Add("_pragma", p)
		}
		return "file:" + path + "?" + q.Encode()
	}
	write, err := sql.Open("sqlite", dsn()+"&_txlock=immediate")
	if err != nil {
		lock.Close()
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	s := &Store{write: write, writeStmts: sqlstore.NewStmtCache(write), tables: sqlstore.StateTables(schemas), lock: lock}
	if err := s.migrate(ctx, schemas); err != nil {
		s.closeFiles(write)
		return nil, err
	}
	read, err := sql.Open("sqlite", dsn("query_only(ON)"))
	if err != nil {
		s.closeFiles(write)
		return nil, err
	}
	s.heavy = store.NewLane(opts.heavyReaders(), opts.HeavyWait)
	readers := lightReaders() + s.heavy.Width()
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	s.read, s.readStmts = read, sqlstore.NewStmtCache(read)
	if lock != nil {
		s.memos = store.NewMemos(s.View)
	}
	return s, nil
}

func (s *Store) closeFiles(write *sql.DB) {
	write.Close()
	if s.lock != nil {
		s.lock.Close()
	}
}

// Close closes both pools; database/sql waits for connections in use.
func (s *Store) Close() error {
	s.readStmts.Close()
	s.writeStmts.Close()
	err := errors.Join(s.read.Close(), s.write.Close())
	if s.lock != nil {
		err = errors.Join(err, s.lock.Close())
	}
	return err
}

// Memos returns what this process, the store's only user, keeps in memory.
func (s *Store) Memos() *store.Memos { return s.memos }

// Secret returns the store's random key.
func (s *Store) Secret() []byte { return s.secret }

// View runs fn in a read transaction on the read pool; a heavy one first waits for its lane.
func (s *Store) View(ctx context.Context, fn func(store.Tx) error) error {
	leave, err := s.heavy.Enter(ctx)
	if err != nil {
		return err
	}
	defer leave()
	return sqlstore.Run(ctx, s.read, &sql.TxOptions{ReadOnly: true}, dialect, s.readStmts, s.memos, fn)
}

// Update runs fn in a BEGIN IMMEDIATE transaction on the single writer connection.
func (s *Store) Update(ctx context.Context, fn func(store.Tx) error) error {
	return sqlstore.Run(ctx, s.write, nil, dialect, s.writeStmts, s.memos, fn)
}

// Reset deletes every row of every state table.
func (s *Store) Reset(ctx context.Context) error {
	defer s.memos.Replacing()()
	return sqlstore.InTx(ctx, s.write, nil, func(tx *sql.Tx) error { return sqlstore.Reset(ctx, tx, s.tables) })
}

func (s *Store) migrate(ctx context.Context, schemas []store.Schema) error {
	return sqlstore.InTx(ctx, s.write, nil, func(tx *sql.Tx) (err error) {
		s.secret, err = sqlstore.Migrate(ctx, tx, dialect, schemas)
		return err
	})
}
