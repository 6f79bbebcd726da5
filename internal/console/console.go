// Package console serves sechub's web console under /console/: pages written by hand and
// embedded in the binary, and a small API through which the pages call Security Hub and
// Organizations operations. The API runs each operation through the server's registered
// handler with the signed-in session's identity as the caller, so the console has exactly the
// rights that account has through the AWS API, and no path of its own to the store.
package console

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/controls"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/wire"
)

// Path is where the console is served.
const Path = "/console/"

// Services the console API reaches, by the name in its path.
const (
	SecurityHub   = "securityhub"
	Organizations = "organizations"
)

// Invoker runs a Security Hub or Organizations operation by name for caller, with input its
// whole input document as JSON, as a request of that caller would run it.
type Invoker func(ctx context.Context, caller identity.Caller, service, operation string, input []byte) ([]byte, *apierr.Error)

// Counter counts the caller's visible findings matching filters by an attribute's values, as
// insights' results do (findings.Service.GroupCounts).
type Counter interface {
	GroupCounts(ctx context.Context, c identity.Caller, filters map[string]any, attribute string) ([]findings.GroupCount, error)
}

// CustomActions sends findings to a custom action as the Security Hub console does: one
// "Security Hub Findings - Custom Action" event per finding (events.Service.CustomAction).
type CustomActions interface {
	CustomAction(ctx context.Context, c identity.Caller, actionTargetARN string, ids []findings.Identifier) ([]string, error)
}

// ControlReporter reports an account's security scores per enabled standard, from its control
// findings (controls.Service.Report).
type ControlReporter interface {
	Report(ctx context.Context, c identity.Caller) (controls.ControlReport, error)
}

// Config configures a Console.
type Config struct {
	Auth     *identity.Authenticator // the server's: its mode and credentials decide sign-in
	Invoke   Invoker
	Findings Counter
	Actions  CustomActions
	Controls ControlReporter
	Clock    clock.Clock
	Log      *slog.Logger
	// MaxSessions bounds the sessions kept in memory (0: DefaultMaxSessions); beyond it the
	// oldest is forgotten.
	MaxSessions int
	// SessionTTL is how long a session lasts from sign-in (0: DefaultSessionTTL).
	SessionTTL time.Duration
}

// Defaults of Config.
const (
	DefaultMaxSessions = 1000
	DefaultSessionTTL  = 8 * time.Hour
	// maxAPIBody is the largest body the console API reads: Security Hub's request limit.
	maxAPIBody = 6 << 20
)

// Console is the web console's http.Handler.
type Console struct {
	cfg      Config
	sessions *sessions
	failures *signInFailures
	assets   http.Handler
	index    []byte
}

//go:embed assets
var assets embed.FS

// New returns a console.
func New(cfg Config) *Console {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = DefaultSessionTTL
	}
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // the embedded folder is part of the binary
	}
	index, err := fs.ReadFile(sub, "index.html")
	if err != nil {
		panic(err)
	}
	return &Console{cfg: cfg, sessions: newSessions(cfg.MaxSessions, cfg.SessionTTL, cfg.Clock), failures: newSignInFailures(),
		assets: http.StripPrefix(strings.TrimSuffix(Path, "/"), http.FileServer(http.FS(sub))), index: index}
}

// Wants reports whether the console answers r: anything under /console, and a browser's
// plain GET / (no signature, no query, asking for HTML), which it points to the console. No
// AWS request looks like either.
func Wants(r *http.Request) bool {
	if r.URL.Path == "/console" || strings.HasPrefix(r.URL.Path, Path) {
		return true
	}
	return r.URL.Path == "/" && r.Method == http.MethodGet && r.URL.RawQuery == "" &&
		r.Header.Get("Authorization") == "" && strings.Contains(r.Header.Get("Accept"), "text/html")
}

// ServeHTTP serves the pages and the console API.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	switch {
	case r.URL.Path == "/" || r.URL.Path == "/console":
		http.Redirect(w, r, Path, http.StatusFound) // its body links to the console too
	case strings.HasPrefix(r.URL.Path, Path+"api/"):
		h.Set("Cache-Control", "no-store")
		c.serveAPI(w, r, strings.TrimPrefix(r.URL.Path, Path+"api/"))
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	case r.URL.Path == Path || r.URL.Path == Path+"index.html":
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		w.Write(c.index)
	default:
		h.Set("Cache-Control", "no-cache")
		c.assets.ServeHTTP(w, r)
	}
}

// contentSecurityPolicy lets the pages load only the console's own scripts and styles.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// Errors of the console API that are not the operations' own (those are AWS errors).
var (
	errSignInRequired = consoleError{http.StatusUnauthorized, "SignInRequired", "Sign in to use the console."}
	errBadToken       = consoleError{http.StatusForbidden, "InvalidCsrfToken", "The request does not carry this session's X-Csrf-Token header."}
	errCrossSite      = consoleError{http.StatusForbidden, "CrossSiteRequest", "The request comes from another site."}
	errNotFound       = consoleError{http.StatusNotFound, "NotFound", "No such console API."}
	errMethod         = consoleError{http.StatusMethodNotAllowed, "MethodNotAllowed", "Use POST."}
	errBadRegion      = consoleError{http.StatusBadRequest, "InvalidRegion", "Region must look like us-east-1."}
	errTooManySignIns = consoleError{http.StatusTooManyRequests, "TooManySignInAttempts", "Too many wrong secrets for this access key: try again later."}
	errBadSignIn      = consoleError{http.StatusBadRequest, "InvalidSignIn", "Sign in with a JSON object of AccountId (open mode) or AccessKeyId and SecretAccessKey (strict mode), and Region."}
)

// consoleError is an error of the console API itself, written as the JSON services write
// theirs ({"Code","Message"}) so the pages read both alike.
type consoleError struct {
	status        int
	code, message string
}

func (e consoleError) write(w http.ResponseWriter) {
	writeJSON(w, e.status, map[string]string{"Code": e.code, "Message": e.message})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

var regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$`)

// serveAPI answers the console API:
//
//	GET  session                  who is signed in (and the CSRF token), or SignInRequired
//	POST session                  sign in: {"AccountId"|"AccessKeyId","SecretAccessKey","Region"}
//	POST session/region           switch region: {"Region"}
//	POST signout                  forget the session
//	POST securityhub/<Operation>  run a Security Hub operation with its JSON input
//	POST organizations/<Operation>
//	POST counts                   {"Filters","GroupByAttribute"}: counts of findings by a value
//	POST custom-action            {"ActionTargetArn","FindingIdentifiers"}: send findings to it
//	POST scores                   the security score of each enabled standard
//
// Every POST but sign-in needs the session's cookie and its CSRF token in X-Csrf-Token; every
// POST from a browser must come from the console's own origin.
func (c *Console) serveAPI(w http.ResponseWriter, r *http.Request, route string) {
	if r.Method == http.MethodGet && route == "session" {
		s := c.sessions.get(r)
		if s == nil { // the sign-in form asks which fields to show
			writeJSON(w, errSignInRequired.status, map[string]string{"Code": errSignInRequired.code,
				"Message": errSignInRequired.message, "AuthMode": string(c.cfg.Auth.Mode)})
			return
		}
		c.writeSession(w, s)
		return
	}
	if r.Method != http.MethodPost {
		errMethod.write(w)
		return
	}
	if !sameOrigin(r) {
		errCrossSite.write(w)
		return
	}
	body, aerr := readBody(w, r)
	if aerr != nil {
		wire.WriteJSONError(w, uuid.NewString(), aerr)
		return
	}
	if route == "session" {
		c.signIn(w, r, body)
		return
	}
	s := c.sessions.get(r)
	if s == nil {
		errSignInRequired.write(w)
		return
	}
	if !s.tokenMatches(r.Header.Get("X-Csrf-Token")) {
		errBadToken.write(w)
		return
	}
	service, operation, _ := strings.Cut(route, "/")
	switch {
	case route == "signout":
		c.sessions.drop(s)
		http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: Path, MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
		writeJSON(w, http.StatusOK, map[string]string{})
	case route == "session/region":
		var in struct{ Region string }
		if json.Unmarshal(body, &in) != nil || !regionPattern.MatchString(in.Region) {
			errBadRegion.write(w)
			return
		}
		caller, aerr := c.cfg.Auth.SignIn(s.caller.AccessKeyID, s.secret, in.Region)
		if aerr != nil {
			wire.WriteJSONError(w, uuid.NewString(), aerr)
			return
		}
		c.writeSession(w, c.sessions.setCaller(s, caller))
	case route == "counts":
		c.counts(w, r, s.caller, body)
	case route == "custom-action":
		c.customAction(w, r, s.caller, body)
	case route == "scores":
		c.scores(w, r, s.caller)
	case (service == SecurityHub || service == Organizations) && operation != "" && !strings.Contains(operation, "/"):
		out, aerr := c.cfg.Invoke(r.Context(), s.caller, service, operation, body)
		if aerr != nil {
			wire.WriteJSONError(w, uuid.NewString(), aerr)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(out)
	default:
		errNotFound.write(w)
	}
}

// sameOrigin reports whether a POST comes from the console's own pages: a browser says where
// a request comes from in Origin (or Sec-Fetch-Site); a request that says neither is not a
// browser's cross-site request (curl, tests), and still needs the session's CSRF token.
func sameOrigin(r *http.Request) bool {
	if origin := r.Header.Get("Origin"); origin != "" {
		u, err := url.Parse(origin)
		return err == nil && u.Host == r.Host && (u.Scheme == "http" || u.Scheme == "https")
	}
	site := r.Header.Get("Sec-Fetch-Site")
	return site == "" || site == "same-origin" || site == "none"
}

// readBody reads a console API request's body, within Security Hub's request limit.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, *apierr.Error) {
	if r.ContentLength > maxAPIBody {
		return nil, apierr.BodyTooLarge.New(maxAPIBody)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAPIBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, apierr.BodyTooLarge.New(maxAPIBody)
		}
		return nil, apierr.BodyUnreadable.New(err)
	}
	return body, nil
}

// signInRequest is what the sign-in form sends.
type signInRequest struct {
	AccountID       string `json:"AccountId"`
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string `json:"SecretAccessKey"`
	Region          string `json:"Region"`
}

// signIn checks the form against the server's authentication mode and starts a session.
func (c *Console) signIn(w http.ResponseWriter, r *http.Request, body []byte) {
	var in signInRequest
	if err := json.Unmarshal(body, &in); err != nil {
		errBadSignIn.write(w)
		return
	}
	if !regionPattern.MatchString(in.Region) {
		errBadRegion.write(w)
		return
	}
	key := in.AccessKeyID
	if c.cfg.Auth.Mode != identity.Strict {
		key = in.AccountID
	}
	now := c.cfg.Clock.Now()
	if c.failures.blocked(key, now) {
		errTooManySignIns.write(w)
		return
	}
	caller, aerr := c.cfg.Auth.SignIn(key, in.SecretAccessKey, in.Region)
	if aerr != nil {
		c.cfg.Log.Warn("console sign-in refused", "access_key", key, "mode", c.cfg.Auth.Mode)
		if c.cfg.Auth.Mode == identity.Strict {
			c.failures.fail(key, now)
		}
		wire.WriteJSONError(w, uuid.NewString(), aerr)
		return
	}
	c.failures.succeed(key)
	s := c.sessions.start(caller, in.SecretAccessKey)
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: s.id, Path: Path, Expires: s.expires, MaxAge: int(c.cfg.SessionTTL / time.Second),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	c.cfg.Log.Info("console sign-in", "account", caller.AccountID, "region", caller.Region)
	c.writeSession(w, s)
}

// writeSession answers with who the session acts as and its CSRF token.
func (c *Console) writeSession(w http.ResponseWriter, s *session) {
	writeJSON(w, http.StatusOK, map[string]any{
		"AccountId": s.caller.AccountID, "Region": s.caller.Region, "Partition": s.caller.Partition, "Principal": s.caller.Principal,
		"AuthMode": string(c.cfg.Auth.Mode), "CsrfToken": s.csrf, "ExpiresAt": s.expires.UTC().Format(time.RFC3339),
	})
}

// writeError answers with the AWS error a domain returned; any other error is logged and
// answered as an internal error, as the API answers it.
func (c *Console) writeError(w http.ResponseWriter, requestID, what string, err error) {
	var ae *apierr.Error
	if !errors.As(err, &ae) {
		c.cfg.Log.Error("console "+what+" failed", "request_id", requestID, "error", err)
		ae = apierr.Internal.New()
	}
	wire.WriteJSONError(w, requestID, ae)
}

// countsRequest asks for counts of the caller's findings matching Filters by the values of
// GroupByAttribute, as a custom insight with those filters and grouping would give.
type countsRequest struct {
	Filters          map[string]any
	GroupByAttribute string
}

// counts answers counts of findings by an attribute, for the Summary's charts; like
// GetInsightResults it needs the caller's hub enabled, and counts only what the caller sees.
func (c *Console) counts(w http.ResponseWriter, r *http.Request, caller identity.Caller, body []byte) {
	requestID := uuid.NewString()
	var in countsRequest
	if err := json.Unmarshal(body, &in); err != nil {
		wire.WriteJSONError(w, requestID, apierr.InvalidJSON.New(err))
		return
	}
	if !findings.Groupable(in.GroupByAttribute) {
		wire.WriteJSONError(w, requestID, apierr.InvalidParameter.New("GroupByAttribute "+in.GroupByAttribute+" is not a string filter key"))
		return
	}
	// The hub must be enabled, as for GetInsightResults: asked of the same handler.
	if _, aerr := c.cfg.Invoke(r.Context(), caller, SecurityHub, "DescribeHub", nil); aerr != nil {
		wire.WriteJSONError(w, requestID, aerr)
		return
	}
	if in.Filters == nil {
		in.Filters = map[string]any{}
	}
	groups, err := c.cfg.Findings.GroupCounts(r.Context(), caller, in.Filters, in.GroupByAttribute)
	if err != nil {
		c.writeError(w, requestID, "counts", err)
		return
	}
	type result struct {
		GroupByAttributeValue string
		Count                 int
	}
	out := make([]result, len(groups))
	for i, g := range groups {
		out[i] = result{g.Value, g.Count}
	}
	writeJSON(w, http.StatusOK, map[string]any{"GroupByAttribute": in.GroupByAttribute, "ResultValues": out})
}

// customActionRequest names a custom action and the findings sent to it.
type customActionRequest struct {
	ActionTargetArn    string
	FindingIdentifiers []struct{ Id, ProductArn string }
}

// customAction sends findings to a custom action, as the caller (the events domain checks
// that the action target is the caller's and every finding one it may see).
func (c *Console) customAction(w http.ResponseWriter, r *http.Request, caller identity.Caller, body []byte) {
	requestID := uuid.NewString()
	var in customActionRequest
	if err := json.Unmarshal(body, &in); err != nil {
		wire.WriteJSONError(w, requestID, apierr.InvalidJSON.New(err))
		return
	}
	ids := make([]findings.Identifier, len(in.FindingIdentifiers))
	for i, f := range in.FindingIdentifiers {
		ids[i] = findings.Identifier{ID: f.Id, ProductARN: f.ProductArn}
	}
	eventIDs, err := c.cfg.Actions.CustomAction(r.Context(), caller, in.ActionTargetArn, ids)
	if err != nil {
		c.writeError(w, requestID, "custom action", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"EventIds": eventIDs})
}

// scores answers the security score of each of the caller's enabled standards: its passed
// controls among its enabled controls with data. Like the API it needs the hub enabled.
func (c *Console) scores(w http.ResponseWriter, r *http.Request, caller identity.Caller) {
	requestID := uuid.NewString()
	if _, aerr := c.cfg.Invoke(r.Context(), caller, SecurityHub, "DescribeHub", nil); aerr != nil {
		wire.WriteJSONError(w, requestID, aerr)
		return
	}
	report, err := c.cfg.Controls.Report(r.Context(), caller)
	if err != nil {
		c.writeError(w, requestID, "scores", err)
		return
	}
	type score struct {
		StandardsArn     string
		Passed, WithData int
		Score            float64
	}
	out := make([]score, 0, len(report.Standards))
	for _, s := range report.Standards {
		out = append(out, score{s.StandardsARN, s.Passed, s.WithData, s.Score})
	}
	writeJSON(w, http.StatusOK, map[string]any{"Standards": out})
}
