package e2e

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

var severities = []string{"INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"}
var resourceTypes = []string{"AwsS3Bucket", "AwsEc2Instance", "AwsEc2SecurityGroup", "AwsIamRole", "AwsLambdaFunction", "AwsRdsDbInstance"}

// benchFinding is a finding of about 2 KB.
func benchFinding(account string, n int64, at time.Time) types.AwsSecurityFinding {
	f := asff(account, fmt.Sprintf("bench-%09d", n), severities[n%5], resourceTypes[n%6], at)
	f.Description = aws.String(strings.Repeat("A finding description of reasonable length. ", 20))
	f.Resources[0].Tags = map[string]string{"team": fmt.Sprintf("team-%d", n%7), "env": "prod"}
	f.Remediation = &types.Remediation{Recommendation: &types.Recommendation{Text: aws.String("Fix it."), Url: aws.String("https://example.com/fix")}}
	f.ProductFields = map[string]string{"scanner": "bench", "rule": fmt.Sprintf("rule-%d", n%50)}
	return f
}

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
				batch[i] = benchFinding(acctA, first+int64(i), base)
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
