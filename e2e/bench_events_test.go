package e2e

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/testenv"
)

// countingReceiver is the cheapest webhook: it counts the events and answers 204.
func countingReceiver(b *testing.B) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		n.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	b.Cleanup(srv.Close)
	return srv, &n
}

// BenchmarkEventDelivery imports batches of 100 findings of about 2 KB, as
// BenchmarkImportFindings does, into two servers, one without an events URL and one that sends
// its events to a local receiver, alternately so that both see the same machine. It reports
// both import rates, the rate at which events reached the receiver over the whole run (both
// servers' imports, until the last event arrived: delivery keeping pace), the largest backlog (events written but not yet received)
// seen after a batch, and the backlog when the imports ended. Target: delivery keeps up
// with the import rate, the backlog bounded.
func BenchmarkEventDelivery(b *testing.B) {
	recv, received := countingReceiver(b)
	without := benchEventsServer(b, "")
	with := benchEventsServer(b, recv.URL)
	base := time.Now().Add(-time.Hour)
	batch := make([]types.AwsSecurityFinding, 100)
	var spent [2]time.Duration
	maxBacklog := int64(0)
	b.ResetTimer()
	start := time.Now()
	for n := range b.N {
		for i := range batch {
			batch[i] = testenv.BenchFinding(acctA, region, int64(n*100+i), base)
		}
		for k, c := range []*securityhub.Client{without, with} {
			began := time.Now()
			out, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: batch})
			spent[k] += time.Since(began)
			if err != nil {
				b.Fatalf("import: %v", err)
			}
			if len(out.FailedFindings) > 0 {
				b.Fatalf("import: %d failed: %s", len(out.FailedFindings), aws.ToString(out.FailedFindings[0].ErrorMessage))
			}
		}
		maxBacklog = max(maxBacklog, int64((n+1)*100)-received.Load())
	}
	endBacklog := int64(b.N*100) - received.Load()
	for received.Load() < int64(b.N*100) {
		time.Sleep(time.Millisecond)
	}
	drained := time.Since(start)
	b.StopTimer()
	findings := float64(b.N * 100)
	b.ReportMetric(findings/spent[0].Seconds(), "findings/s-without-events")
	b.ReportMetric(findings/spent[1].Seconds(), "findings/s-with-events")
	b.ReportMetric(findings/drained.Seconds(), "events/s-received")
	b.ReportMetric(float64(maxBacklog), "max-backlog")
	b.ReportMetric(float64(endBacklog), "backlog-at-end")
}

// BenchmarkEventDrain measures delivery alone: it imports batches of 100 findings into a
// server whose receiver is down, then starts the receiver and reports the rate at which the
// backlog reached it, from the first event to the last.
func BenchmarkEventDrain(b *testing.B) {
	addr := testenv.FreeAddress(b)
	c := benchEventsServer(b, "http://"+addr+"/")
	base := time.Now().Add(-time.Hour)
	batch := make([]types.AwsSecurityFinding, 100)
	for n := range b.N {
		for i := range batch {
			batch[i] = testenv.BenchFinding(acctA, region, int64(n*100+i), base)
		}
		if _, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: batch}); err != nil {
			b.Fatalf("import: %v", err)
		}
	}
	var received atomic.Int64
	var first, last atomic.Int64
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		now := time.Now().UnixNano()
		first.CompareAndSwap(0, now)
		last.Store(now)
		received.Add(1)
		w.WriteHeader(http.StatusNoContent)
	})}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	for received.Load() < int64(b.N*100) {
		time.Sleep(time.Millisecond)
	}
	b.ReportMetric(float64(b.N*100)/time.Duration(last.Load()-first.Load()).Seconds(), "events/s-drained")
}

// BenchmarkEventLatency imports one finding at a time into a server with a healthy local
// receiver and waits for its event: the time from the import's call to the event's arrival.
// Target: well under a second.
func BenchmarkEventLatency(b *testing.B) {
	recv, received := countingReceiver(b)
	c := benchEventsServer(b, recv.URL)
	base := time.Now().Add(-time.Hour)
	var total time.Duration
	b.ResetTimer()
	for n := range b.N {
		began := time.Now()
		out, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: []types.AwsSecurityFinding{
			testenv.BenchFinding(acctA, region, int64(n), base)}})
		if err != nil || len(out.FailedFindings) > 0 {
			b.Fatalf("import: %v %v", out, err)
		}
		for received.Load() < int64(n+1) {
			time.Sleep(100 * time.Microsecond)
		}
		total += time.Since(began)
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/event")
}

// benchEventsServer starts a server that sends its events to url ("" for none), with the
// account's hub on, and returns the account's client.
func benchEventsServer(b *testing.B, url string) *securityhub.Client {
	env := testenv.Start(b, testenv.WithConfig(func(c *server.Config) { c.EventsURL = url }))
	c := benchClient(env.URL, acctA)
	if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		b.Fatal(err)
	}
	return c
}
