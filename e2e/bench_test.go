package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/sechub/sechub/internal/testenv"
)

// benchClient is one aws-sdk-go-v2 client shared by every benchmark goroutine, with a
// connection pool large enough for the parallelism.
func benchClient(url, account string) *securityhub.Client {
	cfg := (&testenv.Env{URL: url}).AWSConfig(account, region)
	cfg.HTTPClient = &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}}
	return securityhub.NewFromConfig(cfg)
}

const benchParallelism = 8 // goroutines per core

// BenchmarkDescribeHub measures DescribeHub through the whole stack (HTTP, SigV4 identity,
// routing, binding, validation, a store read, encoding) beside a bare net/http handler that
// decodes the request body and encodes a DescribeHub-sized JSON answer, with the same client
// and concurrency. The target: sechub at least 50% of bare.
func BenchmarkDescribeHub(b *testing.B) {
	b.Run("bare", func(b *testing.B) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var in map[string]any
			body, _ := io.ReadAll(r.Body)
			if len(body) > 0 {
				json.Unmarshal(body, &in)
			}
			out, _ := json.Marshal(map[string]any{"HubArn": "arn:aws:securityhub:us-east-1:111111111111:hub/default",
				"SubscribedAt": "2026-01-01T00:00:00.000Z", "AutoEnableControls": true, "ControlFindingGenerator": "SECURITY_CONTROL"})
			w.Header().Set("Content-Type", "application/json")
			w.Write(out)
		}))
		defer srv.Close()
		runDescribeHub(b, benchClient(srv.URL, acctA))
	})
	b.Run("sechub", func(b *testing.B) {
		env := testenv.Start(b)
		c := benchClient(env.URL, acctA)
		if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
			b.Fatal(err)
		}
		runDescribeHub(b, c)
	})
}

func runDescribeHub(b *testing.B, c *securityhub.Client) {
	b.SetParallelism(benchParallelism)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			out, err := c.DescribeHub(ctx, &securityhub.DescribeHubInput{})
			if err != nil || aws.ToString(out.HubArn) == "" {
				b.Fatalf("DescribeHub: %v", err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}
