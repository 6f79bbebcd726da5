package e2e

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

// TestControlPagesFollowChanges reads the same first page of FSBP's standards controls after
// every kind of change it shows, and pages of control definitions as several callers: on the
// embedded store sechub keeps encoded pages, and a kept page must never outlive the state it
// was made from or reach another caller.
func TestControlPagesFollowChanges(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	if _, err := a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{EnableDefaultStandards: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	firstPage := func() []types.StandardsControl {
		t.Helper()
		out, err := a.DescribeStandardsControls(ctx, &securityhub.DescribeStandardsControlsInput{StandardsSubscriptionArn: aws.String(fsbpSubARN), MaxResults: aws.Int32(100)})
		if err != nil || len(out.Controls) != 100 {
			t.Fatalf("DescribeStandardsControls: %d controls, %v", len(out.Controls), err)
		}
		return out.Controls
	}
	before := firstPage()
	id := aws.ToString(before[7].ControlId)
	status := func(when string, wantStatus types.ControlStatus, wantReason string) types.StandardsControl {
		t.Helper()
		for _, c := range firstPage() {
			if aws.ToString(c.ControlId) == id {
				if c.ControlStatus != wantStatus || aws.ToString(c.DisabledReason) != wantReason {
					t.Fatalf("%s: %s is %s (%q), want %s (%q)", when, id, c.ControlStatus, aws.ToString(c.DisabledReason), wantStatus, wantReason)
				}
				return c
			}
		}
		t.Fatalf("%s: %s is not on the page", when, id)
		return types.StandardsControl{}
	}
	status("first read", types.ControlStatusEnabled, "")

	if _, err := a.UpdateStandardsControl(ctx, &securityhub.UpdateStandardsControlInput{StandardsControlArn: aws.String(fsbpControl + id),
		ControlStatus: types.ControlStatusDisabled, DisabledReason: aws.String("compensated")}); err != nil {
		t.Fatal(err)
	}
	status("after UpdateStandardsControl", types.ControlStatusDisabled, "compensated")

	if out, err := a.BatchUpdateStandardsControlAssociations(ctx, &securityhub.BatchUpdateStandardsControlAssociationsInput{
		StandardsControlAssociationUpdates: []types.StandardsControlAssociationUpdate{{SecurityControlId: aws.String(id),
			StandardsArn: aws.String(fsbpARN), AssociationStatus: types.AssociationStatusEnabled}}}); err != nil || len(out.UnprocessedAssociationUpdates) != 0 {
		t.Fatalf("BatchUpdateStandardsControlAssociations: %+v %v", out, err)
	}
	status("after enabling its association", types.ControlStatusEnabled, "")

	// Disabling the standard forgets its controls' settings; enabling it again starts anew.
	if _, err := a.UpdateStandardsControl(ctx, &securityhub.UpdateStandardsControlInput{StandardsControlArn: aws.String(fsbpControl + id),
		ControlStatus: types.ControlStatusDisabled, DisabledReason: aws.String("again")}); err != nil {
		t.Fatal(err)
	}
	status("disabled again", types.ControlStatusDisabled, "again")
	if _, err := a.BatchDisableStandards(ctx, &securityhub.BatchDisableStandardsInput{StandardsSubscriptionArns: []string{fsbpSubARN}}); err != nil {
		t.Fatal(err)
	}
	_, err := a.DescribeStandardsControls(ctx, &securityhub.DescribeStandardsControlsInput{StandardsSubscriptionArn: aws.String(fsbpSubARN), MaxResults: aws.Int32(100)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	if _, err := a.BatchEnableStandards(ctx, &securityhub.BatchEnableStandardsInput{StandardsSubscriptionRequests: []types.StandardsSubscriptionRequest{{StandardsArn: aws.String(fsbpARN)}}}); err != nil {
		t.Fatal(err)
	}
	status("after enabling the standard again", types.ControlStatusEnabled, "")

	// Turning the hub off and on again.
	if _, err := a.UpdateStandardsControl(ctx, &securityhub.UpdateStandardsControlInput{StandardsControlArn: aws.String(fsbpControl + id),
		ControlStatus: types.ControlStatusDisabled, DisabledReason: aws.String("before the hub went off")}); err != nil {
		t.Fatal(err)
	}
	status("before the hub went off", types.ControlStatusDisabled, "before the hub went off")
	if _, err := a.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	_, err = a.DescribeStandardsControls(ctx, &securityhub.DescribeStandardsControlsInput{StandardsSubscriptionArn: aws.String(fsbpSubARN), MaxResults: aws.Int32(100)})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "")
	_, err = a.ListSecurityControlDefinitions(ctx, &securityhub.ListSecurityControlDefinitionsInput{MaxResults: aws.Int32(100)})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "")
	if _, err := a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{EnableDefaultStandards: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	status("after the hub came on again", types.ControlStatusEnabled, "")

	// Pages of definitions: each caller's NextToken is its own, in each region.
	b := env.SecurityHub(acctB, region)
	enableHub(t, b)
	west := env.SecurityHub(acctA, "us-west-2")
	enableHub(t, west)
	var tokens []string
	for _, c := range []*securityhub.Client{a, b, west} {
		for range 2 {
			out, err := c.ListSecurityControlDefinitions(ctx, &securityhub.ListSecurityControlDefinitionsInput{MaxResults: aws.Int32(100)})
			if err != nil || len(out.SecurityControlDefinitions) != 100 || out.NextToken == nil {
				t.Fatalf("ListSecurityControlDefinitions: %d, %v", len(out.SecurityControlDefinitions), err)
			}
			tokens = append(tokens, aws.ToString(out.NextToken))
		}
	}
	if tokens[0] != tokens[1] || tokens[0] == tokens[2] || tokens[0] == tokens[4] || tokens[2] == tokens[4] {
		t.Fatalf("NextTokens of A, A, B, B, A in us-west-2: %q", tokens)
	}
	_, err = b.ListSecurityControlDefinitions(ctx, &securityhub.ListSecurityControlDefinitionsInput{MaxResults: aws.Int32(100), NextToken: aws.String(tokens[0])})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	if out, err := a.ListSecurityControlDefinitions(ctx, &securityhub.ListSecurityControlDefinitionsInput{MaxResults: aws.Int32(100), NextToken: aws.String(tokens[0])}); err != nil || len(out.SecurityControlDefinitions) == 0 {
		t.Fatalf("A's second page: %v", err)
	}
}
