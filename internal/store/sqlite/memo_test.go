package sqlite

import (
	"context"
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
