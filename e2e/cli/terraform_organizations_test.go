package cli

import "testing"

// organizationsTerraformConfig is a landing zone's Organizations layer, managed from the
// administrator's account: the organization with SCPs and tag policies enabled and Security
// Hub trusted, an OU, a tagged account in it, an SCP attached to the OU and a delegated
// administrator. close_on_deletion is false: destroy
// removes the account from the organization (RemoveAccountFromOrganization), because a closed
// account stays in the organization, SUSPENDED, and DeleteOrganization refuses an organization
// with member accounts, as AWS does.
const organizationsTerraformConfig = `
resource "aws_organizations_organization" "org" {
  feature_set                   = "ALL"
  enabled_policy_types          = ["SERVICE_CONTROL_POLICY", "TAG_POLICY"]
  aws_service_access_principals = ["securityhub.amazonaws.com"]
}
resource "aws_organizations_organizational_unit" "security" {
  name      = "Security"
  parent_id = aws_organizations_organization.org.roots[0].id
  tags      = { team = "platform" }
}
resource "aws_organizations_account" "audit" {
  name              = "audit"
  email             = "audit@example.com"
  parent_id         = aws_organizations_organizational_unit.security.id
  close_on_deletion = false
  tags              = { env = "prod", owner = "security" }
}
resource "aws_organizations_policy" "deny_leave" {
  name        = "deny-leave"
  description = "Accounts cannot leave the organization"
  type        = "SERVICE_CONTROL_POLICY"
  content     = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "organizations:LeaveOrganization", Resource = "*" }]
  })
  tags = { purpose = "guardrail" }
  depends_on = [aws_organizations_organization.org]
}
resource "aws_organizations_policy_attachment" "security" {
  policy_id = aws_organizations_policy.deny_leave.id
  target_id = aws_organizations_organizational_unit.security.id
}
resource "aws_organizations_delegated_administrator" "securityhub" {
  account_id        = aws_organizations_account.audit.id
  service_principal = "securityhub.amazonaws.com"
}
output "organizations_account" { value = aws_organizations_account.audit.id }
output "organizations_ou" { value = aws_organizations_organizational_unit.security.id }
output "organizations_policy" { value = aws_organizations_policy.deny_leave.id }
`

// organizationsPart applies the configuration above and checks with the AWS CLI what the apply
// left, and that destroy deletes the organization.
var organizationsPart = terraformPart{
	name:      "Organizations",
	config:    constConfig(organizationsTerraformConfig),
	resources: 6,
	secondApplied: func(t *testing.T, tf *terraform, _ string) {
		account, ou, policy := tf.output("organizations_account"), tf.output("organizations_ou"), tf.output("organizations_policy")
		aws := func(args ...string) map[string]any {
			t.Helper()
			return tf.aws("111111111111", append([]string{"organizations"}, args...)...)
		}
		tags := aws("list-tags-for-resource", "--resource-id", account)["Tags"].([]any)
		if len(tags) != 2 || tags[0].(map[string]any)["Key"] != "env" || tags[1].(map[string]any)["Value"] != "security" {
			t.Fatalf("account tags: %v", tags)
		}
		roots := aws("list-roots")["Roots"].([]any)
		if types := roots[0].(map[string]any)["PolicyTypes"].([]any); len(types) != 2 {
			t.Fatalf("root policy types: %v", roots)
		}
		// The OU has FullAWSAccess (SCPs were enabled before it was created) and the custom SCP.
		attached := aws("list-policies-for-target", "--target-id", ou, "--filter", "SERVICE_CONTROL_POLICY")["Policies"].([]any)
		if len(attached) != 2 || attached[0].(map[string]any)["Id"] != "p-FullAWSAccess" || attached[1].(map[string]any)["Id"] != policy {
			t.Fatalf("policies of the OU: %v", attached)
		}
		admins := aws("list-delegated-administrators")["DelegatedAdministrators"].([]any)
		if len(admins) != 1 || admins[0].(map[string]any)["Id"] != account {
			t.Fatalf("delegated administrators: %v", admins)
		}
	},
	destroyed: func(t *testing.T, tf *terraform) {
		tf.awsFails("the organization survived destroy", "111111111111", "organizations", "describe-organization")
	},
}
