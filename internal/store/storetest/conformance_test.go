package storetest_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/postgres"
	"github.com/sechub/sechub/internal/store/sqlite"
	"github.com/sechub/sechub/internal/store/sqlstore"
	"github.com/sechub/sechub/internal/store/storetest"
)

var ctx = context.Background()

// engine opens a store of one engine on the database at where (a folder or a URL).
type engine struct {
	name  string
	fresh func(t *testing.T) string // a new, empty database
	open  func(where string) (store.Store, error)
	// tables lists the tables of the database, with their columns.
	tables string
}

var engines = []engine{
	{
		name:  "sqlite",
		fresh: func(t *testing.T) string { return t.TempDir() },
		open:  func(dir string) (store.Store, error) { return sqlite.Open(ctx, dir, server.Schemas()) },
		tables: `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1, 2`,
	},
	{
		name: "postgres",
		fresh: func(t *testing.T) string {
			if os.Getenv("SECHUB_TEST_POSTGRES") == "" && os.Getenv("CI") != "" {
				t.Fatal("CI runs the store conformance tests on PostgreSQL too, but SECHUB_TEST_POSTGRES is not set")
			}
			return storetest.NewPostgresDatabase(t)
		},
		open: func(url string) (store.Store, error) { return postgres.Open(ctx, url, server.Schemas()) },
		tables: `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() ORDER BY 1, 2`,
	},
}

// forEachEngine runs test on a fresh store of each engine.
func forEachEngine(t *testing.T, test func(t *testing.T, e engine, st store.Store)) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			st, err := e.open(e.fresh(t))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			test(t, e, st)
		})
	}
}

// columns returns table → sorted column names of the store's database.
func columns(t *testing.T, e engine, st store.Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := st.View(ctx, func(tx store.Tx) error {
		rows, err := tx.Query(e.tables)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var table, column string
			if err := rows.Scan(&table, &column); err != nil {
				return err
			}
			out[table] = append(out[table], column)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRecords(t *testing.T) {
	forEachEngine(t, func(t *testing.T, _ engine, st store.Store) {
		a := store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: "111111111111"}
		otherRegion, otherAccount := a, a
		otherRegion.Region, otherAccount.AccountID = "eu-west-1", "222222222222"
		rec := func(key store.AccountKey, id, body string) store.Record {
			return store.Record{Key: key, Kind: "thing", ID: id, Body: []byte(body)}
		}
		update := func(fn func(tx store.Tx) error) {
			t.Helper()
			if err := st.Update(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		var seqs []int64
		update(func(tx store.Tx) error {
			for _, r := range []store.Record{rec(a, "b", `1`), rec(a, "a", `2`), rec(a, "c", `3`), rec(otherRegion, "a", `4`), rec(otherAccount, "a", `5`),
				{Key: a, Kind: "other", ID: "a", Body: []byte(`6`)}} {
				seq, err := tx.InsertRecord(r)
				if err != nil {
					return err
				}
				seqs = append(seqs, seq)
			}
			return nil
		})
		if !slices.IsSorted(seqs) || seqs[0] == 0 {
			t.Errorf("seqs not in creation order: %v", seqs)
		}
		update(func(tx store.Tx) error {
			if _, err := tx.InsertRecord(rec(a, "a", `dup`)); !errors.Is(err, store.ErrConflict) {
				t.Errorf("duplicate id: %v", err)
			}
			// The transaction stays usable after the conflict.
			if r, err := tx.Record(a, "thing", "a"); err != nil || string(r.Body) != `2` || r.Seq != seqs[1] {
				t.Errorf("Record = %+v, %v", r, err)
			}
			if _, err := tx.Record(a, "thing", "zz"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("missing record: %v", err)
			}
			all, err := tx.Records(a, "thing", 0, 0)
			if err != nil || len(all) != 3 || all[0].ID != "b" || all[1].ID != "a" || all[2].ID != "c" {
				t.Errorf("Records = %+v, %v", all, err)
			}
			page, err := tx.Records(a, "thing", all[0].Seq, 1)
			if err != nil || len(page) != 1 || page[0].ID != "a" {
				t.Errorf("Records after b, limit 1 = %+v, %v", page, err)
			}
			if n, err := tx.CountRecords(a, "thing"); n != 3 || err != nil {
				t.Errorf("CountRecords = %d, %v", n, err)
			}
			if err := tx.UpdateRecord(rec(a, "c", `33`)); err != nil {
				t.Error(err)
			}
			if err := tx.UpdateRecord(rec(a, "zz", `1`)); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("update missing: %v", err)
			}
			if err := tx.DeleteRecord(a, "thing", "b"); err != nil {
				t.Error(err)
			}
			if err := tx.DeleteRecord(a, "thing", "b"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("delete missing: %v", err)
			}
			return tx.DeleteRecords(a, "thing")
		})
		err := st.View(ctx, func(tx store.Tx) error {
			for _, c := range []struct {
				key  store.AccountKey
				kind string
				want int
			}{{a, "thing", 0}, {a, "other", 1}, {otherRegion, "thing", 1}, {otherAccount, "thing", 1}} {
				if n, err := tx.CountRecords(c.key, c.kind); n != c.want || err != nil {
					t.Errorf("%v %s: %d records (%v), want %d", c.key, c.kind, n, err, c.want)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestResetEmptiesEveryTable checks that the tables Reset empties are every table the
// schemas create (the list is derived from them, so it cannot drift), and that Reset works.
func TestResetEmptiesEveryTable(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine, st store.Store) {
		var inDatabase []string
		for table := range columns(t, e, st) {
			if table != "server_secret" && table != "schema_migrations" {
				inDatabase = append(inDatabase, table)
			}
		}
		reset := sqlstore.StateTables(server.Schemas())
		sort.Strings(inDatabase)
		sort.Strings(reset)
		if !slices.Equal(inDatabase, reset) {
			t.Errorf("tables in the database %v, tables Reset empties %v", inDatabase, reset)
		}
		key := store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: "111111111111"}
		if err := st.Update(ctx, func(tx store.Tx) error {
			_, err := tx.InsertRecord(store.Record{Key: key, Kind: "k", ID: "i", Body: []byte(`{}`)})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if err := st.Reset(ctx); err != nil {
			t.Fatal(err)
		}
		st.View(ctx, func(tx store.Tx) error {
			if n, _ := tx.CountRecords(key, "k"); n != 0 {
				t.Errorf("%d records after Reset", n)
			}
			return nil
		})
	})
}

// TestEnginesHaveTheSameTables checks that one schema declaration gives both engines the same
// tables and columns.
func TestEnginesHaveTheSameTables(t *testing.T) {
	got := map[string]map[string][]string{}
	forEachEngine(t, func(t *testing.T, e engine, st store.Store) { got[e.name] = columns(t, e, st) })
	if len(got) < 2 {
		t.Skip("needs both engines")
	}
	lite, pg := got["sqlite"], got["postgres"]
	for table, cols := range lite {
		if !slices.Equal(cols, pg[table]) {
			t.Errorf("%s: SQLite has columns %v, PostgreSQL %v", table, cols, pg[table])
		}
	}
	for table := range pg {
		if _, ok := lite[table]; !ok {
			t.Errorf("%s: only in PostgreSQL", table)
		}
	}
}

// TestLegacyDatabaseAdopted opens a database written by a build before per-domain schemas:
// its data stays and it gains what came since (the records table).
func TestLegacyDatabaseAdopted(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			where := e.fresh(t)
			driver, dsn, script := "sqlite", "file:"+filepath.Join(where, sqlite.FileName), "testdata/legacy-sqlite.sql"
			if e.name == "postgres" {
				driver, dsn, script = "pgx", where, "testdata/legacy-postgres.sql"
			}
			ddl, err := os.ReadFile(script)
			if err != nil {
				t.Fatal(err)
			}
			db, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			_, err = db.Exec(string(ddl))
			if err == nil {
				_, err = db.Exec(`INSERT INTO hubs (partition, region, account_id, subscribed_at_ms, auto_enable_controls, control_finding_generator)
					VALUES ('aws', 'us-east-1', '111111111111', 1, 1, 'SECURITY_CONTROL')`)
			}
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			for range 2 { // the second open finds the database converted
				st, err := e.open(where)
				if err != nil {
					t.Fatal(err)
				}
				err = st.Update(ctx, func(tx store.Tx) error {
					var n int
					if err := tx.QueryRow(`SELECT COUNT(*) FROM hubs`).Scan(&n); err != nil || n != 1 {
						t.Errorf("hubs: %d rows, %v", n, err)
					}
					_, err := tx.InsertRecord(store.Record{Key: store.AccountKey{Partition: "aws", Region: "r", AccountID: "1"}, Kind: "k", ID: "i", Body: []byte(`{}`)})
					if err == nil {
						err = tx.DeleteRecords(store.AccountKey{Partition: "aws", Region: "r", AccountID: "1"}, "k")
					}
					return err
				})
				st.Close()
				if err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
