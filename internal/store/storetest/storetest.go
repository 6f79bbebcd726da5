// Package storetest opens stores for the tests of domains that work on a store directly, and
// holds the conformance tests every store engine passes.
package storetest

import (
	"context"
	"os"
	"testing"

	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/postgres"
	"github.com/sechub/sechub/internal/store/sqlite"
)

// Open returns a fresh store with the tables of schemas, closed when the test ends: SQLite in
// the test's folder, or a fresh PostgreSQL database when SECHUB_TEST_STORE is "postgres"
// (the PostgreSQL run of the suite; see storetest.RunPerStore).
func Open(t testing.TB, schemas ...store.Schema) store.Store {
	t.Helper()
	var st store.Store
	var err error
	if os.Getenv("SECHUB_TEST_STORE") == "postgres" {
		st, err = postgres.Open(context.Background(), NewPostgresDatabase(t), schemas)
	} else {
		st, err = sqlite.Open(context.Background(), t.TempDir(), schemas)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
