package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/sechub/sechub/internal/testenv"
)

// localStackSettingsTerraformConfig is a configuration with the provider settings LocalStack's
// documentation gives, which users copy: the provider neither validates the credentials nor
// looks the account up, so the hub ARN it builds itself (for DescribeHub) has an empty account
// field. enable_default_standards is false so that a hub adopted with terraform import (see
// the test) matches the configuration: the provider cannot read that setting back.
const localStackSettingsTerraformConfig = `
terraform {
  required_providers { aws = { source = "hashicorp/aws" } }
}
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "111111111111"
  secret_key                  = "x"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  endpoints {
    securityhub = "%ENDPOINT%"
    sts         = "%ENDPOINT%"
  }
}
resource "aws_securityhub_account" "admin" {
  enable_default_standards = false
}
resource "aws_securityhub_standards_subscription" "pci" {
  depends_on    = [aws_securityhub_account.admin]
  standards_arn = "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1"
}
resource "aws_securityhub_member" "m" {
  depends_on = [aws_securityhub_account.admin]
  account_id = "222222222222"
  email      = "member@example.com"
  invite     = false
}
output "hub" { value = aws_securityhub_account.admin.arn }
output "subscription" { value = aws_securityhub_standards_subscription.pci.id }
`

// providerLostTheHub is what Terraform says when aws_securityhub_account's create returns
// without an ID. The hashicorp/aws provider (5.x) uses the account ID as the resource's ID,
// and with skip_credentials_validation and skip_requesting_account_id both true it does not
// know the account: whatever the endpoint answers, the resource is not recorded although
// Security Hub was enabled.
const providerLostTheHub = "Root object was present, but now absent"

// TestTerraformLocalStackSettings applies, re-plans (no changes) and destroys the
// configuration above with the hashicorp/aws provider from the machine's offline plugin
// mirror; afterwards the hub is off. The provider asks DescribeHub with
// arn:aws:securityhub:us-east-1::hub/default, which names the caller's hub.
//
// A provider that cannot record the hub it created (providerLostTheHub) leaves it enabled
// and out of the state; the test then adopts it with terraform import, whose read is
// DescribeHub with the same account-less ARN, and applies again.
func TestTerraformLocalStackSettings(t *testing.T) {
	t.Parallel() // Terraform waits on the provider's polling more than it computes
	tf := newTerraform(t)
	s := tf.server
	tf.configure(strings.ReplaceAll(localStackSettingsTerraformConfig, "%ENDPOINT%", s.url))
	must := tf.must
	hub := (&testenv.Env{URL: s.url}).SecurityHub("111111111111", "us-east-1")
	ctx := context.Background()
	const hubARN = "arn:aws:securityhub:us-east-1:111111111111:hub/default"
	describeHub := func(when string) {
		t.Helper()
		got, err := hub.DescribeHub(ctx, &securityhub.DescribeHubInput{})
		if err != nil || aws.ToString(got.HubArn) != hubARN {
			t.Fatalf("DescribeHub %s: %v %v\nserver log:\n%s", when, aws.ToString(got.HubArn), err, s.logs)
		}
	}

	must("init", "-input=false", "-no-color")
	out, err := tf.run("apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		if !strings.Contains(out, providerLostTheHub) || strings.Contains(out, "is not a valid hub ARN") {
			t.Fatalf("apply: %v\n%s\nserver log:\n%s", err, out, s.logs)
		}
		t.Logf("the provider cannot record aws_securityhub_account without the account ID; adopting the hub it enabled")
		describeHub("after the provider lost the hub")
		out = must("import", "-input=false", "-no-color", "aws_securityhub_account.admin", "111111111111")
		if !strings.Contains(out, "Import successful") {
			t.Fatalf("import:\n%s", out)
		}
		out = must("apply", "-auto-approve", "-input=false", "-no-color")
		if !strings.Contains(out, "Resources: 2 added, 0 changed, 0 destroyed") {
			t.Fatalf("apply after import:\n%s", out)
		}
	} else if !strings.Contains(out, "Resources: 3 added") {
		t.Fatalf("apply:\n%s", out)
	}
	if !strings.Contains(out, `hub = "`+hubARN+`"`) ||
		!strings.Contains(out, `subscription = "arn:aws:securityhub:us-east-1:111111111111:subscription/pci-dss/v/3.2.1"`) {
		t.Fatalf("apply outputs:\n%s", out)
	}
	describeHub("after apply")
	standards, err := hub.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{})
	if err != nil || len(standards.StandardsSubscriptions) != 1 ||
		aws.ToString(standards.StandardsSubscriptions[0].StandardsArn) != "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1" {
		t.Fatalf("GetEnabledStandards after apply: %+v %v", standards, err)
	}
	members, err := hub.ListMembers(ctx, &securityhub.ListMembersInput{OnlyAssociated: aws.Bool(false)})
	if err != nil || len(members.Members) != 1 || aws.ToString(members.Members[0].AccountId) != "222222222222" {
		t.Fatalf("ListMembers after apply: %+v %v", members, err)
	}
	if out, err := tf.run("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Fatalf("a second plan wants changes (%v):\n%s\nserver log:\n%s", err, out, s.logs)
	}
	out = must("destroy", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Resources: 3 destroyed") {
		t.Fatalf("destroy:\n%s", out)
	}
	_, err = hub.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "Account 111111111111 is not subscribed to AWS Security Hub")
}
