package e2e

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"
)

// TestConfigurationPolicyTakesEffect: a policy associated with the root configures every
// account of the organization in the home region and the linked region where the
// administrator has Security Hub on, as if each account had done it: Security Hub on, an
// Enabled member of the delegated administrator, the policy's standards only, its disabled
// control and its parameter. A policy that turns Security Hub off, associated with an OU,
// switches its accounts off; disassociating it lets them inherit the root's again; an account
// moved into the OU, or created later, takes what it now inherits.
func TestConfigurationPolicyTakesEffect(t *testing.T) {
	w := newCentralWorld(t)
	daWest := w.env.SecurityHub(w.daID, "us-west-2")
	if _, err := daWest.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	aggregatorARN := w.central(t)
	on, err := w.da.CreateConfigurationPolicy(ctx, &securityhub.CreateConfigurationPolicyInput{Name: aws.String("baseline"), ConfigurationPolicy: baselinePolicy()})
	if err != nil {
		t.Fatal(err)
	}
	off, err := w.da.CreateConfigurationPolicy(ctx, &securityhub.CreateConfigurationPolicyInput{Name: aws.String("off"),
		ConfigurationPolicy: &types.PolicyMemberSecurityHub{Value: types.SecurityHubPolicy{ServiceEnabled: aws.Bool(false)}}})
	if err != nil {
		t.Fatal(err)
	}
	associate := func(policy *string, target types.Target) {
		t.Helper()
		if _, err := w.da.StartConfigurationPolicyAssociation(ctx, &securityhub.StartConfigurationPolicyAssociationInput{
			ConfigurationPolicyIdentifier: policy, Target: target}); err != nil {
			t.Fatalf("StartConfigurationPolicyAssociation: %v", err)
		}
	}
	hubOn := func(account, inRegion string) bool {
		t.Helper()
		_, err := w.env.SecurityHub(account, inRegion).DescribeHub(ctx, &securityhub.DescribeHubInput{})
		return err == nil
	}
	for _, r := range []string{region, "us-west-2"} {
		if hubOn(w.xID, r) || hubOn(w.yID, r) {
			t.Fatalf("%s: the accounts have Security Hub on before any policy", r)
		}
	}

	associate(on.Id, &types.TargetMemberRootId{Value: w.rootID})
	for _, account := range []string{w.xID, w.yID} {
		for _, r := range []string{region, "us-west-2"} {
			c := w.env.SecurityHub(account, r)
			if !hubOn(account, r) {
				t.Fatalf("%s in %s: Security Hub off under the baseline policy", account, r)
			}
			std, err := c.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{})
			if err != nil {
				t.Fatal(err)
			}
			var arns []string
			for _, s := range std.StandardsSubscriptions {
				arns = append(arns, aws.ToString(s.StandardsArn))
			}
			slices.Sort(arns)
			want := []string{"arn:aws:securityhub:" + r + "::standards/aws-foundational-security-best-practices/v/1.0.0", cisARN}
			slices.Sort(want)
			if !slices.Equal(arns, want) {
				t.Fatalf("%s in %s: standards %v, want %v", account, r, arns, want)
			}
			ctl, err := c.BatchGetSecurityControls(ctx, &securityhub.BatchGetSecurityControlsInput{SecurityControlIds: []string{"CloudTrail.2", "ACM.1", "S3.1"}})
			if err != nil || len(ctl.SecurityControls) != 3 {
				t.Fatalf("BatchGetSecurityControls: %+v %v", ctl, err)
			}
			for _, sc := range ctl.SecurityControls {
				wantStatus := types.ControlStatusEnabled
				if aws.ToString(sc.SecurityControlId) == "CloudTrail.2" {
					wantStatus = types.ControlStatusDisabled
				}
				if sc.SecurityControlStatus != wantStatus {
					t.Fatalf("%s in %s: %s is %s, want %s", account, r, aws.ToString(sc.SecurityControlId), sc.SecurityControlStatus, wantStatus)
				}
				if aws.ToString(sc.SecurityControlId) == "ACM.1" {
					p, ok := sc.Parameters["daysToExpiration"]
					if v, isInt := p.Value.(*types.ParameterValueMemberInteger); !ok || p.ValueType != types.ParameterValueTypeCustom || !isInt || v.Value != 15 {
						t.Fatalf("%s in %s: ACM.1 parameters %+v", account, r, sc.Parameters)
					}
				}
			}
			if got := memberStatus(t, w.env.SecurityHub(w.daID, r), account); got != "Enabled" {
				t.Fatalf("%s in %s: member status %s under the administrator, want Enabled", account, r, got)
			}
		}
	}

	// The OU "Prod" (account y) switches Security Hub off; x, at the root, keeps it.
	associate(off.Id, &types.TargetMemberOrganizationalUnitId{Value: w.ouID})
	for _, r := range []string{region, "us-west-2"} {
		if hubOn(w.yID, r) || !hubOn(w.xID, r) || !hubOn(w.daID, r) {
			t.Fatalf("%s: y on %v (want off), x on %v, administrator on %v (want on)", r, hubOn(w.yID, r), hubOn(w.xID, r), hubOn(w.daID, r))
		}
	}
	// An account moved into the OU takes its policy; one created there later too.
	if _, err := w.mgmt.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(w.xID),
		SourceParentId: aws.String(w.rootID), DestinationParentId: aws.String(w.ouID)}); err != nil {
		t.Fatal(err)
	}
	if hubOn(w.xID, region) {
		t.Fatal("x moved into the OU whose policy turns Security Hub off, and kept it on")
	}
	late := w.createAccount(t, "late")
	if !hubOn(late, region) || !hubOn(late, "us-west-2") {
		t.Fatal("an account created under the root did not take the root's policy")
	}

	// Without the OU's association, its accounts inherit the root's policy again.
	if _, err := w.da.StartConfigurationPolicyDisassociation(ctx, &securityhub.StartConfigurationPolicyDisassociationInput{
		ConfigurationPolicyIdentifier: off.Id, Target: &types.TargetMemberOrganizationalUnitId{Value: w.ouID}}); err != nil {
		t.Fatal(err)
	}
	for _, account := range []string{w.xID, w.yID} {
		if !hubOn(account, region) || !hubOn(account, "us-west-2") {
			t.Fatalf("%s: Security Hub off after the OU's policy was disassociated", account)
		}
	}

	// A changed policy reconfigures the accounts it governs: S3.1 disabled too.
	if _, err := w.da.UpdateConfigurationPolicy(ctx, &securityhub.UpdateConfigurationPolicyInput{Identifier: on.Id,
		ConfigurationPolicy: &types.PolicyMemberSecurityHub{Value: types.SecurityHubPolicy{ServiceEnabled: aws.Bool(true),
			EnabledStandardIdentifiers: []string{fsbpARN},
			SecurityControlsConfiguration: &types.SecurityControlsConfiguration{
				DisabledSecurityControlIdentifiers: []string{"CloudTrail.2", "S3.1"}}}}}); err != nil {
		t.Fatal(err)
	}
	ctl, err := w.hub(w.yID).BatchGetSecurityControls(ctx, &securityhub.BatchGetSecurityControlsInput{SecurityControlIds: []string{"S3.1", "ACM.1"}})
	if err != nil || len(ctl.SecurityControls) != 2 {
		t.Fatalf("BatchGetSecurityControls: %+v %v", ctl, err)
	}
	for _, sc := range ctl.SecurityControls {
		switch aws.ToString(sc.SecurityControlId) {
		case "S3.1":
			if sc.SecurityControlStatus != types.ControlStatusDisabled {
				t.Fatalf("S3.1 is %s after the policy disabled it", sc.SecurityControlStatus)
			}
		case "ACM.1":
			if p := sc.Parameters["daysToExpiration"]; p.ValueType != types.ParameterValueTypeDefault {
				t.Fatalf("ACM.1's parameter stayed custom after the policy dropped it: %+v", sc.Parameters)
			}
		}
	}
	if got := enabledStandards(t, w.hub(w.yID)); len(got) != 1 || got[0] != fsbpARN {
		t.Fatalf("standards after the change: %v", got)
	}

	// A region the aggregator links later, where the administrator has Security Hub on, gets
	// the policies at once.
	if _, err := w.env.SecurityHub(w.daID, "eu-west-1").EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	if hubOn(w.yID, "eu-west-1") {
		t.Fatal("y has Security Hub on in eu-west-1 before the region is linked")
	}
	if _, err := w.da.UpdateFindingAggregator(ctx, &securityhub.UpdateFindingAggregatorInput{FindingAggregatorArn: aws.String(aggregatorARN),
		RegionLinkingMode: aws.String("SPECIFIED_REGIONS"), Regions: []string{"us-west-2", "eu-west-1"}}); err != nil {
		t.Fatal(err)
	}
	if !hubOn(w.yID, "eu-west-1") || !hubOn(w.xID, "eu-west-1") {
		t.Fatal("the accounts have Security Hub off in a region linked after the policy was associated")
	}
	if got := enabledStandards(t, w.env.SecurityHub(w.yID, "eu-west-1")); len(got) != 1 || !strings.Contains(got[0], "aws-foundational-security-best-practices") {
		t.Fatalf("standards in the newly linked region: %v", got)
	}
}

// TestOrganizationsAreIndependent: two organizations on one server each designate their own
// Security Hub administrator in the same region, each administrator manages only its own
// organization's accounts, and each organization has its own configuration.
func TestOrganizationsAreIndependent(t *testing.T) {
	w := newOrgWorld(t)
	w.designate(t)
	const otherMgmt = "888888888888"
	otherOrg := w.env.Organizations(otherMgmt)
	if _, err := otherOrg.CreateOrganization(ctx, &organizations.CreateOrganizationInput{}); err != nil {
		t.Fatal(err)
	}
	created, err := otherOrg.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("other-security"), Email: aws.String("other@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	st, err := otherOrg.DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: created.CreateAccountStatus.Id})
	if err != nil {
		t.Fatal(err)
	}
	otherAdmin := aws.ToString(st.CreateAccountStatus.AccountId)
	otherHub := w.env.SecurityHub(otherMgmt, region)
	if _, err := otherHub.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := otherHub.EnableOrganizationAdminAccount(ctx, &securityhub.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(otherAdmin)}); err != nil {
		t.Fatalf("the second organization's administrator: %v", err)
	}
	for _, c := range []struct {
		mgmt            *securityhub.Client
		admin, stranger string
	}{{w.mgmtHub, w.daID, otherAdmin}, {otherHub, otherAdmin, w.daID}} {
		list, err := c.mgmt.ListOrganizationAdminAccounts(ctx, &securityhub.ListOrganizationAdminAccountsInput{})
		if err != nil || len(list.AdminAccounts) != 1 || aws.ToString(list.AdminAccounts[0].AccountId) != c.admin {
			t.Fatalf("ListOrganizationAdminAccounts: %+v %v, want only %s", list, err, c.admin)
		}
		admin := w.env.SecurityHub(c.admin, region)
		if _, err := admin.DescribeOrganizationConfiguration(ctx, &securityhub.DescribeOrganizationConfigurationInput{}); err != nil {
			t.Fatalf("%s DescribeOrganizationConfiguration: %v", c.admin, err)
		}
		// The other organization's account is not this administrator's to enroll: it gets
		// an invitation-path member record, not an Enabled organization member.
		out, err := admin.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: []types.AccountDetails{{AccountId: aws.String(c.stranger), Email: aws.String("x@example.com")}}})
		if err != nil || len(out.UnprocessedAccounts) != 0 {
			t.Fatalf("CreateMembers: %+v %v", out, err)
		}
		if got := memberStatus(t, admin, c.stranger); got == "Enabled" {
			t.Fatalf("%s enrolled %s of another organization as an Enabled member", c.admin, c.stranger)
		}
	}
	// The first organization's x joins its administrator, not the other's.
	if _, err := w.hub(w.daID).CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: []types.AccountDetails{{AccountId: aws.String(w.xID)}}}); err != nil {
		t.Fatal(err)
	}
	if got := memberStatus(t, w.hub(w.daID), w.xID); got != "Enabled" {
		t.Fatalf("x under its own organization's administrator: %s", got)
	}
}

// TestConfigurationPolicyAssociationFails: an account that is another administrator's member
// cannot be configured by the organization's policy: its association is FAILED with why,
// the others' SUCCESS, until a later application succeeds.
func TestConfigurationPolicyAssociationFails(t *testing.T) {
	w := newCentralWorld(t)
	w.central(t)
	const outsiderID = "999900000001"
	outsider := w.env.SecurityHub(outsiderID, region)
	yHub := w.hub(w.yID)
	for _, c := range []*securityhub.Client{outsider, yHub} {
		if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
			t.Fatal(err)
		}
	}
	out := &account{t: t, id: outsiderID, c: outsider}
	y := &account{t: t, id: w.yID, c: yHub}
	out.create(w.yID)
	out.invite(w.yID)
	if err := y.accept(outsiderID, y.invitationFrom(outsiderID)); err != nil {
		t.Fatal(err)
	}
	policy, err := w.da.CreateConfigurationPolicy(ctx, &securityhub.CreateConfigurationPolicyInput{Name: aws.String("baseline"), ConfigurationPolicy: baselinePolicy()})
	if err != nil {
		t.Fatal(err)
	}
	associate := func() {
		t.Helper()
		if _, err := w.da.StartConfigurationPolicyAssociation(ctx, &securityhub.StartConfigurationPolicyAssociationInput{
			ConfigurationPolicyIdentifier: policy.Id, Target: &types.TargetMemberRootId{Value: w.rootID}}); err != nil {
			t.Fatal(err)
		}
	}
	associate()
	yTarget, xTarget := &types.TargetMemberAccountId{Value: w.yID}, &types.TargetMemberAccountId{Value: w.xID}
	failed := w.association(t, yTarget)
	if failed.status != "FAILED" || !strings.Contains(failed.message, "member of another Security Hub administrator") || failed.typ != "INHERITED" {
		t.Fatalf("y's association: %+v, want FAILED", failed)
	}
	if got := w.association(t, xTarget); got.status != "SUCCESS" {
		t.Fatalf("x's association: %+v, want SUCCESS", got)
	}
	list, err := w.da.ListConfigurationPolicyAssociations(ctx, &securityhub.ListConfigurationPolicyAssociationsInput{
		Filters: &types.AssociationFilters{AssociationStatus: types.ConfigurationPolicyAssociationStatusFailed}})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.ConfigurationPolicyAssociationSummaries) != 1 || aws.ToString(list.ConfigurationPolicyAssociationSummaries[0].TargetId) != w.yID {
		t.Fatalf("FAILED associations: %+v", list.ConfigurationPolicyAssociationSummaries)
	}

	// Free of the other administrator, y takes the policy at its next application.
	if _, err := yHub.DisassociateFromAdministratorAccount(ctx, &securityhub.DisassociateFromAdministratorAccountInput{}); err != nil {
		t.Fatal(err)
	}
	associate()
	if got := w.association(t, yTarget); got.status != "SUCCESS" || got.message != "Association applied successfully on this target." {
		t.Fatalf("y's association after leaving the other administrator: %+v", got)
	}
}
