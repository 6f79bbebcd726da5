package server

// TerraformResource is one resource of the hashicorp/aws Terraform provider and the API calls
// its create, read, update and delete functions make (from terraform-provider-aws's
// internal/service/<service>/<resource>.go). A resource works with sechub when every call is
// implemented; docs/supported.md is generated from this table (go generate ./internal/server).
type TerraformResource struct {
	Name    string
	Service string // "securityhub" or "organizations": the provider endpoint it needs
	Create  []string
	Read    []string
	Update  []string // none when every argument forces a new resource
	Delete  []string // none when destroy only forgets the resource
}

// Operations returns every call the resource makes, in CRUD order, without repeats.
func (r TerraformResource) Operations() []string {
	var ops []string
	seen := map[string]bool{}
	for _, list := range [][]string{r.Create, r.Read, r.Update, r.Delete} {
		for _, op := range list {
			if !seen[op] {
				seen[op] = true
				ops = append(ops, op)
			}
		}
	}
	return ops
}

// TerraformResources are the Security Hub and Organizations resources of the hashicorp/aws
// provider, with the calls each makes.
var TerraformResources = []TerraformResource{
	{Name: "aws_securityhub_account", Service: "securityhub",
		Create: []string{"EnableSecurityHub", "UpdateSecurityHubConfiguration", "DescribeHub"},
		Read:   []string{"DescribeHub"},
		Update: []string{"UpdateSecurityHubConfiguration"},
		Delete: []string{"DisableSecurityHub"}},
	{Name: "aws_securityhub_standards_subscription", Service: "securityhub",
		Create: []string{"BatchEnableStandards", "GetEnabledStandards"},
		Read:   []string{"GetEnabledStandards"},
		Delete: []string{"BatchDisableStandards", "GetEnabledStandards"}},
	{Name: "aws_securityhub_member", Service: "securityhub",
		Create: []string{"CreateMembers", "InviteMembers"},
		Read:   []string{"GetMembers"},
		Delete: []string{"DisassociateMembers", "DeleteMembers"}},
	{Name: "aws_securityhub_invite_accepter", Service: "securityhub",
		Create: []string{"ListInvitations", "AcceptInvitation"},
		Read:   []string{"GetMasterAccount"},
		Delete: []string{"DisassociateFromMasterAccount"}},
	{Name: "aws_securityhub_action_target", Service: "securityhub",
		Create: []string{"CreateActionTarget"},
		Read:   []string{"DescribeActionTargets"},
		Update: []string{"UpdateActionTarget"},
		Delete: []string{"DeleteActionTarget"}},
	{Name: "aws_securityhub_insight", Service: "securityhub",
		Create: []string{"CreateInsight"},
		Read:   []string{"GetInsights"},
		Update: []string{"UpdateInsight"},
		Delete: []string{"DeleteInsight"}},
	{Name: "aws_securityhub_organization_admin_account", Service: "securityhub",
		Create: []string{"EnableOrganizationAdminAccount", "ListOrganizationAdminAccounts"},
		Read:   []string{"ListOrganizationAdminAccounts"},
		Delete: []string{"DisableOrganizationAdminAccount", "ListOrganizationAdminAccounts"}},
	{Name: "aws_securityhub_organization_configuration", Service: "securityhub",
		Create: []string{"UpdateOrganizationConfiguration", "DescribeOrganizationConfiguration"},
		Read:   []string{"DescribeOrganizationConfiguration"},
		Update: []string{"UpdateOrganizationConfiguration"},
		Delete: []string{"UpdateOrganizationConfiguration", "DescribeOrganizationConfiguration"}},
	{Name: "aws_securityhub_product_subscription", Service: "securityhub",
		Create: []string{"EnableImportFindingsForProduct"},
		Read:   []string{"ListEnabledProductsForImport"},
		Delete: []string{"DisableImportFindingsForProduct"}},
	{Name: "aws_securityhub_standards_control", Service: "securityhub",
		Create: []string{"UpdateStandardsControl", "DescribeStandardsControls"},
		Read:   []string{"DescribeStandardsControls"},
		Update: []string{"UpdateStandardsControl"}},
	{Name: "aws_securityhub_standards_control_association", Service: "securityhub",
		Create: []string{"BatchUpdateStandardsControlAssociations"},
		Read:   []string{"ListStandardsControlAssociations"},
		Update: []string{"BatchUpdateStandardsControlAssociations"}},
	{Name: "aws_securityhub_finding_aggregator", Service: "securityhub",
		Create: []string{"CreateFindingAggregator", "GetFindingAggregator"},
		Read:   []string{"GetFindingAggregator"},
		Update: []string{"UpdateFindingAggregator", "GetFindingAggregator"},
		Delete: []string{"DeleteFindingAggregator"}},
	{Name: "aws_securityhub_automation_rule", Service: "securityhub",
		Create: []string{"CreateAutomationRule"},
		Read:   []string{"BatchGetAutomationRules", "ListTagsForResource"},
		Update: []string{"BatchUpdateAutomationRules", "TagResource", "UntagResource"},
		Delete: []string{"BatchDeleteAutomationRules"}},
	{Name: "aws_securityhub_configuration_policy", Service: "securityhub",
		Create: []string{"CreateConfigurationPolicy", "GetConfigurationPolicy"},
		Read:   []string{"GetConfigurationPolicy"},
		Update: []string{"UpdateConfigurationPolicy", "GetConfigurationPolicy"},
		Delete: []string{"DeleteConfigurationPolicy"}},
	{Name: "aws_securityhub_configuration_policy_association", Service: "securityhub",
		Create: []string{"StartConfigurationPolicyAssociation", "GetConfigurationPolicyAssociation"},
		Read:   []string{"GetConfigurationPolicyAssociation"},
		Update: []string{"StartConfigurationPolicyAssociation", "GetConfigurationPolicyAssociation"},
		Delete: []string{"StartConfigurationPolicyDisassociation"}},
	{Name: "aws_organizations_organization", Service: "organizations",
		Create: []string{"CreateOrganization", "EnableAWSServiceAccess", "ListRoots", "EnablePolicyType"},
		Read:   []string{"DescribeOrganization", "ListAccounts", "ListRoots", "ListAWSServiceAccessForOrganization"},
		Update: []string{"EnableAWSServiceAccess", "DisableAWSServiceAccess", "EnablePolicyType", "DisablePolicyType"},
		Delete: []string{"DeleteOrganization"}},
	{Name: "aws_organizations_account", Service: "organizations",
		Create: []string{"CreateAccount", "DescribeCreateAccountStatus", "ListParents", "MoveAccount"},
		Read:   []string{"DescribeAccount", "ListParents", "ListTagsForResource"},
		Update: []string{"MoveAccount", "TagResource", "UntagResource"},
		Delete: []string{"RemoveAccountFromOrganization", "CloseAccount", "DescribeAccount"}},
	{Name: "aws_organizations_organizational_unit", Service: "organizations",
		Create: []string{"CreateOrganizationalUnit"},
		Read:   []string{"DescribeOrganizationalUnit", "ListParents", "ListAccountsForParent", "ListTagsForResource"},
		Update: []string{"UpdateOrganizationalUnit", "TagResource", "UntagResource"},
		Delete: []string{"DeleteOrganizationalUnit"}},
	{Name: "aws_organizations_policy", Service: "organizations",
		Create: []string{"CreatePolicy"},
		Read:   []string{"DescribePolicy", "ListTagsForResource"},
		Update: []string{"UpdatePolicy", "TagResource", "UntagResource"},
		Delete: []string{"DeletePolicy"}},
	{Name: "aws_organizations_policy_attachment", Service: "organizations",
		Create: []string{"AttachPolicy"},
		Read:   []string{"ListTargetsForPolicy"},
		Delete: []string{"DetachPolicy"}},
	{Name: "aws_organizations_delegated_administrator", Service: "organizations",
		Create: []string{"RegisterDelegatedAdministrator"},
		Read:   []string{"ListDelegatedAdministrators"},
		Delete: []string{"DeregisterDelegatedAdministrator"}},
}
