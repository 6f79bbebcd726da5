package console

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"sync"
	"time"

	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/identity"
)

// cookieName is the session cookie's.
const cookieName = "sechub_console"

// session is one signed-in browser: who it acts as, until when, and the token its pages send
// with every write.
type session struct {
	id      string
	csrf    string
	caller  identity.Caller
	secret  string // strict mode: to sign in again in another region
	started time.Time
	expires time.Time
}

// tokenMatches compares a request's CSRF token with the session's in constant time.
func (s *session) tokenMatches(token string) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(s.csrf)) == 1
}

// sessions are kept in memory only: a restart signs everyone out. At most max are kept; a new
// one beyond that makes room by forgetting the expired, then the oldest.
type sessions struct {
	mu    sync.Mutex
	byID  map[string]*session
	max   int
	ttl   time.Duration
	clock clock.Clock
}

func newSessions(max int, ttl time.Duration, c clock.Clock) *sessions {
	return &sessions{byID: map[string]*session{}, max: max, ttl: ttl, clock: c}
}

// randomToken is 32 random bytes, base64url.
func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand panics rather than return an error)
	return base64.RawURLEncoding.EncodeToString(b)
}

// start begins a session for caller.
func (ss *sessions) start(caller identity.Caller, secret string) *session {
	now := ss.clock.Now()
	s := &session{id: randomToken(), csrf: randomToken(), caller: caller, secret: secret, started: now, expires: now.Add(ss.ttl)}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if len(ss.byID) >= ss.max {
		var oldest *session
		for id, other := range ss.byID {
			if !now.Before(other.expires) {
				delete(ss.byID, id)
			} else if oldest == nil || other.started.Before(oldest.started) {
				oldest = other
			}
		}
		if len(ss.byID) >= ss.max && oldest != nil {
			delete(ss.byID, oldest.id)
		}
	}
	ss.byID[s.id] = s
	return s
}

// get returns the live session of r's cookie, or nil.
func (ss *sessions) get(r *http.Request) *session {
	cookie, err := r.Cookie(cookieName)
	if err != nil {
		return nil
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s := ss.byID[cookie.Value]
	if s == nil {
		return nil
	}
	if !ss.clock.Now().Before(s.expires) {
		delete(ss.byID, s.id)
		return nil
	}
	copied := *s // callers read it without the lock
	return &copied
}

// setCaller makes the session act as caller from now on (another region).
func (ss *sessions) setCaller(s *session, caller identity.Caller) *session {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if live := ss.byID[s.id]; live != nil {
		live.caller = caller
		copied := *live
		return &copied
	}
	s.caller = caller
	return s
}

// drop forgets a session.
func (ss *sessions) drop(s *session) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.byID, s.id)
}

// count is how many sessions are kept.
func (ss *sessions) count() int {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return len(ss.byID)
}
