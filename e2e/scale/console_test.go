package scale

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/testenv"
)

// BenchmarkConsoleAtScale measures what the web console's Summary and Findings pages ask of the
// server at a million findings of one account, through the console API as the browser calls
// it: the Summary's hub check and its two counts, in parallel as the page sends them (an
// account with no members in no aggregation region: no count by account nor by region), the
// top managed insights (their names: results are counted when asked for), the security
// scores (shown after the charts), and the first and second Findings pages of 25 rows.
//
//	go test -run x -bench ConsoleAtScale -benchtime 1x -timeout 2h ./e2e/scale/
//
// It shares BenchmarkMillionFindings' data folder and one-account layout (imported once).
func BenchmarkConsoleAtScale(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("SECHUB_BENCH_FINDINGS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("SECHUB_BENCH_FINDINGS=%q: want a number", v)
		}
	}
	data := os.Getenv("SECHUB_BENCH_DATA")
	if data == "" {
		data = filepath.Join(os.TempDir(), fmt.Sprintf("sechub-bench-%d", n))
	}
	args := []string{"--data", data, "--log-level", "warn"}
	if st := os.Getenv("SECHUB_BENCH_STORE"); st != "" {
		args = append(args, "--store", st)
	}
	proc := testenv.StartProcess(b, args...)
	env := proc.Env()
	if !loaded(b, env.SecurityHub(soleAccount, oneRegion), n-1) {
		start := time.Now()
		loadOneAccount(b, env, n)
		b.Logf("imported %d findings in %s", n, time.Since(start).Round(time.Second))
	}

	c := signedIn(b, env.URL, soleAccount, oneRegion)
	open := map[string]any{
		"RecordState":    []any{map[string]any{"Value": "ACTIVE", "Comparison": "EQUALS"}},
		"WorkflowStatus": []any{map[string]any{"Value": "NEW", "Comparison": "EQUALS"}, map[string]any{"Value": "NOTIFIED", "Comparison": "EQUALS"}},
	}
	newOnly := map[string]any{"RecordState": open["RecordState"], "WorkflowStatus": []any{map[string]any{"Value": "NEW", "Comparison": "EQUALS"}},
		"SeverityLabel": []any{map[string]any{"Value": "CRITICAL", "Comparison": "EQUALS"}, map[string]any{"Value": "HIGH", "Comparison": "EQUALS"}}}
	summary := median(b, func(int) {
		c.post("securityhub/DescribeHub", map[string]any{})
		c.post("securityhub/ListFindingAggregators", map[string]any{"MaxResults": 1})
		c.post("securityhub/ListMembers", map[string]any{"OnlyAssociated": true, "MaxResults": 1})
		var wg sync.WaitGroup
		for _, q := range []struct {
			filters   map[string]any
			attribute string
		}{{open, "SeverityLabel"}, {newOnly, "SeverityLabel"}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c.post("counts", map[string]any{"Filters": q.filters, "GroupByAttribute": q.attribute})
			}()
		}
		wg.Wait()
	})
	insights := median(b, func(int) {
		var arns []any
		for _, n := range []int{1, 10, 16} {
			arns = append(arns, fmt.Sprintf("arn:aws:securityhub:::insight/securityhub/default/%d", n))
		}
		c.post("securityhub/GetInsights", map[string]any{"InsightArns": arns})
	})
	scores := median(b, func(int) { c.post("scores", map[string]any{}) })
	var firstPage, secondPage time.Duration
	findingsPage := func(token any) map[string]any {
		in := map[string]any{"Filters": open, "MaxResults": 25, "SortCriteria": []any{map[string]any{"Field": "UpdatedAt", "SortOrder": "desc"}}}
		if token != nil {
			in["NextToken"] = token
		}
		out := c.post("securityhub/GetFindings", in)
		if list, _ := out["Findings"].([]any); len(list) != 25 {
			b.Fatalf("a Findings page has %d rows, want 25", len(list))
		}
		return out
	}
	firstPage = median(b, func(int) { findingsPage(nil) })
	token := findingsPage(nil)["NextToken"]
	secondPage = median(b, func(int) { findingsPage(token) })
	b.ReportMetric(ms(summary), "summary-counts-ms")
	b.ReportMetric(ms(insights), "summary-insights-ms")
	b.ReportMetric(ms(scores), "summary-scores-ms")
	b.ReportMetric(ms(firstPage), "findings-page-ms")
	b.ReportMetric(ms(secondPage), "findings-next-page-ms")
}

// consoleClient is a signed-in browser of the console, without the browser.
type consoleClient struct {
	b     *testing.B
	http  *http.Client
	base  string
	token string
}

func signedIn(b *testing.B, base, account, region string) *consoleClient {
	jar, _ := cookiejar.New(nil)
	c := &consoleClient{b: b, http: &http.Client{Jar: jar, Timeout: 5 * time.Minute}, base: base + "/console/api/"}
	out := c.post("session", map[string]any{"AccountId": account, "Region": region})
	c.token, _ = out["CsrfToken"].(string)
	return c
}

func (c *consoleClient) post(path string, in any) map[string]any {
	body, _ := json.Marshal(in)
	req, _ := http.NewRequest("POST", c.base+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Csrf-Token", c.token)
	res, err := c.http.Do(req)
	if err != nil {
		c.b.Fatalf("console %s: %v", path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		c.b.Fatalf("console %s: %d %s", path, res.StatusCode, raw)
	}
	var out map[string]any
	json.Unmarshal(raw, &out)
	return out
}
