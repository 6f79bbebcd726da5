package e2e

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

// TestInsightsGoWithTheHub checks that DisableSecurityHub deletes the account's custom
// insights in that region, and only those: after re-enabling, the account starts without
// them, while its insights in another region and another account's stay.
func TestInsightsGoWithTheHub(t *testing.T) {
	env := testenv.Start(t)
	const otherRegion = "eu-west-1"
	a := env.SecurityHub(acctA, region)
	aElsewhere := env.SecurityHub(acctA, otherRegion)
	b := env.SecurityHub(acctB, region)
	create := func(c *securityhub.Client, name string) string {
		t.Helper()
		if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
			t.Fatalf("EnableSecurityHub: %v", err)
		}
		out, err := c.CreateInsight(ctx, &securityhub.CreateInsightInput{Name: aws.String(name), GroupByAttribute: aws.String("SeverityLabel"),
			Filters: &types.AwsSecurityFindingFilters{RecordState: []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: aws.String("ACTIVE")}}}})
		if err != nil {
			t.Fatalf("CreateInsight: %v", err)
		}
		return aws.ToString(out.InsightArn)
	}
	customInsights := func(c *securityhub.Client) []string {
		t.Helper()
		out, err := c.GetInsights(ctx, &securityhub.GetInsightsInput{})
		if err != nil {
			t.Fatalf("GetInsights: %v", err)
		}
		var arns []string
		for _, in := range out.Insights {
			arns = append(arns, aws.ToString(in.InsightArn))
		}
		return arns
	}
	arnA := create(a, "A here")
	arnElsewhere := create(aElsewhere, "A elsewhere")
	arnB := create(b, "B here")

	if _, err := a.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{}); err != nil {
		t.Fatalf("DisableSecurityHub: %v", err)
	}
	if _, err := a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatalf("EnableSecurityHub again: %v", err)
	}
	if got := customInsights(a); len(got) != 0 {
		t.Errorf("custom insights after disabling and re-enabling: %v, want none", got)
	}
	_, err := a.GetInsightResults(ctx, &securityhub.GetInsightResultsInput{InsightArn: aws.String(arnA)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Insight "+arnA+" not found")
	if got := customInsights(aElsewhere); len(got) != 1 || got[0] != arnElsewhere {
		t.Errorf("the account's insights in %s: %v, want %s", otherRegion, got, arnElsewhere)
	}
	if got := customInsights(b); len(got) != 1 || got[0] != arnB {
		t.Errorf("another account's insights: %v, want %s", got, arnB)
	}
}
