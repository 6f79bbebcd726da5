// Package postgres is the shared store: one PostgreSQL database that several sechub
// processes use at once. It speaks SQL through the same layer as the SQLite store
// (sqlstore) over pgx's database/sql driver and its connection pool.
//
// Every write transaction runs SERIALIZABLE, and one helper retries it from the start after a
// serialization failure or a deadlock, so concurrent calls through different replicas behave
// as if they had run one after the other (a member keeps one administrator; both sides of a
// relationship agree). Engines that speak PostgreSQL's protocol with serializable
// transactions (CockroachDB, YugabyteDB) fit the same helper: see the README.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/sqlstore"
)

// IsURL reports whether a --store value names a PostgreSQL database.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Store is the PostgreSQL implementation of store.Store.
type Store struct {
	db     *sql.DB
	secret []byte
	// MaxAttempts bounds how often one transaction is tried (serialization failures).
	MaxAttempts int
	tables      []string // what Reset empties
	// heavy bounds the heavy reads (store.Heavy) at once: their work outside the database,
	// decoding and matching documents, takes a core each.
	heavy *store.Lane
}

var _ store.Store = (*Store)(nil)

// SQLSTATE codes of transient failures: the transaction may succeed when run again.
const (
	serializationFailure = "40001"
	deadlockDetected     = "40P01"
	uniqueViolation      = "23505"
)

// migrationLock is the advisory lock key under which replicas migrate one at a time.
const migrationLock = 0x5ec4b

func sqlState(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code
	}
	return ""
}

// dialect is PostgreSQL's SQL. A failed statement aborts a PostgreSQL transaction, so writes
// whose unique violation the domain handles run under a savepoint.
var dialect = &sqlstore.Dialect{
	Name:                  "postgres",
	NumberedPlaceholders:  true,
	SavepointUniqueWrites: true,
	AnyOf: func(column string, values []string) (string, []any) {
		return column + " = ANY(?)", []any{values}
	},
	IsUniqueViolation: func(err error) bool { return sqlState(err) == uniqueViolation },
	DDL:               sqlstore.PostgresDDL,
	CountTables:       `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`,
	LegacyVersion:     1,
}

// Open connects to the database at url (postgres://...) and brings the tables of the schemas
// up to date; replicas starting together migrate one at a time.
func Open(ctx context.Context, url string, schemas []store.Schema) (*Store, error) {
	connector, err := newConnector(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(32)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{db: db, MaxAttempts: 50, tables: sqlstore.StateTables(schemas), heavy: store.NewLane(runtime.GOMAXPROCS(0)/2, 0)}
	if err := s.migrate(ctx, schemas); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context, schemas []store.Schema) error {
	return s.retry(ctx, func() error {
		return sqlstore.InTx(ctx, s.db, nil, func(tx *sql.Tx) (err error) {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
				return err
			}
			s.secret, err = sqlstore.Migrate(ctx, tx, dialect, schemas)
			return err
		})
	})
}

// Close closes the connection pool.
func (s *Store) Close() error { return s.db.Close() }

// Memos returns nil: replicas share the database, so none keeps what it read.
func (s *Store) Memos() *store.Memos { return nil }

// Secret returns the store's random key, shared by every replica.
func (s *Store) Secret() []byte { return s.secret }

// Isolation of reads (one snapshot for the whole call) and of writes.
var (
	readOptions  = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	writeOptions = &sql.TxOptions{Isolation: sql.LevelSerializable}
)

// View runs fn in a read-only REPEATABLE READ transaction; a heavy one first waits for its
// lane.
func (s *Store) View(ctx context.Context, fn func(store.Tx) error) error {
	leave, err := s.heavy.Enter(ctx)
	if err != nil {
		return err
	}
	defer leave()
	return s.retry(ctx, func() error { return sqlstore.Run(ctx, s.db, readOptions, dialect, nil, nil, fn) })
}

// Update runs fn in a SERIALIZABLE transaction, run again from the start while it fails for
// a serialization failure or a deadlock.
func (s *Store) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.retry(ctx, func() error { return sqlstore.Run(ctx, s.db, writeOptions, dialect, nil, nil, fn) })
}

// Reset deletes all state; the schema and the secret stay.
func (s *Store) Reset(ctx context.Context) error {
	return s.run(ctx, writeOptions, func(tx *sql.Tx) error { return sqlstore.Reset(ctx, tx, s.tables) })
}

// run runs fn in a transaction, retried as retry says.
func (s *Store) run(ctx context.Context, opts *sql.TxOptions, fn func(*sql.Tx) error) error {
	return s.retry(ctx, func() error { return sqlstore.InTx(ctx, s.db, opts, fn) })
}

// retry runs attempt until it succeeds, fails for another reason than a transient conflict,
// or MaxAttempts is reached, waiting a growing, jittered while in between.
func (s *Store) retry(ctx context.Context, attempt func() error) error {
	wait := time.Millisecond
	for i := 1; ; i++ {
		err := attempt()
		if state := sqlState(err); err == nil || (state != serializationFailure && state != deadlockDetected) || i >= s.MaxAttempts {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait/2 + rand.N(wait)):
		}
		wait = min(2*wait, 100*time.Millisecond)
	}
}
