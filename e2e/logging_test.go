package e2e

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/testenv"
)

// logBuffer collects the server's JSON log lines; the server writes from its own goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// take returns the lines logged since the last take, decoded.
func (b *logBuffer) take(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var lines []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		if line == "" {
			continue
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		lines = append(lines, v)
	}
	b.buf.Reset()
	return lines
}

// startLogged starts a server whose log, at level, goes to the returned buffer as JSON.
func startLogged(t *testing.T, level slog.Level) (*testenv.Env, *logBuffer) {
	logs := &logBuffer{}
	env := testenv.Start(t, testenv.WithConfig(func(c *server.Config) {
		c.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: level}))
	}))
	return env, logs
}

// expectOneLine checks that exactly one line was logged, with these attributes.
func expectOneLine(t *testing.T, what string, lines []map[string]any, want map[string]any) map[string]any {
	t.Helper()
	if len(lines) != 1 {
		t.Fatalf("%s: %d log lines, want 1: %v", what, len(lines), lines)
	}
	for k, v := range want {
		if lines[0][k] != v {
			t.Errorf("%s: log %s = %v, want %v (line %v)", what, k, lines[0][k], v, lines[0])
		}
	}
	if id, _ := lines[0]["request_id"].(string); id == "" {
		t.Errorf("%s: no request_id in %v", what, lines[0])
	}
	return lines[0]
}

func TestLogAtInfo(t *testing.T) {
	env, logs := startLogged(t, slog.LevelInfo)
	a := env.SecurityHub(acctA, region)

	// A failed call (4xx): one warn line with what the client was told.
	_, err := a.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "")
	expectOneLine(t, "DescribeHub with the hub off", logs.take(t), map[string]any{
		"level": "WARN", "msg": "request failed", "operation": "DescribeHub", "account": acctA, "region": region,
		"status": float64(401), "code": "InvalidAccessException",
		"message": "Account " + acctA + " is not subscribed to AWS Security Hub",
	})

	// Successful calls: nothing at info.
	if _, err := a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DescribeHub(ctx, &securityhub.DescribeHubInput{}); err != nil {
		t.Fatal(err)
	}
	if lines := logs.take(t); len(lines) != 0 {
		t.Errorf("successful calls logged at info: %v", lines)
	}

	// An operation sechub does not implement (every Security Hub one is; some of AWS
	// Organizations' are not): its own line, once.
	status, _, _ := rawCall(t, env, "POST", "/", []byte("{}"), map[string]string{
		"X-Amz-Target": "AWSOrganizationsV20161128.CreateGovCloudAccount", "Content-Type": "application/x-amz-json-1.1"})
	if status != 501 {
		t.Fatalf("CreateGovCloudAccount: status %d", status)
	}
	expectOneLine(t, "CreateGovCloudAccount", logs.take(t), map[string]any{
		"level": "WARN", "msg": "operation not implemented", "operation": "CreateGovCloudAccount", "code": "NotImplementedException",
	})

	// STS errors carry the STS code.
	resp, err := http.Post(env.URL+"/", "application/x-www-form-urlencoded", strings.NewReader("Action=AssumeRole&Version=2011-06-15"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("STS AssumeRole: status %d", resp.StatusCode)
	}
	expectOneLine(t, "STS AssumeRole", logs.take(t), map[string]any{
		"level": "WARN", "msg": "request failed", "operation": "AssumeRole", "status": float64(400), "code": "InvalidAction",
		"message": "Could not find operation AssumeRole for version 2011-06-15",
	})

	// The health answer names the version.
	resp, err = http.Get(env.URL + "/_sechub/health")
	if err != nil {
		t.Fatal(err)
	}
	var health map[string]any
	json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if health["status"] != "ok" || health["version"] != server.Version() || server.Version() == "" {
		t.Errorf("health %v, want version %q", health, server.Version())
	}
}

func TestLogAtDebug(t *testing.T) {
	env, logs := startLogged(t, slog.LevelDebug)
	a := env.SecurityHub(acctA, region)
	if _, err := a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	expectOneLine(t, "EnableSecurityHub", logs.take(t), map[string]any{
		"level": "DEBUG", "msg": "request", "operation": "EnableSecurityHub", "account": acctA, "region": region,
		"status": float64(200),
	})
}
