package e2e

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

// BenchmarkImportFindings imports batches of 100 findings of about 2 KB into the embedded
// store. Target: at least 20,000 findings/s.
func BenchmarkImportFindings(b *testing.B) {
	env := testenv.Start(b)
	c := benchClient(env.URL, acctA)
	if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		b.Fatal(err)
	}
	var next atomic.Int64
	base := time.Now().Add(-time.Hour)
	b.SetParallelism(2)
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		batch := make([]types.AwsSecurityFinding, 100)
		for pb.Next() {
			first := next.Add(100) - 100
			for i := range batch {
				batch[i] = testenv.BenchFinding(acctA, region, first+int64(i), base)
			}
			out, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: batch})
			if err != nil {
				b.Fatalf("import: %v", err)
			}
			if len(out.FailedFindings) > 0 {
				b.Fatalf("import: %d failed: %s", len(out.FailedFindings), aws.ToString(out.FailedFindings[0].ErrorMessage))
			}
		}
	})
	b.ReportMetric(float64(b.N*100)/time.Since(start).Seconds(), "findings/s")
}
