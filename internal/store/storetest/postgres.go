package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"testing"

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

// RunPerStore runs a package's tests (and benchmarks) on the embedded store, then, when a
// PostgreSQL server is configured, runs the same test binary again on PostgreSQL. Use it as
// TestMain: os.Exit(storetest.RunPerStore(m)).
func RunPerStore(m *testing.M) int {
	code := m.Run()
	if os.Getenv(storeVar) != "" {
		return code // the PostgreSQL run itself
	}
	if os.Getenv(postgresServerVar) == "" {
		if os.Getenv("CI") != "" {
			fmt.Println("FAIL: CI runs the suite on PostgreSQL too, but " + postgresServerVar + " is not set")
			return 1
		}
		fmt.Println("PostgreSQL run of this suite skipped: set " + postgresServerVar + "=postgres://user:password@host/postgres to run it")
		return code
	}
	fmt.Println("=== the same suite on PostgreSQL")
	cmd := exec.Command(os.Args[0], os.Args[1:]...)
	cmd.Env = append(os.Environ(), storeVar+"=postgres")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil && code == 0 {
		code = 1
	}
	return code
}

// StoreURL returns the store URL a test's server uses: "" (SQLite in the test's data folder)
// or, on the PostgreSQL run, a fresh database dropped when the test ends.
func StoreURL(t testing.TB) string {
	t.Helper()
	if !OnPostgres() {
		return ""
	}
	return NewPostgresDatabase(t)
}

// NewPostgresDatabase creates an empty database on the configured PostgreSQL server, dropped
// when the test ends, and returns its URL; without a server the test is skipped.
func NewPostgresDatabase(t testing.TB) string {
	t.Helper()
	server := os.Getenv(postgresServerVar)
	if server == "" {
		t.Skip("no PostgreSQL server: set " + postgresServerVar + "=postgres://user:password@host/postgres")
	}
	admin, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "sechub_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		t.Fatalf("creating a test database on %s: %v", postgresServerVar, err)
	}
	t.Cleanup(func() {
		admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
