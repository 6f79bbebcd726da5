package testenv

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	buildOnce   sync.Once
	builtBinary string
	buildErr    error
)

// Binary builds cmd/sechub once per test binary and returns its path.
func Binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "sechub-bin")
		if err != nil {
			buildErr = err
			return
		}
		builtBinary = filepath.Join(dir, "sechub")
		out, err := exec.Command("go", "build", "-o", builtBinary, "github.com/sechub/sechub/cmd/sechub").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("building sechub: %v: %s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBinary
}

// Process is sechub running as its own process (the built binary), as users run it.
type Process struct {
	Cmd  *exec.Cmd
	URL  string
	Logs *bytes.Buffer
}

// FreeAddress returns a local TCP address nobody listens on.
func FreeAddress(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// StartProcess runs `sechub serve --listen <free port> args...`, waits until it is healthy and
// kills it when the test ends.
func StartProcess(t testing.TB, args ...string) *Process {
	t.Helper()
	return StartBinary(t, Binary(t), args...)
}

// StartBinary is StartProcess with another build of sechub (an older one, to compare).
func StartBinary(t testing.TB, binary string, args ...string) *Process {
	t.Helper()
	addr := FreeAddress(t)
	p := &Process{URL: "http://" + addr, Logs: &bytes.Buffer{}}
	p.Cmd = exec.Command(binary, append([]string{"serve", "--listen", addr}, args...)...)
	p.Cmd.Stdout, p.Cmd.Stderr = p.Logs, p.Logs
	if err := p.Cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.Cmd.ProcessState == nil {
			p.Cmd.Process.Kill()
			p.Cmd.Wait()
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(p.URL + "/_sechub/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("sechub did not become healthy: %s", p.Logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Env returns an Env whose clients talk to the process.
func (p *Process) Env() *Env { return &Env{URL: p.URL} }

// PeakRSS returns the process's peak resident set size in bytes (Linux: VmHWM).
func (p *Process) PeakRSS() (int64, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.Cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", p.Cmd.Process.Pid)
}
