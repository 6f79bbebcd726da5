// Package events sends what Security Hub sends to Amazon EventBridge to a URL of the
// operator's choosing (--events-url): a "Security Hub Findings - Imported" event for every
// finding an import, BatchUpdateFindings or an automation rule creates or changes, in the
// finding's account and in its administrator's, and the "Security Hub Findings - Custom
// Action" events of a custom action a user chooses. Each event is one HTTP POST of its
// EventBridge envelope.
//
// Delivery is at least once, from an outbox table written in the transaction of the change
// itself: an acknowledged change has its events stored, and a row goes only once the
// receiver answered 2xx. A background worker claims batches of rows with a lease (several
// processes on one PostgreSQL database share the work, each row delivered by one of them
// while its lease holds), retries with exponential backoff while the receiver fails, and
// keeps the events of each finding in order. Without a URL nothing is written.
package events

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/store"
)

// Defaults of Service's delivery settings.
const (
	DefaultBatch       = 256
	DefaultConcurrency = 8
	DefaultLease       = 30 * time.Second
	DefaultMinBackoff  = 100 * time.Millisecond
	DefaultMaxBackoff  = 30 * time.Second
	DefaultPoll        = 500 * time.Millisecond
	DefaultTimeout     = 10 * time.Second
)

// Service writes events to the outbox and delivers them.
type Service struct {
	Store store.Store
	Clock clock.Clock
	Log   *slog.Logger
	// URL receives every event as a POST; "" sends nothing and writes nothing.
	URL    string
	Client *http.Client
	// Findings reads the findings a custom action sends.
	Findings *findings.Service
	// AdministratorOf returns the administrator of key's account in its region, if any (the
	// members domain's members.AdministratorOf): it gets a copy of each of the account's
	// Findings - Imported events.
	AdministratorOf func(tx store.Tx, key store.AccountKey) (string, bool, error)

	// Batch is how many events a worker claims at once, which bounds the outbox's memory;
	// Concurrency how many findings' events it posts at once; Lease how long a claim holds;
	// MinBackoff and MaxBackoff bound the wait after a failed delivery, which doubles with
	// each failure; Poll is how often an idle worker looks for events that other processes
	// wrote. Zero values take the defaults.
	Batch, Concurrency     int
	Lease                  time.Duration
	MinBackoff, MaxBackoff time.Duration
	Poll                   time.Duration

	owner string        // this process's name in claims
	wake  chan struct{} // told of new events
}

// Enabled reports whether events are sent (an events URL is set).
func (s *Service) Enabled() bool { return s.URL != "" }

// init fills in the defaults.
func (s *Service) init() {
	s.owner = uuid.NewString()
	s.wake = make(chan struct{}, 1)
	if s.Client == nil {
		s.Client = &http.Client{Timeout: DefaultTimeout, Transport: &http.Transport{
			Proxy: http.ProxyFromEnvironment, MaxIdleConnsPerHost: 2 * DefaultConcurrency, IdleConnTimeout: 90 * time.Second}}
	}
	if s.Log == nil {
		s.Log = slog.New(slog.DiscardHandler)
	}
	setDefault(&s.Batch, DefaultBatch)
	if isLambdaInvoke(s.URL) {
		// The Lambda runtime interface emulator runs one invocation at a time (a second one at
		// once crashes it).
		setDefault(&s.Concurrency, 1)
	}
	setDefault(&s.Concurrency, DefaultConcurrency)
	setDefault(&s.Lease, DefaultLease)
	setDefault(&s.MinBackoff, DefaultMinBackoff)
	setDefault(&s.MaxBackoff, DefaultMaxBackoff)
	setDefault(&s.Poll, DefaultPoll)
}

// isLambdaInvoke reports whether url is a Lambda function's invoke URL, as the Lambda runtime
// interface emulator serves it (.../2015-03-31/functions/NAME/invocations).
func isLambdaInvoke(url string) bool {
	_, rest, ok := strings.Cut(url, "/2015-03-31/functions/")
	return ok && strings.HasSuffix(strings.TrimSuffix(rest, "/"), "/invocations")
}

func setDefault[T int | time.Duration](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// notify wakes the delivery worker. Called inside the writing transaction, it may wake the
// worker before the commit: on the single-writer store the worker's claim waits for that
// commit; elsewhere the worker looks again shortly (see run).
func (s *Service) notify() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Backlog counts the events not yet delivered.
func (s *Service) Backlog(ctx context.Context) (int, error) {
	var n int
	err := s.Store.View(ctx, func(tx store.Tx) (err error) {
		n, err = backlog(tx)
		return err
	})
	return n, err
}

// findingsChanged is the findings domain's OnChanged hook: it writes, in the change's
// transaction, one Findings - Imported event per finding to its account and, when the
// account has an administrator in the region, one to the administrator.
func (s *Service) findingsChanged(tx store.Tx, key store.AccountKey, changes []findings.Change) error {
	accounts := []string{key.AccountID}
	if admin, ok, err := s.AdministratorOf(tx, key); err != nil {
		return err
	} else if ok && admin != key.AccountID {
		accounts = append(accounts, admin)
	}
	now := s.Clock.Now()
	rows := make([]pending, 0, len(changes)*len(accounts))
	for _, c := range changes {
		resources := []string{FindingResource(c.ProductARN, c.ID)}
		detail := importedDetail{Findings: []json.RawMessage{c.Doc}}
		for _, account := range accounts {
			row, err := newEvent(key, account, DetailImported, c.ProductARN, c.ID, resources, detail, now)
			if err != nil {
				return err
			}
			rows = append(rows, row)
		}
	}
	if err := enqueue(tx, rows); err != nil {
		return err
	}
	s.notify()
	return nil
}
