package scale

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

// The aggregated layout: an account whose aggregator in aggregationHome links the
// linkedRegions, which hold its findings, a quarter each; their copies make up the home region.
const (
	aggregatingAccount = "400000000000"
	aggregationHome    = "eu-west-1"
)

var linkedRegions = []string{"eu-west-2", "eu-west-3", "eu-north-1", "eu-central-1"}

// BenchmarkAggregatedFindings compares GetFindings in a home region holding the copies of n
// findings from 4 linked regions with GetFindings in one region holding n findings of one
// account (BenchmarkMillionFindings' one-account layout, loaded here when missing), in one
// run, with the same selective filters: three EQUALS filters, and a ResourceType PREFIX.
//
//	go test -run x -bench AggregatedFindings -benchtime 1x -timeout 3h ./e2e/scale/
//
// It takes the settings of BenchmarkMillionFindings, and shares its data folder.
func BenchmarkAggregatedFindings(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("SECHUB_BENCH_FINDINGS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < len(linkedRegions) {
			b.Fatalf("SECHUB_BENCH_FINDINGS=%q: want a number of at least %d", v, len(linkedRegions))
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
	home := env.SecurityHub(aggregatingAccount, aggregationHome)
	if !loaded(b, sole, n-1) {
		loadOneAccount(b, env, n)
	}
	if !loaded(b, home, n-1) {
		start := time.Now()
		loadAggregated(b, env, n)
		rate := float64(n) / time.Since(start).Seconds()
		b.ReportMetric(rate, "aggregated-import-findings/s")
		b.Logf("imported %d findings in %d linked regions in %s (%.0f findings/s, each also copied to the home region)",
			n, len(linkedRegions), time.Since(start).Round(time.Second), rate)
	}
	equalsFilters := func(i int) *types.AwsSecurityFindingFilters {
		return &types.AwsSecurityFindingFilters{
			SeverityLabel:  []types.StringFilter{equals(testenv.BenchSeverities[i%5])},
			WorkflowStatus: []types.StringFilter{equals("NEW")},
			RecordState:    []types.StringFilter{equals("ACTIVE")},
		}
	}
	prefixFilters := func(i int) *types.AwsSecurityFindingFilters {
		return &types.AwsSecurityFindingFilters{ResourceType: []types.StringFilter{{
			Comparison: types.StringFilterComparisonPrefix, Value: aws.String([]string{"AwsEc2", "AwsS3", "AwsIam", "AwsLambda", "AwsRds"}[i%5])}}}
	}
	for _, q := range []struct {
		name    string
		filters func(int) *types.AwsSecurityFindingFilters
	}{{"equals", equalsFilters}, {"prefix", prefixFilters}} {
		single := median(b, func(i int) { page(b, sole, q.filters(i)) })
		aggregated := median(b, func(i int) { page(b, home, q.filters(i)) })
		b.ReportMetric(ms(single), "one-region-"+q.name+"-ms")
		b.ReportMetric(ms(aggregated), "home-region-"+q.name+"-ms")
		b.ReportMetric(float64(aggregated)/float64(single), "home/one-region-"+q.name)
	}
}

// loadAggregated enables the hub of the aggregating account in the home and linked regions,
// creates its aggregator, and imports n findings spread over the linked regions.
func loadAggregated(b *testing.B, env *testenv.Env, n int) {
	enable(b, env.SecurityHub(aggregatingAccount, aggregationHome))
	for _, r := range linkedRegions {
		enable(b, env.SecurityHub(aggregatingAccount, r))
	}
	home := env.SecurityHub(aggregatingAccount, aggregationHome)
	if _, err := home.CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{
		RegionLinkingMode: aws.String("SPECIFIED_REGIONS"), Regions: linkedRegions}); err != nil {
		if ae, ok := testenv.ErrorOf(err); !ok || ae.Code != "InvalidInputException" { // made by an earlier, interrupted run
			b.Fatalf("CreateFindingAggregator: %v", err)
		}
	}
	per := n / len(linkedRegions)
	for i, r := range linkedRegions {
		to := (i + 1) * per
		if i == len(linkedRegions)-1 {
			to = n
		}
		importRange(b, env.SecurityHub(aggregatingAccount, r), aggregatingAccount, r, i*per, to)
	}
}
