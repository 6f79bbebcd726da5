package server

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store/sqlite"
	"github.com/sechub/sechub/internal/wire"
)

// Bounds of what requests in flight may take.
const (
	// DefaultMaxMemory is the memory the server stays within when Config.MaxMemory is 0.
	DefaultMaxMemory int64 = 1 << 30
	// DefaultMaxRequests is how many requests are served at once when Config.MaxRequests is 0.
	DefaultMaxRequests = 512
	// admissionWait is how long a request waits for room before it is answered as throttled.
	admissionWait = time.Second
	// requestCostFactor is what serving a request costs per byte of its body at the peak: the
	// body, the decoded document, the typed input, and slack for what a collection cycle lets
	// pile up. A heap profile of issue 11's 5 MB BatchUpdateFindings (55,000 small objects)
	// measured about 5.5 times the body live: the body, four times it for the document (a map
	// an object), half for the typed input.
	requestCostFactor = 8
	// requestBaseCost is what any request costs, however small its body: the connection's
	// buffers, the goroutine, the response.
	requestBaseCost = 64 << 10
	// documentFactor is the share of a request's cost its decoded body may take without
	// asking for more (wire.Allowance): all but the body itself, the typed input and slack.
	documentFactor = requestCostFactor - 3
	// runtimeReserve is the memory outside both Go's heap limit and SQLite's caches: the
	// binary's pages, thread stacks, the allocators' slack.
	runtimeReserve = 64 << 20
)

// MemoryPlan divides a memory bound among what takes memory in the server.
type MemoryPlan struct {
	Total int64
	// SQLiteCache is the page cache of each connection of the embedded store (memory outside
	// Go's heap).
	SQLiteCache int64
	// GoLimit is the Go runtime's soft memory limit (debug.SetMemoryLimit): the heap, the
	// goroutines' stacks and the runtime's own data.
	GoLimit int64
	// Requests is what requests in flight may cost together (half of GoLimit; the other half
	// is the server's own: statement caches, responses, queries' working sets).
	Requests int64
}

// PlanMemory divides total (DefaultMaxMemory when 0 or less) between SQLite's caches (a
// quarter at most), Go's heap and requests in flight.
func PlanMemory(total int64) MemoryPlan {
	if total <= 0 {
		total = DefaultMaxMemory
	}
	connections := int64(sqlite.Options{}.Connections())
	cache := min(max(total/4/connections, 1<<20), sqlite.DefaultCacheBytes)
	outside := connections*cache + runtimeReserve
	goLimit := max(total-outside, total/4)
	return MemoryPlan{Total: total, SQLiteCache: cache, GoLimit: goLimit, Requests: goLimit / 2}
}

// expectedBody is the size of the body r will have: its declared length, or the largest
// body allowed when it declares none.
func expectedBody(r *http.Request, bodyLimit int64) int64 {
	switch {
	case r.ContentLength > bodyLimit:
		return 0 // refused unread (BodyTooLarge)
	case r.ContentLength < 0:
		return bodyLimit
	}
	return r.ContentLength
}

// admission bounds the requests in flight: their number and what they cost together. A
// request that does not fit waits a little for others to finish, then is refused; one alone
// is always admitted, whatever its cost.
type admission struct {
	mu          sync.Mutex
	budget      int64
	used        int64
	maxRequests int
	inFlight    int
	wait        time.Duration
	waiting     int           // requests waiting for room
	freed       chan struct{} // closed, and replaced, when a request leaves while others wait
}

func newAdmission(budget int64, maxRequests int, wait time.Duration) *admission {
	if maxRequests <= 0 {
		maxRequests = DefaultMaxRequests
	}
	return &admission{budget: budget, maxRequests: maxRequests, wait: wait, freed: make(chan struct{})}
}

// ticket is an admitted request's: what it costs so far (guarded by the admission's lock).
type ticket struct {
	a    *admission
	cost int64
}

// enter admits a request of the given cost, waiting up to the admission's wait; nil when
// there was no room in time.
func (a *admission) enter(ctx context.Context, cost int64) *ticket {
	var timeout <-chan time.Time
	for {
		a.mu.Lock()
		if a.inFlight == 0 || (a.inFlight < a.maxRequests && a.used+cost <= a.budget) {
			a.inFlight++
			a.used += cost
			a.mu.Unlock()
			return &ticket{a: a, cost: cost}
		}
		freed := a.freed
		a.waiting++
		a.mu.Unlock()
		if timeout == nil {
			timer := time.NewTimer(a.wait)
			defer timer.Stop()
			timeout = timer.C
		}
		var gaveUp bool
		select {
		case <-freed:
		case <-timeout:
			gaveUp = true
		case <-ctx.Done():
			gaveUp = true
		}
		a.mu.Lock()
		a.waiting--
		a.mu.Unlock()
		if gaveUp {
			return nil
		}
	}
}

// grow adds n to what the request costs, if there is room now (or it is alone).
func (t *ticket) grow(n int64) bool {
	a := t.a
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.used+n > a.budget && a.inFlight > 1 {
		return false
	}
	a.used += n
	t.cost += n
	return true
}

// leave lets the request out, and what it cost.
func (t *ticket) leave() {
	a := t.a
	a.mu.Lock()
	a.inFlight--
	a.used -= t.cost
	if a.waiting > 0 {
		close(a.freed)
		a.freed = make(chan struct{})
	}
	a.mu.Unlock()
}

// operationOf names the operation a request calls, before its body is read ("" when it
// names none this server knows).
func (s *Server) operationOf(svc service, r *http.Request) string {
	switch svc {
	case service(s.securityHub):
		if op, _ := s.securityHub.Router.Match(r.Method, r.URL.EscapedPath()); op != nil {
			return op.Name
		}
	case service(s.organizations):
		prefix, name, _ := strings.Cut(r.Header.Get("X-Amz-Target"), ".")
		if prefix == s.organizations.Model.Metadata.TargetPrefix && s.organizations.Model.Operations[name] != nil {
			return name
		}
	}
	return ""
}

// throttledError is svc's answer to a client that asks too much.
func (s *Server) throttledError(svc service) *apierr.Error {
	switch svc {
	case service(s.organizations):
		return apierr.OrgThrottled.New()
	case service(s.sts):
		return apierr.STSThrottled.New()
	}
	return apierr.Throttled.New()
}

// faultError is svc's internal error.
func (s *Server) faultError(svc service) *apierr.Error {
	if svc == service(s.organizations) {
		return apierr.OrgServiceFault.New()
	}
	return apierr.Internal.New()
}

// allowed reports whether the request-rate throttle lets caller's operation through (only
// Security Hub's operations have published rates).
func (s *Server) allowed(svc service, caller identity.Caller, operation string) bool {
	return svc != service(s.securityHub) || s.throttle.allow(caller, operation)
}

// admit decides, before the body is read, whether a request is served: the fault injector
// and the request-rate throttle may answer it instead, then it must fit in the memory and
// concurrency bounds. It returns the operation's name, the request to serve (its context
// carries the allowance of its decoded body) and the function to call once it is served.
func (s *Server) admit(r *http.Request, svc service, caller identity.Caller, bodyLimit int64) (string, *http.Request, func(), *apierr.Error) {
	operation := s.operationOf(svc, r)
	if operation != "" {
		switch s.faults.draw(operation) {
		case faultInternal:
			return operation, r, nil, s.faultError(svc)
		case faultThrottle:
			return operation, r, nil, s.throttledError(svc)
		}
		// In strict mode the rate is charged once the signature is verified (ServeHTTP): a
		// key id is no secret, and unsigned requests must not spend its account's rate.
		if s.auth.Mode != identity.Strict && !s.allowed(svc, caller, operation) {
			return operation, r, nil, s.throttledError(svc)
		}
	}
	size := expectedBody(r, bodyLimit)
	t := s.admission.enter(r.Context(), requestBaseCost+requestCostFactor*size)
	if t == nil {
		return operation, r, nil, s.throttledError(svc)
	}
	r = r.WithContext(wire.WithAllowance(r.Context(), wire.Allowance{Bytes: documentFactor*size + requestBaseCost, More: t.grow,
		Refused: s.throttledError(svc)}))
	return operation, r, t.leave, nil
}

// readAll reads a body whose length the request declares (declared, -1 when unknown) into a
// buffer of that size: io.ReadAll's doubling would allocate twice the body, half of it
// garbage at once.
func readAll(body io.Reader, declared int64) ([]byte, error) {
	if declared < 0 {
		return io.ReadAll(body)
	}
	buf := make([]byte, declared)
	if _, err := io.ReadFull(body, buf); err != nil {
		return nil, err
	}
	return buf, nil
}

// ParseSize reads a size in bytes: a number, optionally followed by B, KiB, MiB, GiB, TiB
// (powers of 1024) or KB, MB, GB, TB (powers of 1000): "1GiB", "512MiB", "1500000000".
func ParseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		factor int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"B", 1}}
	number, factor := strings.TrimSpace(s), int64(1)
	for _, u := range units {
		if rest, ok := strings.CutSuffix(number, u.suffix); ok {
			number, factor = strings.TrimSpace(rest), u.factor
			break
		}
	}
	n, err := strconv.ParseFloat(number, 64)
	if err != nil || n <= 0 || n*float64(factor) > math.MaxInt64/2 {
		return 0, fmt.Errorf("size %q: want a positive number of bytes, with B, KiB, MiB, GiB, TiB, KB, MB, GB or TB", s)
	}
	return int64(n * float64(factor)), nil
}
