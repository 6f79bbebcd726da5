package events

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/storetest"
)

var ctx = context.Background()

func TestBackoff(t *testing.T) {
	s := &Service{}
	s.init()
	for _, c := range []struct {
		failures int
		want     time.Duration
	}{
		{1, 100 * time.Millisecond}, {2, 200 * time.Millisecond}, {3, 400 * time.Millisecond},
		{9, 25600 * time.Millisecond}, {10, 30 * time.Second}, {1000, 30 * time.Second},
	} {
		if got := s.backoff(c.failures); got != c.want {
			t.Errorf("backoff(%d) = %v, want %v", c.failures, got, c.want)
		}
	}
}

// outbox is a store with the outbox's table and rows of named streams.
func outbox(t *testing.T, streams ...string) store.Store {
	st := storetest.Open(t, Schema)
	var rows []pending
	for i, s := range streams {
		rows = append(rows, pending{Stream: s, Body: fmt.Appendf(nil, `%s%d`, s, i+1)})
	}
	if err := st.Update(ctx, func(tx store.Tx) error { return enqueue(tx, rows) }); err != nil {
		t.Fatal(err)
	}
	return st
}

// step is one action on the outbox: a claim by owner at now (expecting the seqs want), or
// the settling of owner's batch.
type step struct {
	owner                       string
	now                         int64
	want                        []int64 // a claim's seqs
	delivered, failed, released []int64 // a settle
	retry                       int64
}

func claimStep(owner string, now int64, want ...int64) step {
	return step{owner: owner, now: now, want: want}
}

// TestClaimOrder: a claim takes, in seq order, the due events whose stream has no earlier
// event held by anyone: a stream's events are never out for delivery out of order, whether
// the earlier one is leased, waiting after a failure, or leased by a process that died.
func TestClaimOrder(t *testing.T) {
	const lease = 1000
	for _, c := range []struct {
		name    string
		streams []string // seqs 1, 2, ...
		steps   []step
	}{
		{"a stream in order in one batch", []string{"a", "a", "b"}, []step{claimStep("x", 0, 1, 2, 3)}},
		{"held earlier event blocks the later ones", []string{"a", "b", "a", "b"}, []step{
			{owner: "x", now: 0, want: []int64{1, 2, 3, 4}},
			{owner: "x", delivered: []int64{2}, failed: []int64{1}, released: []int64{3, 4}, retry: 500},
			claimStep("y", 100, 4),    // 3 waits for 1, which waits until 500
			claimStep("y", 600, 1, 3), // 1 is due again, and 3 comes with it
		}},
		{"released events are claimed again", []string{"a", "a"}, []step{
			claimStep("x", 0, 1, 2),
			{owner: "x", released: []int64{1, 2}},
			claimStep("y", 1, 1, 2),
		}},
		{"a dead owner's lease runs out", []string{"a", "b"}, []step{
			claimStep("x", 0, 1, 2),
			claimStep("y", lease-1),
			claimStep("y", lease, 1, 2),
		}},
		{"another owner's settle does not release my claim", []string{"a"}, []step{
			claimStep("x", 0, 1),
			{owner: "y", released: []int64{1}},
			claimStep("y", 1),
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := outbox(t, c.streams...)
			for i, s := range c.steps {
				err := st.Update(ctx, func(tx store.Tx) error {
					if s.want == nil && (s.delivered != nil || s.failed != nil || s.released != nil) {
						return settle(tx, s.owner, s.delivered, s.failed, s.released, s.retry)
					}
					got, err := claim(tx, s.owner, s.now, s.now+lease, 10)
					if err != nil {
						return err
					}
					var seqs []int64
					for _, p := range got {
						seqs = append(seqs, p.Seq)
					}
					if !slices.Equal(seqs, s.want) {
						t.Errorf("step %d: %s claimed %v, want %v", i, s.owner, seqs, s.want)
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestDeliverBatch: a healthy receiver gets each event once, a stream's in order, and the
// outbox empties; a failing one leaves every event in the outbox, one attempt recorded.
func TestDeliverBatch(t *testing.T) {
	var mu sync.Mutex
	var got []string
	failing := true
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if failing || r.Header.Get("Content-Type") != "application/json" {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		got = append(got, string(body))
	}))
	defer recv.Close()
	st := outbox(t, "a", "b", "a", "c", "a")
	s := &Service{Store: st, URL: recv.URL, Concurrency: 2}
	s.init()
	if n, failed := s.deliverBatch(ctx, time.Millisecond); n != 0 || !failed {
		t.Fatalf("failing receiver: %d delivered, failed %v", n, failed)
	}
	if n, err := s.Backlog(ctx); err != nil || n != 5 {
		t.Fatalf("backlog after a failure: %d %v", n, err)
	}
	var attempts int
	st.View(ctx, func(tx store.Tx) error {
		return tx.QueryRow(`SELECT SUM(attempts) FROM event_outbox`).Scan(&attempts)
	})
	if attempts < 1 || attempts > s.Concurrency {
		t.Fatalf("%d attempts recorded, want 1 to %d: the rest of the batch is released", attempts, s.Concurrency)
	}
	mu.Lock()
	failing = false
	mu.Unlock()
	time.Sleep(5 * time.Millisecond) // the failed event's retry time
	total := 0
	for range 5 {
		n, failed := s.deliverBatch(ctx, time.Millisecond)
		if failed {
			t.Fatal("healthy receiver: a delivery failed")
		}
		total += n
	}
	if n, _ := s.Backlog(ctx); total != 5 || n != 0 {
		t.Fatalf("delivered %d, backlog %d", total, n)
	}
	var streamA []string
	for _, body := range got {
		if body[0] == 'a' {
			streamA = append(streamA, body)
		}
	}
	if len(got) != 5 || !slices.Equal(streamA, []string{"a1", "a3", "a5"}) {
		t.Fatalf("received %q", got)
	}
}

// TestClaimBoundsBytes: a claim loads at most maxBatchBytes of events, and at least one.
func TestClaimBoundsBytes(t *testing.T) {
	st := storetest.Open(t, Schema)
	big := make([]byte, maxBatchBytes*2/3)
	rows := []pending{{Stream: "a", Body: big}, {Stream: "b", Body: big}, {Stream: "c", Body: []byte("small")}}
	if err := st.Update(ctx, func(tx store.Tx) error { return enqueue(tx, rows) }); err != nil {
		t.Fatal(err)
	}
	for i, want := range [][]int64{{1}, {2, 3}} {
		st.Update(ctx, func(tx store.Tx) error {
			got, err := claim(tx, "x", 0, 1000, 10)
			var seqs []int64
			for _, p := range got {
				seqs = append(seqs, p.Seq)
				if len(p.Body) == 0 {
					t.Errorf("claim %d: event %d without its body", i, p.Seq)
				}
			}
			if err != nil || !slices.Equal(seqs, want) {
				t.Errorf("claim %d: %v %v, want %v", i, seqs, err, want)
			}
			return err
		})
	}
}
