package cli

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/sechub/sechub/internal/testenv"
)

// localStackSettingsTerraformConfig is a provider configured with the settings LocalStack's
// documentation gives, which users copy, and what it manages: the provider neither validates
// the credentials nor looks the account up, so the hub ARN it builds itself (for DescribeHub)
// has an empty account field. enable_default_standards is false so that a hub adopted by
// import (see lostResources) matches the configuration: the provider cannot read that setting
// back.
const localStackSettingsTerraformConfig = `
provider "aws" {
  alias                       = "localstack"
  region                      = "us-east-1"
  access_key                  = "444444444444"
  secret_key                  = "x"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  endpoints {
    securityhub = "%ENDPOINT%"
    sts         = "%ENDPOINT%"
  }
}
resource "aws_securityhub_account" "localstack" {
  provider                 = aws.localstack
  enable_default_standards = false
}
resource "aws_securityhub_standards_subscription" "localstack" {
  provider      = aws.localstack
  depends_on    = [aws_securityhub_account.localstack]
  standards_arn = "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1"
}
resource "aws_securityhub_member" "localstack" {
  provider   = aws.localstack
  depends_on = [aws_securityhub_account.localstack]
  account_id = "555555555555"
  email      = "member@example.com"
  invite     = false
}
output "localstack_hub" { value = aws_securityhub_account.localstack.arn }
output "localstack_subscription" { value = aws_securityhub_standards_subscription.localstack.id }
`

const localStackHubARN = "arn:aws:securityhub:us-east-1:444444444444:hub/default"

// localStackSettingsPart enables a hub, subscribes to a standard and adds a member with a
// provider configured as LocalStack's documentation shows; afterwards the hub is off. The
// provider asks DescribeHub with arn:aws:securityhub:us-east-1::hub/default, which names the
// caller's hub.
//
// A provider that cannot record the hub it created (providerLostTheHub) leaves it enabled and
// out of the state; the second apply adopts it with an import block, whose read is DescribeHub
// with the same account-less ARN, and creates what depends on it.
var localStackSettingsPart = terraformPart{
	name:      "LocalStack-style provider settings",
	config:    constConfig(localStackSettingsTerraformConfig),
	resources: 3,
	adopt:     map[string]string{"aws_securityhub_account.localstack": "444444444444"},
	firstApplied: func(t *testing.T, tf *terraform) {
		describeLocalStackHub(t, tf, "after the first apply")
	},
	secondApplied: func(t *testing.T, tf *terraform, _ string) {
		if hub, sub := tf.output("localstack_hub"), tf.output("localstack_subscription"); hub != localStackHubARN ||
			sub != "arn:aws:securityhub:us-east-1:444444444444:subscription/pci-dss/v/3.2.1" {
			t.Errorf("outputs localstack_hub %q, localstack_subscription %q", hub, sub)
		}
		describeLocalStackHub(t, tf, "after apply")
		hub := (&testenv.Env{URL: tf.server.url}).SecurityHub("444444444444", "us-east-1")
		ctx := context.Background()
		standards, err := hub.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{})
		if err != nil || len(standards.StandardsSubscriptions) != 1 ||
			aws.ToString(standards.StandardsSubscriptions[0].StandardsArn) != "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1" {
			t.Fatalf("GetEnabledStandards after apply: %+v %v", standards, err)
		}
		members, err := hub.ListMembers(ctx, &securityhub.ListMembersInput{OnlyAssociated: aws.Bool(false)})
		if err != nil || len(members.Members) != 1 || aws.ToString(members.Members[0].AccountId) != "555555555555" {
			t.Fatalf("ListMembers after apply: %+v %v", members, err)
		}
	},
	destroyed: func(t *testing.T, tf *terraform) {
		hub := (&testenv.Env{URL: tf.server.url}).SecurityHub("444444444444", "us-east-1")
		_, err := hub.DescribeHub(context.Background(), &securityhub.DescribeHubInput{})
		testenv.ExpectError(t, err, "InvalidAccessException", 401, "Account 444444444444 is not subscribed to AWS Security Hub")
	},
}

// describeLocalStackHub fails the test unless the LocalStack-style account's hub is on.
func describeLocalStackHub(t *testing.T, tf *terraform, when string) {
	t.Helper()
	hub := (&testenv.Env{URL: tf.server.url}).SecurityHub("444444444444", "us-east-1")
	got, err := hub.DescribeHub(context.Background(), &securityhub.DescribeHubInput{})
	if err != nil || aws.ToString(got.HubArn) != localStackHubARN {
		t.Fatalf("DescribeHub %s: %v %v\nserver log:\n%s", when, got, err, tf.server.logs)
	}
}
