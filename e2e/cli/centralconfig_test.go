package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// examplePolicy is the policy of the AWS CLI's create-configuration-policy example.
const examplePolicy = `{"SecurityHub": {"ServiceEnabled": true, "EnabledStandardIdentifiers": ["arn:aws:securityhub:eu-central-1::standards/aws-foundational-security-best-practices/v/1.0.0","arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"],"SecurityControlsConfiguration":{"DisabledSecurityControlIdentifiers": ["CloudTrail.2"], "SecurityControlCustomParameters": [{"SecurityControlId": "ACM.1", "Parameters": {"daysToExpiration": {"ValueType": "CUSTOM", "Value": {"Integer": 15}}}}]}}}`

// exampleUpdatedPolicy is the policy of the update-configuration-policy example.
const exampleUpdatedPolicy = `{"SecurityHub": {"ServiceEnabled": true, "EnabledStandardIdentifiers": ["arn:aws:securityhub:eu-central-1::standards/aws-foundational-security-best-practices/v/1.0.0","arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"],"SecurityControlsConfiguration":{"DisabledSecurityControlIdentifiers": ["CloudWatch.1"], "SecurityControlCustomParameters": [{"SecurityControlId": "ACM.1", "Parameters": {"daysToExpiration": {"ValueType": "CUSTOM", "Value": {"Integer": 21}}}}]}}}`

// cliV1 returns the AWS CLI v1 on this machine (the configuration policy commands are not in
// Debian's v2.9), or skips.
func cliV1(t *testing.T) string {
	t.Helper()
	for _, c := range awsCLIs(t) {
		if !isV2(t, c) {
			return c
		}
	}
	t.Skip("no AWS CLI v1 with the central configuration commands")
	return ""
}

// sameJSON reports an error unless got is the JSON value of want.
func sameJSON(t *testing.T, what string, got any, want string) {
	t.Helper()
	var w any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, w) {
		t.Errorf("%s: %v, want %v", what, got, w)
	}
}

// TestFindingAggregatorCommands runs the AWS CLI's worked examples of the finding aggregator
// commands as their account, from their home region, and checks the documented shapes.
func TestFindingAggregatorCommands(t *testing.T) {
	t.Parallel()
	cli := cliV1(t)
	s := startServer(t, t.TempDir())
	const acct = "222222222222"
	aws := func(args ...string) string {
		t.Helper()
		return mustRun(t, s, cli, acct, "us-east-1", append([]string{"securityhub"}, args...)...)
	}
	aws("enable-security-hub")
	created := decode(t, aws("create-finding-aggregator", "--region", "us-east-1", "--region-linking-mode", "SPECIFIED_REGIONS",
		"--regions", "us-west-1,us-west-2"))
	sameKeys(t, "create-finding-aggregator", created, "FindingAggregatorArn", "FindingAggregationRegion", "RegionLinkingMode", "Regions")
	arn := created["FindingAggregatorArn"].(string)
	if !strings.HasPrefix(arn, "arn:aws:securityhub:us-east-1:222222222222:finding-aggregator/") || created["FindingAggregationRegion"] != "us-east-1" {
		t.Fatalf("create-finding-aggregator: %v", created)
	}
	sameJSON(t, "Regions", created["Regions"], `["us-west-1", "us-west-2"]`)
	got := decode(t, aws("get-finding-aggregator", "--finding-aggregator-arn", arn))
	if !reflect.DeepEqual(got, created) {
		t.Errorf("get-finding-aggregator: %v, want %v", got, created)
	}
	list := decode(t, aws("list-finding-aggregators"))
	sameKeys(t, "list-finding-aggregators", list, "FindingAggregators")
	sameJSON(t, "FindingAggregators", list["FindingAggregators"], `[{"FindingAggregatorArn": "`+arn+`"}]`)
	// The example says update prints nothing, but the model's answer has the aggregator's
	// members, which the CLI prints, as AWS's own answer would make it.
	updated := decode(t, aws("update-finding-aggregator", "--region", "us-east-1", "--finding-aggregator-arn", arn,
		"--region-linking-mode", "SPECIFIED_REGIONS", "--regions", "us-west-1,us-west-2"))
	if !reflect.DeepEqual(updated, created) {
		t.Errorf("update-finding-aggregator: %v, want %v", updated, created)
	}
	if out := aws("delete-finding-aggregator", "--region", "us-east-1", "--finding-aggregator-arn", arn); strings.TrimSpace(out) != "" {
		t.Errorf("delete-finding-aggregator printed %q", out)
	}
	_, err := s.run(cli, acct, "us-east-1", "securityhub", "get-finding-aggregator", "--finding-aggregator-arn", arn)
	if err == nil || !strings.Contains(err.Error(), "An error occurred (ResourceNotFoundException) when calling the GetFindingAggregator operation") {
		t.Errorf("get-finding-aggregator after delete: %v", err)
	}
}

// TestConfigurationPolicyCommands runs the AWS CLI's worked examples of the configuration
// policy and association commands as the examples' delegated administrator (123456789012) in
// their home region (eu-central-1), in an organization declared with --org-file, and checks
// the documented shapes.
func TestConfigurationPolicyCommands(t *testing.T) {
	t.Parallel()
	cli := cliV1(t)
	dir := t.TempDir()
	orgFile := filepath.Join(dir, "org.yaml")
	if err := os.WriteFile(orgFile, []byte(`managementAccount: "100000000000"
organizationalUnits: [Prod]
accounts:
  - {id: "123456789012", name: security}
  - {id: "111122223333", name: workload, ou: Prod}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, filepath.Join(dir, "data"), "--org-file", orgFile)
	const region = "eu-central-1"
	as := func(account string, args ...string) string {
		t.Helper()
		return mustRun(t, s, cli, account, region, args...)
	}
	aws := func(args ...string) string {
		t.Helper()
		return as("123456789012", append([]string{"securityhub"}, args...)...)
	}

	// The organization's side: the delegated administrator, its aggregator, CENTRAL.
	as("100000000000", "securityhub", "enable-organization-admin-account", "--admin-account-id", "123456789012")
	aws("create-finding-aggregator", "--region-linking-mode", "NO_REGIONS")
	aws("update-organization-configuration", "--no-auto-enable", "--auto-enable-standards", "NONE",
		"--organization-configuration", "ConfigurationType=CENTRAL")
	cfg := decode(t, aws("describe-organization-configuration"))
	sameJSON(t, "OrganizationConfiguration", cfg["OrganizationConfiguration"], `{"ConfigurationType": "CENTRAL", "Status": "ENABLED"}`)
	root := decode(t, as("100000000000", "organizations", "list-roots"))["Roots"].([]any)[0].(map[string]any)["Id"].(string)
	ous := decode(t, as("100000000000", "organizations", "list-organizational-units-for-parent", "--parent-id", root))
	ou := ous["OrganizationalUnits"].([]any)[0].(map[string]any)["Id"].(string)

	policyKeys := []string{"Arn", "Id", "Name", "Description", "UpdatedAt", "CreatedAt", "ConfigurationPolicy"}
	created := decode(t, aws("create-configuration-policy", "--name", "SampleConfigurationPolicy", "--description", "SampleDescription",
		"--configuration-policy", examplePolicy, "--tags", `{"Environment": "Prod"}`))
	sameKeys(t, "create-configuration-policy", created, policyKeys...)
	sameJSON(t, "the created policy", created["ConfigurationPolicy"], examplePolicy)
	arn, id := created["Arn"].(string), created["Id"].(string)
	if arn != "arn:aws:securityhub:eu-central-1:123456789012:configuration-policy/"+id || created["UpdatedAt"] != created["CreatedAt"] {
		t.Fatalf("create-configuration-policy: %v", created)
	}
	got := decode(t, aws("get-configuration-policy", "--identifier", arn))
	if !reflect.DeepEqual(got, created) {
		t.Errorf("get-configuration-policy: %v, want %v", got, created)
	}
	updated := decode(t, aws("update-configuration-policy", "--identifier", arn, "--name", "SampleConfigurationPolicyUpdated",
		"--description", "SampleDescriptionUpdated", "--configuration-policy", exampleUpdatedPolicy,
		"--updated-reason", "Disabling CloudWatch.1 and changing parameter value"))
	sameKeys(t, "update-configuration-policy", updated, policyKeys...)
	sameJSON(t, "the updated policy", updated["ConfigurationPolicy"], exampleUpdatedPolicy)
	if updated["Name"] != "SampleConfigurationPolicyUpdated" || updated["Description"] != "SampleDescriptionUpdated" || updated["Id"] != id {
		t.Errorf("update-configuration-policy: %v", updated)
	}
	aws("create-configuration-policy", "--name", "SampleConfigurationPolicy2", "--configuration-policy", `{"SecurityHub": {"ServiceEnabled": false}}`)
	list := decode(t, aws("list-configuration-policies", "--max-items", "3"))
	sameKeys(t, "list-configuration-policies", list, "ConfigurationPolicySummaries")
	summaries := list["ConfigurationPolicySummaries"].([]any)
	if len(summaries) != 2 {
		t.Fatalf("list-configuration-policies: %v", list)
	}
	sameKeys(t, "a policy summary", summaries[0].(map[string]any), "Arn", "Id", "Name", "Description", "UpdatedAt", "ServiceEnabled")
	sameKeys(t, "a summary without description", summaries[1].(map[string]any), "Arn", "Id", "Name", "UpdatedAt", "ServiceEnabled")

	// Associations: the policy on the OU, self-managed on an account (the example gives the
	// account as an OrganizationalUnitId, which is a slip of the example: AccountId here).
	associationKeys := []string{"ConfigurationPolicyId", "TargetId", "TargetType", "AssociationType", "UpdatedAt", "AssociationStatus"}
	started := decode(t, aws("start-configuration-policy-association", "--configuration-policy-identifier", arn,
		"--target", `{"OrganizationalUnitId": "`+ou+`"}`))
	sameKeys(t, "start-configuration-policy-association", started, associationKeys...)
	if started["ConfigurationPolicyId"] != id || started["TargetId"] != ou || started["TargetType"] != "ORGANIZATIONAL_UNIT" ||
		started["AssociationType"] != "APPLIED" || started["AssociationStatus"] != "PENDING" {
		t.Errorf("start-configuration-policy-association: %v", started)
	}
	self := decode(t, aws("start-configuration-policy-association", "--configuration-policy-identifier", "SELF_MANAGED_SECURITY_HUB",
		"--target", `{"AccountId": "111122223333"}`))
	sameKeys(t, "self-managed association", self, associationKeys...)
	if self["ConfigurationPolicyId"] != "SELF_MANAGED_SECURITY_HUB" || self["TargetType"] != "ACCOUNT" || self["AssociationStatus"] != "PENDING" {
		t.Errorf("self-managed association: %v", self)
	}
	withMessage := append([]string{"AssociationStatusMessage"}, associationKeys...)
	one := decode(t, aws("get-configuration-policy-association", "--target", `{"OrganizationalUnitId": "`+ou+`"}`))
	sameKeys(t, "get-configuration-policy-association", one, withMessage...)
	if one["AssociationStatus"] != "SUCCESS" || one["AssociationStatusMessage"] != "Association applied successfully on this target." {
		t.Errorf("get-configuration-policy-association: %v", one)
	}
	batch := decode(t, aws("batch-get-configuration-policy-associations", "--configuration-policy-association-identifiers",
		`[{"Target": {"OrganizationalUnitId": "`+ou+`"}}]`))
	sameKeys(t, "batch-get-configuration-policy-associations", batch, "ConfigurationPolicyAssociations", "UnprocessedConfigurationPolicyAssociations")
	if a := batch["ConfigurationPolicyAssociations"].([]any); len(a) != 1 || !reflect.DeepEqual(a[0], one) {
		t.Errorf("batch-get-configuration-policy-associations: %v", batch)
	}
	applied := decode(t, aws("list-configuration-policy-associations", "--filters", `{"AssociationType": "APPLIED"}`, "--max-items", "4"))
	sameKeys(t, "list-configuration-policy-associations", applied, "ConfigurationPolicyAssociationSummaries")
	entries := applied["ConfigurationPolicyAssociationSummaries"].([]any)
	if len(entries) != 2 {
		t.Fatalf("list-configuration-policy-associations: %v", applied)
	}
	sameKeys(t, "the OU's entry", entries[0].(map[string]any), withMessage...)
	sameKeys(t, "the self-managed entry", entries[1].(map[string]any), associationKeys...)

	for _, args := range [][]string{
		{"start-configuration-policy-disassociation", "--configuration-policy-identifier", arn, "--target", `{"OrganizationalUnitId": "` + ou + `"}`},
		{"start-configuration-policy-disassociation", "--configuration-policy-identifier", "SELF_MANAGED_SECURITY_HUB", "--target", `{"AccountId": "111122223333"}`},
		{"delete-configuration-policy", "--identifier", arn},
	} {
		if out := aws(args...); strings.TrimSpace(out) != "" {
			t.Errorf("%s printed %q", args[0], out)
		}
	}
	_, err := s.run(cli, "123456789012", "us-east-1", "securityhub", "list-configuration-policies")
	if err == nil || !strings.Contains(err.Error(), "(InvalidAccessException)") {
		t.Errorf("outside the home region, without a hub: %v", err)
	}
}
