package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/store"
)

var memoSchema = store.Schema{Name: "memotest", Migrations: []string{
	`CREATE TABLE memo_values (k TEXT COLLATE "C" PRIMARY KEY, v TEXT COLLATE "C" NOT NULL) WITHOUT ROWID`,
}}

// memoed reads k's value through the memo "values", counting the reads that reach the table.
func memoed(tx store.Tx, k string, reads *atomic.Int64) (string, bool, error) {
	return store.MemoOf[string, string](tx, "values").Get(tx, k, func(tx store.Tx) (string, bool, error) {
		reads.Add(1)
		var v string
		err := tx.QueryRow(`SELECT v FROM memo_values WHERE k = ?`, k).Scan(&v)
		if err != nil && strings.Contains(err.Error(), "no rows") {
			return "", false, nil
		}
		return v, err == nil, err
	})
}

func setValue(tx store.Tx, k, v string) error {
	store.MemoOf[string, string](tx, "values").Changing(tx, k)
	return tx.Exec(`INSERT INTO memo_values (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v`, k, v)
}

// TestMemo checks that a memo serves what it read, never what a transaction changed since,
// and nothing while a change is uncommitted or after a rolled-back one.
func TestMemo(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir(), []store.Schema{memoSchema})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var reads atomic.Int64
	get := func() string {
		t.Helper()
		var v string
		if err := s.View(ctx, func(tx store.Tx) (err error) { v, _, err = memoed(tx, "a", &reads); return err }); err != nil {
			t.Fatal(err)
		}
		return v
	}
	settled := func() { // the background read that keeps a value has ended
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			before := reads.Load()
			get()
			if reads.Load() == before {
				return
			}
		}
		t.Fatal("the memo never kept the value")
	}
	if err := s.Update(ctx, func(tx store.Tx) error { return setValue(tx, "a", "1") }); err != nil {
		t.Fatal(err)
	}
	if get() != "1" {
		t.Fatal("first read")
	}
	settled()

	// A committed change is seen at once.
	if err := s.Update(ctx, func(tx store.Tx) error { return setValue(tx, "a", "2") }); err != nil {
		t.Fatal(err)
	}
	if v := get(); v != "2" {
		t.Fatalf("after a change: %q", v)
	}
	settled()

	// While a change is uncommitted, readers see the committed value; a rollback keeps it.
	inside := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- s.Update(ctx, func(tx store.Tx) error {
			if err := setValue(tx, "a", "3"); err != nil {
				return err
			}
			if v, _, _ := memoed(tx, "a", &reads); v != "3" {
				return errors.New("the changing transaction does not see its own change: " + v)
			}
			close(inside)
			<-release
			return errors.New("roll back")
		})
	}()
	<-inside
	if v := get(); v != "2" {
		t.Fatalf("during an uncommitted change: %q", v)
	}
	close(release)
	if err := <-done; err == nil || err.Error() != "roll back" {
		t.Fatal(err)
	}
	if v := get(); v != "2" {
		t.Fatalf("after a rollback: %q", v)
	}

	// Reset forgets everything.
	settled()
	if err := s.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.View(ctx, func(tx store.Tx) error {
		_, ok, err := memoed(tx, "a", &reads)
		if ok {
			return errors.New("a value survived Reset")
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// TestFolderLockedForOneProcess checks that a second store on the same folder is refused
// while the first is open, and allowed once it is closed.
func TestFolderLockedForOneProcess(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	first, err := Open(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, dir, nil); err == nil || !strings.Contains(err.Error(), "in use by another sechub process") {
		t.Fatalf("second open: %v", err)
	}
	first.Close()
	second, err := Open(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	second.Close()
}

// TestMemoDuringReplacement: while a transaction replaces the whole state (Reset), a memo
// serves and keeps nothing, so no write can act on a value the replacement removes; a key
// with no value costs one read, with nothing read again in the background.
func TestMemoDuringReplacement(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir(), []store.Schema{memoSchema})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var reads atomic.Int64
	get := func(k string) (string, bool) {
		t.Helper()
		var v string
		var ok bool
		if err := s.View(ctx, func(tx store.Tx) (err error) { v, ok, err = memoed(tx, k, &reads); return err }); err != nil {
			t.Fatal(err)
		}
		return v, ok
	}
	if err := s.Update(ctx, func(tx store.Tx) error { return setValue(tx, "a", "1") }); err != nil {
		t.Fatal(err)
	}
	memo := store.MemoOf[string, string](s, "values")
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		get("a")
		if _, kept := memo.Peek("a"); kept {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the memo never kept the value")
		}
	}

	done := s.Memos().Replacing()
	if _, kept := memo.Peek("a"); kept {
		t.Fatal("a value served while the state is being replaced")
	}
	before := reads.Load()
	for range 3 {
		get("a")
	}
	time.Sleep(20 * time.Millisecond) // a background read, if one were started, would be counted
	if n := reads.Load() - before; n != 3 {
		t.Fatalf("%d reads for 3 calls during the replacement, want 3 (no memo, no background read)", n)
	}
	if _, kept := memo.Peek("a"); kept {
		t.Fatal("a value kept while the state is being replaced")
	}
	done()

	before = reads.Load()
	for range 3 {
		if _, ok := get("missing"); ok {
			t.Fatal("a value for a key that has none")
		}
	}
	time.Sleep(20 * time.Millisecond)
	if n := reads.Load() - before; n != 3 {
		t.Fatalf("%d reads for 3 calls of a key with no value, want 3", n)
	}
}

// memoedMany reads keys' values through the memo "values" in one go, counting the keys that
// reach the table.
func memoedMany(tx store.Tx, keys []string, reads *atomic.Int64) (map[string]string, error) {
	return store.MemoOf[string, string](tx, "values").GetMany(tx, keys, func(tx store.Tx, keys []string) (map[string]string, error) {
		reads.Add(int64(len(keys)))
		found := map[string]string{}
		for _, k := range keys {
			var v string
			err := tx.QueryRow(`SELECT v FROM memo_values WHERE k = ?`, k).Scan(&v)
			if err != nil && strings.Contains(err.Error(), "no rows") {
				continue
			}
			if err != nil {
				return nil, err
			}
			found[k] = v
		}
		return found, nil
	})
}

// TestMemoGetMany checks that GetMany reads only the keys the memo does not keep, keeps what
// it found (not the keys with no value), and that ChangingAll makes the memo serve nothing
// until the change has ended, then the changed values.
func TestMemoGetMany(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir(), []store.Schema{memoSchema})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var reads atomic.Int64
	getMany := func(keys ...string) map[string]string {
		t.Helper()
		var out map[string]string
		if err := s.View(ctx, func(tx store.Tx) (err error) { out, err = memoedMany(tx, keys, &reads); return err }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if err := s.Update(ctx, func(tx store.Tx) error {
		return errors.Join(setValue(tx, "a", "1"), setValue(tx, "b", "2"))
	}); err != nil {
		t.Fatal(err)
	}
	if got := getMany("a", "b", "missing"); len(got) != 2 || got["a"] != "1" || got["b"] != "2" {
		t.Fatalf("first read: %v", got)
	}
	memo := store.MemoOf[string, string](s, "values")
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		_, a := memo.Peek("a")
		_, b := memo.Peek("b")
		if a && b {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the memo never kept the values")
		}
	}
	before := reads.Load()
	if got := getMany("a", "b", "missing"); len(got) != 2 || got["a"] != "1" {
		t.Fatalf("second read: %v", got)
	}
	if n := reads.Load() - before; n != 1 {
		t.Fatalf("%d keys read from the table, want 1 (the key with no value)", n)
	}

	// A change by a condition: nothing is served while it is uncommitted, the new values after.
	inside, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
	go func() {
		done <- s.Update(ctx, func(tx store.Tx) error {
			memo.ChangingAll(tx)
			if err := tx.Exec(`UPDATE memo_values SET v = v || '+'`); err != nil {
				return err
			}
			close(inside)
			<-release
			return nil
		})
	}()
	<-inside
	if _, kept := memo.Peek("a"); kept {
		t.Fatal("a value served during a change of every key")
	}
	if got := getMany("a"); got["a"] != "1" {
		t.Fatalf("during an uncommitted change: %v", got)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := getMany("a", "b"); got["a"] != "1+" || got["b"] != "2+" {
		t.Fatalf("after the change: %v", got)
	}
}

// TestViewBeginsAtFirstStatement checks that a read the memos answer whole takes no
// connection (it works with every read connection taken), and that one that reads begins
// its transaction then and sees one snapshot.
func TestViewBeginsAtFirstStatement(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir(), []store.Schema{memoSchema})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Update(ctx, func(tx store.Tx) error { return setValue(tx, "a", "1") }); err != nil {
		t.Fatal(err)
	}
	// Hold every read connection.
	held := make([]*sql.Conn, 0, s.read.Stats().MaxOpenConnections)
	for range cap(held) {
		c, err := s.read.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if err := s.View(short, func(tx store.Tx) error { return nil }); err != nil {
		t.Fatalf("a view running no statement waited for a connection: %v", err)
	}
	if err := s.View(short, func(tx store.Tx) error {
		var v string
		return tx.QueryRow(`SELECT v FROM memo_values WHERE k = ?`, "a").Scan(&v)
	}); err == nil {
		t.Fatal("a view ran a statement with no connection free")
	}
	for _, c := range held {
		c.Close()
	}

	// Two reads of one view see one snapshot, however a write lands between them.
	var first, second string
	if err := s.View(ctx, func(tx store.Tx) error {
		if err := tx.QueryRow(`SELECT v FROM memo_values WHERE k = ?`, "a").Scan(&first); err != nil {
			return err
		}
		if err := s.Update(ctx, func(tx store.Tx) error { return setValue(tx, "a", "2") }); err != nil {
			return err
		}
		return tx.QueryRow(`SELECT v FROM memo_values WHERE k = ?`, "a").Scan(&second)
	}); err != nil {
		t.Fatal(err)
	}
	if first != "1" || second != "1" {
		t.Fatalf("reads of one view saw %q then %q, want one snapshot", first, second)
	}
}
