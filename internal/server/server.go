// Package server assembles sechub: it opens the store, builds the domains, and serves every
// AWS service sechub speaks on one http.Handler, dispatching each request by its SigV4 signing
// name after working out who sent it.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/actiontargets"
	"github.com/sechub/sechub/internal/aggregators"
	"github.com/sechub/sechub/internal/aggregatorsv2"
	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/automation"
	"github.com/sechub/sechub/internal/automationv2"
	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/configpolicies"
	"github.com/sechub/sechub/internal/connectors"
	"github.com/sechub/sechub/internal/connectorsv2"
	"github.com/sechub/sechub/internal/console"
	"github.com/sechub/sechub/internal/controls"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/events"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/findingsv2"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/hubv2"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/insights"
	"github.com/sechub/sechub/internal/members"
	"github.com/sechub/sechub/internal/orgadmin"
	"github.com/sechub/sechub/internal/organizations"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/products"
	"github.com/sechub/sechub/internal/recommendedpolicy"
	"github.com/sechub/sechub/internal/standards"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/postgres"
	"github.com/sechub/sechub/internal/store/sqlite"
	"github.com/sechub/sechub/internal/sts"
	"github.com/sechub/sechub/internal/tags"
	"github.com/sechub/sechub/internal/wire"
)

// Body size limits. Security Hub accepts requests of up to 6 MB (BatchImportFindings).
const (
	maxSecurityHubBody = 6 << 20
	maxSTSBody         = 64 << 10
)

// modules are the domains sechub is composed of, in the order they are built: a domain
// comes after those whose services it uses.
var modules = []domain.Module{
	tags.Module,
	hub.Module,
	standards.Module,
	members.Module,
	organizations.Module,
	aggregators.Module,
	orgadmin.Module,
	findings.Module,
	automation.Module,
	controls.Module,
	configpolicies.Module,
	insights.Module,
	actiontargets.Module,
	products.Module,
	hubv2.Module,
	findingsv2.Module,
	events.Module,
	aggregatorsv2.Module,
	connectorsv2.Module,
	connectors.Module,
	automationv2.Module,
	recommendedpolicy.Module,
}

// Schemas returns the tables of every domain.
func Schemas() []store.Schema { return domain.Schemas(modules) }

// OpenStore opens the store a server runs on, with every domain's tables: the PostgreSQL
// database at url when it is one, else the embedded SQLite store in the data folder.
func OpenStore(ctx context.Context, url, dataDir string) (store.Store, error) {
	return openStore(ctx, url, dataDir, sqlite.Options{})
}

func openStore(ctx context.Context, url, dataDir string, opts sqlite.Options) (store.Store, error) {
	switch {
	case postgres.IsURL(url):
		return postgres.Open(ctx, url, Schemas())
	case url != "":
		return nil, fmt.Errorf("store %q: want a postgres:// or postgresql:// URL (or none for the embedded store)", url)
	}
	return sqlite.OpenWith(ctx, dataDir, Schemas(), opts)
}

// Config configures a Server.
type Config struct {
	DataDir string // folder of the embedded store (ignored when Store or StoreURL is set)
	// StoreURL names a shared store instead (postgres://...); ignored when Store is set.
	StoreURL        string
	Store           store.Store
	DefaultRegion   string
	DefaultAccount  string
	Auth            identity.Mode
	CredentialsFile string
	OrgFile         string // YAML organization created on first start (organizations.Spec)
	Logger          *slog.Logger
	Now             func() time.Time // nil means time.Now; tests move time with it
	// PurgeEvery is how often expired findings are deleted (0: hourly; negative: never).
	PurgeEvery time.Duration
	// MaxInvitationMembers overrides AWS's quota of 1,000 invitation members per
	// administrator (benchmarks build larger administrators); 0 keeps the quota.
	MaxInvitationMembers int
	// ReadTimeout bounds reading a whole request, body included, and IdleTimeout how long a
	// kept-alive connection waits for its next request, in the http.Server of HTTPServer
	// (0: DefaultReadTimeout, DefaultIdleTimeout; negative: none, though net/http then bounds
	// idle connections by the read timeout).
	ReadTimeout, IdleTimeout time.Duration
	// MaxMemory is the memory the server stays within, whatever clients send (0:
	// DefaultMaxMemory): see PlanMemory and limits.go. The Go runtime's share is the
	// caller's to set (debug.SetMemoryLimit), as cmd/sechub does.
	MaxMemory int64
	// MaxRequests bounds the requests served at once (0: DefaultMaxRequests).
	MaxRequests int
	// Throttle is ThrottleAWS to apply Security Hub's documented request rates, or none.
	Throttle string
	// FaultRates makes the server fail that share of requests, as if it failed inside, with
	// an internal or a throttling error; FaultSeed seeds the draws.
	FaultRates FaultRates
	FaultSeed  uint64
	// EventsURL receives every EventBridge event Security Hub would send (internal/events) as
	// an HTTP POST; "" sends none.
	EventsURL string
}

// Server is a running sechub.
type Server struct {
	stopBackground context.CancelFunc
	background     sync.WaitGroup
	store          store.Store
	ownsStore      bool
	auth           *identity.Authenticator
	securityHub    *wire.RestJSON
	organizations  *wire.AWSJSON
	orgs           *organizations.Service
	endpoints      map[string]domain.OperatorEndpoint // the domains' operator endpoints
	sts            *sts.Service
	log            *slog.Logger
	readTimeout    time.Duration // of HTTPServer
	idleTimeout    time.Duration
	admission      *admission
	throttle       *throttle
	faults         *faults
	console        *console.Console
}

// service is one AWS service served on the shared endpoint.
type service interface {
	Serve(w http.ResponseWriter, r *http.Request, caller identity.Caller, requestID string, body []byte) string
	WriteError(w http.ResponseWriter, requestID string, e *apierr.Error)
}

// New opens the store and builds a server.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.DefaultRegion == "" {
		cfg.DefaultRegion = "us-east-1"
	}
	if cfg.DefaultAccount == "" {
		cfg.DefaultAccount = "123456789012"
	}
	if !identity.IsAccountID(cfg.DefaultAccount) {
		return nil, fmt.Errorf("default account %q is not 12 digits", cfg.DefaultAccount)
	}
	if cfg.Auth == "" {
		cfg.Auth = identity.Open
	}
	if cfg.Auth != identity.Open && cfg.Auth != identity.Strict {
		return nil, fmt.Errorf("auth mode %q: want open or strict", cfg.Auth)
	}
	creds := map[string]identity.Credential{}
	if cfg.CredentialsFile != "" {
		var err error
		if creds, err = identity.LoadCredentials(cfg.CredentialsFile); err != nil {
			return nil, err
		}
	}
	if cfg.Auth == identity.Strict && len(creds) == 0 {
		return nil, errors.New("strict auth needs a credentials file with at least one key")
	}
	s := &Server{
		store: cfg.Store,
		auth: &identity.Authenticator{Mode: cfg.Auth, DefaultAccount: cfg.DefaultAccount, DefaultRegion: cfg.DefaultRegion,
			Credentials: creds, Clock: clock.Clock{Source: cfg.Now}},
		sts:         &sts.Service{},
		log:         cfg.Logger,
		readTimeout: timeoutOrDefault(cfg.ReadTimeout, DefaultReadTimeout),
		idleTimeout: timeoutOrDefault(cfg.IdleTimeout, DefaultIdleTimeout),
	}
	plan := PlanMemory(cfg.MaxMemory)
	s.admission = newAdmission(plan.Requests, cfg.MaxRequests, admissionWait)
	s.faults = newFaults(cfg.FaultRates, cfg.FaultSeed)
	var err error
	if s.throttle, err = newThrottle(cfg.Throttle); err != nil {
		return nil, err
	}
	if s.store == nil {
		st, err := openStore(ctx, cfg.StoreURL, cfg.DataDir, sqlite.Options{CacheBytes: plan.SQLiteCache})
		if err != nil {
			return nil, err
		}
		s.store, s.ownsStore = st, true
	}
	model, err := awsmodel.Load("securityhub")
	if err != nil {
		return nil, err
	}
	orgModel, err := awsmodel.Load("organizations")
	if err != nil {
		return nil, err
	}
	s.securityHub = wire.NewRestJSON(model, cfg.Logger)
	s.organizations = wire.NewAWSJSON(orgModel, cfg.Logger)
	env := domain.NewEnv()
	env.Store, env.Clock, env.Log = s.store, clock.Clock{Source: cfg.Now}, cfg.Logger
	env.Options = domain.Options{MaxInvitationMembers: cfg.MaxInvitationMembers, PurgeEvery: cfg.PurgeEvery, EventsURL: cfg.EventsURL}
	env.SecurityHub, env.Organizations, env.SecurityHubModel = s.securityHub, s.organizations, model
	env.Pages = domain.SecurityHubPager(s.store.Secret())
	env.OrganizationsPages = paging.Pager{Codec: paging.Codec{Secret: s.store.Secret()}, Invalid: apierr.OrgInvalidNextToken}
	for _, m := range modules {
		if err := m.Register(env); err != nil {
			s.Close()
			return nil, fmt.Errorf("%s: %w", m.Name, err)
		}
	}
	s.orgs = domain.Use[*organizations.Service](env)
	s.console = s.newConsole(domain.Use[*findings.Service](env), domain.Use[*events.Service](env), domain.Use[*controls.Service](env))
	s.endpoints = env.Endpoints()
	s.startBackground(env.BackgroundWork())
	if cfg.OrgFile != "" {
		spec, err := organizations.LoadSpec(cfg.OrgFile)
		if err == nil {
			var created bool
			if created, err = s.orgs.Bootstrap(ctx, spec); created {
				cfg.Logger.Info("organization created from file", "file", cfg.OrgFile, "management_account", spec.ManagementAccount)
			}
		}
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("org file: %w", err)
		}
	}
	return s, nil
}

// Version is the version of the running binary, from its build information: the main module's
// version, or "(devel)" followed by the VCS revision and time when it was built from a checkout
// ("(devel) 4689e19 2026-12-02T07:46:27Z"). One line.
func Version() string { return version() }

var version = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var revision, at string
	for _, setting := range info.Settings {
		switch setting.Key {
		case "vcs.revision":
			revision = setting.Value
		case "vcs.time":
			at = setting.Value
		}
	}
	if len(revision) > 7 {
		revision = revision[:7]
	}
	v := "(devel)"
	for _, part := range []string{revision, at} {
		if part != "" {
			v += " " + part
		}
	}
	return v
})

// Implemented lists the Security Hub operations this server implements.
func (s *Server) Implemented() []string { return s.securityHub.Implemented() }

// OperationCount is the number of operations in the Security Hub model.
func (s *Server) OperationCount() int { return len(s.securityHub.Model.Operations) }

// ImplementedOrganizations lists the AWS Organizations operations this server implements.
func (s *Server) ImplementedOrganizations() []string { return s.organizations.Implemented() }

// OrganizationsOperationCount is the number of operations in the AWS Organizations model.
func (s *Server) OrganizationsOperationCount() int { return len(s.organizations.Model.Operations) }

// startBackground runs the domains' background work until Close.
func (s *Server) startBackground(work []func(ctx context.Context)) {
	ctx, cancel := context.WithCancel(context.Background())
	s.stopBackground = cancel
	for _, run := range work {
		s.background.Add(1)
		go func() {
			defer s.background.Done()
			run(ctx)
		}()
	}
}

// Close stops the background work and closes the store if the server opened it.
func (s *Server) Close() error {
	if s.stopBackground != nil {
		s.stopBackground()
		s.background.Wait()
		s.stopBackground = nil
	}
	if s.ownsStore {
		return s.store.Close()
	}
	return nil
}

// statusWriter remembers the status a handler wrote, and the AWS error it answered with, for
// the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	err    *apierr.Error
}

// RecordError is told by the services' error writers which error they wrote (wire.ErrorRecorder).
func (w *statusWriter) RecordError(e *apierr.Error) {
	if w.err == nil {
		w.err = e
	}
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// ServeHTTP serves the control endpoints under /_sechub/, the web console under /console/
// (and a browser's GET /), and every AWS request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_sechub/") {
		s.serveControl(w, r)
		return
	}
	if console.Wants(r) {
		s.console.ServeHTTP(w, r)
		return
	}
	start := time.Now()
	requestID := uuid.NewString()
	sw := &statusWriter{ResponseWriter: w}
	var svc service = s.securityHub
	var caller identity.Caller
	operation := ""
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic serving request", "request_id", requestID, "panic", p, "stack", string(debug.Stack()))
			if sw.status == 0 {
				svc.WriteError(sw, requestID, apierr.Internal.New())
			}
		}
		s.logRequest(r, sw, operation, caller, requestID, start)
	}()

	caller, sig, aerr := s.auth.Identify(r)
	svc = s.pick(sig, r)
	if svc == nil {
		svc = s.securityHub
		s.securityHub.WriteError(sw, requestID, apierr.UnknownService.New(sig.Service))
		return
	}
	if aerr != nil {
		svc.WriteError(sw, requestID, aerr)
		return
	}
	limit := int64(maxSecurityHubBody)
	if svc == service(s.sts) {
		limit = maxSTSBody
	}
	operation, r, leave, aerr := s.admit(r, svc, caller, limit)
	if aerr != nil {
		svc.WriteError(sw, requestID, aerr)
		return
	}
	defer leave()
	var bodyHash *identity.BodyHash
	if s.auth.Mode == identity.Strict {
		bodyHash = identity.HashBody(r) // hashed as it is read, checked against the signature
	}
	body, aerr := readBody(w, r, limit)
	if aerr != nil {
		svc.WriteError(sw, requestID, aerr)
		return
	}
	if bodyHash != nil {
		if aerr := s.auth.Verify(r, sig, bodyHash.Sum()); aerr != nil {
			svc.WriteError(sw, requestID, aerr)
			return
		}
		if operation != "" && !s.allowed(svc, caller, operation) {
			svc.WriteError(sw, requestID, s.throttledError(svc))
			return
		}
	}
	operation = svc.Serve(sw, r, caller, requestID, body)
}

// logRequest logs a request: a success at debug; a failure at warn (4xx) or error (5xx), with
// the AWS error's code and message; an operation sechub does not implement at warn, as such.
func (s *Server) logRequest(r *http.Request, sw *statusWriter, operation string, caller identity.Caller, requestID string, start time.Time) {
	level, msg := slog.LevelDebug, "request"
	switch {
	case sw.err != nil && apierr.NotImplemented.Is(sw.err):
		level, msg = slog.LevelWarn, "operation not implemented"
	case sw.status >= 500:
		level, msg = slog.LevelError, "request failed"
	case sw.status >= 400:
		level, msg = slog.LevelWarn, "request failed"
	}
	if !s.log.Enabled(r.Context(), level) {
		return
	}
	attrs := make([]slog.Attr, 0, 10)
	attrs = append(attrs, slog.String("operation", operation), slog.String("account", caller.AccountID),
		slog.String("region", caller.Region), slog.Int("status", sw.status))
	if sw.err != nil {
		attrs = append(attrs, slog.String("code", sw.err.Code), slog.String("message", sw.err.Message))
	}
	attrs = append(attrs, slog.String("request_id", requestID), slog.String("method", r.Method),
		slog.String("path", r.URL.Path), slog.Duration("duration", time.Since(start)))
	s.log.LogAttrs(r.Context(), level, msg, attrs...)
}

// pick chooses the service by the signing name; unsigned requests by their form.
func (s *Server) pick(sig *identity.Signature, r *http.Request) service {
	if sig != nil {
		switch sig.Service {
		case "securityhub":
			return s.securityHub
		case "sts":
			return s.sts
		case "organizations":
			return s.organizations
		}
		return nil
	}
	if strings.HasPrefix(r.Header.Get("X-Amz-Target"), s.organizations.Model.Metadata.TargetPrefix+".") {
		return s.organizations
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") || r.URL.Query().Get("Action") != "" {
		return s.sts
	}
	return s.securityHub
}

// runEndpoint runs an operator endpoint; a panic is logged and becomes an error, answered
// as a 500 like the AWS operations' panics.
func (s *Server) runEndpoint(ctx context.Context, h domain.OperatorEndpoint, body []byte) (out any, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic in operator endpoint", "panic", p, "stack", string(debug.Stack()))
			out, err = nil, fmt.Errorf("panic: %v", p)
		}
	}()
	return h(ctx, body)
}

// readBody reads the whole body, refusing one larger than limit before reading it whole.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, *apierr.Error) {
	if r.ContentLength > limit {
		return nil, apierr.BodyTooLarge.New(limit)
	}
	body, err := readAll(http.MaxBytesReader(w, r.Body, limit), r.ContentLength)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, apierr.BodyTooLarge.New(limit)
		}
		if errors.Is(err, os.ErrDeadlineExceeded) { // the read timeout passed (HTTPServer)
			return nil, apierr.BodyTimeout.New()
		}
		return nil, apierr.BodyUnreadable.New(err)
	}
	return body, nil
}

// serveControl answers sechub's own endpoints: health and reset.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	reply := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	if r.URL.Path != "/_sechub/health" && s.auth.Mode == identity.Strict {
		if refusal := s.authorizeOperator(w, r); refusal != "" {
			s.log.Warn("control request refused", "method", r.Method, "path", r.URL.Path, "reason", refusal)
			reply(http.StatusForbidden, map[string]string{"error": refusal})
			return
		}
	}
	switch {
	case r.URL.Path == "/_sechub/health" && r.Method == http.MethodGet:
		reply(http.StatusOK, map[string]any{"status": "ok", "operations": s.OperationCount(), "implemented": len(s.Implemented()),
			"version": Version()})
	case r.URL.Path == "/_sechub/reset" && r.Method == http.MethodPost:
		if err := s.store.Reset(r.Context()); err != nil {
			s.log.Error("reset failed", "error", err)
			reply(http.StatusInternalServerError, map[string]string{"error": err.Error()})
			return
		}
		s.log.Info("state reset")
		reply(http.StatusOK, map[string]string{"status": "reset"})
	case r.Method == http.MethodPost && s.endpoints[strings.TrimPrefix(r.URL.Path, "/_sechub/")] != nil:
		h := s.endpoints[strings.TrimPrefix(r.URL.Path, "/_sechub/")]
		body, aerr := readBody(w, r, maxOperatorBody)
		var out any
		var err error
		if aerr != nil {
			err = aerr
		} else {
			out, err = s.runEndpoint(r.Context(), h, body)
		}
		var e *apierr.Error
		switch {
		case errors.As(err, &e):
			reply(e.Status, map[string]string{"error": e.Code, "message": e.Message})
		case err != nil:
			s.log.Error("operator endpoint failed", "path", r.URL.Path, "error", err)
			reply(http.StatusInternalServerError, map[string]string{"error": apierr.Internal.Code, "message": apierr.Internal.Message})
		default:
			reply(http.StatusOK, out)
		}
	default:
		reply(http.StatusNotFound, map[string]string{"error": "no such control endpoint"})
	}
}
