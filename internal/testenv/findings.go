package testenv

import (
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"
)

// Values the benchmark findings spread over.
var (
	BenchSeverities    = []string{"INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"}
	BenchResourceTypes = []string{"AwsS3Bucket", "AwsEc2Instance", "AwsEc2SecurityGroup", "AwsIamRole", "AwsLambdaFunction", "AwsRdsDbInstance"}
)

// BenchFinding is the n-th benchmark finding of account in region: about 2 KB, a severity,
// resource type, workflow status (70% NEW) and record state (90% ACTIVE) that vary with n,
// and an UpdatedAt within a day after base, scrambled relative to n.
func BenchFinding(account, region string, n int64, base time.Time) types.AwsSecurityFinding {
	updated := base.Add(time.Duration(n*7919%86_400_000) * time.Millisecond).UTC().Format(time.RFC3339Nano)
	workflow := types.WorkflowStatusNew
	switch n / 7 % 10 { // not correlated with the severity (n % 5)
	case 7, 8:
		workflow = types.WorkflowStatusNotified
	case 9:
		workflow = types.WorkflowStatusResolved
	}
	state := types.RecordStateActive
	if n/11%10 == 3 {
		state = types.RecordStateArchived
	}
	id := fmt.Sprintf("bench-%09d", n)
	return types.AwsSecurityFinding{
		SchemaVersion: aws.String("2018-10-08"), Id: aws.String(id),
		ProductArn:  aws.String("arn:aws:securityhub:" + region + ":" + account + ":product/" + account + "/default"),
		GeneratorId: aws.String(fmt.Sprintf("rule-%d", n%50)), AwsAccountId: aws.String(account),
		Types:     []string{"Software and Configuration Checks/Vulnerabilities/CVE"},
		CreatedAt: aws.String(updated), UpdatedAt: aws.String(updated),
		Title:       aws.String("Benchmark finding " + id),
		Description: aws.String(strings.Repeat("A finding description of reasonable length. ", 20)),
		Severity:    &types.Severity{Label: types.SeverityLabel(BenchSeverities[n%5])},
		Workflow:    &types.Workflow{Status: workflow}, RecordState: state,
		Resources: []types.Resource{{Type: aws.String(BenchResourceTypes[n%6]), Id: aws.String(fmt.Sprintf("arn:aws:s3:::bucket-%d", n)),
			Tags: map[string]string{"team": fmt.Sprintf("team-%d", n%7), "env": "prod"}}},
		Remediation:   &types.Remediation{Recommendation: &types.Recommendation{Text: aws.String("Fix it."), Url: aws.String("https://example.com/fix")}},
		ProductFields: map[string]string{"scanner": "bench", "rule": fmt.Sprintf("rule-%d", n%50)},
	}
}
