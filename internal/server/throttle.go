package server

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sechub/sechub/internal/identity"
)

// Throttle modes (Config.Throttle).
const (
	ThrottleNone = ""
	// ThrottleAWS applies Security Hub's documented request rates.
	ThrottleAWS = "aws"
)

// rate is a token bucket's: requests per second, and the burst above it.
type rate struct {
	perSecond, burst float64
}

// awsRates are the request rates AWS documents for the Security Hub API, per account and
// region; every other operation has defaultAWSRate.
var awsRates = map[string]rate{
	"BatchEnableStandards":   {1, 1},
	"GetFindings":            {3, 6},
	"BatchImportFindings":    {10, 30},
	"BatchUpdateFindings":    {10, 30},
	"UpdateStandardsControl": {1, 5},
}

var defaultAWSRate = rate{10, 30}

// maxIdleBuckets is how many buckets are kept before the full ones are dropped (a full bucket
// is the same as none).
const maxIdleBuckets = 4096

type bucketKey struct {
	account, region, operation string
}

type bucket struct {
	tokens float64
	at     time.Time
}

// throttle is a token bucket per account, region and operation. A nil throttle allows all.
type throttle struct {
	mu      sync.Mutex
	now     func() time.Time
	buckets map[bucketKey]*bucket
}

func newThrottle(mode string) (*throttle, error) {
	switch mode {
	case ThrottleNone:
		return nil, nil
	case ThrottleAWS:
		return &throttle{now: time.Now, buckets: map[bucketKey]*bucket{}}, nil
	}
	return nil, fmt.Errorf("throttle %q: want aws or nothing", mode)
}

// allow takes a token from the caller's bucket for operation, if it has one.
func (t *throttle) allow(c identity.Caller, operation string) bool {
	if t == nil {
		return true
	}
	r, ok := awsRates[operation]
	if !ok {
		r = defaultAWSRate
	}
	now := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	key := bucketKey{c.AccountID, c.Region, operation}
	b := t.buckets[key]
	if b == nil {
		if len(t.buckets) >= maxIdleBuckets {
			t.dropFull(now)
		}
		b = &bucket{tokens: r.burst, at: now}
		t.buckets[key] = b
	}
	b.tokens = min(r.burst, b.tokens+now.Sub(b.at).Seconds()*r.perSecond)
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// dropFull forgets the buckets that have refilled.
func (t *throttle) dropFull(now time.Time) {
	for key, b := range t.buckets {
		r, ok := awsRates[key.operation]
		if !ok {
			r = defaultAWSRate
		}
		if b.tokens+now.Sub(b.at).Seconds()*r.perSecond >= r.burst {
			delete(t.buckets, key)
		}
	}
}

// FaultRates is the share of requests (0 to 1) the fault injector fails, by operation name;
// "*" names every operation not named.
type FaultRates map[string]float64

// ParseFaultRates reads a --fault-rate value: a share for every operation ("0.05"), or
// operation=share pairs separated by commas ("GetFindings=0.5,*=0.05").
func ParseFaultRates(s string) (FaultRates, error) {
	rates := FaultRates{}
	if strings.TrimSpace(s) == "" {
		return rates, nil
	}
	for _, part := range strings.Split(s, ",") {
		name, value, named := strings.Cut(strings.TrimSpace(part), "=")
		if !named {
			name, value = "*", name
		}
		share, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || share < 0 || share > 1 || name == "" {
			return nil, fmt.Errorf("fault rate %q: want a share from 0 to 1, or operation=share pairs separated by commas", part)
		}
		rates[strings.TrimSpace(name)] = share
	}
	return rates, nil
}

// String renders the rates as ParseFaultRates reads them.
func (f FaultRates) String() string {
	parts := make([]string, 0, len(f))
	for name, share := range f {
		parts = append(parts, name+"="+strconv.FormatFloat(share, 'g', -1, 64))
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

type fault int

const (
	faultNone fault = iota
	faultInternal
	faultThrottle
)

// faults injects errors: a seeded generator decides, request after request, so that a client
// sending the same requests in the same order meets the same faults. A nil injector injects
// none.
type faults struct {
	mu    sync.Mutex
	rates FaultRates
	rng   *rand.Rand
}

func newFaults(rates FaultRates, seed uint64) *faults {
	if len(rates) == 0 {
		return nil
	}
	return &faults{rates: rates, rng: rand.New(rand.NewPCG(seed, seed^0x5ec4b))}
}

// draw decides the fate of one request to operation: no fault, or half the time each, an
// internal error or a throttling error.
func (f *faults) draw(operation string) fault {
	if f == nil {
		return faultNone
	}
	share, ok := f.rates[operation]
	if !ok {
		share = f.rates["*"]
	}
	if share <= 0 {
		return faultNone
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rng.Float64() >= share {
		return faultNone
	}
	if f.rng.IntN(2) == 0 {
		return faultInternal
	}
	return faultThrottle
}
