package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/sechub/sechub/internal/testenv"
)

// BenchmarkRequestOverhead measures what sechub costs per request beyond HTTP itself: a
// plain net/http client sends GetMembers for two ids and DescribeHub to sechub, and the same
// requests to a bare net/http handler that reads the body, decodes it as JSON and writes the
// very bytes sechub answered with. The targets: GetMembers at least 0.5x the bare
// handler's rate, DescribeHub at least 0.8x. The client is the cheapest there is, so the
// ratio shows the server's own cost (wrk from a second process shows the same: README).
func BenchmarkRequestOverhead(b *testing.B) {
	env := testenv.Start(b)
	admin := benchClient(env.URL, acctA)
	if _, err := admin.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		b.Fatal(err)
	}
	if _, err := admin.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: details([]string{acctB, "333333333333"})}); err != nil {
		b.Fatal(err)
	}
	getMembers := request{http.MethodPost, "/members/get", fmt.Sprintf(`{"AccountIds":[%q,%q]}`, acctB, "333333333333")}
	describeHub := request{http.MethodGet, "/accounts", ""}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}}

	for _, r := range []struct {
		name string
		req  request
	}{{"GetMembers2", getMembers}, {"DescribeHub", describeHub}} {
		answer, err := r.req.send(hc, env.URL)
		if err != nil {
			b.Fatal(err)
		}
		bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			body, _ := io.ReadAll(req.Body)
			if len(body) > 0 {
				var in map[string]any
				if err := json.Unmarshal(body, &in); err != nil {
					http.Error(w, err.Error(), http.StatusBadRequest)
					return
				}
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write(answer)
		}))
		b.Run(r.name+"/bare", func(b *testing.B) { runRaw(b, hc, bare.URL, r.req) })
		b.Run(r.name+"/sechub", func(b *testing.B) { runRaw(b, hc, env.URL, r.req) })
		bare.Close()
	}
}

// request is one Security Hub call as raw HTTP, signed with a credential scope only: open mode
// takes the account from it and checks no signature.
type request struct{ method, path, body string }

func (r request) send(hc *http.Client, base string) ([]byte, error) {
	var body io.Reader
	if r.body != "" {
		body = bytes.NewReader([]byte(r.body))
	}
	req, _ := http.NewRequest(r.method, base+r.path, body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+acctA+"/20260101/"+region+"/securityhub/aws4_request, SignedHeaders=host, Signature=00")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s %s: status %d: %s", r.method, r.path, resp.StatusCode, out)
	}
	return out, err
}

func runRaw(b *testing.B, hc *http.Client, base string, r request) {
	b.SetParallelism(benchParallelism)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := r.send(hc, base); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}
