package cli

import (
	"strings"
	"testing"
)

// organizationsTerraformConfig is a landing zone's Organizations layer: the organization with
// SCPs and tag policies enabled and Security Hub trusted, an OU, a tagged account in it, an
// SCP attached to the OU and a delegated administrator. close_on_deletion is false: destroy
// removes the account from the organization (RemoveAccountFromOrganization), because a closed
// account stays in the organization, SUSPENDED, and DeleteOrganization refuses an organization
// with member accounts, as AWS does.
const organizationsTerraformConfig = `
terraform {
  required_providers { aws = { source = "hashicorp/aws" } }
}
provider "aws" {
  region                  = "us-east-1"
  access_key              = "111111111111"
  secret_key              = "x"
  skip_metadata_api_check = true
  endpoints {
    sts           = "%ENDPOINT%"
    organizations = "%ENDPOINT%"
  }
}
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
output "account" { value = aws_organizations_account.audit.id }
output "ou" { value = aws_organizations_organizational_unit.security.id }
output "policy" { value = aws_organizations_policy.deny_leave.id }
`

// TestTerraformOrganizations applies, re-plans (no changes) and destroys the configuration
// above with the hashicorp/aws provider from the machine's offline plugin mirror, and checks
// with the AWS CLI what the apply left.
func TestTerraformOrganizations(t *testing.T) {
	t.Parallel() // Terraform waits on the provider's polling more than it computes
	tf := newTerraform(t)
	s := tf.server
	tf.configure(strings.ReplaceAll(organizationsTerraformConfig, "%ENDPOINT%", s.url))
	run, must := tf.run, tf.must
	must("init", "-input=false", "-no-color")
	out := must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Resources: 6 added") {
		t.Fatalf("apply:\n%s", out)
	}
	outputs := decode(t, must("output", "-json", "-no-color"))
	value := func(name string) string { return outputs[name].(map[string]any)["value"].(string) }
	account, ou, policy := value("account"), value("ou"), value("policy")

	aws := func(args ...string) map[string]any {
		t.Helper()
		return decode(t, mustRun(t, s, "aws", "111111111111", "us-east-1", append([]string{"organizations"}, args...)...))
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

	if out, err := run("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Fatalf("a second plan wants changes (%v):\n%s", err, out)
	}
	out = must("destroy", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Resources: 6 destroyed") {
		t.Fatalf("destroy:\n%s", out)
	}
	if _, err := s.run("aws", "111111111111", "us-east-1", "organizations", "describe-organization"); err == nil {
		t.Fatal("the organization survived destroy")
	}
}
