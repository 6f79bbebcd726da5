package storetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create test databases
)

// The conformance suite runs once per store. SECHUB_TEST_POSTGRES names a PostgreSQL
// server to create test databases on (postgres://user:password@host/postgres); the store of
// the current run is in SECHUB_TEST_STORE ("" for SQLite, "postgres").
const (
	postgresServerVar = "SECHUB_TEST_POSTGRES"
	storeVar          = "SECHUB_TEST_STORE"
)

// OnPostgres reports whether this run of the suite is the PostgreSQL one.
func OnPostgres() bool { return os.Getenv(storeVar) == "postgres" }

// RunPerStore runs a package's tests (and benchmarks) on the embedded store and, when a
// PostgreSQL server is configured, the same test binary again on PostgreSQL. Use it as
// TestMain: os.Exit(storetest.RunPerStore(m)).
//
// The PostgreSQL run mostly waits for the server's disk (every test creates and drops a
// database), so it runs beside the embedded one and its output follows that run's; with
// benchmarks the runs take turns, so that neither measures the other.
func RunPerStore(m *testing.M) int {
	if os.Getenv(storeVar) != "" { // the PostgreSQL run itself
		reused.Lock()
		reused.on = true
		reused.Unlock()
		defer dropReused()
		return m.Run()
	}
	if os.Getenv(postgresServerVar) == "" {
		code := m.Run()
		if os.Getenv("CI") != "" {
			fmt.Println("FAIL: CI runs the suite on PostgreSQL too, but " + postgresServerVar + " is not set")
			return 1
		}
		fmt.Println("PostgreSQL run of this suite skipped: set " + postgresServerVar + "=postgres://user:password@host/postgres to run it")
		return code
	}
	flag.Parse() // m.Run would parse them; -test.bench is needed before
	benchmarks := flag.Lookup("test.bench") != nil && flag.Lookup("test.bench").Value.String() != ""
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(os.Args[0], os.Args[1:]...)
	cmd.Env = append(os.Environ(), storeVar+"=postgres")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	var started error
	if !benchmarks {
		started = cmd.Start()
	}
	code := m.Run()
	fmt.Println("=== the same suite on PostgreSQL")
	var err error
	if benchmarks {
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		err = cmd.Run()
	} else if err = started; err == nil {
		err = cmd.Wait()
		os.Stdout.Write(stdout.Bytes())
		os.Stderr.Write(stderr.Bytes())
	}
	if err != nil && code == 0 {
		fmt.Println("the PostgreSQL run:", err)
		code = 1
	}
	return code
}

// StoreURL returns the store URL a test's server uses: "" (SQLite in the test's data folder)
// or, on the PostgreSQL run, a database of its own: a new one, or in RunPerStore's
// PostgreSQL run one that an earlier test used, emptied as a migrated database is when new.
func StoreURL(t testing.TB) string {
	t.Helper()
	if !OnPostgres() {
		return ""
	}
	reused.Lock()
	on := reused.on
	var dbURL string
	if n := len(reused.free); n > 0 {
		dbURL, reused.free = reused.free[n-1], reused.free[:n-1]
	}
	reused.Unlock()
	if !on {
		return NewPostgresDatabase(t)
	}
	if dbURL == "" {
		server := os.Getenv(postgresServerVar)
		name, u, err := newDatabase(server)
		if err != nil {
			t.Fatalf("creating a test database on %s: %v", postgresServerVar, err)
		}
		dbURL = u
		reused.Lock()
		reused.names = append(reused.names, name)
		reused.Unlock()
	}
	t.Cleanup(func() {
		if err := emptyDatabase(dbURL); err != nil {
			t.Logf("emptying the test database for the next test: %v", err)
			return // dropped at the end with the others
		}
		reused.Lock()
		reused.free = append(reused.free, dbURL)
		reused.Unlock()
	})
	return dbURL
}

// reused are the databases StoreURL hands out in RunPerStore's PostgreSQL run, which drops
// them at its end. A new database costs the server about half a second of CPU and a second of
// waiting for its disk; emptying one, a few milliseconds.
var reused struct {
	sync.Mutex
	on    bool
	names []string // every database made, to drop
	free  []string // URLs of emptied databases
}

// emptyDatabase ends every other session on the database at dbURL (a test's servers are
// stopped, a killed process's may linger) and empties all its tables but the schema
// versions, restarting their identity columns: as the database a first migration leaves.
// The server secret goes too, so the next server makes a new one.
func emptyDatabase(dbURL string) error {
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := db.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`); err != nil {
		return err
	}
	var tables sql.NullString
	if err := db.QueryRowContext(ctx, `SELECT string_agg(quote_ident(table_name), ', ') FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'`).Scan(&tables); err != nil {
		return err
	}
	if !tables.Valid {
		return nil // no server started on it
	}
	_, err = db.ExecContext(ctx, "TRUNCATE "+tables.String+" RESTART IDENTITY CASCADE")
	return err
}

// dropReused drops the databases StoreURL made.
func dropReused() {
	reused.Lock()
	defer reused.Unlock()
	for _, name := range reused.names {
		dropDatabase(os.Getenv(postgresServerVar), name)
	}
	reused.names, reused.free = nil, nil
}

// NewPostgresDatabase creates an empty database on the configured PostgreSQL server, dropped
// when the test ends, and returns its URL; without a server the test is skipped.
func NewPostgresDatabase(t testing.TB) string {
	t.Helper()
	server := os.Getenv(postgresServerVar)
	if server == "" {
		t.Skip("no PostgreSQL server: set " + postgresServerVar + "=postgres://user:password@host/postgres")
	}
	name, dbURL, err := newDatabase(server)
	if err != nil {
		t.Fatalf("creating a test database on %s: %v", postgresServerVar, err)
	}
	t.Cleanup(func() { dropDatabase(server, name) })
	return dbURL
}

// newDatabase creates an empty database with a random name on the PostgreSQL server at
// server (a URL) and returns its name and URL.
func newDatabase(server string) (name, dbURL string, err error) {
	u, err := url.Parse(server)
	if err != nil {
		return "", "", err
	}
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return "", "", err
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name = "sechub_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(context.Background(), "CREATE DATABASE "+name); err != nil {
		return "", "", err
	}
	u.Path = "/" + name
	return name, u.String(), nil
}

// dropDatabase drops the database name on the PostgreSQL server at server, ending its sessions.
func dropDatabase(server, name string) {
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return
	}
	defer admin.Close()
	admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
}
