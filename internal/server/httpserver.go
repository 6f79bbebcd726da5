package server

import (
	"net/http"
	"time"
)

// Timeouts of the HTTP server, so that a client that sends slowly, or keeps a connection open
// doing nothing, does not hold a connection (and its buffers) for ever.
const (
	// DefaultReadHeaderTimeout bounds reading a request's headers.
	DefaultReadHeaderTimeout = 30 * time.Second
	// DefaultReadTimeout bounds reading a whole request: a 6 MB body needs 100 KB/s.
	DefaultReadTimeout = time.Minute
	// DefaultIdleTimeout is how long a kept-alive connection may wait for its next request;
	// longer than the SDKs' own idle timeouts (90 s in Go's transport), so that clients close
	// first and rarely reuse a connection the server is closing.
	DefaultIdleTimeout = 2 * time.Minute
)

// HTTPServer returns an http.Server serving s with the configured read and idle timeouts
// (Config.ReadTimeout, Config.IdleTimeout); the caller gives it a listener.
func (s *Server) HTTPServer() *http.Server {
	header := DefaultReadHeaderTimeout
	if s.readTimeout > 0 && s.readTimeout < header {
		header = s.readTimeout
	}
	return &http.Server{Handler: s, ReadHeaderTimeout: header, ReadTimeout: max(s.readTimeout, 0), IdleTimeout: max(s.idleTimeout, 0)}
}

// timeoutOrDefault reads a configured timeout: 0 is the default, a negative one none.
func timeoutOrDefault(configured, def time.Duration) time.Duration {
	if configured == 0 {
		return def
	}
	return configured
}
