package e2e

import (
	"maps"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

// withoutAccount returns arn with its account field emptied, as Terraform's hashicorp/aws
// provider builds ARNs with skip_requesting_account_id = true.
func withoutAccount(t *testing.T, arn string) string {
	t.Helper()
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[4] == "" {
		t.Fatalf("%q is not an ARN with an account", arn)
	}
	parts[4] = ""
	return strings.Join(parts, ":")
}

// TestARNWithoutAccount: a Security Hub ARN whose account field is empty names the caller's
// own resource in every operation that takes the ARN of one (its hub, tags, standards
// subscriptions, insights, action targets), and the answers carry the real ARNs. Product,
// standards and managed-insight ARNs, which have no account, work as before.
func TestARNWithoutAccount(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	b := env.SecurityHub(acctB, region)
	const (
		hubARN      = "arn:aws:securityhub:us-east-1:111111111111:hub/default"
		hubNoAcct   = "arn:aws:securityhub:us-east-1::hub/default"
		otherRegion = "arn:aws:securityhub:eu-west-1::hub/default"
		fsbpSub     = "arn:aws:securityhub:us-east-1:111111111111:subscription/aws-foundational-security-best-practices/v/1.0.0"
		cisSub      = "arn:aws:securityhub:us-east-1:111111111111:subscription/cis-aws-foundations-benchmark/v/1.2.0"
		managed     = "arn:aws:securityhub:::insight/securityhub/default/1"
	)

	// Before the hub is on, the account-less hub ARN is the caller's hub: not subscribed.
	_, err := a.DescribeHub(ctx, &securityhub.DescribeHubInput{HubArn: aws.String(hubNoAcct)})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "Account 111111111111 is not subscribed to AWS Security Hub")
	if _, err := a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{Tags: map[string]string{"env": "test"}}); err != nil {
		t.Fatalf("EnableSecurityHub: %v", err)
	}
	enableHub(t, b)

	// DescribeHub.
	hub, err := a.DescribeHub(ctx, &securityhub.DescribeHubInput{HubArn: aws.String(hubNoAcct)})
	if err != nil || aws.ToString(hub.HubArn) != hubARN {
		t.Fatalf("DescribeHub(%s) = %v %v, want HubArn %s", hubNoAcct, aws.ToString(hub.HubArn), err, hubARN)
	}
	if hub, err := b.DescribeHub(ctx, &securityhub.DescribeHubInput{HubArn: aws.String(hubNoAcct)}); err != nil ||
		aws.ToString(hub.HubArn) != "arn:aws:securityhub:us-east-1:222222222222:hub/default" {
		t.Fatalf("DescribeHub(%s) as %s = %v %v", hubNoAcct, acctB, aws.ToString(hub.HubArn), err)
	}
	_, err = a.DescribeHub(ctx, &securityhub.DescribeHubInput{HubArn: aws.String(otherRegion)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Hub "+otherRegion+" not found")
	_, err = a.DescribeHub(ctx, &securityhub.DescribeHubInput{HubArn: aws.String("arn:aws:securityhub:::hub/default")})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")

	// TagResource, ListTagsForResource, UntagResource: the tags are the hub's, whichever form
	// of its ARN names it.
	tagsOf := func(c *securityhub.Client, arn string) map[string]string {
		t.Helper()
		out, err := c.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
		if err != nil {
			t.Fatalf("ListTagsForResource(%s): %v", arn, err)
		}
		return out.Tags
	}
	if got := tagsOf(a, hubNoAcct); !maps.Equal(got, map[string]string{"env": "test"}) {
		t.Fatalf("tags of %s = %v", hubNoAcct, got)
	}
	if _, err := a.TagResource(ctx, &securityhub.TagResourceInput{ResourceArn: aws.String(hubNoAcct), Tags: map[string]string{"team": "sec"}}); err != nil {
		t.Fatalf("TagResource(%s): %v", hubNoAcct, err)
	}
	want := map[string]string{"env": "test", "team": "sec"}
	if got := tagsOf(a, hubARN); !maps.Equal(got, want) {
		t.Fatalf("tags of %s = %v, want %v", hubARN, got, want)
	}
	if got := tagsOf(a, hubNoAcct); !maps.Equal(got, want) {
		t.Fatalf("tags of %s = %v, want %v", hubNoAcct, got, want)
	}
	if got := tagsOf(b, hubNoAcct); len(got) != 0 {
		t.Fatalf("%s sees tags %v on its own hub", acctB, got)
	}
	if _, err := a.UntagResource(ctx, &securityhub.UntagResourceInput{ResourceArn: aws.String(hubNoAcct), TagKeys: []string{"env"}}); err != nil {
		t.Fatalf("UntagResource(%s): %v", hubNoAcct, err)
	}
	if got := tagsOf(a, hubARN); !maps.Equal(got, map[string]string{"team": "sec"}) {
		t.Fatalf("tags after UntagResource = %v", got)
	}
	_, err = a.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: aws.String(otherRegion)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")

	// GetEnabledStandards, BatchDisableStandards; BatchEnableStandards takes the standard's
	// ARN, which has no account, as before.
	got, err := a.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{StandardsSubscriptionArns: []string{withoutAccount(t, fsbpSub)}})
	if err != nil || len(got.StandardsSubscriptions) != 1 || aws.ToString(got.StandardsSubscriptions[0].StandardsSubscriptionArn) != fsbpSub {
		t.Fatalf("GetEnabledStandards(%s) = %+v %v", withoutAccount(t, fsbpSub), got, err)
	}
	if _, err := a.BatchEnableStandards(ctx, &securityhub.BatchEnableStandardsInput{
		StandardsSubscriptionRequests: []types.StandardsSubscriptionRequest{{StandardsArn: aws.String(pciARN)}}}); err != nil {
		t.Fatalf("BatchEnableStandards(%s): %v", pciARN, err)
	}
	disabled, err := a.BatchDisableStandards(ctx, &securityhub.BatchDisableStandardsInput{StandardsSubscriptionArns: []string{withoutAccount(t, fsbpSub)}})
	if err != nil || len(disabled.StandardsSubscriptions) != 1 || aws.ToString(disabled.StandardsSubscriptions[0].StandardsSubscriptionArn) != fsbpSub ||
		disabled.StandardsSubscriptions[0].StandardsStatus != types.StandardsStatusDeleting {
		t.Fatalf("BatchDisableStandards(%s) = %+v %v", withoutAccount(t, fsbpSub), disabled, err)
	}
	if got := enabledStandards(t, a); len(got) != 2 || got[0] != cisARN || got[1] != pciARN {
		t.Fatalf("standards after BatchDisableStandards = %v", got)
	}
	if got := enabledStandards(t, b); len(got) != 0 {
		t.Fatalf("%s's standards = %v", acctB, got)
	}
	notSubscribed := func(arn string) string {
		return "Invalid parameter 'StandardsSubscriptionArns'. Subscription " + arn + " does not exist."
	}
	_, err = a.BatchDisableStandards(ctx, &securityhub.BatchDisableStandardsInput{StandardsSubscriptionArns: []string{withoutAccount(t, fsbpSub)}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, notSubscribed(withoutAccount(t, fsbpSub)))
	_, err = b.BatchDisableStandards(ctx, &securityhub.BatchDisableStandardsInput{StandardsSubscriptionArns: []string{withoutAccount(t, cisSub)}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, notSubscribed(withoutAccount(t, cisSub)))

	// UpdateInsight, GetInsights, GetInsightResults, DeleteInsight.
	created, err := a.CreateInsight(ctx, &securityhub.CreateInsightInput{Name: aws.String("by severity"), GroupByAttribute: aws.String("SeverityLabel"),
		Filters: &types.AwsSecurityFindingFilters{}})
	if err != nil {
		t.Fatalf("CreateInsight: %v", err)
	}
	insight := aws.ToString(created.InsightArn)
	insightNoAcct := withoutAccount(t, insight)
	if _, err := a.UpdateInsight(ctx, &securityhub.UpdateInsightInput{InsightArn: aws.String(insightNoAcct), Name: aws.String("renamed")}); err != nil {
		t.Fatalf("UpdateInsight(%s): %v", insightNoAcct, err)
	}
	insights, err := a.GetInsights(ctx, &securityhub.GetInsightsInput{InsightArns: []string{insightNoAcct}})
	if err != nil || len(insights.Insights) != 1 || aws.ToString(insights.Insights[0].InsightArn) != insight || aws.ToString(insights.Insights[0].Name) != "renamed" {
		t.Fatalf("GetInsights(%s) = %+v %v", insightNoAcct, insights, err)
	}
	results, err := a.GetInsightResults(ctx, &securityhub.GetInsightResultsInput{InsightArn: aws.String(insightNoAcct)})
	if err != nil || aws.ToString(results.InsightResults.InsightArn) != insight {
		t.Fatalf("GetInsightResults(%s) = %+v %v", insightNoAcct, results, err)
	}
	_, err = b.GetInsightResults(ctx, &securityhub.GetInsightResultsInput{InsightArn: aws.String(insightNoAcct)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	// The managed insights' ARNs have no account and name the same insight everywhere.
	results, err = a.GetInsightResults(ctx, &securityhub.GetInsightResultsInput{InsightArn: aws.String(managed)})
	if err != nil || aws.ToString(results.InsightResults.InsightArn) != managed {
		t.Fatalf("GetInsightResults(%s) = %+v %v", managed, results, err)
	}
	_, err = a.UpdateInsight(ctx, &securityhub.UpdateInsightInput{InsightArn: aws.String(managed), Name: aws.String("x")})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Managed insights cannot be updated.")
	deleted, err := a.DeleteInsight(ctx, &securityhub.DeleteInsightInput{InsightArn: aws.String(insightNoAcct)})
	if err != nil || aws.ToString(deleted.InsightArn) != insight {
		t.Fatalf("DeleteInsight(%s) = %v %v, want InsightArn %s", insightNoAcct, aws.ToString(deleted.InsightArn), err, insight)
	}
	_, err = a.GetInsightResults(ctx, &securityhub.GetInsightResultsInput{InsightArn: aws.String(insight)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")

	// UpdateActionTarget, DescribeActionTargets, DeleteActionTarget.
	target := createActionTarget(t, a, "Send", "Send", "to chat")
	targetNoAcct := withoutAccount(t, target)
	if _, err := a.UpdateActionTarget(ctx, &securityhub.UpdateActionTargetInput{ActionTargetArn: aws.String(targetNoAcct), Name: aws.String("Sent")}); err != nil {
		t.Fatalf("UpdateActionTarget(%s): %v", targetNoAcct, err)
	}
	if got := describeActionTargets(t, a, 0, targetNoAcct); len(got) != 1 || aws.ToString(got[0].ActionTargetArn) != target || aws.ToString(got[0].Name) != "Sent" {
		t.Fatalf("DescribeActionTargets(%s) = %+v", targetNoAcct, got)
	}
	_, err = b.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{ActionTargetArns: []string{targetNoAcct}})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	_, err = a.UpdateActionTarget(ctx, &securityhub.UpdateActionTargetInput{ActionTargetArn: aws.String("arn:aws:securityhub:eu-west-1::action/custom/Send"), Name: aws.String("x")})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	del, err := a.DeleteActionTarget(ctx, &securityhub.DeleteActionTargetInput{ActionTargetArn: aws.String(targetNoAcct)})
	if err != nil || aws.ToString(del.ActionTargetArn) != target {
		t.Fatalf("DeleteActionTarget(%s) = %v %v, want ActionTargetArn %s", targetNoAcct, aws.ToString(del.ActionTargetArn), err, target)
	}
	_, err = a.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{ActionTargetArns: []string{target}})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")

	// Once the hub is off, the account-less hub ARN is the caller's hub that is no longer on.
	if _, err := a.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{}); err != nil {
		t.Fatalf("DisableSecurityHub: %v", err)
	}
	_, err = a.DescribeHub(ctx, &securityhub.DescribeHubInput{HubArn: aws.String(hubNoAcct)})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "Account 111111111111 is not subscribed to AWS Security Hub")
}
