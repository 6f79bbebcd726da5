package e2e

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

func TestInsights(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	b := newAccount(t, env, acctB, true)
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	importFindings(t, a.c, asff(acctA, "1", "HIGH", "AwsS3Bucket", base), asff(acctA, "2", "HIGH", "AwsEc2Instance", base),
		asff(acctA, "3", "LOW", "AwsS3Bucket", base))
	importFindings(t, b.c, asff(acctB, "4", "HIGH", "AwsS3Bucket", base))

	created, err := a.c.CreateInsight(ctx, &securityhub.CreateInsightInput{Name: aws.String("buckets by severity"), GroupByAttribute: aws.String("SeverityLabel"),
		Filters: &types.AwsSecurityFindingFilters{ResourceType: []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: aws.String("AwsS3Bucket")}}}})
	if err != nil {
		t.Fatalf("CreateInsight: %v", err)
	}
	arn := aws.ToString(created.InsightArn)
	results := func(c *securityhub.Client, arn string) []types.InsightResultValue {
		t.Helper()
		out, err := c.GetInsightResults(ctx, &securityhub.GetInsightResultsInput{InsightArn: aws.String(arn)})
		if err != nil {
			t.Fatalf("GetInsightResults: %v", err)
		}
		return out.InsightResults.ResultValues
	}
	got := results(a.c, arn)
	if len(got) != 2 || aws.ToString(got[0].GroupByAttributeValue) != "HIGH" || aws.ToInt32(got[0].Count) != 1 {
		t.Fatalf("results before membership: %+v", got)
	}
	// With B an Enabled member, its finding counts too.
	a.create(acctB)
	a.invite(acctB)
	if err := b.accept(acctA, b.invitationFrom(acctA)); err != nil {
		t.Fatal(err)
	}
	got = results(a.c, arn)
	if aws.ToString(got[0].GroupByAttributeValue) != "HIGH" || aws.ToInt32(got[0].Count) != 2 {
		t.Fatalf("results with the member: %+v", got)
	}
	// Managed insight 29: severity by count, over active NEW/NOTIFIED findings.
	got = results(a.c, "arn:aws:securityhub:::insight/securityhub/default/29")
	if len(got) != 2 || aws.ToString(got[0].GroupByAttributeValue) != "HIGH" || aws.ToInt32(got[0].Count) != 3 {
		t.Fatalf("managed insight 29: %+v", got)
	}

	// GetInsights: all custom ones without ARNs; managed ones by ARN.
	list, err := a.c.GetInsights(ctx, &securityhub.GetInsightsInput{})
	if err != nil || len(list.Insights) != 1 || aws.ToString(list.Insights[0].Name) != "buckets by severity" ||
		len(list.Insights[0].Filters.ResourceType) != 1 {
		t.Fatalf("GetInsights: %+v %v", list, err)
	}
	managed, err := a.c.GetInsights(ctx, &securityhub.GetInsightsInput{InsightArns: []string{"arn:aws:securityhub:::insight/securityhub/default/1"}})
	if err != nil || len(managed.Insights) != 1 || aws.ToString(managed.Insights[0].GroupByAttribute) != "ResourceId" {
		t.Fatalf("managed GetInsights: %+v %v", managed, err)
	}
	_, err = a.c.GetInsights(ctx, &securityhub.GetInsightsInput{InsightArns: []string{"arn:aws:securityhub:us-east-1:111111111111:insight/111111111111/custom/nope"}})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")

	// UpdateInsight changes what is given; DeleteInsight removes; managed ones are refused.
	if _, err := a.c.UpdateInsight(ctx, &securityhub.UpdateInsightInput{InsightArn: aws.String(arn), GroupByAttribute: aws.String("AwsAccountId")}); err != nil {
		t.Fatalf("UpdateInsight: %v", err)
	}
	got = results(a.c, arn)
	if len(got) != 2 || aws.ToInt32(got[0].Count) != 2 {
		t.Fatalf("grouped by account: %+v", got)
	}
	_, err = a.c.UpdateInsight(ctx, &securityhub.UpdateInsightInput{InsightArn: aws.String("arn:aws:securityhub:::insight/securityhub/default/1"), Name: aws.String("x")})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	_, err = a.c.CreateInsight(ctx, &securityhub.CreateInsightInput{Name: aws.String("bad"), GroupByAttribute: aws.String("Confidence"), Filters: &types.AwsSecurityFindingFilters{}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	// Another account cannot see this insight.
	_, err = b.c.GetInsightResults(ctx, &securityhub.GetInsightResultsInput{InsightArn: aws.String(arn)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	del, err := a.c.DeleteInsight(ctx, &securityhub.DeleteInsightInput{InsightArn: aws.String(arn)})
	if err != nil || aws.ToString(del.InsightArn) != arn {
		t.Fatalf("DeleteInsight: %+v %v", del, err)
	}
	_, err = a.c.DeleteInsight(ctx, &securityhub.DeleteInsightInput{InsightArn: aws.String(arn)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
}
