package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Most of the Terraform tests' CPU is the hashicorp/aws provider's, little of it spent on
// sechub's resources: every terraform command starts the provider once for its schema (a
// 13 MB answer) and once per provider configuration in each graph walk (validate, plan,
// apply), and in each walk the provider answers ValidateProviderConfig (tfplugin5's
// PrepareProviderConfig) by checking the schemas of all its resources, about two seconds of
// CPU.
//
// So a Terraform test runs the provider in debug mode, once per provider configuration, and
// points every terraform command at it (TF_REATTACH_PROVIDERS) through a providerServer: a
// gRPC proxy that gives each of Terraform's connections (one per provider configuration in a
// walk) the process serving that configuration, since a provider process keeps one
// configuration (its last ConfigureProvider), and answers GetSchema and PrepareProviderConfig
// again from their first answer to the same request. Every other call (configure, plan,
// apply, read, import) reaches a provider as it would without the proxy.
// SECHUB_TF_PROVIDER_PROCESS=1 lets terraform start the provider itself instead.

// keptAnswers are the provider's calls whose answer depends on the request alone.
var keptAnswers = map[string]bool{
	"/tfplugin5.Provider/GetSchema":             true,
	"/tfplugin5.Provider/PrepareProviderConfig": true,
}

// configureMethod is the call that gives a provider process its configuration.
const configureMethod = "/tfplugin5.Provider/Configure"

// providerServer is the address Terraform reattaches to: it serves the gRPC calls of a
// provider binary from processes of it, one per provider configuration, started as needed.
type providerServer struct {
	t        *testing.T
	binary   string
	dir      string // the sockets and the processes' temporary files
	reattach string // TF_REATTACH_PROVIDERS for terraform
	http     *http.Server

	mu        sync.Mutex
	processes []*providerProcess
	byConfig  map[string]*providerProcess // by Configure request
	answers   map[string]*grpcAnswer      // by method and request
}

// providerProcess is a provider binary running in debug mode.
type providerProcess struct {
	cmd       *exec.Cmd
	transport *http.Transport
	proxy     *httputil.ReverseProxy
	configure string // the Configure request it serves; "" until it has one
}

// grpcAnswer is a whole gRPC answer, as kept for requests that come again.
type grpcAnswer struct {
	header, trailer http.Header
	body            []byte
}

// providerConn is what a providerServer knows of one of Terraform's connections.
type providerConn struct {
	mu      sync.Mutex
	process *providerProcess // the process of its provider configuration, once configured
}

type providerConnKey struct{}

// startProviderServer starts a providerServer for the provider binary at binary and the first
// process of it; both stop when the test ends.
func startProviderServer(t *testing.T, binary string) *providerServer {
	t.Helper()
	dir, err := os.MkdirTemp("", "tfp") // short: a socket's path has at most 107 bytes
	if err != nil {
		t.Fatal(err)
	}
	s := &providerServer{t: t, binary: binary, dir: dir, byConfig: map[string]*providerProcess{}, answers: map[string]*grpcAnswer{}}
	t.Cleanup(s.stop)
	first, address, err := s.start()
	if err != nil {
		t.Fatal(err)
	}
	socket := filepath.Join(dir, "provider.sock")
	listener, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	s.http = &http.Server{Handler: s, Protocols: h2cOnly(),
		ConnContext: func(ctx context.Context, _ net.Conn) context.Context {
			return context.WithValue(ctx, providerConnKey{}, &providerConn{})
		}}
	go s.http.Serve(listener)
	// Test: Terraform neither waits for nor stops the process; Pid is the one it would signal.
	address.Pid, address.Test = first.cmd.Process.Pid, true
	address.Addr.Network, address.Addr.String = "unix", socket
	reattach, _ := json.Marshal(map[string]reattachConfig{address.provider: address})
	s.reattach = string(reattach)
	return s
}

// reattachConfig is a provider's entry in TF_REATTACH_PROVIDERS.
type reattachConfig struct {
	provider        string
	Protocol        string
	ProtocolVersion int
	Pid             int
	Test            bool
	Addr            struct{ Network, String string }
}

func h2cOnly() *http.Protocols {
	var p http.Protocols
	p.SetUnencryptedHTTP2(true) // gRPC without TLS
	return &p
}

// start starts a process of the provider in debug mode and returns it with the address it
// serves on, as it prints it.
func (s *providerServer) start() (*providerProcess, reattachConfig, error) {
	cmd := exec.Command(s.binary, "-debug")
	cmd.Dir = s.dir
	cmd.Env = providerEnv(s.dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, reattachConfig{}, err
	}
	if err := cmd.Start(); err != nil {
		return nil, reattachConfig{}, err
	}
	p := &providerProcess{cmd: cmd}
	found := make(chan reattachConfig, 1)
	go func() {
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			line := strings.TrimSpace(lines.Text())
			if entries, ok := strings.CutPrefix(line, "TF_REATTACH_PROVIDERS='"); ok {
				var m map[string]reattachConfig
				if json.Unmarshal([]byte(strings.TrimSuffix(entries, "'")), &m) == nil && len(m) == 1 {
					for provider, c := range m {
						c.provider = provider
						found <- c
					}
				}
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	var address reattachConfig
	select {
	case address = <-found:
	case <-time.After(2 * time.Minute):
		p.stop()
		return nil, address, fmt.Errorf("%s -debug printed no TF_REATTACH_PROVIDERS", s.binary)
	}
	p.transport = &http.Transport{Protocols: h2cOnly(), DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, address.Addr.Network, address.Addr.String)
	}}
	p.proxy = &httputil.ReverseProxy{Transport: p.transport, FlushInterval: -1, Rewrite: func(r *httputil.ProxyRequest) {
		r.Out.URL.Scheme, r.Out.URL.Host = "http", "provider"
	}}
	s.mu.Lock()
	s.processes = append(s.processes, p)
	s.mu.Unlock()
	return p, address, nil
}

// providerEnv is the environment of a provider process: as terraform's, without AWS
// configuration files and without AWS_CA_BUNDLE. sechub speaks plain HTTP, and a provider
// process configured a second time with a CA bundle fails ("unable to add custom RootCAs
// HTTPClient").
func providerEnv(tmp string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_CA_BUNDLE=") {
			env = append(env, kv)
		}
	}
	env = append(env, "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "CHECKPOINT_DISABLE=1", "TMPDIR="+tmp)
	if os.Getenv("GOGC") == "" {
		env = append(env, "GOGC=400") // as for terraform (see terraform.run)
	}
	return env
}

// ServeHTTP serves one gRPC call of Terraform's.
func (s *providerServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	conn := r.Context().Value(providerConnKey{}).(*providerConn)
	method := r.URL.Path
	if method != configureMethod && !keptAnswers[method] {
		s.processOf(conn).proxy.ServeHTTP(w, r)
		return
	}
	request, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if method == configureMethod {
		p, err := s.processFor(string(request))
		if err != nil {
			s.t.Errorf("starting a provider process for another configuration: %v", err)
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		conn.mu.Lock()
		conn.process = p
		conn.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(request))
		p.proxy.ServeHTTP(w, r)
		return
	}
	key := method + "\x00" + string(request)
	s.mu.Lock()
	answer := s.answers[key]
	s.mu.Unlock()
	if answer == nil {
		if answer, err = s.processOf(conn).exchange(r, request); err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		if answer.status() == "0" { // errors are not kept
			s.mu.Lock()
			s.answers[key] = answer
			s.mu.Unlock()
		}
	}
	answer.write(w)
}

// processOf returns the process of the connection's provider configuration, or the first
// process while the connection has none (its calls depend on no configuration).
func (s *providerServer) processOf(conn *providerConn) *providerProcess {
	conn.mu.Lock()
	defer conn.mu.Unlock()
	if conn.process != nil {
		return conn.process
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.processes[0]
}

// processFor returns the process that serves the provider configuration of a Configure
// request: the one that served it before, else one that serves none yet, else a new one.
func (s *providerServer) processFor(configure string) (*providerProcess, error) {
	s.mu.Lock()
	if p := s.byConfig[configure]; p != nil {
		s.mu.Unlock()
		return p, nil
	}
	for _, p := range s.processes {
		if p.configure == "" {
			p.configure, s.byConfig[configure] = configure, p
			s.mu.Unlock()
			return p, nil
		}
	}
	s.mu.Unlock()
	// Starting takes a while; two configurations that wait for it get a process each.
	p, _, err := s.start()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if other := s.byConfig[configure]; other != nil {
		return other, nil // started for the same configuration meanwhile; p stays spare
	}
	p.configure, s.byConfig[configure] = configure, p
	return p, nil
}

// exchange sends a unary call (r with the request body it had) to the process and reads the
// whole answer.
func (p *providerProcess) exchange(r *http.Request, request []byte) (*grpcAnswer, error) {
	out := r.Clone(r.Context())
	out.RequestURI, out.URL.Scheme, out.URL.Host = "", "http", "provider"
	out.Body, out.ContentLength = io.NopCloser(bytes.NewReader(request)), int64(len(request))
	res, err := p.transport.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body) // up to the end, after which res.Trailer is complete
	if err != nil {
		return nil, err
	}
	return &grpcAnswer{header: res.Header, trailer: res.Trailer, body: body}, nil
}

// status is the answer's gRPC status code ("0" is OK).
func (a *grpcAnswer) status() string {
	if v := a.trailer.Get("Grpc-Status"); v != "" {
		return v
	}
	return a.header.Get("Grpc-Status") // an answer without a message has no trailer
}

func (a *grpcAnswer) write(w http.ResponseWriter) {
	for k, v := range a.header {
		w.Header()[k] = v
	}
	w.WriteHeader(http.StatusOK)
	w.Write(a.body)
	for k, v := range a.trailer {
		w.Header()[http.TrailerPrefix+k] = v
	}
}

// stop closes Terraform's connections and stops the processes.
func (s *providerServer) stop() {
	if s.http != nil {
		s.http.Close()
	}
	s.mu.Lock()
	processes := s.processes
	s.mu.Unlock()
	for _, p := range processes {
		p.stop()
	}
	os.RemoveAll(s.dir)
}

// stop stops the process: as on Ctrl-C, else killed after a while.
func (p *providerProcess) stop() {
	p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
	if p.transport != nil {
		p.transport.CloseIdleConnections()
	}
}
