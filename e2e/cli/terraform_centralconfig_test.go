package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

// centralTerraformConfig is a landing zone's Security Hub layer under central configuration:
// the management account designates the security account as the delegated administrator,
// which creates the finding aggregator in the home region, switches the organization to
// CENTRAL, and associates a configuration policy with the organization's root. The
// organization, its OU and the security account exist beforehand (an account's id is only
// known once it is created, and a provider's credentials cannot wait for it).
const centralTerraformConfig = `
terraform {
  required_providers { aws = { source = "hashicorp/aws" } }
}
locals { endpoint = "%ENDPOINT%" }
provider "aws" {
  region                  = "us-east-1"
  access_key              = "111111111111"
  secret_key              = "x"
  skip_metadata_api_check = true
  endpoints {
    securityhub   = local.endpoint
    sts           = local.endpoint
    organizations = local.endpoint
  }
}
provider "aws" {
  alias                   = "security"
  region                  = "us-east-1"
  access_key              = "%SECURITY%"
  secret_key              = "x"
  skip_metadata_api_check = true
  endpoints {
    securityhub = local.endpoint
    sts         = local.endpoint
  }
}
resource "aws_securityhub_organization_admin_account" "security" {
  admin_account_id = "%SECURITY%"
}
resource "aws_securityhub_finding_aggregator" "home" {
  provider          = aws.security
  depends_on        = [aws_securityhub_organization_admin_account.security]
  linking_mode      = "SPECIFIED_REGIONS"
  specified_regions = ["us-west-2", "eu-west-1"]
}
resource "aws_securityhub_organization_configuration" "central" {
  provider              = aws.security
  depends_on            = [aws_securityhub_finding_aggregator.home]
  auto_enable           = false
  auto_enable_standards = "NONE"
  organization_configuration {
    configuration_type = "CENTRAL"
  }
}
resource "aws_securityhub_configuration_policy" "baseline" {
  provider    = aws.security
  depends_on  = [aws_securityhub_organization_configuration.central]
  name        = "baseline"
  description = "FSBP and CIS 1.2.0 everywhere"
  configuration_policy {
    service_enabled = true
    enabled_standard_arns = [
      "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
      "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
    ]
    security_controls_configuration {
      disabled_control_identifiers = ["CloudTrail.2"]
      security_control_custom_parameter {
        security_control_id = "ACM.1"
        parameter {
          name       = "daysToExpiration"
          value_type = "CUSTOM"
          int {
            value = 15
          }
        }
      }
    }
  }
}
resource "aws_securityhub_configuration_policy_association" "root" {
  provider  = aws.security
  target_id = "%ROOT%"
  policy_id = aws_securityhub_configuration_policy.baseline.id
}
output "policy" { value = aws_securityhub_configuration_policy.baseline.id }
`

// TestTerraformCentralConfiguration applies, re-plans (no changes) and destroys the
// configuration above, and checks with the SDK what governs an account of the organization's
// OU after the apply and after the destroy.
func TestTerraformCentralConfiguration(t *testing.T) {
	t.Parallel() // Terraform waits on the provider's polling more than it computes
	tf := newTerraform(t)
	s := tf.server
	ctx := context.Background()
	env := &testenv.Env{URL: s.url}

	// The organization: the management account, the security account, and a workload
	// account in an OU.
	mgmt := env.Organizations("111111111111")
	if _, err := mgmt.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll}); err != nil {
		t.Fatal(err)
	}
	account := func(name string) string {
		out, err := mgmt.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String(name), Email: aws.String(name + "@example.com")})
		if err != nil {
			t.Fatal(err)
		}
		st, err := mgmt.DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: out.CreateAccountStatus.Id})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(st.CreateAccountStatus.AccountId)
	}
	security, workload := account("security"), account("workload")
	roots, err := mgmt.ListRoots(ctx, &organizations.ListRootsInput{})
	if err != nil {
		t.Fatal(err)
	}
	root := aws.ToString(roots.Roots[0].Id)
	ou, err := mgmt.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(root), Name: aws.String("Workloads")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mgmt.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(workload), SourceParentId: aws.String(root),
		DestinationParentId: ou.OrganizationalUnit.Id}); err != nil {
		t.Fatal(err)
	}

	tf.configure(strings.NewReplacer("%ENDPOINT%", s.url, "%SECURITY%", security, "%ROOT%", root).Replace(centralTerraformConfig))
	run, must := tf.run, tf.must
	must("init", "-input=false", "-no-color")
	out := must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Resources: 5 added") {
		t.Fatalf("apply:\n%s", out)
	}
	outputs := decode(t, must("output", "-json", "-no-color"))
	policy := outputs["policy"].(map[string]any)["value"].(string)

	da := env.SecurityHub(security, "us-east-1")
	cfg, err := da.DescribeOrganizationConfiguration(ctx, &securityhub.DescribeOrganizationConfigurationInput{})
	if err != nil || cfg.OrganizationConfiguration.ConfigurationType != types.OrganizationConfigurationConfigurationTypeCentral {
		t.Fatalf("organization configuration after apply: %+v %v", cfg, err)
	}
	inherited, err := da.GetConfigurationPolicyAssociation(ctx, &securityhub.GetConfigurationPolicyAssociationInput{
		Target: &types.TargetMemberAccountId{Value: workload}})
	if err != nil || aws.ToString(inherited.ConfigurationPolicyId) != policy || inherited.AssociationType != types.AssociationTypeInherited ||
		inherited.AssociationStatus != types.ConfigurationPolicyAssociationStatusSuccess {
		t.Fatalf("the workload account's association after apply: %+v %v", inherited, err)
	}

	if out, err := run("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Fatalf("a second plan wants changes (%v):\n%s\nserver log:\n%s", err, out, s.logs)
	}
	// The plan above has just read every resource; destroy need not read them again.
	out = must("destroy", "-auto-approve", "-input=false", "-no-color", "-refresh=false")
	if !strings.Contains(out, "Resources: 5 destroyed") {
		t.Fatalf("destroy:\n%s", out)
	}
	admins, err := env.SecurityHub("111111111111", "us-east-1").ListOrganizationAdminAccounts(ctx, &securityhub.ListOrganizationAdminAccountsInput{})
	if err != nil || len(admins.AdminAccounts) != 0 {
		t.Fatalf("administrators after destroy: %+v %v", admins, err)
	}
	aggregators, err := da.ListFindingAggregators(ctx, &securityhub.ListFindingAggregatorsInput{})
	if err != nil || len(aggregators.FindingAggregators) != 0 {
		t.Fatalf("aggregators after destroy: %+v %v", aggregators, err)
	}
}
