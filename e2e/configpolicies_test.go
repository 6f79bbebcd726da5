package e2e

import (
	"regexp"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

const (
	notCentral    = "Must be a Security Hub delegated administrator with Central Configuration enabled"
	notHomeRegion = "Central Configuration APIs can only be called from the aggregation region"
	selfManaged   = "SELF_MANAGED_SECURITY_HUB"
	appliedOK     = "Association applied successfully on this target."
)

// centralWorld is an organization with a delegated administrator, its aggregator in
// us-east-1, an OU "Prod" holding account y, and accounts x (and the administrator) at the
// root.
type centralWorld struct {
	*orgWorld
	da     *securityhub.Client
	rootID string
	ouID   string
}

func newCentralWorld(t *testing.T) *centralWorld {
	t.Helper()
	w := &centralWorld{orgWorld: newOrgWorld(t)}
	w.designate(t)
	w.da = w.hub(w.daID)
	w.rootID = aws.ToString(rootOf(t, w.mgmt).Id)
	ou, err := w.mgmt.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(w.rootID), Name: aws.String("Prod")})
	if err != nil {
		t.Fatal(err)
	}
	w.ouID = aws.ToString(ou.OrganizationalUnit.Id)
	if _, err := w.mgmt.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(w.yID),
		SourceParentId: aws.String(w.rootID), DestinationParentId: aws.String(w.ouID)}); err != nil {
		t.Fatal(err)
	}
	return w
}

// central switches the organization to central configuration.
func (w *centralWorld) central(t *testing.T) string {
	t.Helper()
	agg, err := w.da.CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{RegionLinkingMode: aws.String("SPECIFIED_REGIONS"),
		Regions: []string{"us-west-2"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.da.UpdateOrganizationConfiguration(ctx, &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(false),
		AutoEnableStandards:       types.AutoEnableStandardsNone,
		OrganizationConfiguration: &types.OrganizationConfiguration{ConfigurationType: types.OrganizationConfigurationConfigurationTypeCentral}}); err != nil {
		t.Fatalf("CENTRAL: %v", err)
	}
	return aws.ToString(agg.FindingAggregatorArn)
}

func baselinePolicy() *types.PolicyMemberSecurityHub {
	return &types.PolicyMemberSecurityHub{Value: types.SecurityHubPolicy{
		ServiceEnabled:             aws.Bool(true),
		EnabledStandardIdentifiers: []string{fsbpARN, cisARN},
		SecurityControlsConfiguration: &types.SecurityControlsConfiguration{
			DisabledSecurityControlIdentifiers: []string{"CloudTrail.2"},
			SecurityControlCustomParameters: []types.SecurityControlCustomParameter{{SecurityControlId: aws.String("ACM.1"),
				Parameters: map[string]types.ParameterConfiguration{"daysToExpiration": {ValueType: types.ParameterValueTypeCustom,
					Value: &types.ParameterValueMemberInteger{Value: 15}}}}},
		}}}
}

// TestCentralConfigurationSwitch: CENTRAL needs the administrator's aggregator and no
// auto-enablement; the aggregator cannot go while it is in use; LOCAL ends it.
func TestCentralConfigurationSwitch(t *testing.T) {
	w := newCentralWorld(t)
	central := &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(false), AutoEnableStandards: types.AutoEnableStandardsNone,
		OrganizationConfiguration: &types.OrganizationConfiguration{ConfigurationType: types.OrganizationConfigurationConfigurationTypeCentral}}
	_, err := w.da.UpdateOrganizationConfiguration(ctx, central)
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Finding Aggregator must be created to enable Central Configuration")
	_, err = w.da.CreateConfigurationPolicy(ctx, &securityhub.CreateConfigurationPolicyInput{Name: aws.String("p"), ConfigurationPolicy: baselinePolicy()})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, notCentral)

	agg, err := w.da.CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{RegionLinkingMode: aws.String("NO_REGIONS")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = w.da.UpdateOrganizationConfiguration(ctx, &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(true),
		OrganizationConfiguration: &types.OrganizationConfiguration{ConfigurationType: types.OrganizationConfigurationConfigurationTypeCentral}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Auto Enable and AutoEnableStandards can not be enabled for Central Configuration")
	if _, err := w.da.UpdateOrganizationConfiguration(ctx, central); err != nil {
		t.Fatalf("CENTRAL: %v", err)
	}
	cfg, err := w.da.DescribeOrganizationConfiguration(ctx, &securityhub.DescribeOrganizationConfigurationInput{})
	if err != nil || aws.ToBool(cfg.AutoEnable) || cfg.AutoEnableStandards != types.AutoEnableStandardsNone ||
		cfg.OrganizationConfiguration.ConfigurationType != types.OrganizationConfigurationConfigurationTypeCentral ||
		cfg.OrganizationConfiguration.Status != types.OrganizationConfigurationStatusEnabled || cfg.OrganizationConfiguration.StatusMessage != nil {
		t.Fatalf("DescribeOrganizationConfiguration: %+v %v", cfg, err)
	}
	// Under CENTRAL, auto-enablement stays off and the aggregator stays.
	_, err = w.da.UpdateOrganizationConfiguration(ctx, &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(true)})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Auto Enable and AutoEnableStandards can not be enabled for Central Configuration")
	_, err = w.da.DeleteFindingAggregator(ctx, &securityhub.DeleteFindingAggregatorInput{FindingAggregatorArn: agg.FindingAggregatorArn})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	_, err = w.mgmtHub.DisableOrganizationAdminAccount(ctx, &securityhub.DisableOrganizationAdminAccountInput{AdminAccountId: aws.String(w.daID)})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "You must disable central configuration in order to remove or change the delegated Security Hub administrator.")

	// A self-managed association alone keeps the organization under CENTRAL.
	if _, err := w.da.StartConfigurationPolicyAssociation(ctx, &securityhub.StartConfigurationPolicyAssociationInput{
		ConfigurationPolicyIdentifier: aws.String(selfManaged), Target: &types.TargetMemberAccountId{Value: w.xID}}); err != nil {
		t.Fatal(err)
	}
	local := &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(false), AutoEnableStandards: types.AutoEnableStandardsNone,
		OrganizationConfiguration: &types.OrganizationConfiguration{ConfigurationType: types.OrganizationConfigurationConfigurationTypeLocal}}
	_, err = w.da.UpdateOrganizationConfiguration(ctx, local)
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	if _, err := w.da.StartConfigurationPolicyDisassociation(ctx, &securityhub.StartConfigurationPolicyDisassociationInput{
		ConfigurationPolicyIdentifier: aws.String(selfManaged), Target: &types.TargetMemberAccountId{Value: w.xID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.da.UpdateOrganizationConfiguration(ctx, local); err != nil {
		t.Fatalf("LOCAL: %v", err)
	}
	if _, err := w.da.DeleteFindingAggregator(ctx, &securityhub.DeleteFindingAggregatorInput{FindingAggregatorArn: agg.FindingAggregatorArn}); err != nil {
		t.Fatalf("DeleteFindingAggregator under LOCAL: %v", err)
	}
	_, err = w.da.ListConfigurationPolicies(ctx, &securityhub.ListConfigurationPoliciesInput{})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, notCentral)
}

// TestConfigurationPolicies runs policies through their rules: who and where, the policy
// body against the control catalogue, names, tags, and deletion.
func TestConfigurationPolicies(t *testing.T) {
	w := newCentralWorld(t)
	w.central(t)

	// Only the delegated administrator, only from the home region.
	x := w.hub(w.xID)
	if _, err := x.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	_, err := x.ListConfigurationPolicies(ctx, &securityhub.ListConfigurationPoliciesInput{})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, notCentral)
	daWest := w.env.SecurityHub(w.daID, "us-west-2")
	_, err = daWest.ListConfigurationPolicies(ctx, &securityhub.ListConfigurationPoliciesInput{})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "")
	if _, err := daWest.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	_, err = daWest.ListConfigurationPolicies(ctx, &securityhub.ListConfigurationPoliciesInput{})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, notHomeRegion)

	// The body's rules.
	enabled := func(p types.SecurityHubPolicy) *types.PolicyMemberSecurityHub {
		p.ServiceEnabled = aws.Bool(true)
		return &types.PolicyMemberSecurityHub{Value: p}
	}
	controlsCfg := &types.SecurityControlsConfiguration{DisabledSecurityControlIdentifiers: []string{}}
	refused := []struct {
		name   string
		policy types.Policy
		msg    string
	}{
		{"enabled without standards", enabled(types.SecurityHubPolicy{SecurityControlsConfiguration: controlsCfg}),
			"Invalid semantics: Enabled standards and security control configurations must be configured when Security Hub is enabled"},
		{"enabled without controls", enabled(types.SecurityHubPolicy{EnabledStandardIdentifiers: []string{fsbpARN}}),
			"Invalid semantics: Enabled standards and security control configurations must be configured when Security Hub is enabled"},
		{"both control lists", enabled(types.SecurityHubPolicy{EnabledStandardIdentifiers: []string{}, SecurityControlsConfiguration: &types.SecurityControlsConfiguration{
			DisabledSecurityControlIdentifiers: []string{"S3.1"}, EnabledSecurityControlIdentifiers: []string{"S3.2"}}}),
			"Invalid semantics: exactly one of EnabledSecurityControlIdentifiers and DisabledSecurityControlIdentifiers must be configured"},
		{"neither control list", enabled(types.SecurityHubPolicy{EnabledStandardIdentifiers: []string{}, SecurityControlsConfiguration: &types.SecurityControlsConfiguration{}}),
			"Invalid semantics: exactly one of EnabledSecurityControlIdentifiers and DisabledSecurityControlIdentifiers must be configured"},
		{"unknown standard", enabled(types.SecurityHubPolicy{EnabledStandardIdentifiers: []string{"arn:aws:securityhub:us-east-1::standards/made-up/v/1.0.0"},
			SecurityControlsConfiguration: controlsCfg}),
			"Invalid parameter 'EnabledStandardIdentifiers'. arn:aws:securityhub:us-east-1::standards/made-up/v/1.0.0 is not a valid standard ARN."},
		{"unknown control", enabled(types.SecurityHubPolicy{EnabledStandardIdentifiers: []string{}, SecurityControlsConfiguration: &types.SecurityControlsConfiguration{
			EnabledSecurityControlIdentifiers: []string{"S3.1", "Nope.9"}}}),
			"Invalid parameter 'EnabledSecurityControlIdentifiers'. Nope.9 is not a valid security control ID."},
		{"parameter out of bounds", enabled(types.SecurityHubPolicy{EnabledStandardIdentifiers: []string{}, SecurityControlsConfiguration: &types.SecurityControlsConfiguration{
			DisabledSecurityControlIdentifiers: []string{}, SecurityControlCustomParameters: []types.SecurityControlCustomParameter{{SecurityControlId: aws.String("ACM.1"),
				Parameters: map[string]types.ParameterConfiguration{"daysToExpiration": {ValueType: types.ParameterValueTypeCustom,
					Value: &types.ParameterValueMemberInteger{Value: 5}}}}}}}),
			"Invalid parameter 'SecurityControlCustomParameters'. Control ACM.1: Parameter daysToExpiration must be between 14 and 365, not 5."},
		{"unknown parameter", enabled(types.SecurityHubPolicy{EnabledStandardIdentifiers: []string{}, SecurityControlsConfiguration: &types.SecurityControlsConfiguration{
			DisabledSecurityControlIdentifiers: []string{}, SecurityControlCustomParameters: []types.SecurityControlCustomParameter{{SecurityControlId: aws.String("ACM.1"),
				Parameters: map[string]types.ParameterConfiguration{"days": {ValueType: types.ParameterValueTypeDefault}}}}}}),
			"Invalid parameter 'SecurityControlCustomParameters'. Control ACM.1 has no parameter days."},
	}
	for _, r := range refused {
		t.Run(r.name, func(t *testing.T) {
			_, err := w.da.CreateConfigurationPolicy(ctx, &securityhub.CreateConfigurationPolicyInput{Name: aws.String("refused"), ConfigurationPolicy: r.policy})
			testenv.ExpectError(t, err, "InvalidInputException", 400, r.msg)
		})
	}

	// The CLI's example policy, with tags.
	created, err := w.da.CreateConfigurationPolicy(ctx, &securityhub.CreateConfigurationPolicyInput{Name: aws.String("Baseline"),
		Description: aws.String("FSBP and CIS"), ConfigurationPolicy: baselinePolicy(), Tags: map[string]string{"Environment": "Prod"}})
	if err != nil {
		t.Fatal(err)
	}
	id, arn := aws.ToString(created.Id), aws.ToString(created.Arn)
	if !regexp.MustCompile(`^arn:aws:securityhub:us-east-1:`+w.daID+`:configuration-policy/[0-9a-f-]{36}$`).MatchString(arn) || arn[len(arn)-36:] != id ||
		aws.ToString(created.Name) != "Baseline" || created.CreatedAt == nil || !created.CreatedAt.Equal(aws.ToTime(created.UpdatedAt)) {
		t.Fatalf("CreateConfigurationPolicy: %+v", created)
	}
	sh := created.ConfigurationPolicy.(*types.PolicyMemberSecurityHub).Value
	param := sh.SecurityControlsConfiguration.SecurityControlCustomParameters[0].Parameters["daysToExpiration"]
	if !aws.ToBool(sh.ServiceEnabled) || !slices.Equal(sh.EnabledStandardIdentifiers, []string{fsbpARN, cisARN}) ||
		!slices.Equal(sh.SecurityControlsConfiguration.DisabledSecurityControlIdentifiers, []string{"CloudTrail.2"}) ||
		sh.SecurityControlsConfiguration.EnabledSecurityControlIdentifiers != nil ||
		param.ValueType != types.ParameterValueTypeCustom || param.Value.(*types.ParameterValueMemberInteger).Value != 15 {
		t.Fatalf("the policy as created: %+v", sh)
	}
	for _, identifier := range []string{id, arn} {
		got, err := w.da.GetConfigurationPolicy(ctx, &securityhub.GetConfigurationPolicyInput{Identifier: aws.String(identifier)})
		if err != nil || aws.ToString(got.Arn) != arn || aws.ToString(got.Description) != "FSBP and CIS" {
			t.Fatalf("GetConfigurationPolicy(%s): %+v %v", identifier, got, err)
		}
	}
	_, err = w.da.GetConfigurationPolicy(ctx, &securityhub.GetConfigurationPolicyInput{Identifier: aws.String("00000000-0000-4000-8000-000000000000")})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	_, err = w.da.GetConfigurationPolicy(ctx, &securityhub.GetConfigurationPolicyInput{Identifier: aws.String("Baseline")})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	tags, err := w.da.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil || len(tags.Tags) != 1 || tags.Tags["Environment"] != "Prod" {
		t.Fatalf("tags: %+v %v", tags, err)
	}
	if _, err := w.da.TagResource(ctx, &securityhub.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"team": "sec"}}); err != nil {
		t.Fatal(err)
	}

	// A policy that disables Security Hub keeps neither standards nor controls.
	off, err := w.da.CreateConfigurationPolicy(ctx, &securityhub.CreateConfigurationPolicyInput{Name: aws.String("Off"),
		ConfigurationPolicy: &types.PolicyMemberSecurityHub{Value: types.SecurityHubPolicy{ServiceEnabled: aws.Bool(false),
			EnabledStandardIdentifiers: []string{fsbpARN}, SecurityControlsConfiguration: controlsCfg}}})
	if err != nil {
		t.Fatal(err)
	}
	if v := off.ConfigurationPolicy.(*types.PolicyMemberSecurityHub).Value; aws.ToBool(v.ServiceEnabled) || v.EnabledStandardIdentifiers != nil || v.SecurityControlsConfiguration != nil {
		t.Fatalf("a disabling policy: %+v", v)
	}
	_, err = w.da.CreateConfigurationPolicy(ctx, &securityhub.CreateConfigurationPolicyInput{Name: aws.String("Off"), ConfigurationPolicy: baselinePolicy()})
	testenv.ExpectError(t, err, "ResourceConflictException", 409, "A configuration policy named Off already exists.")

	list, err := w.da.ListConfigurationPolicies(ctx, &securityhub.ListConfigurationPoliciesInput{MaxResults: aws.Int32(1)})
	if err != nil || len(list.ConfigurationPolicySummaries) != 1 || aws.ToString(list.ConfigurationPolicySummaries[0].Id) != id ||
		!aws.ToBool(list.ConfigurationPolicySummaries[0].ServiceEnabled) || list.NextToken == nil {
		t.Fatalf("ListConfigurationPolicies page 1: %+v %v", list, err)
	}
	list, err = w.da.ListConfigurationPolicies(ctx, &securityhub.ListConfigurationPoliciesInput{MaxResults: aws.Int32(1), NextToken: list.NextToken})
	if err != nil || len(list.ConfigurationPolicySummaries) != 1 || aws.ToString(list.ConfigurationPolicySummaries[0].Name) != "Off" ||
		aws.ToBool(list.ConfigurationPolicySummaries[0].ServiceEnabled) || list.NextToken != nil {
		t.Fatalf("ListConfigurationPolicies page 2: %+v %v", list, err)
	}

	// Update: an enabled-list, a new name; another policy's name is taken.
	up, err := w.da.UpdateConfigurationPolicy(ctx, &securityhub.UpdateConfigurationPolicyInput{Identifier: aws.String(arn), Name: aws.String("Strict"),
		UpdatedReason: aws.String("only S3"), ConfigurationPolicy: &types.PolicyMemberSecurityHub{Value: types.SecurityHubPolicy{ServiceEnabled: aws.Bool(true),
			EnabledStandardIdentifiers: []string{fsbpARN}, SecurityControlsConfiguration: &types.SecurityControlsConfiguration{EnabledSecurityControlIdentifiers: []string{"S3.1"}}}}})
	if err != nil || aws.ToString(up.Name) != "Strict" || aws.ToString(up.Description) != "FSBP and CIS" || !up.UpdatedAt.After(aws.ToTime(up.CreatedAt)) ||
		!slices.Equal(up.ConfigurationPolicy.(*types.PolicyMemberSecurityHub).Value.SecurityControlsConfiguration.EnabledSecurityControlIdentifiers, []string{"S3.1"}) {
		t.Fatalf("UpdateConfigurationPolicy: %+v %v", up, err)
	}
	_, err = w.da.UpdateConfigurationPolicy(ctx, &securityhub.UpdateConfigurationPolicyInput{Identifier: aws.String(id), Name: aws.String("Off")})
	testenv.ExpectError(t, err, "ResourceConflictException", 409, "")

	// Deleting a policy in use is refused; deleted, its tags go too.
	if _, err := w.da.StartConfigurationPolicyAssociation(ctx, &securityhub.StartConfigurationPolicyAssociationInput{
		ConfigurationPolicyIdentifier: aws.String(id), Target: &types.TargetMemberAccountId{Value: w.xID}}); err != nil {
		t.Fatal(err)
	}
	_, err = w.da.DeleteConfigurationPolicy(ctx, &securityhub.DeleteConfigurationPolicyInput{Identifier: aws.String(id)})
	testenv.ExpectError(t, err, "ResourceConflictException", 409, "")
	if _, err := w.da.StartConfigurationPolicyDisassociation(ctx, &securityhub.StartConfigurationPolicyDisassociationInput{
		ConfigurationPolicyIdentifier: aws.String(arn), Target: &types.TargetMemberAccountId{Value: w.xID}}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{arn, aws.ToString(off.Id)} {
		if _, err := w.da.DeleteConfigurationPolicy(ctx, &securityhub.DeleteConfigurationPolicyInput{Identifier: aws.String(p)}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = w.da.GetConfigurationPolicy(ctx, &securityhub.GetConfigurationPolicyInput{Identifier: aws.String(id)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	_, err = w.da.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
}

// association is what GetConfigurationPolicyAssociation answers, in short.
type association struct{ policy, typ, status, message string }

func (w *centralWorld) association(t *testing.T, target types.Target) association {
	t.Helper()
	out, err := w.da.GetConfigurationPolicyAssociation(ctx, &securityhub.GetConfigurationPolicyAssociationInput{Target: target})
	if err != nil {
		t.Fatalf("GetConfigurationPolicyAssociation(%+v): %v", target, err)
	}
	return association{aws.ToString(out.ConfigurationPolicyId), string(out.AssociationType), string(out.AssociationStatus), aws.ToString(out.AssociationStatusMessage)}
}

// TestConfigurationPolicyAssociations: what is applied to the root, an OU or an account, and
// what the targets below inherit, through association and disassociation.
func TestConfigurationPolicyAssociations(t *testing.T) {
	w := newCentralWorld(t)
	w.central(t)
	create := func(name string) string {
		out, err := w.da.CreateConfigurationPolicy(ctx, &securityhub.CreateConfigurationPolicyInput{Name: aws.String(name), ConfigurationPolicy: baselinePolicy()})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.Id)
	}
	base, prod := create("base"), create("prod")
	root, ou := &types.TargetMemberRootId{Value: w.rootID}, &types.TargetMemberOrganizationalUnitId{Value: w.ouID}
	x, y := &types.TargetMemberAccountId{Value: w.xID}, &types.TargetMemberAccountId{Value: w.yID}
	associate := func(policy string, target types.Target) {
		t.Helper()
		out, err := w.da.StartConfigurationPolicyAssociation(ctx, &securityhub.StartConfigurationPolicyAssociationInput{
			ConfigurationPolicyIdentifier: aws.String(policy), Target: target})
		if err != nil || out.AssociationType != types.AssociationTypeApplied || out.AssociationStatus != types.ConfigurationPolicyAssociationStatusPending ||
			out.UpdatedAt == nil || out.AssociationStatusMessage != nil {
			t.Fatalf("StartConfigurationPolicyAssociation(%s, %+v): %+v %v", policy, target, out, err)
		}
	}
	disassociate := func(policy string, target types.Target) error {
		_, err := w.da.StartConfigurationPolicyDisassociation(ctx, &securityhub.StartConfigurationPolicyDisassociationInput{
			ConfigurationPolicyIdentifier: aws.String(policy), Target: target})
		return err
	}
	expect := func(step string, want map[types.Target]association) {
		t.Helper()
		for target, a := range want {
			if got := w.association(t, target); got != a {
				t.Fatalf("%s: %+v is %+v, want %+v", step, target, got, a)
			}
		}
	}

	selfInherited := association{selfManaged, "INHERITED", "SUCCESS", ""}
	expect("before any association", map[types.Target]association{root: selfInherited, ou: selfInherited, x: selfInherited})

	associate(base, root)
	associate(prod, ou)
	associate(selfManaged, x)
	expect("associated", map[types.Target]association{
		root: {base, "APPLIED", "SUCCESS", appliedOK},
		ou:   {prod, "APPLIED", "SUCCESS", appliedOK},
		y:    {prod, "INHERITED", "SUCCESS", appliedOK},
		x:    {selfManaged, "APPLIED", "SUCCESS", ""},
		&types.TargetMemberAccountId{Value: w.daID}: {base, "INHERITED", "SUCCESS", appliedOK},
	})

	// Unknown targets and policies.
	_, err := w.da.StartConfigurationPolicyAssociation(ctx, &securityhub.StartConfigurationPolicyAssociationInput{
		ConfigurationPolicyIdentifier: aws.String(base), Target: &types.TargetMemberAccountId{Value: "999999999999"}})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	_, err = w.da.StartConfigurationPolicyAssociation(ctx, &securityhub.StartConfigurationPolicyAssociationInput{
		ConfigurationPolicyIdentifier: aws.String("00000000-0000-4000-8000-000000000000"), Target: x})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	_, err = w.da.GetConfigurationPolicyAssociation(ctx, &securityhub.GetConfigurationPolicyAssociationInput{Target: &types.TargetMemberOrganizationalUnitId{Value: "ou-none-00000000"}})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")

	batch, err := w.da.BatchGetConfigurationPolicyAssociations(ctx, &securityhub.BatchGetConfigurationPolicyAssociationsInput{
		ConfigurationPolicyAssociationIdentifiers: []types.ConfigurationPolicyAssociation{{Target: root}, {Target: y},
			{Target: &types.TargetMemberAccountId{Value: "999999999999"}}}})
	if err != nil || len(batch.ConfigurationPolicyAssociations) != 2 || len(batch.UnprocessedConfigurationPolicyAssociations) != 1 ||
		aws.ToString(batch.ConfigurationPolicyAssociations[1].ConfigurationPolicyId) != prod ||
		aws.ToString(batch.UnprocessedConfigurationPolicyAssociations[0].ErrorCode) != "RESOURCE_NOT_FOUND" {
		t.Fatalf("BatchGetConfigurationPolicyAssociations: %+v %v", batch, err)
	}

	// The listing covers every target; filters narrow it.
	listed := func(f *types.AssociationFilters) []string {
		t.Helper()
		var ids []string
		p := securityhub.NewListConfigurationPolicyAssociationsPaginator(w.da, &securityhub.ListConfigurationPolicyAssociationsInput{Filters: f, MaxResults: aws.Int32(2)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("ListConfigurationPolicyAssociations: %v", err)
			}
			for _, a := range page.ConfigurationPolicyAssociationSummaries {
				ids = append(ids, aws.ToString(a.TargetId))
			}
		}
		return ids
	}
	accounts := []string{mgmtID, w.daID, w.xID, w.yID}
	slices.Sort(accounts)
	if got, want := listed(nil), append([]string{w.rootID, w.ouID}, accounts...); !slices.Equal(got, want) {
		t.Fatalf("every association: %v, want %v", got, want)
	}
	if got := listed(&types.AssociationFilters{AssociationType: types.AssociationTypeApplied}); !slices.Equal(got, []string{w.rootID, w.ouID, w.xID}) {
		t.Fatalf("APPLIED: %v", got)
	}
	if got := listed(&types.AssociationFilters{ConfigurationPolicyId: aws.String(prod)}); !slices.Equal(got, []string{w.ouID, w.yID}) {
		t.Fatalf("policy prod: %v", got)
	}

	// Disassociation: the target inherits from its closest ancestor, or is self-managed.
	testenv.ExpectError(t, disassociate(base, ou), "InvalidInputException", 400, "")
	testenv.ExpectError(t, disassociate(prod, y), "ResourceNotFoundException", 404, "")
	if err := disassociate(prod, ou); err != nil {
		t.Fatal(err)
	}
	if err := disassociate(selfManaged, x); err != nil {
		t.Fatal(err)
	}
	expect("OU and x disassociated", map[types.Target]association{
		ou: {base, "INHERITED", "SUCCESS", appliedOK},
		y:  {base, "INHERITED", "SUCCESS", appliedOK},
		x:  {base, "INHERITED", "SUCCESS", appliedOK},
	})
	if err := disassociate(base, root); err != nil {
		t.Fatal(err)
	}
	expect("root disassociated", map[types.Target]association{root: selfInherited, ou: selfInherited, y: selfInherited})

	// An account that leaves the organization takes its association with it.
	associate(prod, x)
	if _, err := w.mgmt.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(w.xID)}); err != nil {
		t.Fatal(err)
	}
	_, err = w.da.GetConfigurationPolicyAssociation(ctx, &securityhub.GetConfigurationPolicyAssociationInput{Target: x})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	if _, err := w.da.DeleteConfigurationPolicy(ctx, &securityhub.DeleteConfigurationPolicyInput{Identifier: aws.String(prod)}); err != nil {
		t.Fatalf("deleting a policy whose only target left: %v", err)
	}
}
