package events

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sechub/sechub/internal/store"
)

// Leases and backoffs are about processes and a receiver, not about findings: they run on
// the machine's clock, whatever clock the server's domains are given.

// chaseWindow and chaseStep: after a wake finds nothing (the writer's commit, on a store
// with concurrent writers, may come a moment after), the worker looks again every chaseStep
// for chaseWindow before it falls back to polling.
const (
	chaseWindow = 300 * time.Millisecond
	chaseStep   = 10 * time.Millisecond
)

// settleTimeout bounds recording a batch's outcome once the worker is told to stop.
const settleTimeout = 5 * time.Second

// run delivers the outbox's events until ctx is done: a batch at a time, at once while
// batches come full, on a wake, or every Poll; after a failed delivery it waits a backoff
// that doubles from MinBackoff to MaxBackoff, and the failed events wait as long.
func (s *Service) run(ctx context.Context) {
	failures := 0
	var woken time.Time
	for {
		sent, broke := s.deliverBatch(ctx, s.backoff(failures+1))
		if ctx.Err() != nil {
			return
		}
		var wait time.Duration
		switch {
		case broke:
			failures++
			wait = s.backoff(failures)
		case sent > 0:
			if failures > 0 {
				s.Log.Info("events: receiver accepts events again", "url", s.URL)
			}
			failures = 0
			continue
		case time.Since(woken) < chaseWindow:
			wait = chaseStep
		default:
			wait = s.Poll
		}
		timer := time.NewTimer(wait)
		if broke { // a wake does not cut a backoff short
			select {
			case <-ctx.Done():
				timer.Stop()
				return
			case <-timer.C:
			}
			continue
		}
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-s.wake:
			woken = time.Now()
			timer.Stop()
		case <-timer.C:
		}
	}
}

// backoff is the wait after the n-th failure in a row: MinBackoff doubled n-1 times, at most
// MaxBackoff.
func (s *Service) backoff(n int) time.Duration {
	d := s.MinBackoff
	for i := 1; i < n && d < s.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, s.MaxBackoff)
}

// outcome is what became of one claimed event.
type outcome int8

const (
	notAttempted outcome = iota
	delivered
	failed
)

// deliverBatch claims a batch, posts it (the events of different findings concurrently, each
// finding's in order) and records the outcome: delivered events are deleted, a failed one
// waits retry, and the rest of the batch is released once a delivery fails, so that a failing
// receiver costs one attempt per batch. It returns how many were delivered and whether any
// delivery (or the outbox itself) failed.
func (s *Service) deliverBatch(ctx context.Context, retry time.Duration) (int, bool) {
	start := time.Now()
	var batch []pending
	err := s.Store.Update(ctx, func(tx store.Tx) (err error) {
		batch, err = claim(tx, s.owner, start.UnixMilli(), start.Add(s.Lease).UnixMilli(), s.Batch)
		return err
	})
	if err != nil {
		if ctx.Err() == nil {
			s.Log.Error("events: claiming events", "error", err)
		}
		return 0, true
	}
	if len(batch) == 0 {
		return 0, false
	}
	var streams [][]int // indexes into batch, per stream, in seq order
	byStream := map[string]int{}
	for i, p := range batch {
		j, ok := byStream[p.Stream]
		if !ok {
			j = len(streams)
			byStream[p.Stream] = j
			streams = append(streams, nil)
		}
		streams[j] = append(streams[j], i)
	}
	outcomes := make([]outcome, len(batch))
	var stop atomic.Bool
	var firstErr atomic.Value
	// Deliveries start only within half the lease, so that the claim still holds when they end.
	deadline := start.Add(s.Lease / 2)
	halted := func() bool { return stop.Load() || ctx.Err() != nil || time.Now().After(deadline) }
	slots := make(chan struct{}, s.Concurrency)
	var wg sync.WaitGroup
	for _, stream := range streams {
		slots <- struct{}{}
		if halted() {
			<-slots
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			for _, i := range stream {
				if halted() {
					return
				}
				if err := s.post(ctx, batch[i].Body); err != nil {
					if ctx.Err() == nil {
						outcomes[i] = failed
						firstErr.CompareAndSwap(nil, err)
						stop.Store(true)
					}
					return
				}
				outcomes[i] = delivered
			}
		}()
	}
	wg.Wait()
	var done, failedSeqs, released []int64
	for i, o := range outcomes {
		switch o {
		case delivered:
			done = append(done, batch[i].Seq)
		case failed:
			failedSeqs = append(failedSeqs, batch[i].Seq)
		default:
			released = append(released, batch[i].Seq)
		}
	}
	settleCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	retryMs := time.Now().Add(retry).UnixMilli()
	if err := s.Store.Update(settleCtx, func(tx store.Tx) error {
		return settle(tx, s.owner, done, failedSeqs, released, retryMs)
	}); err != nil {
		// The claims run out by themselves; the delivered events will be sent again.
		s.Log.Error("events: recording deliveries", "error", err)
		return len(done), true
	}
	if err, _ := firstErr.Load().(error); err != nil {
		s.Log.Warn("events: delivery failed, retrying with backoff", "url", s.URL, "error", err,
			"delivered", len(done), "retry_in", retry)
		return len(done), true
	}
	return len(done), false
}

// post sends one event; an answer other than 2xx is a failure.
func (s *Service) post(ctx context.Context, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "sechub-events")
	resp, err := s.Client.Do(req)
	if err != nil {
		return err
	}
	// Read (a bounded part of) the answer, so that the connection can be used again.
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("receiver answered %s", resp.Status)
	}
	return nil
}
