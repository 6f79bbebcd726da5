// Command sechub is a self-hosted, wire-compatible AWS Security Hub.
//
//	sechub serve [flags]   run the server
//	sechub help            what sechub is, and its commands
//	sechub version         the version, from the build information
//
// Every flag can also be set by an environment variable (shown in -help); a flag given on the
// command line wins over its variable.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/server"
)

// DefaultListen is sechub's port: not LocalStack's 4566 nor moto's 5000.
const DefaultListen = "127.0.0.1:4600"

const usage = `sechub is a self-hosted, wire-compatible AWS Security Hub: the AWS CLI, the AWS SDKs and
Terraform work against it with only an endpoint override. It also answers STS
GetCallerIdentity and AWS Organizations on the same port, and keeps its state in an embedded
SQLite store or a shared PostgreSQL database.

Usage:
  sechub serve [flags]   run the server (sechub serve -help lists the flags)
  sechub help            print this help
  sechub version         print the version
`

func main() {
	command := ""
	if len(os.Args) > 1 {
		command = os.Args[1]
	}
	switch command {
	case "serve":
		if err := serve(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "sechub:", err)
			os.Exit(1)
		}
	case "help", "-h", "-help", "--help":
		fmt.Print(usage)
	case "version", "-version", "--version":
		fmt.Println("sechub", server.Version())
	default:
		if command != "" {
			fmt.Fprintf(os.Stderr, "sechub: unknown command %q\n\n", command)
		}
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
}

// defaultDataDir is $XDG_DATA_HOME/sechub, or ~/.local/share/sechub.
func defaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "sechub")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "sechub")
	}
	return "sechub-data"
}

func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// timeoutFlag reads a timeout flag: a duration ("90s", "2m"), 0 for none (server.Config's
// negative value).
func timeoutFlag(name, value string) (time.Duration, error) {
	d, err := time.ParseDuration(value)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%s: %w", name, err)
	case d < 0:
		return 0, fmt.Errorf("%s %s: want a duration of 0 (none) or more", name, value)
	case d == 0:
		return -1, nil
	}
	return d, nil
}

// envIntOr is envOr for a number; a variable that is not one is ignored.
func envIntOr(name string, def int) int {
	if n, err := strconv.Atoi(envOr(name, "")); err == nil {
		return n
	}
	return def
}

func serve(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	listen := fs.String("listen", envOr("SECHUB_LISTEN", DefaultListen), "address to listen on (SECHUB_LISTEN)")
	dataDir := fs.String("data", envOr("SECHUB_DATA", defaultDataDir()), "folder of the embedded store (SECHUB_DATA)")
	storeURL := fs.String("store", envOr("SECHUB_STORE", ""), "shared store instead of the data folder: postgres://user:password@host/db (SECHUB_STORE)")
	region := fs.String("region", envOr("SECHUB_REGION", "us-east-1"), "region of unsigned requests (SECHUB_REGION)")
	account := fs.String("account", envOr("SECHUB_ACCOUNT", "123456789012"), "account of unsigned requests and unknown access keys (SECHUB_ACCOUNT)")
	auth := fs.String("auth", envOr("SECHUB_AUTH", "open"), "open: trust what requests claim; strict: verify signatures against --credentials (SECHUB_AUTH)")
	credentials := fs.String("credentials", envOr("SECHUB_CREDENTIALS", ""), "credentials file: lines of ACCESS_KEY_ID SECRET ACCOUNT_ID [PRINCIPAL] [role=operator] (SECHUB_CREDENTIALS)")
	orgFile := fs.String("org-file", envOr("SECHUB_ORG_FILE", ""), "YAML organization to create on first start (SECHUB_ORG_FILE)")
	logLevel := fs.String("log-level", envOr("SECHUB_LOG_LEVEL", "info"), "debug, info, warn or error; info logs every failed request, debug every request (SECHUB_LOG_LEVEL)")
	logFormat := fs.String("log-format", envOr("SECHUB_LOG_FORMAT", "text"), "text or json: the format of the log lines (SECHUB_LOG_FORMAT)")
	readTimeout := fs.String("read-timeout", envOr("SECHUB_READ_TIMEOUT", server.DefaultReadTimeout.String()), "longest time to receive a whole request, body included; 0 for none (SECHUB_READ_TIMEOUT)")
	idleTimeout := fs.String("idle-timeout", envOr("SECHUB_IDLE_TIMEOUT", server.DefaultIdleTimeout.String()), "longest time a kept-alive connection may wait for its next request (SECHUB_IDLE_TIMEOUT)")
	maxMemory := fs.String("max-memory", envOr("SECHUB_MAX_MEMORY", "1GiB"), "memory the server stays within, whatever clients send (1GiB, 512MiB...); requests beyond it are throttled (SECHUB_MAX_MEMORY)")
	maxRequests := fs.Int("max-requests", envIntOr("SECHUB_MAX_REQUESTS", server.DefaultMaxRequests), "requests served at once; more are throttled (SECHUB_MAX_REQUESTS)")
	throttle := fs.String("throttle", envOr("SECHUB_THROTTLE", ""), "aws: apply Security Hub's documented request rates per account and region (SECHUB_THROTTLE)")
	faultRate := fs.String("fault-rate", envOr("SECHUB_FAULT_RATE", ""), "share of requests failed with InternalException or a throttling error: 0.05, or per operation GetFindings=0.2,*=0.05 (SECHUB_FAULT_RATE)")
	eventsURL := fs.String("events-url", envOr("SECHUB_EVENTS_URL", ""), "URL that receives every EventBridge event Security Hub would send, one POST each (SECHUB_EVENTS_URL)")
	faultSeed := fs.Uint64("fault-seed", uint64(envIntOr("SECHUB_FAULT_SEED", 1)), "seed of the fault injector: the same seed and requests meet the same faults (SECHUB_FAULT_SEED)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("log level: %w", err)
	}
	var handler slog.Handler
	switch opts := (&slog.HandlerOptions{Level: level}); *logFormat {
	case "text":
		handler = slog.NewTextHandler(os.Stderr, opts)
	case "json":
		handler = slog.NewJSONHandler(os.Stderr, opts)
	default:
		return fmt.Errorf("log format %q: want text or json", *logFormat)
	}
	log := slog.New(handler)
	readTimeoutValue, err := timeoutFlag("read-timeout", *readTimeout)
	if err != nil {
		return err
	}
	idleTimeoutValue, err := timeoutFlag("idle-timeout", *idleTimeout)
	if err != nil {
		return err
	}
	memory, err := server.ParseSize(*maxMemory)
	if err != nil {
		return fmt.Errorf("max-memory: %w", err)
	}
	faultRates, err := server.ParseFaultRates(*faultRate)
	if err != nil {
		return err
	}
	// The Go runtime's share of the bound: its collector works harder as the heap nears it.
	debug.SetMemoryLimit(server.PlanMemory(memory).GoLimit)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	srv, err := server.New(ctx, server.Config{DataDir: *dataDir, StoreURL: *storeURL, DefaultRegion: *region, DefaultAccount: *account,
		Auth: identity.Mode(*auth), CredentialsFile: *credentials, OrgFile: *orgFile, Logger: log,
		ReadTimeout: readTimeoutValue, IdleTimeout: idleTimeoutValue,
		MaxMemory: memory, MaxRequests: *maxRequests, Throttle: *throttle, FaultRates: faultRates, FaultSeed: *faultSeed,
		EventsURL: *eventsURL})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		srv.Close()
		return err
	}
	httpServer := srv.HTTPServer()
	where := []any{"data", *dataDir}
	if *storeURL != "" {
		where = []any{"store", "postgres"}
	}
	log.Info("sechub listening", append(append([]any{"version", server.Version(), "address", ln.Addr().String()}, where...), "auth", *auth,
		"operations_implemented", len(srv.Implemented()), "operations", srv.OperationCount())...)
	served := make(chan error, 1)
	go func() { served <- httpServer.Serve(ln) }()

	select {
	case err := <-served:
		srv.Close()
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = httpServer.Shutdown(shutdownCtx)
	if cerr := srv.Close(); cerr != nil {
		err = errors.Join(err, cerr)
	}
	if err == nil {
		log.Info("stopped cleanly")
	}
	return err
}
