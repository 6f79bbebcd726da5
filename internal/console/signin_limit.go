package console

import (
	"sync"
	"time"
)

// Bounds of guessing secrets at the sign-in form (strict mode): after maxSignInFailures wrong
// secrets for an access key within signInWindow, that key may not sign in until the window
// has passed since its first failure.
const (
	maxSignInFailures = 10
	signInWindow      = 15 * time.Minute
	// maxTrackedKeys bounds the memory of failures; beyond it the oldest records go.
	maxTrackedKeys = 10000
)

// signInFailures counts recent failed sign-ins by access key id.
type signInFailures struct {
	mu     sync.Mutex
	byKey  map[string]*failureRecord
	window time.Duration
}

type failureRecord struct {
	first time.Time
	count int
}

func newSignInFailures() *signInFailures {
	return &signInFailures{byKey: map[string]*failureRecord{}, window: signInWindow}
}

// blocked reports whether key has failed too often lately.
func (f *signInFailures) blocked(key string, now time.Time) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.byKey[key]
	if r == nil || now.Sub(r.first) >= f.window {
		return false
	}
	return r.count >= maxSignInFailures
}

// fail records a failed sign-in of key.
func (f *signInFailures) fail(key string, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.byKey[key]
	if r == nil || now.Sub(r.first) >= f.window {
		if len(f.byKey) >= maxTrackedKeys {
			f.forgetOldest(now)
		}
		r = &failureRecord{first: now}
		f.byKey[key] = r
	}
	r.count++
}

// forgetOldest drops the records whose window has passed, or else the oldest one.
func (f *signInFailures) forgetOldest(now time.Time) {
	var oldestKey string
	var oldest time.Time
	for k, r := range f.byKey {
		if now.Sub(r.first) >= f.window {
			delete(f.byKey, k)
		} else if oldestKey == "" || r.first.Before(oldest) {
			oldestKey, oldest = k, r.first
		}
	}
	if len(f.byKey) >= maxTrackedKeys {
		delete(f.byKey, oldestKey)
	}
}

// succeed forgets key's failures.
func (f *signInFailures) succeed(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.byKey, key)
}
