package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/store/storetest"
	"github.com/sechub/sechub/internal/testenv"
)

// BenchmarkHostileLoad reproduces the memory attack of issue 11: many clients at once send
// PATCH /findings/batchupdate with 55,000 FindingIdentifiers (about 5 MB) each, to the built
// binary, and the benchmark reports the server's peak RSS (VmHWM). A client answered 429
// waits and sends again, as SDKs do, until it gets another answer. SECHUB_LOAD_CLIENTS sets
// the number of clients (200), SECHUB_LOAD_ARGS extra `sechub serve` flags
// ("--max-memory 512MiB"), SECHUB_LOAD_SHAPE=tiny requests of 180,000 identifiers of a few
// bytes each (small objects cost the most memory per byte), SECHUB_LOAD_BINARY another build to measure (an older one, for a
// comparison). Run it alone: without the bound, it needs the machine's memory for itself.
//
//	go test -run x -bench HostileLoad -benchtime 1x ./e2e/
func BenchmarkHostileLoad(b *testing.B) {
	if storetest.OnPostgres() {
		b.Skip("the memory bound does not depend on the store; run on the embedded one")
	}
	clients := 200
	if v := os.Getenv("SECHUB_LOAD_CLIENTS"); v != "" {
		var err error
		if clients, err = strconv.Atoi(v); err != nil || clients < 1 {
			b.Fatalf("SECHUB_LOAD_CLIENTS=%q: want a positive number", v)
		}
	}
	args := []string{"--data", b.TempDir(), "--log-level", "error"}
	if v := os.Getenv("SECHUB_LOAD_ARGS"); v != "" {
		args = append(args, splitArgs(v)...)
	}
	proc := startBenchProcess(b, args...)
	if _, err := proc.Env().SecurityHub(acctA, region).EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		b.Fatal(err)
	}
	body := batchUpdateBody(55_000, "f-%07d", "arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default")
	if os.Getenv("SECHUB_LOAD_SHAPE") == "tiny" {
		body = batchUpdateBody(180_000, "%d", "p")
	}
	b.Logf("%d clients, %d-byte requests", clients, len(body))
	httpClient := &http.Client{Timeout: 10 * time.Minute, Transport: &http.Transport{MaxConnsPerHost: clients, MaxIdleConnsPerHost: clients}}
	for range b.N {
		var statuses sync.Map // status → *atomic.Int64
		var throttled atomic.Int64
		var wg sync.WaitGroup
		start := time.Now()
		for range clients {
			wg.Go(func() {
				for wait := 50 * time.Millisecond; ; wait = min(2*wait, 2*time.Second) {
					status, err := sendRaw(httpClient, proc.URL, body)
					if err != nil {
						b.Errorf("batchupdate: %v", err)
						return
					}
					if status == http.StatusTooManyRequests {
						throttled.Add(1)
						time.Sleep(wait)
						continue
					}
					n, _ := statuses.LoadOrStore(status, new(atomic.Int64))
					n.(*atomic.Int64).Add(1)
					return
				}
			})
		}
		wg.Wait()
		elapsed := time.Since(start)
		statuses.Range(func(k, v any) bool {
			b.Logf("status %d: %d clients", k, v.(*atomic.Int64).Load())
			return true
		})
		b.Logf("429 answers along the way: %d; all answered in %s", throttled.Load(), elapsed.Round(time.Millisecond))
		b.ReportMetric(float64(throttled.Load()), "429s")
		b.ReportMetric(elapsed.Seconds(), "s-to-answer-all")
	}
	rss, err := proc.PeakRSS()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MiB")
}

// startBenchProcess starts the built binary, or the one SECHUB_LOAD_BINARY names.
func startBenchProcess(b *testing.B, args ...string) *testenv.Process {
	if bin := os.Getenv("SECHUB_LOAD_BINARY"); bin != "" {
		return testenv.StartBinary(b, bin, args...)
	}
	return testenv.StartProcess(b, args...)
}

// batchUpdateBody is a BatchUpdateFindings request naming n findings of one product, with
// ids made by idFormat.
func batchUpdateBody(n int, idFormat, product string) []byte {
	ids := make([]map[string]string, n)
	for i := range ids {
		ids[i] = map[string]string{"Id": fmt.Sprintf(idFormat, i), "ProductArn": product}
	}
	body, _ := json.Marshal(map[string]any{"FindingIdentifiers": ids, "Note": map[string]string{"Text": "x", "UpdatedBy": "load"}})
	return body
}

// sendRaw sends one unsigned BatchUpdateFindings request and returns the status.
func sendRaw(c *http.Client, url string, body []byte) (int, error) {
	req, err := http.NewRequest(http.MethodPatch, url+"/findings/batchupdate", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+acctA+"/20260101/"+region+"/securityhub/aws4_request, SignedHeaders=host, Signature=00")
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// splitArgs splits a flag string at spaces.
func splitArgs(s string) []string {
	var out []string
	for _, f := range bytes.Fields([]byte(s)) {
		out = append(out, string(f))
	}
	return out
}

// TestNULAndBadUTF8Strings sends U+0000 in strings of every kind (a finding's fields and id,
// filters, an insight's name, tags, an action target, an organizational unit) and a path
// holding %00 or a byte that is not UTF-8: both stores keep each string as it was sent and
// answer as they do for any other string, never with a 500 (PostgreSQL's text cannot hold
// them as they are).
func TestNULAndBadUTF8Strings(t *testing.T) {
	env := testenv.Start(t)
	c := env.SecurityHub(acctA, region)
	enableHub(t, c)
	const nul = "with\x00nul"

	finding := asff(acctA, "id-"+nul, "HIGH", "AwsS3Bucket", time.Now().Add(-time.Minute))
	finding.Title = aws.String("title " + nul)
	finding.Resources[0].Tags = map[string]string{"k": nul}
	plain := asff(acctA, "plain", "LOW", "AwsS3Bucket", time.Now().Add(-time.Minute))
	if out := importFindings(t, c, finding, plain); aws.ToInt32(out.SuccessCount) != 2 {
		t.Fatalf("import: %+v", out.FailedFindings)
	}
	for _, filters := range []*types.AwsSecurityFindingFilters{
		{Id: []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: aws.String("id-" + nul)}}},
		{Id: []types.StringFilter{{Comparison: types.StringFilterComparisonPrefix, Value: aws.String("id-with\x00")}}},
		{Title: []types.StringFilter{{Comparison: types.StringFilterComparisonContains, Value: aws.String("\x00nul")}}},
		{ResourceTags: []types.MapFilter{{Key: aws.String("k"), Comparison: types.MapFilterComparisonEquals, Value: aws.String(nul)}}},
	} {
		out, err := c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: filters})
		if err != nil {
			t.Fatalf("GetFindings %+v: %v", filters, err)
		}
		if len(out.Findings) != 1 || aws.ToString(out.Findings[0].Title) != "title "+nul || aws.ToString(out.Findings[0].Id) != "id-"+nul {
			t.Fatalf("GetFindings %+v found %d findings", filters, len(out.Findings))
		}
	}
	if _, err := c.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{
		FindingIdentifiers: []types.AwsSecurityFindingIdentifier{{Id: aws.String("id-" + nul), ProductArn: aws.String(productOf(acctA))}},
		Note:               &types.NoteUpdate{Text: aws.String(nul), UpdatedBy: aws.String(nul)}}); err != nil {
		t.Fatalf("BatchUpdateFindings: %v", err)
	}
	history, err := c.GetFindingHistory(ctx, &securityhub.GetFindingHistoryInput{
		FindingIdentifier: &types.AwsSecurityFindingIdentifier{Id: aws.String("id-" + nul), ProductArn: aws.String(productOf(acctA))}})
	if err != nil || len(history.Records) == 0 {
		t.Fatalf("GetFindingHistory: %v", err)
	}

	created, err := c.CreateInsight(ctx, &securityhub.CreateInsightInput{Name: aws.String(nul), GroupByAttribute: aws.String("ResourceId"),
		Filters: &types.AwsSecurityFindingFilters{Title: []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: aws.String("title " + nul)}}}})
	if err != nil {
		t.Fatalf("CreateInsight: %v", err)
	}
	insights, err := c.GetInsights(ctx, &securityhub.GetInsightsInput{InsightArns: []string{aws.ToString(created.InsightArn)}})
	if err != nil || len(insights.Insights) != 1 || aws.ToString(insights.Insights[0].Name) != nul {
		t.Fatalf("GetInsights: %v", err)
	}
	if _, err := c.GetInsightResults(ctx, &securityhub.GetInsightResultsInput{InsightArn: aws.String(aws.ToString(created.InsightArn))}); err != nil {
		t.Fatalf("GetInsightResults: %v", err)
	}
	_, err = c.GetInsightResults(ctx, &securityhub.GetInsightResultsInput{InsightArn: aws.String(aws.ToString(created.InsightArn) + "\x00")})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")

	hubARN := "arn:aws:securityhub:" + region + ":" + acctA + ":hub/default"
	if _, err := c.TagResource(ctx, &securityhub.TagResourceInput{ResourceArn: aws.String(hubARN), Tags: map[string]string{"k": nul}}); err != nil {
		t.Fatalf("TagResource: %v", err)
	}
	tags, err := c.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: aws.String(hubARN)})
	if err != nil || tags.Tags["k"] != nul {
		t.Fatalf("ListTagsForResource: %v %q", err, tags.Tags["k"])
	}
	createActionTarget(t, c, "nul", "a\x00b", nul)
	targets := describeActionTargets(t, c, 0)
	if len(targets) != 1 || aws.ToString(targets[0].Name) != "a\x00b" || aws.ToString(targets[0].Description) != nul {
		t.Fatalf("DescribeActionTargets: %+v", targets)
	}

	orgs := env.Organizations(acctA)
	if _, err := orgs.CreateOrganization(ctx, &organizations.CreateOrganizationInput{}); err != nil {
		t.Fatalf("CreateOrganization: %v", err)
	}
	roots, err := orgs.ListRoots(ctx, &organizations.ListRootsInput{})
	if err != nil {
		t.Fatalf("ListRoots: %v", err)
	}
	if _, err := orgs.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: roots.Roots[0].Id, Name: aws.String(nul)}); err != nil {
		t.Fatalf("CreateOrganizationalUnit: %v", err)
	}
	ous, err := orgs.ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: roots.Roots[0].Id})
	if err != nil || len(ous.OrganizationalUnits) != 1 || aws.ToString(ous.OrganizationalUnits[0].Name) != nul {
		t.Fatalf("ListOrganizationalUnitsForParent: %v", err)
	}

	for _, path := range []string{"/insights/results/arn%3Aaws%3Asecurityhub%3Aus-east-1%3A" + acctA + "%3Ainsight/" + acctA + "/custom/%00",
		"/insights/results/arn%3Aaws%3Asecurityhub%3Aus-east-1%3A" + acctA + "%3Ainsight/" + acctA + "/custom/%FF%FE",
		"/tags/arn%3Aaws%3Asecurityhub%3Aus-east-1%3A" + acctA + "%3Ahub%2Fdefault%00"} {
		auth := "AWS4-HMAC-SHA256 Credential=" + acctA + "/20260101/" + region + "/securityhub/aws4_request, SignedHeaders=host, Signature=00"
		if status, header, _ := rawCall(t, env, http.MethodGet, path, nil, map[string]string{"Authorization": auth}); status >= 500 {
			t.Errorf("GET %s: %d %s", path, status, header.Get("X-Amzn-Errortype"))
		}
	}
}

// TestStringLimits checks the lengths the model leaves open: AWS's documented ones (a note's
// text, user-defined fields), sechub's own where AWS documents none (an insight's name), and
// the bound of every other string (less than 32,768 characters, as any one field of a
// finding), each refused with InvalidInputException naming the member, before any write.
func TestStringLimits(t *testing.T) {
	env := testenv.Start(t)
	c := env.SecurityHub(acctA, region)
	enableHub(t, c)
	importFindings(t, c, asff(acctA, "f", "LOW", "AwsS3Bucket", time.Now().Add(-time.Minute)))
	ids := []types.AwsSecurityFindingIdentifier{{Id: aws.String("f"), ProductArn: aws.String(productOf(acctA))}}
	long := func(n int) *string { return aws.String(strings.Repeat("é", n)) }
	filters := &types.AwsSecurityFindingFilters{SeverityLabel: []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: aws.String("LOW")}}}

	_, err := c.CreateInsight(ctx, &securityhub.CreateInsightInput{Name: long(129), GroupByAttribute: aws.String("ResourceId"), Filters: filters})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Invalid parameter 'Name'. Length '129' is greater than maximum value: 128.")
	created, err := c.CreateInsight(ctx, &securityhub.CreateInsightInput{Name: long(128), GroupByAttribute: aws.String("ResourceId"), Filters: filters})
	if err != nil {
		t.Fatalf("CreateInsight with a name of 128 characters: %v", err)
	}
	_, err = c.UpdateInsight(ctx, &securityhub.UpdateInsightInput{InsightArn: created.InsightArn, Name: long(129)})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Invalid parameter 'Name'. Length '129' is greater than maximum value: 128.")
	large := heavyFilters() // 200 values: of 400 characters each, the filters pass 64 KiB
	for _, list := range [][]types.StringFilter{large.Title, large.Description, large.GeneratorId, large.ResourceId, large.ResourceType,
		large.ProductName, large.CompanyName, large.Type, large.SourceUrl, large.RecommendationText} {
		for i := range list {
			list[i].Value = aws.String(strings.Repeat("v", 400))
		}
	}
	_, err = c.UpdateInsight(ctx, &securityhub.UpdateInsightInput{InsightArn: created.InsightArn, Filters: large})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	if got, _ := testenv.ErrorOf(err); !strings.HasPrefix(got.Message, "Invalid parameter 'Filters'.") {
		t.Errorf("UpdateInsight with 80 KiB of filters: %q", got.Message)
	}

	_, err = c.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{FindingIdentifiers: ids,
		Note: &types.NoteUpdate{Text: long(513), UpdatedBy: aws.String("me")}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Invalid parameter 'Note.Text'. Length '513' is greater than maximum value: 512.")
	_, err = c.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{FindingIdentifiers: ids,
		UserDefinedFields: map[string]string{strings.Repeat("k", 129): "v"}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Invalid parameter 'UserDefinedFields'. Key length '129' is greater than maximum value: 128.")
	_, err = c.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{FindingIdentifiers: ids,
		UserDefinedFields: map[string]string{"k": strings.Repeat("v", 1025)}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Invalid parameter 'UserDefinedFields.k'. Length '1025' is greater than maximum value: 1024.")
	_, err = c.UpdateFindings(ctx, &securityhub.UpdateFindingsInput{Filters: filters, Note: &types.NoteUpdate{Text: long(513), UpdatedBy: aws.String("me")}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Invalid parameter 'Note.Text'. Length '513' is greater than maximum value: 512.")
	if _, err := c.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{FindingIdentifiers: ids,
		Note: &types.NoteUpdate{Text: long(512), UpdatedBy: aws.String("me")}, UserDefinedFields: map[string]string{strings.Repeat("k", 128): strings.Repeat("v", 1024)}}); err != nil {
		t.Fatalf("BatchUpdateFindings at the limits: %v", err)
	}

	_, err = c.CreateActionTarget(ctx, &securityhub.CreateActionTargetInput{Id: aws.String("a"), Name: aws.String("a"), Description: long(32768)})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Invalid parameter 'Description'. Length '32768' is greater than maximum value: 32767.")
	_, err = c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		Title: []types.StringFilter{{Comparison: types.StringFilterComparisonContains, Value: long(40000)}}}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Invalid parameter 'Filters.Title[0].Value'. Length '40000' is greater than maximum value: 32767.")
	if targets := describeActionTargets(t, c, 0); len(targets) != 0 {
		t.Errorf("a refused action target was created: %+v", targets)
	}
}

// retryingConfig is an SDK configuration that retries as the SDKs do by default (the standard
// retryer and its error classification), with short pauses.
func retryingConfig(env *testenv.Env, account string) aws.Config {
	cfg := env.AWSConfig(account, region)
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 10
			o.Backoff = retry.NewExponentialJitterBackoff(50 * time.Millisecond)
			o.RateLimiter = ratelimit.None
		})
	}
	return cfg
}

// attempts is how many times the SDK sent a call.
func attempts(md middleware.Metadata) int {
	results, _ := retry.GetAttemptResults(md)
	return len(results.Results)
}

// TestThrottleAWS checks --throttle aws: GetFindings bursts to 6 then is answered 429
// TooManyRequestsException, per account; the SDK's retries get through as tokens come back.
func TestThrottleAWS(t *testing.T) {
	env := testenv.Start(t, testenv.WithConfig(func(c *server.Config) { c.Throttle = server.ThrottleAWS }))
	c := env.SecurityHub(acctA, region)
	enableHub(t, c)
	for i := range 6 {
		if _, err := c.GetFindings(ctx, &securityhub.GetFindingsInput{}); err != nil {
			t.Fatalf("GetFindings %d of the burst: %v", i+1, err)
		}
	}
	_, err := c.GetFindings(ctx, &securityhub.GetFindingsInput{})
	testenv.ExpectError(t, err, "TooManyRequestsException", 429, "Too Many Requests")
	other := env.SecurityHub(acctB, region)
	enableHub(t, other)
	if _, err := other.GetFindings(ctx, &securityhub.GetFindingsInput{}); err != nil {
		t.Fatalf("another account's GetFindings: %v", err)
	}
	retrying := securityhub.NewFromConfig(retryingConfig(env, acctA))
	tries := 0
	for range 5 {
		out, err := retrying.GetFindings(ctx, &securityhub.GetFindingsInput{})
		if err != nil {
			t.Fatalf("GetFindings with the SDK's retries: %v", err)
		}
		tries += attempts(out.ResultMetadata)
	}
	if tries <= 5 {
		t.Errorf("5 GetFindings beyond the rate took %d attempts: nothing was throttled", tries)
	}
}

// TestFaultInjection checks --fault-rate: a share of Security Hub and Organizations calls
// fail with InternalException (500), ServiceException (500) or a throttling error, which
// the SDK retries until they succeed; a seeded run meets the same faults again.
func TestFaultInjection(t *testing.T) {
	start := func() *testenv.Env {
		return testenv.Start(t, testenv.WithConfig(func(c *server.Config) {
			c.FaultRates, c.FaultSeed = server.FaultRates{"*": 0.3, "ListRoots": 0.5}, 42
		}))
	}
	run := func(env *testenv.Env) (codes []string, tries int) {
		plain := env.SecurityHub(acctA, region)
		for range 30 {
			_, err := plain.DescribeHub(ctx, &securityhub.DescribeHubInput{})
			got, _ := testenv.ErrorOf(err)
			codes = append(codes, fmt.Sprintf("%d %s", got.Status, got.Code))
		}
		retrying := retryingConfig(env, acctA)
		hub := securityhub.NewFromConfig(retrying)
		// A fault comes before the operation runs, so a write is never done twice.
		if _, err := hub.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
			t.Fatalf("EnableSecurityHub with retries: %v", err)
		}
		for range 20 {
			out, err := hub.DescribeHub(ctx, &securityhub.DescribeHubInput{})
			if err != nil {
				t.Fatalf("DescribeHub with retries: %v", err)
			}
			tries += attempts(out.ResultMetadata)
		}
		orgs := organizations.NewFromConfig(retrying)
		if _, err := orgs.CreateOrganization(ctx, &organizations.CreateOrganizationInput{}); err != nil {
			t.Fatalf("CreateOrganization with retries: %v", err)
		}
		for range 10 {
			out, err := orgs.ListRoots(ctx, &organizations.ListRootsInput{})
			if err != nil {
				t.Fatalf("ListRoots with retries: %v", err)
			}
			tries += attempts(out.ResultMetadata)
		}
		return codes, tries
	}
	codes, tries := run(start())
	seen := map[string]bool{}
	for _, code := range codes {
		seen[code] = true
	}
	if !seen["500 InternalException"] || !seen["429 TooManyRequestsException"] || !seen["401 InvalidAccessException"] {
		t.Errorf("30 calls at a fault rate of 0.3 met %v", seen)
	}
	if tries <= 30 {
		t.Errorf("30 calls with retries took %d attempts: no fault was retried", tries)
	}
	again, _ := run(start())
	if strings.Join(again, ",") != strings.Join(codes, ",") {
		t.Errorf("the same seed met other faults:\n%v\n%v", codes, again)
	}
}

// heavyFilters is the largest GetFindings filter: 10 keys of 20 CONTAINS values, none of
// which any finding holds, so that every finding of the region is read and checked.
func heavyFilters() *types.AwsSecurityFindingFilters {
	values := func(key string) []types.StringFilter {
		out := make([]types.StringFilter, 20)
		for i := range out {
			out[i] = types.StringFilter{Comparison: types.StringFilterComparisonContains, Value: aws.String(fmt.Sprintf("no-%s-%d", key, i))}
		}
		return out
	}
	return &types.AwsSecurityFindingFilters{Title: values("title"), Description: values("description"), GeneratorId: values("generator"),
		ResourceId: values("resource"), ResourceType: values("type"), ProductName: values("product"), CompanyName: values("company"),
		Type: values("finding-type"), SourceUrl: values("url"), RecommendationText: values("recommendation")}
}

// BenchmarkHeavyReadsBesideDescribeHub measures what issue 11 saw stall on SQLite: while 8
// clients of one account send the heaviest GetFindings over its 50,000 findings, again and
// again, another account's DescribeHub latency (p50, p99, max over 300 calls, one at a time,
// or as many as two minutes allow).
// The server is the built binary (SECHUB_LOAD_BINARY: another build, to compare); the
// findings stay in SECHUB_BENCH_DATA between runs when it is set.
//
//	go test -run x -bench HeavyReadsBesideDescribeHub -benchtime 1x -timeout 30m ./e2e/
func BenchmarkHeavyReadsBesideDescribeHub(b *testing.B) {
	if storetest.OnPostgres() {
		b.Skip("the lane of heavy reads is measured on the embedded store")
	}
	const findings, heavyClients, samples = 50_000, 8, 300
	data := os.Getenv("SECHUB_BENCH_DATA")
	if data == "" {
		data = b.TempDir()
	}
	args := []string{"--data", data, "--log-level", "error"}
	proc := startBenchProcess(b, args...)
	heavy := benchClient(proc.URL, acctA)
	light := benchClient(proc.URL, acctB)
	for _, c := range []*securityhub.Client{heavy, light} {
		if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
			if got, _ := testenv.ErrorOf(err); got.Code != "ResourceConflictException" {
				b.Fatal(err)
			}
		}
	}
	loadFindings(b, heavy, findings)
	for range b.N {
		stop := make(chan struct{})
		var heavyDone, heavyThrottled, heavyFailed atomic.Int64
		var heavyTime atomic.Int64
		var wg sync.WaitGroup
		for range heavyClients {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					start := time.Now()
					_, err := heavy.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: heavyFilters()})
					if got, ok := testenv.ErrorOf(err); ok && got.Code == "TooManyRequestsException" {
						heavyThrottled.Add(1)
						time.Sleep(100 * time.Millisecond)
						continue
					} else if err != nil { // the client's timeout of a minute, on a server that stalls
						heavyFailed.Add(1)
						continue
					}
					heavyDone.Add(1)
					heavyTime.Add(int64(time.Since(start)))
				}
			})
		}
		time.Sleep(2 * time.Second) // the heavy reads under way
		var latencies []time.Duration
		for deadline := time.Now().Add(2 * time.Minute); len(latencies) < samples && time.Now().Before(deadline); {
			start := time.Now()
			if _, err := light.DescribeHub(ctx, &securityhub.DescribeHubInput{}); err != nil {
				b.Fatalf("DescribeHub: %v", err)
			}
			latencies = append(latencies, time.Since(start))
			time.Sleep(20 * time.Millisecond)
		}
		close(stop)
		wg.Wait()
		slices.Sort(latencies)
		pct := func(p float64) time.Duration { return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))] }
		b.ReportMetric(ms(pct(0.5)), "describe-hub-p50-ms")
		b.ReportMetric(ms(pct(0.99)), "describe-hub-p99-ms")
		b.ReportMetric(ms(latencies[len(latencies)-1]), "describe-hub-max-ms")
		if n := heavyDone.Load(); n > 0 {
			b.ReportMetric(ms(time.Duration(heavyTime.Load()/n)), "heavy-get-findings-ms")
		}
		b.Logf("%d DescribeHub: p50 %s, p99 %s, max %s; heavy GetFindings: %d served, %d throttled, %d failed", len(latencies),
			pct(0.5), pct(0.99), latencies[len(latencies)-1], heavyDone.Load(), heavyThrottled.Load(), heavyFailed.Load())
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// loadFindings imports n benchmark findings into the client's account, unless it has them.
func loadFindings(b *testing.B, c *securityhub.Client, n int) {
	last := fmt.Sprintf("bench-%09d", n-1)
	out, err := c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		Id: []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: aws.String(last)}}}})
	if err == nil && len(out.Findings) == 1 {
		return
	}
	start := time.Now()
	base := time.Now().Add(-time.Hour)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for first := next.Add(100) - 100; first < int64(n); first = next.Add(100) - 100 {
				batch := make([]types.AwsSecurityFinding, 0, 100)
				for i := first; i < min(first+100, int64(n)); i++ {
					batch = append(batch, testenv.BenchFinding(acctA, region, i, base))
				}
				if _, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: batch}); err != nil {
					b.Errorf("import: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.Logf("imported %d findings in %s", n, time.Since(start).Round(time.Second))
}
