package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/controls/catalogue"
	"github.com/sechub/sechub/internal/testenv"
)

const (
	cis14ARN    = "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0"
	fsbpSubARN  = "arn:aws:securityhub:us-east-1:111111111111:subscription/aws-foundational-security-best-practices/v/1.0.0"
	fsbpControl = "arn:aws:securityhub:us-east-1:111111111111:control/aws-foundational-security-best-practices/v/1.0.0/"
)

// describeAllStandardsControls pages through a subscription's controls with pages of size.
func describeAllStandardsControls(t *testing.T, c *securityhub.Client, subscription string, size int32) []types.StandardsControl {
	t.Helper()
	var all []types.StandardsControl
	pages := securityhub.NewDescribeStandardsControlsPaginator(c, &securityhub.DescribeStandardsControlsInput{
		StandardsSubscriptionArn: aws.String(subscription), MaxResults: aws.Int32(size)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatalf("DescribeStandardsControls: %v", err)
		}
		if len(page.Controls) > int(size) {
			t.Fatalf("page of %d controls, MaxResults %d", len(page.Controls), size)
		}
		all = append(all, page.Controls...)
	}
	return all
}

func TestStandardsControls(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	b := env.SecurityHub(acctB, region)
	if _, err := a.DescribeStandardsControls(ctx, &securityhub.DescribeStandardsControlsInput{StandardsSubscriptionArn: aws.String(fsbpSubARN)}); err == nil {
		t.Fatal("DescribeStandardsControls with the hub off succeeded")
	} else {
		testenv.ExpectError(t, err, "InvalidAccessException", 401, "Account 111111111111 is not subscribed to AWS Security Hub")
	}
	if _, err := a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{EnableDefaultStandards: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	enableHub(t, b)

	controls := describeAllStandardsControls(t, a, fsbpSubARN, 100)
	want := catalogue.InStandard("standards/aws-foundational-security-best-practices/v/1.0.0")
	if len(controls) != len(want) || len(controls) < 350 {
		t.Fatalf("FSBP has %d controls, the catalogue %d", len(controls), len(want))
	}
	var iam1 types.StandardsControl
	seen := map[string]bool{}
	for _, c := range controls {
		seen[aws.ToString(c.ControlId)] = true
		if aws.ToString(c.ControlId) == "IAM.1" {
			iam1 = c
		}
	}
	for _, c := range want {
		if !seen[c.ID] {
			t.Fatalf("FSBP's %s is missing", c.ID)
		}
	}
	if aws.ToString(iam1.StandardsControlArn) != fsbpControl+"IAM.1" || iam1.ControlStatus != types.ControlStatusEnabled ||
		iam1.SeverityRating != types.SeverityRatingHigh || aws.ToString(iam1.RemediationUrl) != "https://docs.aws.amazon.com/console/securityhub/IAM.1/remediation" ||
		iam1.ControlStatusUpdatedAt == nil || aws.ToString(iam1.Title) == "" || aws.ToString(iam1.Description) == "" {
		t.Fatalf("IAM.1: %+v", iam1)
	}

	// Disable needs a reason; enabling refuses one; others' controls and unknown ones are refused.
	_, err := a.UpdateStandardsControl(ctx, &securityhub.UpdateStandardsControlInput{StandardsControlArn: aws.String(fsbpControl + "IAM.1"), ControlStatus: types.ControlStatusDisabled})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	_, err = a.UpdateStandardsControl(ctx, &securityhub.UpdateStandardsControlInput{StandardsControlArn: aws.String(fsbpControl + "IAM.1"), ControlStatus: types.ControlStatusEnabled, DisabledReason: aws.String("no")})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	_, err = b.UpdateStandardsControl(ctx, &securityhub.UpdateStandardsControlInput{StandardsControlArn: aws.String(fsbpControl + "IAM.1"), ControlStatus: types.ControlStatusDisabled, DisabledReason: aws.String("x")})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")
	_, err = a.UpdateStandardsControl(ctx, &securityhub.UpdateStandardsControlInput{StandardsControlArn: aws.String(fsbpControl + "IAM.999"), ControlStatus: types.ControlStatusDisabled, DisabledReason: aws.String("x")})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "StandardsControl not found")

	// Terraform enables with DisabledReason "", which AWS takes as no reason.
	if _, err := a.UpdateStandardsControl(ctx, &securityhub.UpdateStandardsControlInput{StandardsControlArn: aws.String(fsbpControl + "IAM.1"),
		ControlStatus: types.ControlStatusEnabled, DisabledReason: aws.String("")}); err != nil {
		t.Fatalf("enabling with an empty DisabledReason: %v", err)
	}
	if _, err := a.UpdateStandardsControl(ctx, &securityhub.UpdateStandardsControlInput{StandardsControlArn: aws.String(fsbpControl + "IAM.1"),
		ControlStatus: types.ControlStatusDisabled, DisabledReason: aws.String("Not applicable for my service")}); err != nil {
		t.Fatal(err)
	}
	page, err := a.DescribeStandardsControls(ctx, &securityhub.DescribeStandardsControlsInput{StandardsSubscriptionArn: aws.String(fsbpSubARN)})
	if err != nil || len(page.Controls) != 25 || page.NextToken == nil {
		t.Fatalf("default page: %d %v", len(page.Controls), err)
	}
	for _, c := range describeAllStandardsControls(t, a, fsbpSubARN, 100) {
		if aws.ToString(c.ControlId) == "IAM.1" && (c.ControlStatus != types.ControlStatusDisabled || aws.ToString(c.DisabledReason) != "Not applicable for my service") {
			t.Fatalf("IAM.1 after disabling: %+v", c)
		}
	}
	// The security control stays enabled: it is enabled in CIS 1.2.0, which is on by default.
	sc, err := a.BatchGetSecurityControls(ctx, &securityhub.BatchGetSecurityControlsInput{SecurityControlIds: []string{"IAM.1", "ACM.1", "Nope.1"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.SecurityControls) != 2 || len(sc.UnprocessedIds) != 1 || sc.UnprocessedIds[0].ErrorCode != types.UnprocessedErrorCodeResourceNotFound {
		t.Fatalf("BatchGetSecurityControls: %+v", sc)
	}
	if got := sc.SecurityControls[0]; aws.ToString(got.SecurityControlArn) != "arn:aws:securityhub:us-east-1:111111111111:security-control/IAM.1" ||
		got.SecurityControlStatus != types.ControlStatusEnabled || got.UpdateStatus != types.UpdateStatusReady || got.Parameters == nil {
		t.Fatalf("IAM.1: %+v", got)
	}
	acm := sc.SecurityControls[1].Parameters["daysToExpiration"]
	if acm.ValueType != types.ParameterValueTypeDefault || acm.Value == nil {
		t.Fatalf("ACM.1 daysToExpiration: %+v", acm)
	}
	if v, ok := acm.Value.(*types.ParameterValueMemberInteger); !ok || v.Value != 30 {
		t.Fatalf("ACM.1 default: %#v", acm.Value)
	}
}

func TestSecurityControlParameters(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	enableHub(t, a)

	def, err := a.GetSecurityControlDefinition(ctx, &securityhub.GetSecurityControlDefinitionInput{SecurityControlId: aws.String("ACM.1")})
	if err != nil {
		t.Fatal(err)
	}
	opts, ok := def.SecurityControlDefinition.ParameterDefinitions["daysToExpiration"].ConfigurationOptions.(*types.ConfigurationOptionsMemberInteger)
	if !ok || aws.ToInt32(opts.Value.DefaultValue) != 30 || aws.ToInt32(opts.Value.Min) != 14 || aws.ToInt32(opts.Value.Max) != 365 {
		t.Fatalf("ACM.1 daysToExpiration: %#v", def.SecurityControlDefinition.ParameterDefinitions)
	}
	_, err = a.GetSecurityControlDefinition(ctx, &securityhub.GetSecurityControlDefinitionInput{SecurityControlId: aws.String("arn:aws:securityhub:us-east-1:111111111111:security-control/ACM.1")})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")

	update := func(days int32) error {
		_, err := a.UpdateSecurityControl(ctx, &securityhub.UpdateSecurityControlInput{SecurityControlId: aws.String("ACM.1"),
			Parameters: map[string]types.ParameterConfiguration{"daysToExpiration": {ValueType: types.ParameterValueTypeCustom,
				Value: &types.ParameterValueMemberInteger{Value: days}}},
			LastUpdateReason: aws.String("Internal compliance requirement")})
		return err
	}
	testenv.ExpectError(t, update(5), "InvalidInputException", 400, "")
	if err := update(15); err != nil {
		t.Fatal(err)
	}
	testenv.ExpectError(t, update(16), "ResourceInUseException", 400, "")
	time.Sleep(1100 * time.Millisecond)
	got, err := a.BatchGetSecurityControls(ctx, &securityhub.BatchGetSecurityControlsInput{SecurityControlIds: []string{"ACM.1"}})
	if err != nil {
		t.Fatal(err)
	}
	c := got.SecurityControls[0]
	p := c.Parameters["daysToExpiration"]
	if v, ok := p.Value.(*types.ParameterValueMemberInteger); !ok || v.Value != 15 || p.ValueType != types.ParameterValueTypeCustom ||
		c.UpdateStatus != types.UpdateStatusReady || aws.ToString(c.LastUpdateReason) != "Internal compliance requirement" {
		t.Fatalf("ACM.1 after the update: %+v %#v", c, p.Value)
	}

	defs, err := a.ListSecurityControlDefinitions(ctx, &securityhub.ListSecurityControlDefinitionsInput{StandardsArn: aws.String(cis14ARN), MaxResults: aws.Int32(3)})
	if err != nil || len(defs.SecurityControlDefinitions) != 3 || defs.NextToken == nil {
		t.Fatalf("CIS 1.4.0 definitions: %+v %v", defs, err)
	}
	all, err := a.ListSecurityControlDefinitions(ctx, &securityhub.ListSecurityControlDefinitionsInput{})
	if err != nil || len(all.SecurityControlDefinitions) != 25 {
		t.Fatalf("default page: %v", err)
	}
}

func TestStandardsControlAssociationsThroughSDK(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	if _, err := a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{EnableDefaultStandards: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.BatchEnableStandards(ctx, &securityhub.BatchEnableStandardsInput{StandardsSubscriptionRequests: []types.StandardsSubscriptionRequest{{StandardsArn: aws.String(cis14ARN)}}}); err != nil {
		t.Fatal(err)
	}
	out, err := a.BatchUpdateStandardsControlAssociations(ctx, &securityhub.BatchUpdateStandardsControlAssociationsInput{
		StandardsControlAssociationUpdates: []types.StandardsControlAssociationUpdate{
			{SecurityControlId: aws.String("CloudTrail.1"), StandardsArn: aws.String(cisARN), AssociationStatus: types.AssociationStatusDisabled, UpdatedReason: aws.String("Not applicable to environment")},
			{SecurityControlId: aws.String("CloudTrail.1"), StandardsArn: aws.String(cis14ARN), AssociationStatus: types.AssociationStatusDisabled},
		}})
	if err != nil || len(out.UnprocessedAssociationUpdates) != 1 || out.UnprocessedAssociationUpdates[0].ErrorCode != types.UnprocessedErrorCodeInvalidInput {
		t.Fatalf("BatchUpdateStandardsControlAssociations: %+v %v", out, err)
	}
	list, err := a.ListStandardsControlAssociations(ctx, &securityhub.ListStandardsControlAssociationsInput{SecurityControlId: aws.String("CloudTrail.1")})
	if err != nil {
		t.Fatal(err)
	}
	var standards []string
	for _, s := range list.StandardsControlAssociationSummaries {
		standards = append(standards, aws.ToString(s.StandardsArn)+" "+string(s.AssociationStatus))
	}
	if !slices.Equal(standards, []string{fsbpARN + " ENABLED", cisARN + " DISABLED", cis14ARN + " ENABLED"}) {
		t.Fatalf("associations of CloudTrail.1: %v", standards)
	}
	got, err := a.BatchGetStandardsControlAssociations(ctx, &securityhub.BatchGetStandardsControlAssociationsInput{
		StandardsControlAssociationIds: []types.StandardsControlAssociationId{
			{SecurityControlId: aws.String("CloudTrail.1"), StandardsArn: aws.String(cisARN)},
			{SecurityControlId: aws.String("CloudTrail.1"), StandardsArn: aws.String("arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1")},
		}})
	if err != nil || len(got.StandardsControlAssociationDetails) != 1 || len(got.UnprocessedAssociations) != 1 {
		t.Fatalf("BatchGetStandardsControlAssociations: %+v %v", got, err)
	}
	d := got.StandardsControlAssociationDetails[0]
	if aws.ToString(d.UpdatedReason) != "Not applicable to environment" || len(d.StandardsControlArns) != 1 ||
		d.StandardsControlArns[0] != "arn:aws:securityhub:us-east-1:111111111111:control/cis-aws-foundations-benchmark/v/1.2.0/2.1" {
		t.Fatalf("CloudTrail.1 in CIS 1.2.0: %+v", d)
	}
}

// postControl posts body to a sechub control endpoint and decodes the JSON answer.
func postControl(t *testing.T, env *testenv.Env, name string, body any) (int, map[string]any) {
	t.Helper()
	raw, _ := json.Marshal(body)
	resp, err := http.Post(env.URL+"/_sechub/"+name, "application/json", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return resp.StatusCode, out
}

// TestControlFindingsFromEvaluations feeds evaluations through the control endpoint and reads
// the control findings back with GetFindings, and the compliance and scores through the
// endpoint.
func TestControlFindingsFromEvaluations(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	if _, err := a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{EnableDefaultStandards: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	eval := map[string]string{"AccountId": acctA, "Region": region, "SecurityControlId": "S3.1",
		"ResourceType": "AwsAccount", "ResourceId": "AWS::::Account:" + acctA, "ComplianceStatus": "FAILED"}
	status, out := postControl(t, env, "controls/evaluate", eval)
	if status != 200 || len(out["FindingIds"].([]any)) != 1 {
		t.Fatalf("evaluate: %d %v", status, out)
	}
	id := out["FindingIds"].([]any)[0].(string)
	got, err := a.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		ComplianceSecurityControlId: []types.StringFilter{{Value: aws.String("S3.1"), Comparison: types.StringFilterComparisonEquals}}}})
	if err != nil || len(got.Findings) != 1 {
		t.Fatalf("GetFindings: %v %v", got, err)
	}
	f := got.Findings[0]
	if aws.ToString(f.Id) != id || aws.ToString(f.ProductArn) != "arn:aws:securityhub:us-east-1::product/aws/securityhub" ||
		aws.ToString(f.GeneratorId) != "security-control/S3.1" || f.Compliance.Status != types.ComplianceStatusFailed ||
		aws.ToString(f.ProductName) != "Security Hub" || len(f.Compliance.AssociatedStandards) == 0 {
		t.Fatalf("control finding: %+v", f)
	}

	status, out = postControl(t, env, "controls/evaluate", map[string]string{"AccountId": acctA, "Region": region, "SecurityControlId": "S3.1",
		"ResourceType": "AwsAccount", "ResourceId": "x", "ComplianceStatus": "MAYBE"})
	if status != 400 || out["error"] != "InvalidInputException" {
		t.Fatalf("bad status: %d %v", status, out)
	}
	status, out = postControl(t, env, "controls/evaluate", map[string]string{"AccountId": acctB, "Region": region, "SecurityControlId": "S3.1",
		"ResourceType": "AwsAccount", "ResourceId": "x", "ComplianceStatus": "PASSED"})
	if status != 401 || out["error"] != "InvalidAccessException" {
		t.Fatalf("hub off: %d %v", status, out)
	}

	status, out = postControl(t, env, "controls/report", map[string]string{"AccountId": acctA, "Region": region})
	if status != 200 {
		t.Fatalf("report: %d %v", status, out)
	}
	statuses := map[string]any{}
	for _, c := range out["Controls"].([]any) {
		statuses[c.(map[string]any)["SecurityControlId"].(string)] = c.(map[string]any)["Status"]
	}
	if statuses["S3.1"] != "FAILED" || statuses["IAM.1"] != "NO_DATA" {
		t.Fatalf("statuses: S3.1 %v, IAM.1 %v", statuses["S3.1"], statuses["IAM.1"])
	}
	for _, s := range out["Standards"].([]any) {
		if s := s.(map[string]any); s["StandardsArn"] == fsbpARN && (s["WithData"] != float64(1) || s["Score"] != float64(0)) {
			t.Fatalf("FSBP score: %v", s)
		}
	}
	// Disabled everywhere, the control's finding is archived.
	out2, err := a.BatchUpdateStandardsControlAssociations(ctx, &securityhub.BatchUpdateStandardsControlAssociationsInput{
		StandardsControlAssociationUpdates: []types.StandardsControlAssociationUpdate{
			{SecurityControlId: aws.String("S3.1"), StandardsArn: aws.String(fsbpARN), AssociationStatus: types.AssociationStatusDisabled, UpdatedReason: aws.String("x")}}})
	if err != nil || len(out2.UnprocessedAssociationUpdates) != 0 {
		t.Fatal(out2, err)
	}
	got, err = a.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		Id: []types.StringFilter{{Value: aws.String(id), Comparison: types.StringFilterComparisonEquals}}}})
	if err != nil || len(got.Findings) != 1 || got.Findings[0].RecordState != types.RecordStateArchived {
		t.Fatalf("after disabling S3.1: %+v %v", got, err)
	}
}
