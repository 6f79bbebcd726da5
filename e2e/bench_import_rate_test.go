package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/store/storetest"
	"github.com/sechub/sechub/internal/testenv"
)

// BenchmarkImportRate measures BatchImportFindings of fresh findings, 100 of about 1 KB a
// request from 4 concurrent clients, on the embedded store and, in the same run, on
// PostgreSQL (when SECHUB_TEST_POSTGRES names a server). The clients send prepared request
// bodies over plain HTTP, as a load generator does, so the figure is the server's. Targets:
// the embedded store at least 15,000 findings/s; PostgreSQL at least 0.8x the embedded rate.
// Run in the embedded-store run of the suite (it starts its PostgreSQL server itself):
// go test -run x -bench ImportRate -benchtime 10s ./e2e/
func BenchmarkImportRate(b *testing.B) {
	if storetest.OnPostgres() {
		b.Skip("compares both stores in the embedded-store run")
	}
	b.Run("sqlite", func(b *testing.B) { runImportRate(b, testenv.Start(b)) })
	b.Run("postgres", func(b *testing.B) {
		url := storetest.NewPostgresDatabase(b)
		runImportRate(b, testenv.Start(b, testenv.WithConfig(func(c *server.Config) { c.StoreURL = url })))
	})
}

const (
	importClients   = 4
	findingsPerCall = 100
)

func runImportRate(b *testing.B, env *testenv.Env) {
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: importClients}}
	if _, err := (request{http.MethodPost, "/accounts", "{}"}).send(hc, env.URL); err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	body := func() []byte { // a request of fresh findings
		var buf bytes.Buffer
		buf.WriteString(`{"Findings":[`)
		for i := range findingsPerCall {
			n := next.Add(1)
			if i > 0 {
				buf.WriteByte(',')
			}
			fmt.Fprintf(&buf, rateFinding, n, n%50, n, n, n%200, n%5000)
		}
		buf.WriteString(`]}`)
		return buf.Bytes()
	}
	calls := b.N
	work := make(chan []byte, importClients)
	go func() {
		for range calls {
			work <- body()
		}
		close(work)
	}()
	b.ResetTimer()
	start := time.Now()
	done := make(chan error, importClients)
	for range importClients {
		go func() {
			for payload := range work {
				req, _ := http.NewRequest(http.MethodPost, env.URL+"/findings/import", bytes.NewReader(payload))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+acctA+"/20260101/"+region+"/securityhub/aws4_request, SignedHeaders=host, Signature=00")
				resp, err := hc.Do(req)
				if err != nil {
					done <- err
					return
				}
				out, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || !bytes.Contains(out, []byte(`"FailedCount":0`)) {
					done <- fmt.Errorf("import: status %d: %.300s", resp.StatusCode, out)
					return
				}
			}
			done <- nil
		}()
	}
	for range importClients {
		if err := <-done; err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(calls*findingsPerCall)/time.Since(start).Seconds(), "findings/s")
}

// rateFinding is a finding of about 1 KB, as scanners send them; its numbers make it unique.
var rateFinding = `{"SchemaVersion":"2018-10-08","Id":"finding-%d","ProductArn":"arn:aws:securityhub:` + region + `:` + acctA + `:product/` + acctA + `/default",` +
	`"GeneratorId":"bench-generator-%d","AwsAccountId":"` + acctA + `","Types":["Software and Configuration Checks/Vulnerabilities/CVE"],` +
	`"CreatedAt":"2026-11-01T00:00:00.000Z","UpdatedAt":"2026-11-01T00:00:00.000Z","Severity":{"Label":"HIGH","Original":"7.5"},` +
	`"Title":"Benchmark finding %d with a reasonably long title to look like real scanner output",` +
	`"Description":"A description of the problem that a scanner found, long enough to resemble what real tools send: the package libfoo in version 1.2.3 has a known vulnerability that allows remote attackers to do things they should not be able to do. Upgrade to 1.2.4.",` +
	`"Remediation":{"Recommendation":{"Text":"Upgrade the package","Url":"https://example.com/remediation/%d"}},"ProductFields":{"scanner":"bench","rule":"R%d"},` +
	`"Resources":[{"Type":"AwsEc2Instance","Id":"arn:aws:ec2:` + region + `:` + acctA + `:instance/i-%012d","Partition":"aws","Region":"` + region + `","Tags":{"env":"bench","team":"security"}}],` +
	`"Compliance":{"Status":"FAILED"},"Workflow":{"Status":"NEW"},"RecordState":"ACTIVE"}`
