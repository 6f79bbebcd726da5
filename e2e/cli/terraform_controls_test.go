package cli

import (
	"slices"
	"testing"
)

// controlsTerraformConfig subscribes the invited member's account (whose hub enables no
// default standards) to every standard sechub offers, disables a standards control in one and
// a control's association with another, and enables Prowler's integration, as a landing zone's
// Security Hub module does.
const controlsTerraformConfig = `
data "aws_caller_identity" "controls" { provider = aws.member }
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
  provider      = aws.member
  for_each      = local.standards
  depends_on    = [aws_securityhub_account.member]
  standards_arn = each.value
}
resource "aws_securityhub_standards_control" "iam1" {
  provider              = aws.member
  depends_on            = [aws_securityhub_standards_subscription.all]
  standards_control_arn = "arn:aws:securityhub:us-east-1:${data.aws_caller_identity.controls.account_id}:control/aws-foundational-security-best-practices/v/1.0.0/IAM.1"
  control_status        = "DISABLED"
  disabled_reason       = "Handled by an SCP"
}
resource "aws_securityhub_standards_control" "cis_1_10" {
  provider              = aws.member
  depends_on            = [aws_securityhub_standards_subscription.all]
  standards_control_arn = "arn:aws:securityhub:us-east-1:${data.aws_caller_identity.controls.account_id}:control/cis-aws-foundations-benchmark/v/1.2.0/1.10"
  control_status        = "ENABLED"
}
resource "aws_securityhub_standards_control_association" "cloudtrail1" {
  provider            = aws.member
  depends_on          = [aws_securityhub_standards_subscription.all]
  security_control_id = "CloudTrail.1"
  standards_arn       = local.standards.cis14
  association_status  = "DISABLED"
  updated_reason      = "Organization trail"
}
resource "aws_securityhub_product_subscription" "prowler" {
  provider    = aws.member
  depends_on  = [aws_securityhub_account.member]
  product_arn = "arn:aws:securityhub:us-east-1::product/prowler/prowler"
}
data "aws_securityhub_standards_control_associations" "cloudtrail1" {
  provider            = aws.member
  depends_on          = [aws_securityhub_standards_control_association.cloudtrail1]
  security_control_id = "CloudTrail.1"
}
output "controls_cloudtrail1" {
  value = { for a in data.aws_securityhub_standards_control_associations.cloudtrail1.standards_control_associations : a.standards_arn => a.association_status }
}
output "controls_iam1" { value = aws_securityhub_standards_control.iam1.control_id }
output "controls_cis_1_10" { value = aws_securityhub_standards_control.cis_1_10.control_id }
`

// controlsPart applies the configuration above in the member's account and checks what the
// apply left: the controls' IDs, the association, the subscriptions and the product.
var controlsPart = terraformPart{
	name:      "standards, controls and products",
	config:    constConfig(controlsTerraformConfig),
	resources: 14,
	secondApplied: func(t *testing.T, tf *terraform, _ string) {
		if iam1, cis := tf.output("controls_iam1"), tf.output("controls_cis_1_10"); iam1 != "IAM.1" || cis != "CIS.1.10" {
			t.Errorf("outputs controls_iam1 %q, controls_cis_1_10 %q", iam1, cis)
		}
		associations, _ := tf.outputs["controls_cloudtrail1"].(map[string]any)
		if associations["arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0"] != "DISABLED" ||
			associations["arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"] != "ENABLED" {
			t.Errorf("output controls_cloudtrail1: %v", associations)
		}
		enabled := tf.aws("222222222222", "securityhub", "get-enabled-standards")
		if subs, _ := enabled["StandardsSubscriptions"].([]any); len(subs) != 10 {
			t.Fatalf("after apply, %d subscriptions: %v", len(subs), enabled)
		}
		products := tf.aws("222222222222", "securityhub", "list-enabled-products-for-import")
		if subs, _ := products["ProductSubscriptions"].([]any); !slices.Contains(subs, any("arn:aws:securityhub:us-east-1:222222222222:product-subscription/prowler/prowler")) {
			t.Fatalf("after apply, product subscriptions: %v", products)
		}
	},
	destroyed: func(t *testing.T, tf *terraform) {
		tf.awsFails("the member's hub survived destroy", "222222222222", "securityhub", "describe-hub")
	},
}
