package e2e

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/sechub/sechub/internal/testenv"
)

// BenchmarkControls measures, under the DescribeHub benchmark's client load, DescribeHub
// beside DescribeStandardsControls (FSBP, a page of 100) and ListSecurityControlDefinitions
// (a page of 100) on one server with the default standards on. The target: both
// controls reads at least half DescribeHub's rate in the same run. The raw/ variants send the
// same requests from a plain net/http client that reads and discards the answers, which
// shows the server's own cost: aws-sdk-go-v2 in the same process spends more decoding 100
// controls into its types than sechub spends answering. The bare- variants show the ceiling
// with each client: a bare net/http handler writing from memory the very bytes sechub
// answered DescribeStandardsControls with.
func BenchmarkControls(b *testing.B) {
	env := testenv.Start(b)
	c := benchClient(env.URL, acctA)
	if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		b.Fatal(err)
	}
	// One disabled control, so the page merges an override with the catalogue.
	if _, err := c.UpdateStandardsControl(ctx, &securityhub.UpdateStandardsControlInput{StandardsControlArn: aws.String(fsbpControl + "IAM.1"),
		ControlStatus: "DISABLED", DisabledReason: aws.String("benchmark")}); err != nil {
		b.Fatal(err)
	}
	page, err := request{http.MethodGet, "/standards/controls/" + url.PathEscape(fsbpSubARN) + "?MaxResults=100", ""}.send(http.DefaultClient, env.URL)
	if err != nil {
		b.Fatal(err)
	}
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(page)
	}))
	defer bare.Close()
	run := func(b *testing.B, call func() (int, error)) {
		b.SetParallelism(benchParallelism)
		b.ResetTimer()
		start := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if n, err := call(); err != nil || n == 0 {
					b.Fatalf("%d items, %v", n, err)
				}
			}
		})
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
	}
	b.Run("DescribeHub", func(b *testing.B) {
		run(b, func() (int, error) {
			out, err := c.DescribeHub(ctx, &securityhub.DescribeHubInput{})
			if err != nil {
				return 0, err
			}
			return len(aws.ToString(out.HubArn)), nil
		})
	})
	b.Run("DescribeStandardsControls", func(b *testing.B) {
		run(b, func() (int, error) {
			out, err := c.DescribeStandardsControls(ctx, &securityhub.DescribeStandardsControlsInput{StandardsSubscriptionArn: aws.String(fsbpSubARN), MaxResults: aws.Int32(100)})
			if err != nil {
				return 0, err
			}
			return len(out.Controls), nil
		})
	})
	rawTo := func(base, path string) func() (int, error) {
		hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}}
		return func() (int, error) {
			req, _ := http.NewRequest(http.MethodGet, base+path, nil)
			// Open mode takes the account from the credential scope; the signature is not checked.
			req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+acctA+"/20260101/"+region+"/securityhub/aws4_request, SignedHeaders=host, Signature=00")
			resp, err := hc.Do(req)
			if err != nil {
				return 0, err
			}
			defer resp.Body.Close()
			n, err := io.Copy(io.Discard, resp.Body)
			if resp.StatusCode != http.StatusOK {
				return 0, fmt.Errorf("status %d", resp.StatusCode)
			}
			return int(n), err
		}
	}
	raw := func(path string) func() (int, error) { return rawTo(env.URL, path) }
	b.Run("bare-DescribeStandardsControls", func(b *testing.B) {
		bc := benchClient(bare.URL, acctA)
		run(b, func() (int, error) {
			out, err := bc.DescribeStandardsControls(ctx, &securityhub.DescribeStandardsControlsInput{StandardsSubscriptionArn: aws.String(fsbpSubARN), MaxResults: aws.Int32(100)})
			if err != nil {
				return 0, err
			}
			return len(out.Controls), nil
		})
	})
	b.Run("raw/DescribeHub", func(b *testing.B) { run(b, raw("/accounts")) })
	b.Run("raw/DescribeStandardsControls", func(b *testing.B) {
		run(b, raw("/standards/controls/"+url.PathEscape(fsbpSubARN)+"?MaxResults=100"))
	})
	b.Run("raw/ListSecurityControlDefinitions", func(b *testing.B) { run(b, raw("/securityControls/definitions?MaxResults=100")) })
	b.Run("raw/bare-DescribeStandardsControls", func(b *testing.B) {
		run(b, rawTo(bare.URL, "/"))
	})
	b.Run("ListSecurityControlDefinitions", func(b *testing.B) {
		run(b, func() (int, error) {
			out, err := c.ListSecurityControlDefinitions(ctx, &securityhub.ListSecurityControlDefinitionsInput{MaxResults: aws.Int32(100)})
			if err != nil {
				return 0, err
			}
			return len(out.SecurityControlDefinitions), nil
		})
	})
}
