package store

import (
	"context"
	"errors"
	"time"
)

// ErrBusy is returned by a heavy read that waited too long for its lane: the caller should
// answer as a throttled service does, and the client try again later.
var ErrBusy = errors.New("store: too many heavy reads at once")

type heavyKey struct{}

// Heavy marks the reads run with ctx as heavy: they may scan and decode a whole region's
// findings. Stores run heavy reads in a lane of their own (Lane), so that however many of them
// clients send, light reads never wait behind them for a connection or a core.
func Heavy(ctx context.Context) context.Context { return context.WithValue(ctx, heavyKey{}, true) }

// IsHeavy reports whether ctx was marked by Heavy.
func IsHeavy(ctx context.Context) bool { b, _ := ctx.Value(heavyKey{}).(bool); return b }

// DefaultHeavyWait is how long a heavy read waits for its lane before ErrBusy.
const DefaultHeavyWait = 20 * time.Second

// Lane bounds how many heavy reads run at once; the others wait, in arrival order, up to
// Wait. A store sizes its connection pool as its light readers plus the lane's width, so
// heavy reads never hold the connections light reads need.
type Lane struct {
	slots chan struct{}
	wait  time.Duration
}

// NewLane returns a lane of width concurrent heavy reads (at least 1) whose waiters give up
// after wait (DefaultHeavyWait when 0).
func NewLane(width int, wait time.Duration) *Lane {
	if wait <= 0 {
		wait = DefaultHeavyWait
	}
	return &Lane{slots: make(chan struct{}, max(1, width)), wait: wait}
}

// Width is how many heavy reads run at once.
func (l *Lane) Width() int { return cap(l.slots) }

// Enter waits for a place in the lane when ctx is heavy, and returns the function that leaves
// it; a light ctx passes at once. ErrBusy when no place came free within the lane's wait.
func (l *Lane) Enter(ctx context.Context) (leave func(), err error) {
	if l == nil || !IsHeavy(ctx) {
		return func() {}, nil
	}
	select {
	case l.slots <- struct{}{}:
		return l.leave, nil
	default:
	}
	timer := time.NewTimer(l.wait)
	defer timer.Stop()
	select {
	case l.slots <- struct{}{}:
		return l.leave, nil
	case <-timer.C:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (l *Lane) leave() { <-l.slots }
