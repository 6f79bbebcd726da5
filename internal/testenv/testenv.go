// Package testenv starts sechub in-process for tests and benchmarks and hands out real AWS SDK
// clients pointed at it, one per account and region, as a user would configure them.
package testenv

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/store/storetest"
)

// Secret is the secret access key the clients sign with (open mode accepts any).
const Secret = "sechub-test-secret"

// Env is a running in-process sechub.
type Env struct {
	URL     string
	DataDir string
	Server  *server.Server
	http    *httptest.Server
	config  server.Config
}

// Option adjusts the server configuration before start.
type Option func(*server.Config)

// WithConfig applies f to the configuration.
func WithConfig(f func(*server.Config)) Option { return Option(f) }

// Start runs a server on a fresh data folder; it stops when the test ends.
func Start(t testing.TB, opts ...Option) *Env {
	t.Helper()
	cfg := server.Config{DataDir: t.TempDir(), Auth: identity.Open}
	if os.Getenv("SECHUB_TEST_LOG") != "" { // the server's log on the test's output
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.StoreURL == "" && cfg.Store == nil {
		cfg.StoreURL = storetest.StoreURL(t)
	}
	e := &Env{DataDir: cfg.DataDir, config: cfg}
	e.start(t)
	t.Cleanup(e.stop)
	return e
}

func (e *Env) start(t testing.TB) {
	t.Helper()
	srv, err := server.New(context.Background(), e.config)
	if err != nil {
		t.Fatalf("starting sechub: %v", err)
	}
	e.Server = srv
	e.http = httptest.NewUnstartedServer(srv)
	e.http.Config = srv.HTTPServer() // with the server's timeouts, as sechub serve runs it
	e.http.Start()
	e.URL = e.http.URL
}

func (e *Env) stop() {
	if e.http != nil {
		e.http.Close()
		e.Server.Close()
		e.http = nil
	}
}

// Restart stops the server and starts a new one on the same data folder (and a new port).
func (e *Env) Restart(t testing.TB) {
	t.Helper()
	e.stop()
	e.start(t)
}

// AWSConfig returns an SDK configuration for account in region, with an access key id equal
// to the account id (sechub's convention) and no retries, so errors surface at once.
func (e *Env) AWSConfig(account, region string) aws.Config {
	return e.AWSConfigWithKey(account, Secret, region)
}

// AWSConfigWithKey is AWSConfig with explicit keys.
func (e *Env) AWSConfigWithKey(accessKey, secret, region string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(accessKey, secret, ""),
		BaseEndpoint: aws.String(e.URL),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
		HTTPClient:   &http.Client{Timeout: 60 * time.Second},
	}
}

// SecurityHub returns a Security Hub client for account in region.
func (e *Env) SecurityHub(account, region string) *securityhub.Client {
	return securityhub.NewFromConfig(e.AWSConfig(account, region))
}

// STS returns an STS client for account in region.
func (e *Env) STS(account, region string) *sts.Client {
	return sts.NewFromConfig(e.AWSConfig(account, region))
}

// APIError is what a client saw of an AWS error.
type APIError struct {
	Code    string
	Message string
	Status  int
}

// ErrorOf unpacks an SDK error; ok is false when err is not an AWS API error.
func ErrorOf(err error) (APIError, bool) {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return APIError{}, false
	}
	out := APIError{Code: ae.ErrorCode(), Message: ae.ErrorMessage()}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		out.Status = re.HTTPStatusCode()
	}
	return out, true
}

// ExpectError fails the test unless err is an AWS error with code and status, and (when msg
// is not empty) exactly that message.
func ExpectError(t testing.TB, err error, code string, status int, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("expected %s (%d), got success", code, status)
	}
	got, ok := ErrorOf(err)
	if !ok {
		t.Fatalf("expected %s (%d), got non-API error %v", code, status, err)
	}
	if got.Code != code || got.Status != status || (msg != "" && got.Message != msg) {
		t.Fatalf("expected %s (%d) %q, got %s (%d) %q", code, status, msg, got.Code, got.Status, got.Message)
	}
}

// Organizations returns an AWS Organizations client for account (Organizations is global; the
// region only scopes the signature).
func (e *Env) Organizations(account string) *organizations.Client {
	return organizations.NewFromConfig(e.AWSConfig(account, "us-east-1"))
}
