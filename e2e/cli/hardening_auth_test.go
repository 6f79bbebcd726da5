package cli

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/testenv"
)

const (
	strictKey, strictSecret     = "AKIASECHUBCLIUSER001", "user-secret"
	strictOperator, strictOpKey = "AKIASECHUBCLIOPS0001", "ops-secret"
)

// startStrictBinary runs the built binary in strict mode with an ordinary key and an operator
// key, and the given extra flags.
func startStrictBinary(t *testing.T, extra ...string) *testenv.Process {
	t.Helper()
	creds := filepath.Join(t.TempDir(), "credentials")
	content := strictKey + " " + strictSecret + " 111111111111\n" + strictOperator + " " + strictOpKey + " 999999999999 ops role=operator\n"
	if err := os.WriteFile(creds, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return testenv.StartProcess(t, append([]string{"--data", t.TempDir(), "--auth", "strict", "--credentials", creds}, extra...)...)
}

// requireTool returns the path of a program the test needs; without it the test is skipped,
// or fails under CI.
func requireTool(t *testing.T, name string, check ...string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil && len(check) > 0 {
		err = exec.Command(path, check...).Run()
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is needed: %v", name, err)
		}
		t.Skipf("%s is not usable here: %v", name, err)
	}
	return path
}

// TestBoto3PresignedURLInStrictMode: boto3's own generate_presigned_url works against strict
// mode, within the seven-day cap, and is refused past it, as AWS does.
func TestBoto3PresignedURLInStrictMode(t *testing.T) {
	t.Parallel()
	python := requireTool(t, "python3", "-c", "import boto3")
	p := startStrictBinary(t)
	script := `
import json, sys, urllib.request, urllib.error
import boto3
hub = boto3.client("securityhub", endpoint_url=sys.argv[1], region_name="us-east-1",
                   aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
hub.enable_security_hub()
out = {}
for expires in (600, 604800, 604801):
    url = hub.generate_presigned_url("describe_hub", ExpiresIn=expires)
    try:
        with urllib.request.urlopen(url) as resp:
            out[str(expires)] = [resp.status, json.load(resp)]
    except urllib.error.HTTPError as e:
        out[str(expires)] = [e.code, json.load(e)]
print(json.dumps(out))
`
	cmd := exec.Command(python, "-c", script, p.URL, strictKey, strictSecret)
	cmd.Env = append(os.Environ(), "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("boto3: %v\n%s\n%s", err, out, p.Logs)
	}
	var got map[string][2]any // ExpiresIn → [status, answer]
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("boto3 printed %s", out)
	}
	answer := func(expires string) (float64, map[string]any) {
		status, _ := got[expires][0].(float64)
		doc, _ := got[expires][1].(map[string]any)
		return status, doc
	}
	for _, expires := range []string{"600", "604800"} {
		if status, doc := answer(expires); status != 200 || doc["HubArn"] != "arn:aws:securityhub:us-east-1:111111111111:hub/default" {
			t.Errorf("presigned DescribeHub, ExpiresIn=%s: %s", expires, out)
		}
	}
	if status, doc := answer("604801"); status != 403 || doc["Code"] != "IncompleteSignatureException" ||
		!strings.HasPrefix(doc["Message"].(string), "X-Amz-Expires must be less than a week") {
		t.Errorf("presigned DescribeHub, ExpiresIn=604801: %s", out)
	}
}

// TestCurlResetsAsOperator: the README's curl command (curl's own SigV4 signing) resets a
// strict server with the operator key; an ordinary key and no signature are refused.
func TestCurlResetsAsOperator(t *testing.T) {
	t.Parallel()
	curl := requireTool(t, "curl", "--version")
	p := startStrictBinary(t)
	reset := func(args ...string) (string, string) {
		out, err := exec.Command(curl, append([]string{"-s", "-w", "\n%{http_code}", "-X", "POST"}, append(args, p.URL+"/_sechub/reset")...)...).Output()
		if err != nil {
			t.Fatalf("curl: %v", err)
		}
		text := strings.TrimSpace(string(out))
		at := strings.LastIndexByte(text, '\n')
		return text[at+1:], text[:max(at, 0)]
	}
	if code, body := reset(); code != "403" || !strings.Contains(body, "needs a signed request") {
		t.Errorf("unsigned: %s %s", code, body)
	}
	if code, body := reset("--aws-sigv4", "aws:amz:us-east-1:sechub", "--user", strictKey+":"+strictSecret); code != "403" || !strings.Contains(body, "is not an operator key") {
		t.Errorf("ordinary key: %s %s", code, body)
	}
	if code, body := reset("--aws-sigv4", "aws:amz:us-east-1:sechub", "--user", strictOperator+":"+strictOpKey); code != "200" {
		t.Errorf("operator key: %s %s\n%s", code, body, p.Logs)
	}
}

// TestReadTimeoutFlag: --read-timeout cuts off a body sent a byte at a time.
func TestReadTimeoutFlag(t *testing.T) {
	t.Parallel()
	p := testenv.StartProcess(t, "--data", t.TempDir(), "--read-timeout", "1s", "--idle-timeout", "1s")
	resp, _, took, err := testenv.SendSlowly(strings.TrimPrefix(p.URL, "http://"), "POST /accounts HTTP/1.1\r\nHost: sechub\r\n",
		50, 200*time.Millisecond, 8*time.Second)
	if err != nil || resp.StatusCode != http.StatusRequestTimeout || took > 5*time.Second {
		t.Fatalf("slow body: %v %v after %v", resp, err, took)
	}
	if _, stderr, code := runBinary(t, "serve", "--read-timeout", "soon"); code == 0 || !strings.Contains(stderr, "read-timeout") {
		t.Errorf("a bad --read-timeout: exit %d, %s", code, stderr)
	}
}
