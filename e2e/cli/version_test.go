package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/sechub/sechub/internal/testenv"
)

// runBinary runs the built sechub with args and returns its stdout, stderr and exit code.
func runBinary(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(testenv.Binary(t), args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("sechub %v: %v", args, err)
	}
	return out.String(), errOut.String(), code
}

func TestHelp(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"--help", "help", "-h"} {
		out, errOut, code := runBinary(t, arg)
		if code != 0 || errOut != "" {
			t.Errorf("sechub %s: exit %d, stderr %q", arg, code, errOut)
		}
		for _, want := range []string{"Security Hub", "serve", "help", "version"} {
			if !strings.Contains(out, want) {
				t.Errorf("sechub %s does not mention %q:\n%s", arg, want, out)
			}
		}
	}
	out, errOut, code := runBinary(t, "frobnicate")
	if code != 2 || out != "" || !strings.Contains(errOut, "sechub serve") {
		t.Errorf("unknown command: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, _, code := runBinary(t); code != 2 {
		t.Errorf("no command: exit %d, want 2", code)
	}
	// serve -help still lists the flags.
	_, errOut, code = runBinary(t, "serve", "-help")
	if code != 0 || !strings.Contains(errOut, "-log-format") || !strings.Contains(errOut, "-listen") {
		t.Errorf("serve -help: exit %d:\n%s", code, errOut)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	var first string
	for _, arg := range []string{"version", "--version"} {
		out, errOut, code := runBinary(t, arg)
		if code != 0 || errOut != "" || !strings.HasPrefix(out, "sechub ") || strings.Count(out, "\n") != 1 ||
			len(strings.TrimSpace(out)) <= len("sechub") {
			t.Errorf("sechub %s: exit %d, stdout %q, stderr %q", arg, code, out, errOut)
		}
		if first == "" {
			first = out
		} else if out != first {
			t.Errorf("sechub %s printed %q, sechub version %q", arg, out, first)
		}
	}
	t.Logf("version: %s", strings.TrimSpace(first))

	// The health answer and the start-up line carry the same version.
	version := strings.TrimPrefix(strings.TrimSpace(first), "sechub ")
	p := testenv.StartProcess(t, "--data", t.TempDir())
	resp, err := http.Get(p.URL + "/_sechub/health")
	if err != nil {
		t.Fatal(err)
	}
	var health map[string]any
	json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if health["version"] != version {
		t.Errorf("health %v, want version %q", health, version)
	}
	p.Cmd.Process.Signal(syscall.SIGTERM)
	p.Cmd.Wait()
	startup, _, _ := strings.Cut(p.Logs.String(), "\n")
	if !strings.Contains(startup, "sechub listening") || !strings.Contains(startup, "version=") || !strings.Contains(startup, version) {
		t.Errorf("start-up line without the version %q: %s", version, startup)
	}
}

func TestLogFormatJSON(t *testing.T) {
	t.Parallel()
	p := testenv.StartProcess(t, "--data", t.TempDir(), "--log-format", "json")
	// A failed call (no hub) and an operation sechub does not implement.
	resp, err := http.Get(p.URL + "/accounts")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest(http.MethodPost, p.URL+"/", strings.NewReader(`{"HandshakeId":"h-0123456789"}`))
	req.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128.DescribeHandshake")
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=123456789012/20260101/us-east-1/organizations/aws4_request, SignedHeaders=host, Signature=00")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	p.Cmd.Process.Signal(syscall.SIGTERM)
	if err := p.Cmd.Wait(); err != nil {
		t.Fatalf("SIGTERM: %v\n%s", err, p.Logs)
	}

	var msgs []string
	var failed, notImplemented map[string]any
	for _, line := range strings.Split(strings.TrimSpace(p.Logs.String()), "\n") {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("log line is not JSON: %q\n%s", line, p.Logs)
		}
		msg, _ := v["msg"].(string)
		msgs = append(msgs, msg)
		switch msg {
		case "request failed":
			failed = v
		case "operation not implemented":
			notImplemented = v
		}
	}
	want := []string{"sechub listening", "request failed", "operation not implemented",
		"shutting down: finishing in-flight requests", "stopped cleanly"}
	if strings.Join(msgs, "|") != strings.Join(want, "|") {
		t.Errorf("log messages %q, want %q", msgs, want)
	}
	if failed["level"] != "WARN" || failed["operation"] != "DescribeHub" || failed["status"] != float64(401) ||
		failed["code"] != "InvalidAccessException" || failed["account"] != "123456789012" || failed["region"] != "us-east-1" {
		t.Errorf("failed-request line: %v", failed)
	}
	if notImplemented["level"] != "WARN" || notImplemented["operation"] != "DescribeHandshake" {
		t.Errorf("not-implemented line: %v", notImplemented)
	}

	// An unknown format is refused.
	_, errOut, code := runBinary(t, "serve", "--log-format", "xml", "--data", t.TempDir(), "--listen", testenv.FreeAddress(t))
	if code != 1 || !strings.Contains(errOut, "log format") {
		t.Errorf("--log-format xml: exit %d, stderr %q", code, errOut)
	}
}
