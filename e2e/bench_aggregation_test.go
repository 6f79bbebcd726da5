package e2e

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

// BenchmarkImportAggregated imports batches of 100 findings of about 2 KB into a region of
// two servers: one where the account has no aggregator, and one where the region is linked
// to a home region, so that every finding is also copied there. The batches alternate
// between the two, and the benchmark reports both rates and their ratio.
func BenchmarkImportAggregated(b *testing.B) {
	const linked = "us-west-2"
	servers := make([]*securityhub.Client, 2)
	for k := range servers {
		env := testenv.Start(b)
		for _, r := range []string{region, linked} {
			if _, err := benchClientIn(env.URL, acctA, r).EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
				b.Fatal(err)
			}
		}
		if k == 1 {
			if _, err := benchClientIn(env.URL, acctA, region).CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{
				RegionLinkingMode: aws.String("ALL_REGIONS")}); err != nil {
				b.Fatal(err)
			}
		}
		servers[k] = benchClientIn(env.URL, acctA, linked)
	}
	base := time.Now().Add(-time.Hour)
	batch := make([]types.AwsSecurityFinding, 100)
	var spent [2]time.Duration
	b.ResetTimer()
	for n := range b.N {
		for i := range batch {
			batch[i] = testenv.BenchFinding(acctA, linked, int64(n*100+i), base)
		}
		for k, c := range servers {
			start := time.Now()
			out, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: batch})
			spent[k] += time.Since(start)
			if err != nil || len(out.FailedFindings) > 0 {
				b.Fatalf("import: %v %+v", err, out)
			}
		}
	}
	findings := float64(b.N * 100)
	b.ReportMetric(findings/spent[0].Seconds(), "findings/s-alone")
	b.ReportMetric(findings/spent[1].Seconds(), "findings/s-aggregated")
	b.ReportMetric(spent[0].Seconds()/spent[1].Seconds(), "ratio")
}

// benchClientIn is benchClient in another region.
func benchClientIn(url, account, reg string) *securityhub.Client {
	c := benchClient(url, account)
	return securityhub.New(c.Options(), func(o *securityhub.Options) { o.Region = reg })
}
