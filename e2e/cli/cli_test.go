// Package cli runs the built sechub binary and drives it with the AWS CLI, checking the
// commands' exact output: the first CLI found (SECHUB_AWS_CLI, else the PATH's) runs every
// test, the others (Debian's v2 at /usr/bin/aws) the tests of what a v2 does differently. The
// Terraform tests drive it with the hashicorp/aws provider.
package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/sechub/sechub/internal/testenv"
)

// awsCLI is an AWS CLI found on this machine.
type awsCLI struct {
	path    string // what the tests run
	version string // as --version prints it: "aws-cli/2.9.19 Python/3.11.2 ..."
}

// foundCLIs is the machine's AWS CLIs, looked for once: each --version costs a Python start.
var foundCLIs = sync.OnceValue(func() []awsCLI {
	var found []awsCLI
	seen := map[string]bool{}
	candidates := []string{os.Getenv("SECHUB_AWS_CLI")}
	if p, err := exec.LookPath("aws"); err == nil {
		candidates = append(candidates, p)
	}
	candidates = append(candidates, "/usr/bin/aws")
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if _, err := os.Stat(c); err != nil {
			continue
		}
		c = pyenvTarget(c)
		real, _ := filepath.EvalSymlinks(c)
		if seen[real] {
			continue
		}
		out, err := exec.Command(c, "--version").CombinedOutput()
		if err != nil {
			continue
		}
		seen[real] = true
		found = append(found, awsCLI{path: c, version: strings.TrimSpace(string(out))})
	}
	return found
})

// pyenvTarget returns the program that the pyenv shim at path runs, or path when it is no
// shim. The shim starts bash and pyenv to choose a Python on every call, half a second of CPU
// on top of the CLI's own second.
func pyenvTarget(path string) string {
	shims := filepath.Dir(path)
	if filepath.Base(shims) != "shims" {
		return path
	}
	root := filepath.Dir(shims)
	cmd := exec.Command(filepath.Join(root, "libexec", "pyenv"), "which", filepath.Base(path))
	cmd.Env = append(os.Environ(), "PYENV_ROOT="+root)
	out, err := cmd.Output()
	if err != nil {
		return path
	}
	target := strings.TrimSpace(string(out))
	if _, err := os.Stat(target); err != nil {
		return path
	}
	return target
}

// awsCLIs returns the distinct AWS CLI binaries on this machine, the first one preferred
// (SECHUB_AWS_CLI, else the PATH's), and logs their versions. Without any the test is
// skipped, or fails under CI.
func awsCLIs(t *testing.T) []string {
	t.Helper()
	paths := cliPaths(t)
	for _, c := range foundCLIs() {
		t.Logf("AWS CLI %s: %s", c.path, c.version)
	}
	return paths
}

// cliPaths is awsCLIs without the log.
func cliPaths(t *testing.T) []string {
	t.Helper()
	var paths []string
	for _, c := range foundCLIs() {
		paths = append(paths, c.path)
	}
	if len(paths) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("no AWS CLI on this machine; CI installs it (apt-get install awscli)")
		}
		t.Skip("no AWS CLI installed")
	}
	return paths
}

// cliVersion returns the version of the AWS CLI at path: "2.9.19".
func cliVersion(t *testing.T, path string) string {
	for _, c := range foundCLIs() {
		if c.path == path {
			v, _, _ := strings.Cut(strings.TrimPrefix(c.version, "aws-cli/"), " ")
			return v
		}
	}
	t.Fatalf("%s is not an AWS CLI found here", path)
	return ""
}

// isV2 reports whether the AWS CLI at path is a version 2.
func isV2(t *testing.T, cli string) bool { return strings.HasPrefix(cliVersion(t, cli), "2.") }

// exitCode returns the exit code of a failed run, or -1 when the command did not run.
func exitCode(err error) int {
	var exit interface{ ExitCode() int } // *exec.ExitError, *cliExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	return -1
}

// server is a running sechub binary.
type server struct {
	cmd  *exec.Cmd
	url  string
	data string
	logs *bytes.Buffer
}

// startServer runs the built binary on data, logging every request.
func startServer(t *testing.T, data string, extra ...string) *server {
	t.Helper()
	p := testenv.StartProcess(t, append([]string{"--data", data, "--log-level", "debug"}, extra...)...)
	return &server{cmd: p.Cmd, url: p.URL, data: data, logs: p.Logs}
}

// run runs an AWS CLI command as account in region and returns stdout; a failing command's
// stderr comes back as the error.
func (s *server) run(cli, account, region string, args ...string) (string, error) {
	argv := append(args, "--endpoint-url", s.url, "--output", "json")
	env := append(os.Environ(), "AWS_ACCESS_KEY_ID="+account, "AWS_SECRET_ACCESS_KEY=secret",
		"AWS_DEFAULT_REGION="+region, "AWS_REGION="+region, "AWS_PAGER=", "AWS_CONFIG_FILE=/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	stdout, stderr, err := runCLI(cli, argv, env)
	if err != nil {
		return stdout, fmt.Errorf("%w: %s", err, stderr)
	}
	return stdout, nil
}

func mustRun(t *testing.T, s *server, cli, account, region string, args ...string) string {
	t.Helper()
	out, err := s.run(cli, account, region, args...)
	if err != nil {
		t.Fatalf("aws %s: %v", strings.Join(args, " "), err)
	}
	return out
}

func decode(t *testing.T, out string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("output is not JSON: %q", out)
	}
	return v
}

// TestHubCommands enables, describes and re-enables a hub, and asks STS who is calling, with
// every AWS CLI: a service error exits with 255 from the CLI v1 and 254 from the v2.
func TestHubCommands(t *testing.T) {
	t.Parallel()
	for _, cli := range awsCLIs(t) {
		t.Run(cliVersion(t, cli), func(t *testing.T) {
			t.Parallel()
			s := startServer(t, t.TempDir())
			const acct = "123456789111"
			if out := mustRun(t, s, cli, acct, "us-east-1", "securityhub", "enable-security-hub"); strings.TrimSpace(out) != "" {
				t.Errorf("enable-security-hub printed %q, want nothing", out)
			}
			_, err := s.run(cli, acct, "us-east-1", "securityhub", "enable-security-hub")
			if err == nil || !strings.Contains(err.Error(), "An error occurred (ResourceConflictException) when calling the EnableSecurityHub operation: Account is already subscribed to Security Hub") {
				t.Errorf("second enable-security-hub: %v", err)
			}
			if want := map[bool]int{false: 255, true: 254}[isV2(t, cli)]; exitCode(err) != want {
				t.Errorf("second enable-security-hub exited with %d, want %d", exitCode(err), want)
			}
			hub := decode(t, mustRun(t, s, cli, acct, "us-east-1", "securityhub", "describe-hub"))
			if hub["HubArn"] != "arn:aws:securityhub:us-east-1:123456789111:hub/default" || hub["AutoEnableControls"] != true {
				t.Errorf("describe-hub: %v", hub)
			}
			std := decode(t, mustRun(t, s, cli, acct, "us-east-1", "securityhub", "get-enabled-standards"))
			subs, _ := std["StandardsSubscriptions"].([]any)
			var arns []string
			for _, sub := range subs {
				m := sub.(map[string]any)
				arns = append(arns, m["StandardsArn"].(string))
				if m["StandardsStatus"] != "READY" || !reflect.DeepEqual(m["StandardsInput"], map[string]any{}) {
					t.Errorf("subscription %v", m)
				}
			}
			want := []string{"arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
				"arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"}
			if !reflect.DeepEqual(arns, want) {
				t.Errorf("get-enabled-standards: %v", arns)
			}
			who := decode(t, mustRun(t, s, cli, acct, "eu-west-1", "sts", "get-caller-identity"))
			if !reflect.DeepEqual(who, map[string]any{"UserId": acct, "Account": acct, "Arn": "arn:aws:iam::123456789111:root"}) {
				t.Errorf("sts get-caller-identity: %v", who)
			}
			// Another region has no hub.
			_, err = s.run(cli, acct, "eu-west-1", "securityhub", "describe-hub")
			if err == nil || !strings.Contains(err.Error(), "(InvalidAccessException)") || !strings.Contains(err.Error(), "Account 123456789111 is not subscribed to AWS Security Hub") {
				t.Errorf("describe-hub in another region: %v", err)
			}
		})
	}
}

// TestGracefulShutdownAndCrash stops the binary with SIGTERM (it must exit cleanly) and with
// SIGKILL (acknowledged writes must survive).
func TestGracefulShutdownAndCrash(t *testing.T) {
	t.Parallel()
	cli := awsCLIs(t)[0]
	data := t.TempDir()
	s := startServer(t, data)
	mustRun(t, s, cli, "111111111111", "us-east-1", "securityhub", "enable-security-hub")
	s.cmd.Process.Signal(syscall.SIGTERM)
	if err := s.cmd.Wait(); err != nil {
		t.Fatalf("SIGTERM: exit %v; logs:\n%s", err, s.logs)
	}
	if !strings.Contains(s.logs.String(), "stopped cleanly") {
		t.Errorf("no clean-stop log line:\n%s", s.logs)
	}

	s = startServer(t, data)
	mustRun(t, s, cli, "111111111111", "us-east-1", "securityhub", "describe-hub")
	mustRun(t, s, cli, "222222222222", "us-east-1", "securityhub", "enable-security-hub")
	s.cmd.Process.Kill() // kill -9 right after the write was acknowledged
	s.cmd.Wait()

	s = startServer(t, data)
	for _, acct := range []string{"111111111111", "222222222222"} {
		if _, err := s.run(cli, acct, "us-east-1", "securityhub", "describe-hub"); err != nil {
			t.Errorf("hub of %s lost: %v", acct, err)
		}
	}
}
