package cli

import (
	"slices"
	"strings"
	"testing"
)

// keys returns the sorted keys of m.
func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// sameKeys reports an error unless got has exactly the documented keys.
func sameKeys(t *testing.T, what string, got map[string]any, want ...string) {
	t.Helper()
	slices.Sort(want)
	if k := keys(got); !slices.Equal(k, want) {
		t.Errorf("%s: keys %v, want %v (%v)", what, k, want, got)
	}
}

// TestControlCommands runs the AWS CLI's worked examples of the controls commands (as the
// examples' account, in their regions) and checks that each prints the documented shape. The
// security control and association commands are not in Debian's AWS CLI v2.9, so they run
// with a CLI that has them.
func TestControlCommands(t *testing.T) {
	t.Parallel()
	var cli string
	for _, c := range awsCLIs(t) {
		if !isV2(t, c) {
			cli = c
		}
	}
	if cli == "" {
		t.Skip("no AWS CLI v1 with the security control commands")
	}
	const acct = "123456789012"
	s := startServer(t, t.TempDir())
	aws := func(region string, args ...string) string {
		t.Helper()
		return mustRun(t, s, cli, acct, region, append([]string{"securityhub"}, args...)...)
	}
	fails := func(region, want string, args ...string) {
		t.Helper()
		_, err := s.run(cli, acct, region, append([]string{"securityhub"}, args...)...)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("aws securityhub %s: %v, want an error containing %q", strings.Join(args, " "), err, want)
		}
	}
	for _, region := range []string{"us-west-1", "us-east-1", "us-east-2"} {
		aws(region, "enable-security-hub")
	}

	// describe-standards-controls and update-standards-control, PCI DSS in us-west-1.
	aws("us-west-1", "batch-enable-standards", "--standards-subscription-requests", `[{"StandardsArn":"arn:aws:securityhub:us-west-1::standards/pci-dss/v/3.2.1"}]`)
	sub := "arn:aws:securityhub:us-west-1:123456789012:subscription/pci-dss/v/3.2.1"
	pci := decode(t, aws("us-west-1", "describe-standards-controls", "--standards-subscription-arn", sub, "--max-results", "2"))
	sameKeys(t, "describe-standards-controls", pci, "Controls", "NextToken")
	controls := pci["Controls"].([]any)
	if len(controls) != 2 {
		t.Fatalf("describe-standards-controls --max-results 2: %v", pci)
	}
	first := controls[0].(map[string]any)
	sameKeys(t, "a standards control", first, "StandardsControlArn", "ControlStatus", "ControlStatusUpdatedAt", "ControlId",
		"Title", "Description", "RemediationUrl", "SeverityRating", "RelatedRequirements")
	if first["ControlId"] != "PCI.AutoScaling.1" || controls[1].(map[string]any)["ControlId"] != "PCI.CW.1" ||
		first["StandardsControlArn"] != "arn:aws:securityhub:us-west-1:123456789012:control/pci-dss/v/3.2.1/PCI.AutoScaling.1" ||
		first["ControlStatus"] != "ENABLED" || first["RemediationUrl"] != "https://docs.aws.amazon.com/console/securityhub/PCI.AutoScaling.1/remediation" {
		t.Errorf("the first PCI DSS controls: %v", controls)
	}
	arn := "arn:aws:securityhub:us-west-1:123456789012:control/pci-dss/v/3.2.1/PCI.AutoScaling.1"
	if out := aws("us-west-1", "update-standards-control", "--standards-control-arn", arn, "--control-status", "DISABLED", "--disabled-reason", "Not applicable for my service"); strings.TrimSpace(out) != "" {
		t.Errorf("update-standards-control printed %q", out)
	}
	after := decode(t, aws("us-west-1", "describe-standards-controls", "--standards-subscription-arn", sub, "--max-results", "1"))
	if c := after["Controls"].([]any)[0].(map[string]any); c["ControlStatus"] != "DISABLED" || c["DisabledReason"] != "Not applicable for my service" {
		t.Errorf("after disabling: %v", c)
	}
	fails("us-west-1", "An error occurred (InvalidInputException) when calling the UpdateStandardsControl operation",
		"update-standards-control", "--standards-control-arn", arn, "--control-status", "DISABLED")
	if out := aws("us-west-1", "update-standards-control", "--standards-control-arn", arn, "--control-status", "ENABLED"); strings.TrimSpace(out) != "" {
		t.Errorf("update-standards-control printed %q", out)
	}

	// Security controls, us-east-2.
	if out := aws("us-east-2", "update-security-control", "--security-control-id", "ACM.1",
		"--parameters", `{"daysToExpiration": {"ValueType": "CUSTOM", "Value": {"Integer": 15}}}`,
		"--last-update-reason", "Internal compliance requirement"); strings.TrimSpace(out) != "" {
		t.Errorf("update-security-control printed %q", out)
	}
	got := decode(t, aws("us-east-2", "batch-get-security-controls", "--security-control-ids", `["ACM.1", "IAM.1"]`))
	sameKeys(t, "batch-get-security-controls", got, "SecurityControls")
	scs := got["SecurityControls"].([]any)
	acm, iam := scs[0].(map[string]any), scs[1].(map[string]any)
	sameKeys(t, "ACM.1", acm, "SecurityControlId", "SecurityControlArn", "Title", "Description", "RemediationUrl", "SeverityRating",
		"SecurityControlStatus", "UpdateStatus", "Parameters", "LastUpdateReason")
	sameKeys(t, "IAM.1", iam, "SecurityControlId", "SecurityControlArn", "Title", "Description", "RemediationUrl", "SeverityRating",
		"SecurityControlStatus", "UpdateStatus", "Parameters")
	if acm["SecurityControlArn"] != "arn:aws:securityhub:us-east-2:123456789012:security-control/ACM.1" || acm["SeverityRating"] != "MEDIUM" ||
		acm["LastUpdateReason"] != "Internal compliance requirement" {
		t.Errorf("ACM.1: %v", acm)
	}
	p := acm["Parameters"].(map[string]any)["daysToExpiration"].(map[string]any)
	if p["ValueType"] != "CUSTOM" || p["Value"].(map[string]any)["Integer"] != float64(15) {
		t.Errorf("ACM.1 daysToExpiration: %v", p)
	}
	if len(iam["Parameters"].(map[string]any)) != 0 || iam["SecurityControlStatus"] != "ENABLED" {
		t.Errorf("IAM.1: %v", iam)
	}

	def := decode(t, aws("us-east-1", "get-security-control-definition", "--security-control-id", "ACM.1"))
	d := def["SecurityControlDefinition"].(map[string]any)
	sameKeys(t, "get-security-control-definition", d, "SecurityControlId", "Title", "Description", "RemediationUrl", "SeverityRating",
		"CurrentRegionAvailability", "ParameterDefinitions", "CustomizableProperties")
	opts := d["ParameterDefinitions"].(map[string]any)["daysToExpiration"].(map[string]any)["ConfigurationOptions"].(map[string]any)["Integer"].(map[string]any)
	if opts["DefaultValue"] != float64(30) || opts["Min"] != float64(14) || opts["Max"] != float64(365) {
		t.Errorf("ACM.1 daysToExpiration options: %v", opts)
	}

	list := decode(t, aws("us-east-1", "list-security-control-definitions", "--max-items", "3"))
	sameKeys(t, "list-security-control-definitions", list, "SecurityControlDefinitions", "NextToken")
	defs := list["SecurityControlDefinitions"].([]any)
	if len(defs) != 3 {
		t.Fatalf("list-security-control-definitions --max-items 3: %v", list)
	}
	sameKeys(t, "a definition", defs[0].(map[string]any), "SecurityControlId", "Title", "Description", "RemediationUrl", "SeverityRating",
		"CurrentRegionAvailability", "CustomizableProperties")
	cis := decode(t, aws("us-east-1", "list-security-control-definitions", "--standards-arn",
		"arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0", "--max-items", "3"))
	var ids []string
	for _, d := range cis["SecurityControlDefinitions"].([]any) {
		ids = append(ids, d.(map[string]any)["SecurityControlId"].(string))
	}
	if len(ids) != 3 || !strings.HasPrefix(ids[0], "CloudTrail.") {
		t.Errorf("CIS 1.4.0 definitions: %v", ids)
	}

	// Associations, us-east-1: FSBP and CIS 1.2.0 are on by default; add CIS 1.4.0.
	aws("us-east-1", "batch-enable-standards", "--standards-subscription-requests", `[{"StandardsArn":"arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0"}]`)
	if out := aws("us-east-1", "batch-update-standards-control-associations", "--standards-control-association-updates",
		`[{"SecurityControlId": "CloudTrail.1", "StandardsArn": "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0", "AssociationStatus": "DISABLED", "UpdatedReason": "Not applicable to environment"}, {"SecurityControlId": "CloudTrail.1", "StandardsArn": "arn:aws:securityhub:::standards/cis-aws-foundations-benchmark/v/1.4.0", "AssociationStatus": "DISABLED", "UpdatedReason": "Not applicable to environment"}]`); strings.TrimSpace(out) != "" {
		t.Errorf("batch-update-standards-control-associations: %s", out)
	}
	assoc := decode(t, aws("us-east-1", "list-standards-control-associations", "--security-control-id", "CloudTrail.1"))
	summaries := assoc["StandardsControlAssociationSummaries"].([]any)
	if len(summaries) != 3 {
		t.Fatalf("list-standards-control-associations: %v", assoc)
	}
	for _, raw := range summaries {
		sum := raw.(map[string]any)
		want := []string{"StandardsArn", "SecurityControlId", "SecurityControlArn", "AssociationStatus", "RelatedRequirements",
			"UpdatedAt", "StandardsControlTitle", "StandardsControlDescription"}
		if sum["AssociationStatus"] == "DISABLED" {
			want = append(want, "UpdatedReason")
		}
		sameKeys(t, "an association summary", sum, want...)
	}
	details := decode(t, aws("us-east-1", "batch-get-standards-control-associations", "--standards-control-association-ids",
		`[{"SecurityControlId": "Config.1","StandardsArn": "arn:aws:securityhub:us-east-1:123456789012:ruleset/cis-aws-foundations-benchmark/v/1.2.0"}, {"SecurityControlId": "IAM.6","StandardsArn": "arn:aws:securityhub:us-east-1:123456789012:standards/aws-foundational-security-best-practices/v/1.0.0"}]`))
	sameKeys(t, "batch-get-standards-control-associations", details, "StandardsControlAssociationDetails")
	ds := details["StandardsControlAssociationDetails"].([]any)
	if len(ds) != 2 {
		t.Fatalf("batch-get-standards-control-associations: %v", details)
	}
	config := ds[0].(map[string]any)
	sameKeys(t, "an association detail", config, "StandardsArn", "SecurityControlId", "SecurityControlArn", "AssociationStatus",
		"RelatedRequirements", "UpdatedAt", "StandardsControlTitle", "StandardsControlDescription", "StandardsControlArns")
	if config["StandardsArn"] != "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0" ||
		config["StandardsControlArns"].([]any)[0] != "arn:aws:securityhub:us-east-1:123456789012:control/cis-aws-foundations-benchmark/v/1.2.0/2.5" {
		t.Errorf("Config.1 in CIS 1.2.0: %v", config)
	}
}
