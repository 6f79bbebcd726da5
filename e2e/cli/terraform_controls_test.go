package cli

import (
	"slices"
	"strings"
	"testing"
)

// controlsTerraformConfig subscribes an account to every standard sechub offers, disables a
// standards control in one and a control's association with another, and enables Prowler's
// integration, as a landing zone's Security Hub module does.
const controlsTerraformConfig = `
terraform {
  required_providers { aws = { source = "hashicorp/aws" } }
}
provider "aws" {
  region                  = "us-east-1"
  access_key              = "333333333333"
  secret_key              = "x"
  skip_metadata_api_check = true
  endpoints {
    securityhub = "%ENDPOINT%"
    sts         = "%ENDPOINT%"
  }
}
data "aws_caller_identity" "me" {}
resource "aws_securityhub_account" "this" {
  enable_default_standards = false
}
locals {
  standards = {
    fsbp     = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
    cis12    = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
    cis14    = "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0"
    cis30    = "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0"
    cis50    = "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/5.0.0"
    nist53   = "arn:aws:securityhub:us-east-1::standards/nist-800-53/v/5.0.0"
    nist171  = "arn:aws:securityhub:us-east-1::standards/nist-800-171/v/2.0.0"
    pci321   = "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1"
    pci401   = "arn:aws:securityhub:us-east-1::standards/pci-dss/v/4.0.1"
    tagging  = "arn:aws:securityhub:us-east-1::standards/aws-resource-tagging-standard/v/1.0.0"
  }
}
resource "aws_securityhub_standards_subscription" "all" {
  for_each      = local.standards
  depends_on    = [aws_securityhub_account.this]
  standards_arn = each.value
}
resource "aws_securityhub_standards_control" "iam1" {
  depends_on            = [aws_securityhub_standards_subscription.all]
  standards_control_arn = "arn:aws:securityhub:us-east-1:${data.aws_caller_identity.me.account_id}:control/aws-foundational-security-best-practices/v/1.0.0/IAM.1"
  control_status        = "DISABLED"
  disabled_reason       = "Handled by an SCP"
}
resource "aws_securityhub_standards_control" "cis_1_10" {
  depends_on            = [aws_securityhub_standards_subscription.all]
  standards_control_arn = "arn:aws:securityhub:us-east-1:${data.aws_caller_identity.me.account_id}:control/cis-aws-foundations-benchmark/v/1.2.0/1.10"
  control_status        = "ENABLED"
}
resource "aws_securityhub_standards_control_association" "cloudtrail1" {
  depends_on          = [aws_securityhub_standards_subscription.all]
  security_control_id = "CloudTrail.1"
  standards_arn       = local.standards.cis14
  association_status  = "DISABLED"
  updated_reason      = "Organization trail"
}
resource "aws_securityhub_product_subscription" "prowler" {
  depends_on  = [aws_securityhub_account.this]
  product_arn = "arn:aws:securityhub:us-east-1::product/prowler/prowler"
}
data "aws_securityhub_standards_control_associations" "cloudtrail1" {
  depends_on          = [aws_securityhub_standards_control_association.cloudtrail1]
  security_control_id = "CloudTrail.1"
}
output "cloudtrail1" {
  value = { for a in data.aws_securityhub_standards_control_associations.cloudtrail1.standards_control_associations : a.standards_arn => a.association_status }
}
output "iam1" { value = aws_securityhub_standards_control.iam1.control_id }
output "cis_1_10" { value = aws_securityhub_standards_control.cis_1_10.control_id }
`

// TestTerraformControls applies, re-plans (no changes) and destroys the configuration above
// with the hashicorp/aws provider from the machine's offline plugin mirror.
func TestTerraformControls(t *testing.T) {
	t.Parallel() // Terraform waits on the provider's polling more than it computes
	tf := newTerraform(t)
	s := tf.server
	tf.configure(strings.ReplaceAll(controlsTerraformConfig, "%ENDPOINT%", s.url))
	run, must := tf.run, tf.must
	must("init", "-input=false", "-no-color")
	out := must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Resources: 15 added") || !strings.Contains(out, `iam1 = "IAM.1"`) || !strings.Contains(out, `cis_1_10 = "CIS.1.10"`) ||
		!strings.Contains(out, `"arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0" = "DISABLED"`) ||
		!strings.Contains(out, `"arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0" = "ENABLED"`) {
		t.Fatalf("apply:\n%s", out)
	}
	enabled := decode(t, mustRun(t, s, "aws", "333333333333", "us-east-1", "securityhub", "get-enabled-standards"))
	if subs, _ := enabled["StandardsSubscriptions"].([]any); len(subs) != 10 {
		t.Fatalf("after apply, %d subscriptions: %v", len(subs), enabled)
	}
	products := decode(t, mustRun(t, s, "aws", "333333333333", "us-east-1", "securityhub", "list-enabled-products-for-import"))
	if subs, _ := products["ProductSubscriptions"].([]any); !slices.Contains(subs, any("arn:aws:securityhub:us-east-1:333333333333:product-subscription/prowler/prowler")) {
		t.Fatalf("after apply, product subscriptions: %v", products)
	}
	if out, err := run("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Fatalf("a second plan wants changes (%v):\n%s", err, out)
	}
	out = must("destroy", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Resources: 15 destroyed") {
		t.Fatalf("destroy:\n%s", out)
	}
	if _, err := s.run("aws", "333333333333", "us-east-1", "securityhub", "describe-hub"); err == nil {
		t.Fatal("the hub survived destroy")
	}
}
