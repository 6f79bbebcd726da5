// Package scale measures sechub, run as its own process, at a million findings: import rate,
// GetFindings, GetInsightResults, GetFindingsV2 and GetFindingStatisticsV2 latencies and the
// server's peak memory.
//
//	go test -run x -bench Million -benchtime 1x -timeout 2h ./e2e/scale/
//
// SECHUB_BENCH_FINDINGS sets the size (default 1,000,000 in each layout), SECHUB_BENCH_DATA
// the data folder (default: a folder in the temporary directory named after the size, reused
// by later runs so the findings are imported once), SECHUB_BENCH_STORE a store URL (for
// example postgres://...) instead of the data folder's SQLite.
package scale

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

var ctx = context.Background()

const (
	// The one-account layout lives in oneRegion, the administrator-and-members layout in
	// spreadRegion, so both share a server.
	oneRegion    = "us-east-1"
	spreadRegion = "us-west-2"
	soleAccount  = "111111111111"
	adminAccount = "200000000000"
	memberCount  = 100
	loaders      = 4 // concurrent importing clients
	samples      = 31
)

func memberID(i int) string { return fmt.Sprintf("3%011d", i) }

var base = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func BenchmarkMillionFindings(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("SECHUB_BENCH_FINDINGS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < memberCount {
			b.Fatalf("SECHUB_BENCH_FINDINGS=%q: want a number of at least %d", v, memberCount)
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
	sole := env.SecurityHub(soleAccount, oneRegion)
	admin := env.SecurityHub(adminAccount, spreadRegion)

	if !loaded(b, sole, n-1) || !loaded(b, admin, n-1) {
		start := time.Now()
		loadOneAccount(b, env, n)
		loadSpread(b, env, n)
		rate := float64(2*n) / time.Since(start).Seconds()
		b.ReportMetric(rate, "import-findings/s")
		b.Logf("imported 2 × %d findings in %s (%.0f findings/s)", n, time.Since(start).Round(time.Second), rate)
	} else {
		b.Logf("reusing the findings already in %s", data)
	}

	for _, layout := range []struct {
		name   string
		client *securityhub.Client
	}{{"one-account", sole}, {"100-members", admin}} {
		c := layout.client
		eq := median(b, func(i int) {
			page(b, c, &types.AwsSecurityFindingFilters{
				SeverityLabel:  []types.StringFilter{equals(testenv.BenchSeverities[i%5])},
				WorkflowStatus: []types.StringFilter{equals("NEW")},
				RecordState:    []types.StringFilter{equals("ACTIVE")},
			})
		})
		prefix := median(b, func(i int) {
			page(b, c, &types.AwsSecurityFindingFilters{ResourceType: []types.StringFilter{{
				Comparison: types.StringFilterComparisonPrefix, Value: aws.String([]string{"AwsEc2", "AwsS3", "AwsIam", "AwsLambda", "AwsRds"}[i%5])}}})
		})
		b.ReportMetric(ms(eq), layout.name+"-equals-ms")
		b.ReportMetric(ms(prefix), layout.name+"-prefix-ms")
		for _, attribute := range []string{"SeverityLabel", "ResourceType"} {
			arn := insight(b, c, attribute)
			d := median(b, func(int) {
				out, err := c.GetInsightResults(ctx, &securityhub.GetInsightResultsInput{InsightArn: aws.String(arn)})
				if err != nil || len(out.InsightResults.ResultValues) == 0 {
					b.Fatalf("GetInsightResults: %v", err)
				}
			})
			b.ReportMetric(ms(d), layout.name+"-insight-"+attribute+"-ms")
		}
		v2 := findingsV2(b, c)
		b.ReportMetric(ms(v2.page), layout.name+"-v2-composite-ms")
		b.ReportMetric(ms(v2.statistics), layout.name+"-v2-statistics-severity-ms")
	}
	rss, err := proc.PeakRSS()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MiB")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func equals(v string) types.StringFilter {
	return types.StringFilter{Comparison: types.StringFilterComparisonEquals, Value: aws.String(v)}
}

// median runs fn samples times (after one warm-up run) and returns the median duration.
func median(b *testing.B, fn func(i int)) time.Duration {
	fn(0)
	times := make([]time.Duration, samples)
	for i := range times {
		start := time.Now()
		fn(i)
		times[i] = time.Since(start)
	}
	slices.Sort(times)
	return times[samples/2]
}

// page gets one page of 100 findings, newest first, and checks that it is full.
func page(b *testing.B, c *securityhub.Client, filters *types.AwsSecurityFindingFilters) {
	out, err := c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: filters, MaxResults: aws.Int32(100),
		SortCriteria: []types.SortCriterion{{Field: aws.String("UpdatedAt"), SortOrder: types.SortOrderDescending}}})
	if err != nil {
		b.Fatalf("GetFindings: %v", err)
	}
	if len(out.Findings) != 100 {
		b.Fatalf("GetFindings %s: %d findings, want a full page", describe(filters), len(out.Findings))
	}
}

func describe(filters *types.AwsSecurityFindingFilters) string {
	var parts []string
	for _, f := range [][]types.StringFilter{filters.SeverityLabel, filters.WorkflowStatus, filters.RecordState, filters.ResourceType} {
		for _, s := range f {
			parts = append(parts, string(s.Comparison)+" "+aws.ToString(s.Value))
		}
	}
	return strings.Join(parts, ", ")
}

// insight returns the ARN of a custom insight over every finding, grouped by attribute.
func insight(b *testing.B, c *securityhub.Client, attribute string) string {
	name := "all by " + attribute
	out, err := c.GetInsights(ctx, &securityhub.GetInsightsInput{})
	if err != nil {
		b.Fatal(err)
	}
	for _, i := range out.Insights {
		if aws.ToString(i.Name) == name {
			return aws.ToString(i.InsightArn)
		}
	}
	created, err := c.CreateInsight(ctx, &securityhub.CreateInsightInput{Name: aws.String(name),
		Filters: &types.AwsSecurityFindingFilters{}, GroupByAttribute: aws.String(attribute)})
	if err != nil {
		b.Fatalf("CreateInsight: %v", err)
	}
	return aws.ToString(created.InsightArn)
}

// loaded tells whether the last finding of a layout is there (both layouts number the
// findings 0..n-1 across their accounts).
func loaded(b *testing.B, c *securityhub.Client, last int) bool {
	out, err := c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		Id: []types.StringFilter{equals(fmt.Sprintf("bench-%09d", last))}}})
	return err == nil && len(out.Findings) == 1
}

func enable(b *testing.B, c *securityhub.Client) {
	if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		if ae, ok := testenv.ErrorOf(err); !ok || ae.Code != "ResourceConflictException" {
			b.Fatalf("EnableSecurityHub: %v", err)
		}
	}
}

// importRange imports findings from..to-1 of account through loaders concurrent clients.
func importRange(b *testing.B, c *securityhub.Client, account, region string, from, to int) {
	var next atomic.Int64
	next.Store(int64(from))
	var wg sync.WaitGroup
	for range loaders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				first := next.Add(100) - 100
				if first >= int64(to) {
					return
				}
				var batch []types.AwsSecurityFinding
				for i := first; i < min(first+100, int64(to)); i++ {
					batch = append(batch, testenv.BenchFinding(account, region, i, base))
				}
				out, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: batch})
				if err != nil || aws.ToInt32(out.FailedCount) != 0 {
					b.Errorf("BatchImportFindings: %v %+v", err, out)
					return
				}
			}
		}()
	}
	wg.Wait()
	if b.Failed() {
		b.FailNow()
	}
}

func loadOneAccount(b *testing.B, env *testenv.Env, n int) {
	c := env.SecurityHub(soleAccount, oneRegion)
	enable(b, c)
	importRange(b, c, soleAccount, oneRegion, 0, n)
}

// loadSpread makes memberCount accounts Enabled members of the administrator (invited and
// accepted) and gives each n/memberCount of the findings.
func loadSpread(b *testing.B, env *testenv.Env, n int) {
	admin := env.SecurityHub(adminAccount, spreadRegion)
	enable(b, admin)
	var details []types.AccountDetails
	var ids []string
	for i := range memberCount {
		details = append(details, types.AccountDetails{AccountId: aws.String(memberID(i))})
		ids = append(ids, memberID(i))
	}
	for i := 0; i < memberCount; i += 50 {
		if _, err := admin.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: details[i:min(i+50, memberCount)]}); err != nil {
			b.Fatal(err)
		}
	}
	for i := range memberCount {
		enable(b, env.SecurityHub(memberID(i), spreadRegion))
	}
	for i := 0; i < memberCount; i += 50 {
		if _, err := admin.InviteMembers(ctx, &securityhub.InviteMembersInput{AccountIds: ids[i:min(i+50, memberCount)]}); err != nil {
			b.Fatal(err)
		}
	}
	per := n / memberCount
	for i := range memberCount {
		m := env.SecurityHub(memberID(i), spreadRegion)
		inv, err := m.ListInvitations(ctx, &securityhub.ListInvitationsInput{})
		if err != nil || len(inv.Invitations) != 1 {
			b.Fatalf("ListInvitations: %v", err)
		}
		if _, err := m.AcceptAdministratorInvitation(ctx, &securityhub.AcceptAdministratorInvitationInput{
			AdministratorId: aws.String(adminAccount), InvitationId: inv.Invitations[0].InvitationId}); err != nil {
			b.Fatal(err)
		}
		to := (i + 1) * per
		if i == memberCount-1 {
			to = n
		}
		importRange(b, m, memberID(i), spreadRegion, i*per, to)
	}
}

// v2Latencies are the medians of the Security Hub V2 reads.
type v2Latencies struct{ page, statistics time.Duration }

// findingsV2 turns V2 on for c and measures GetFindingsV2 (a page of 100 with a selective
// composite filter, as the GetFindings one) and GetFindingStatisticsV2 grouped by severity.
func findingsV2(b *testing.B, c *securityhub.Client) v2Latencies {
	if _, err := c.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
		b.Fatalf("EnableSecurityHubV2: %v", err)
	}
	names := []string{"Informational", "Low", "Medium", "High", "Critical"}
	str := func(field, value string) types.OcsfStringFilter {
		return types.OcsfStringFilter{FieldName: types.OcsfStringField(field), Filter: &types.StringFilter{
			Comparison: types.StringFilterComparisonEquals, Value: aws.String(value)}}
	}
	var out v2Latencies
	out.page = median(b, func(i int) {
		got, err := c.GetFindingsV2(ctx, &securityhub.GetFindingsV2Input{MaxResults: aws.Int32(100),
			Filters: &types.OcsfFindingFilters{CompositeOperator: types.AllowedOperatorsAnd, CompositeFilters: []types.CompositeFilter{{
				Operator: types.AllowedOperatorsAnd, StringFilters: []types.OcsfStringFilter{str("severity", names[i%5]), str("status", "New")}}}},
			SortCriteria: []types.SortCriterion{{Field: aws.String("finding_info.modified_time_dt"), SortOrder: types.SortOrderDescending}}})
		if err != nil || len(got.Findings) != 100 {
			b.Fatalf("GetFindingsV2: %v (%d findings)", err, len(got.Findings))
		}
	})
	out.statistics = median(b, func(int) {
		got, err := c.GetFindingStatisticsV2(ctx, &securityhub.GetFindingStatisticsV2Input{
			GroupByRules: []types.GroupByRule{{GroupByField: types.GroupByFieldSeverity}}})
		if err != nil || len(got.GroupByResults) != 1 || len(got.GroupByResults[0].GroupByValues) != 5 {
			b.Fatalf("GetFindingStatisticsV2: %v", err)
		}
	})
	return out
}
