package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/store/storetest"
	"github.com/sechub/sechub/internal/testenv"
)

// rieModule is the Lambda runtime interface emulator the test runs, from the Go module proxy.
const rieModule = "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@v0.0.0-20261030222936-bef5c4ba774d"

// lambdaBinaries builds (once per user cache) the runtime interface emulator and the test's
// Lambda function (testdata/lambdafn), and returns their paths. Without a Go module proxy to
// build them from, the test is skipped, unless CI is set.
func lambdaBinaries(t *testing.T) (rie, function string) {
	t.Helper()
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "sechub-test", "lambda")
	rie, function = filepath.Join(dir, "aws-lambda-rie"), filepath.Join(dir, "lambdafn")
	build := func(out string, cmd *exec.Cmd) {
		if _, err := os.Stat(out); err == nil {
			return
		}
		cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=-mod=mod", "GOWORK=off")
		if msg, err := cmd.CombinedOutput(); err != nil {
			if os.Getenv("CI") == "" {
				t.Skipf("building %s: %v: %s", filepath.Base(out), err, msg)
			}
			t.Fatalf("building %s: %v: %s", filepath.Base(out), err, msg)
		}
	}
	build(rie, exec.Command("go", "install", rieModule))
	src, err := filepath.Abs("testdata/lambdafn")
	if err != nil {
		t.Fatal(err)
	}
	build(function, exec.Command("go", "build", "-C", src, "-o", function, "."))
	return rie, function
}

// TestEventsToLambdaEmulator: a Go Lambda function (aws-lambda-go, taking the
// events.CloudWatchEvent it would get from EventBridge) runs under AWS's Lambda runtime
// interface emulator, and sechub's --events-url is the emulator's invocation URL, as the README
// shows: every event reaches the function, decoded by aws-lambda-go, each finding's in order.
func TestEventsToLambdaEmulator(t *testing.T) {
	if storetest.OnPostgres() {
		t.Skip("the receiver does not depend on the store: this test runs in the SQLite run of the suite")
	}
	rie, function := lambdaBinaries(t)
	out := filepath.Join(t.TempDir(), "events.jsonl")
	addr := testenv.FreeAddress(t)
	cmd := exec.Command(rie, "--log-level", "error", "--runtime-api-address", testenv.FreeAddress(t),
		"--runtime-interface-emulator-address", addr, function)
	cmd.Env = append(os.Environ(), "EVENTS_FILE="+out)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // the emulator and the function it starts
	logs, err := os.Create(filepath.Join(t.TempDir(), "rie.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
	})
	env := testenv.Start(t, testenv.WithConfig(func(c *server.Config) {
		c.EventsURL = "http://" + addr + "/2015-03-31/functions/function/invocations"
	}))
	a := newAccount(t, env, acctA, true)
	var ids []string
	for i := range 25 {
		ids = append(ids, fmt.Sprintf("l%02d", i))
	}
	const versions = 2
	for v := 1; v <= versions; v++ {
		var batch []types.AwsSecurityFinding
		for _, id := range ids {
			batch = append(batch, versioned(acctA, id, v))
		}
		importFindings(t, a.c, batch...)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		got := lambdaEvents(t, out)
		if allVersions(acctA, ids, versions)(got) {
			for _, e := range got {
				checkImported(t, e, acctA, productOf(acctA), e.Finding["Id"].(string))
			}
			dup := checkComplete(t, got, acctA, ids, versions)
			t.Logf("the function got %d events, %d of them again", len(got), dup)
			return
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logs.Name())
			t.Fatalf("the function got %d events of %d; emulator's log:\n%s", len(got), len(ids)*versions, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// lambdaEvents reads the events the function wrote: aws-lambda-go's events.CloudWatchEvent,
// as it decoded them, encoded again (the same JSON members as the envelope).
func lambdaEvents(t *testing.T, path string) []received {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []received
	lines := bufio.NewScanner(f)
	lines.Buffer(nil, 1<<20)
	for lines.Scan() {
		r := received{ContentType: "application/json"}
		if err := json.Unmarshal(lines.Bytes(), &r.Envelope); err != nil {
			continue // a line being written
		}
		json.Unmarshal(r.Envelope.Detail, &r.Detail)
		if fs, _ := r.Detail["findings"].([]any); len(fs) > 0 {
			r.Finding, _ = fs[0].(map[string]any)
		}
		out = append(out, r)
	}
	return out
}
