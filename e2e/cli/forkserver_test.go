package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The AWS CLI is a Python program that spends about a second of CPU starting (imports, its
// service models parsed) for every call. So each CLI's calls run in processes forked from one
// Python process that has done that once (testdata/awscli_forkserver.py): a fork behaves as the
// CLI process does (its own environment, streams and exit code) for a tenth of the CPU.
// SECHUB_CLI_PROCESS=1 runs every call as its own process instead.

// forkServerWarmUp are the CLI commands whose imports and service models a fork server loads
// before forking: one of each service the tests call.
var forkServerWarmUp = []string{"securityhub describe-hub", "sts get-caller-identity", "organizations describe-organization"}

var (
	forkServersMu sync.Mutex
	forkServers   = map[string]func() (*cliForkServer, error){} // by CLI path, started once
)

// TestMain stops the fork servers when the tests are done, so that their CPU is the test
// binary's (go test's time -v counts it) and no process outlives the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	forkServersMu.Lock()
	for _, started := range forkServers {
		if fs, _ := started(); fs != nil {
			fs.stop()
		}
	}
	forkServersMu.Unlock()
	os.Exit(code)
}

// runCLI runs the AWS CLI at cli with args and env (the whole environment) and returns its
// stdout and stderr; a non-zero exit is an error whose ExitCode is the CLI's.
func runCLI(cli string, args, env []string) (stdout, stderr string, err error) {
	fs, err := forkServerFor(cli)
	if err != nil {
		return "", "", err
	}
	if fs != nil {
		return fs.run(args, env)
	}
	cmd := exec.Command(cli, args...)
	cmd.Env = env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// cliExitError is a forked CLI call's non-zero exit, as exec.ExitError is a process's.
type cliExitError struct{ code int }

func (e *cliExitError) Error() string {
	if e.code < 0 {
		return fmt.Sprintf("signal: %d", -e.code)
	}
	return fmt.Sprintf("exit status %d", e.code)
}

// ExitCode is the CLI's exit code, or -1 when a signal ended it (as exec.ExitError has it).
func (e *cliExitError) ExitCode() int { return max(e.code, -1) }

// cliForkServer is a running testdata/awscli_forkserver.py for one AWS CLI.
type cliForkServer struct {
	cmd     *exec.Cmd
	outputs string // the directory of the calls' stdout and stderr files

	mu      sync.Mutex
	stdin   io.WriteCloser
	nextID  int
	waiting map[int]chan int // by request id: where its exit code goes
	err     error            // why the server stopped answering
}

// forkServerFor returns the fork server of the AWS CLI at cli, started on first use, or nil
// when cli runs as processes: SECHUB_CLI_PROCESS is set or cli is no Python awscli script.
func forkServerFor(cli string) (*cliForkServer, error) {
	forkServersMu.Lock()
	started, ok := forkServers[cli]
	if !ok {
		started = sync.OnceValues(func() (*cliForkServer, error) {
			interpreter := pythonScriptInterpreter(cli)
			if os.Getenv("SECHUB_CLI_PROCESS") != "" || interpreter == nil {
				return nil, nil
			}
			return startForkServer(cli, interpreter)
		})
		forkServers[cli] = started
	}
	forkServersMu.Unlock()
	return started()
}

// pythonScriptInterpreter returns the #! command of the AWS CLI script at path (a Python), or
// nil when path is not a Python script that runs awscli's driver.
func pythonScriptInterpreter(path string) []string {
	script, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(script, []byte("#!")) || !bytes.Contains(script, []byte("awscli.clidriver.main()")) {
		return nil
	}
	line, _, _ := strings.Cut(string(script[2:]), "\n")
	interpreter := strings.Fields(line)
	if len(interpreter) == 0 || !strings.Contains(filepath.Base(interpreter[len(interpreter)-1]), "python") {
		return nil
	}
	return interpreter
}

// startForkServer starts the fork server for the CLI script cli run by interpreter and waits
// until it has loaded the CLI.
func startForkServer(cli string, interpreter []string) (*cliForkServer, error) {
	driver, err := filepath.Abs(filepath.Join("testdata", "awscli_forkserver.py"))
	if err != nil {
		return nil, err
	}
	outputs, err := os.MkdirTemp("", "awscli-calls")
	if err != nil {
		return nil, err
	}
	args := append(append(interpreter[1:], driver, cli), forkServerWarmUp...)
	fs := &cliForkServer{cmd: exec.Command(interpreter[0], args...), outputs: outputs, waiting: map[int]chan int{}}
	fs.cmd.Stderr = os.Stderr // the server's own failures; the calls' stderr goes to files
	if fs.stdin, err = fs.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	answers, err := fs.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := fs.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the AWS CLI fork server: %w", err)
	}
	lines := bufio.NewScanner(answers)
	if !lines.Scan() || lines.Text() != `{"ready": true}` {
		fs.stdin.Close()
		fs.cmd.Wait()
		return nil, fmt.Errorf("the AWS CLI fork server for %s did not start (%q); SECHUB_CLI_PROCESS=1 runs the CLI as processes", cli, lines.Text())
	}
	go fs.readAnswers(lines)
	return fs, nil
}

// readAnswers hands each answer's exit code to the call waiting for it, until the server ends.
func (fs *cliForkServer) readAnswers(lines *bufio.Scanner) {
	for lines.Scan() {
		var answer struct{ ID, Code int }
		if err := json.Unmarshal(lines.Bytes(), &answer); err != nil {
			fs.fail(fmt.Errorf("the AWS CLI fork server answered %q", lines.Text()))
			return
		}
		fs.mu.Lock()
		done := fs.waiting[answer.ID]
		delete(fs.waiting, answer.ID)
		fs.mu.Unlock()
		if done != nil {
			done <- answer.Code
		}
	}
	fs.fail(fmt.Errorf("the AWS CLI fork server stopped: %v", lines.Err()))
}

// fail records why the server stopped and releases every waiting call.
func (fs *cliForkServer) fail(err error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.err == nil {
		fs.err = err
	}
	for id, done := range fs.waiting {
		close(done)
		delete(fs.waiting, id)
	}
}

// run runs one CLI call in a fork, in the test's working directory.
func (fs *cliForkServer) run(args, env []string) (stdout, stderr string, err error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", "", err
	}
	fs.mu.Lock()
	if fs.err != nil {
		fs.mu.Unlock()
		return "", "", fs.err
	}
	fs.nextID++
	id := fs.nextID
	outFile := filepath.Join(fs.outputs, fmt.Sprint(id, ".out"))
	errFile := filepath.Join(fs.outputs, fmt.Sprint(id, ".err"))
	request, err := json.Marshal(map[string]any{"id": id, "argv": args, "env": env, "dir": dir, "stdout": outFile, "stderr": errFile})
	if err != nil {
		fs.mu.Unlock()
		return "", "", err
	}
	done := make(chan int, 1)
	fs.waiting[id] = done
	_, err = fs.stdin.Write(append(request, '\n'))
	fs.mu.Unlock()
	if err != nil {
		fs.fail(fmt.Errorf("writing to the AWS CLI fork server: %w", err))
	}
	code, ok := <-done
	if !ok {
		fs.mu.Lock()
		defer fs.mu.Unlock()
		return "", "", fs.err
	}
	out, _ := os.ReadFile(outFile)
	errOut, _ := os.ReadFile(errFile)
	os.Remove(outFile)
	os.Remove(errFile)
	if code != 0 {
		err = &cliExitError{code: code}
	}
	return string(out), string(errOut), err
}

// stop ends the server (it finishes the calls under way) and waits for it.
func (fs *cliForkServer) stop() {
	fs.stdin.Close()
	fs.cmd.Wait()
	os.RemoveAll(fs.outputs)
}

// TestForkServerLikeProcess runs the same calls, one that succeeds, one that sechub refuses and
// one that the CLI itself refuses, as processes and forked: output, errors and exit codes must
// be the same.
func TestForkServerLikeProcess(t *testing.T) {
	t.Parallel()
	for _, cli := range awsCLIs(t) {
		fs, err := forkServerFor(cli)
		if err != nil {
			t.Fatal(err)
		}
		if fs == nil {
			continue // this CLI runs as processes anyway
		}
		s := startServer(t, t.TempDir())
		env := append(os.Environ(), "AWS_ACCESS_KEY_ID=123456789012", "AWS_SECRET_ACCESS_KEY=secret",
			"AWS_DEFAULT_REGION=us-east-1", "AWS_PAGER=", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
		for _, args := range [][]string{
			{"securityhub", "describe-hub", "--endpoint-url", s.url},
			{"sts", "get-caller-identity", "--endpoint-url", s.url},
			{"securityhub", "create-members", "--account-details", "not json", "--endpoint-url", s.url},
		} {
			cmd := exec.Command(cli, args...)
			cmd.Env = env
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			procErr := cmd.Run()
			forkOut, forkErrOut, forkErr := fs.run(args, env)
			if forkOut != out.String() || forkErrOut != errOut.String() || exitCode(forkErr) != exitCode(procErr) {
				t.Errorf("%s %s: forked printed %q, %q and exited with %d; the process %q, %q and %d", cli, strings.Join(args[:2], " "),
					forkOut, forkErrOut, exitCode(forkErr), out.String(), errOut.String(), exitCode(procErr))
			}
		}
	}
}
