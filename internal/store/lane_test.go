package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestLane checks the lane of heavy reads: light reads pass at once whatever runs in it, at
// most its width of heavy reads run at once, a waiter enters when one leaves, and gives up
// with ErrBusy after the lane's wait or when its context ends.
func TestLane(t *testing.T) {
	ctx := context.Background()
	heavy := Heavy(ctx)
	if IsHeavy(ctx) || !IsHeavy(heavy) {
		t.Fatal("Heavy does not mark the context")
	}
	lane := NewLane(2, 50*time.Millisecond)
	first, err1 := lane.Enter(heavy)
	second, err2 := lane.Enter(heavy)
	if err1 != nil || err2 != nil {
		t.Fatalf("entering a free lane: %v, %v", err1, err2)
	}
	if leave, err := lane.Enter(ctx); err != nil {
		t.Fatalf("a light read waited for a full lane: %v", err)
	} else {
		leave()
	}
	start := time.Now()
	if _, err := lane.Enter(heavy); !errors.Is(err, ErrBusy) || time.Since(start) < 50*time.Millisecond {
		t.Fatalf("a third heavy read in a lane of 2: %v after %s, want ErrBusy after the wait", err, time.Since(start))
	}
	canceled, cancel := context.WithCancel(heavy)
	cancel()
	if _, err := lane.Enter(canceled); !errors.Is(err, context.Canceled) {
		t.Fatalf("a canceled heavy read: %v", err)
	}
	first()
	second()
	patient := NewLane(1, time.Minute)
	held, _ := patient.Enter(heavy)
	entered := make(chan error)
	go func() {
		leave, err := patient.Enter(heavy)
		if err == nil {
			leave()
		}
		entered <- err
	}()
	time.Sleep(10 * time.Millisecond) // the waiter waits (or enters at once after held())
	held()
	if err := <-entered; err != nil {
		t.Fatalf("a waiter did not enter when a read left: %v", err)
	}
	var none *Lane
	if leave, err := none.Enter(heavy); err != nil {
		t.Fatal("a nil lane refused a read")
	} else {
		leave()
	}
}
