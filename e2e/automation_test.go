package e2e

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

// ruleARNPrefix is how a rule ARN of acctA in the test region starts.
var ruleARNPrefix = "arn:aws:securityhub:" + region + ":" + acctA + ":automation-rule/"

// createRule creates an automation rule and returns its ARN.
func createRule(t *testing.T, c *securityhub.Client, in *securityhub.CreateAutomationRuleInput) string {
	t.Helper()
	out, err := c.CreateAutomationRule(ctx, in)
	if err != nil {
		t.Fatalf("CreateAutomationRule %s: %v", aws.ToString(in.RuleName), err)
	}
	return aws.ToString(out.RuleArn)
}

// ruleInput is a rule of the given order that sets update on findings matching criteria.
func ruleInput(name string, order int32, criteria *types.AutomationRulesFindingFilters, update *types.AutomationRulesFindingFieldsUpdate) *securityhub.CreateAutomationRuleInput {
	return &securityhub.CreateAutomationRuleInput{RuleName: aws.String(name), Description: aws.String("rule " + name), RuleOrder: aws.Int32(order),
		Criteria: criteria, Actions: []types.AutomationRulesAction{{Type: types.AutomationRulesActionTypeFindingFieldsUpdate, FindingFieldsUpdate: update}}}
}

// equals is a one-value EQUALS string filter.
func equals(value string) []types.StringFilter {
	return []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: aws.String(value)}}
}

// findingOf returns the finding id of the product, as c sees it.
func findingOf(t *testing.T, c *securityhub.Client, product, id string) types.AwsSecurityFinding {
	t.Helper()
	out, err := c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		Id: equals(id), ProductArn: equals(product)}})
	if err != nil || len(out.Findings) != 1 {
		t.Fatalf("GetFindings %s: %d findings, %v", id, len(out.Findings), err)
	}
	return out.Findings[0]
}

// workflowOf returns the workflow status of a finding.
func workflowOf(f types.AwsSecurityFinding) string {
	if f.Workflow == nil {
		return ""
	}
	return string(f.Workflow.Status)
}

// historySources returns the update sources of a finding's history, oldest first, as
// "TYPE identity".
func historySources(t *testing.T, c *securityhub.Client, product, id string) []string {
	t.Helper()
	out, err := c.GetFindingHistory(ctx, &securityhub.GetFindingHistoryInput{FindingIdentifier: &types.AwsSecurityFindingIdentifier{
		Id: aws.String(id), ProductArn: aws.String(product)}})
	if err != nil {
		t.Fatalf("GetFindingHistory %s: %v", id, err)
	}
	var sources []string
	for i := len(out.Records) - 1; i >= 0; i-- {
		s := out.Records[i].UpdateSource
		sources = append(sources, string(s.Type)+" "+aws.ToString(s.Identity))
	}
	return sources
}

func TestAutomationRuleLifecycle(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, false)
	in := ruleInput("Suppress informational findings", 1,
		&types.AutomationRulesFindingFilters{ProductName: equals("GuardDuty"), SeverityLabel: equals("INFORMATIONAL")},
		&types.AutomationRulesFindingFieldsUpdate{Note: &types.NoteUpdate{Text: aws.String("suppressed"), UpdatedBy: aws.String("sechub-automation")},
			Workflow: &types.WorkflowUpdate{Status: types.WorkflowStatusSuppressed}})
	in.Tags = map[string]string{"team": "security"}
	_, err := a.c.CreateAutomationRule(ctx, in)
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "Account "+acctA+" is not subscribed to AWS Security Hub")
	enableHub(t, a.c)

	arn := createRule(t, a.c, in)
	if !strings.HasPrefix(arn, ruleARNPrefix) || len(strings.TrimPrefix(arn, ruleARNPrefix)) != 36 {
		t.Fatalf("RuleArn = %s", arn)
	}
	got, err := a.c.BatchGetAutomationRules(ctx, &securityhub.BatchGetAutomationRulesInput{AutomationRulesArns: []string{arn}})
	if err != nil || len(got.Rules) != 1 || len(got.UnprocessedAutomationRules) != 0 {
		t.Fatalf("BatchGetAutomationRules: %+v %v", got, err)
	}
	r := got.Rules[0]
	if aws.ToString(r.RuleArn) != arn || aws.ToString(r.RuleName) != "Suppress informational findings" || aws.ToInt32(r.RuleOrder) != 1 ||
		r.RuleStatus != types.RuleStatusEnabled || r.IsTerminal == nil || *r.IsTerminal || aws.ToString(r.Description) != "rule Suppress informational findings" ||
		r.CreatedAt == nil || r.UpdatedAt == nil || !r.CreatedAt.Equal(*r.UpdatedAt) || !strings.Contains(aws.ToString(r.CreatedBy), acctA) {
		t.Errorf("rule: %+v", r)
	}
	if !reflect.DeepEqual(r.Criteria, in.Criteria) || !reflect.DeepEqual(r.Actions, in.Actions) {
		t.Errorf("criteria %+v actions %+v, want what was given", r.Criteria, r.Actions)
	}
	tags, err := a.c.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil || !reflect.DeepEqual(tags.Tags, map[string]string{"team": "security"}) {
		t.Fatalf("ListTagsForResource: %+v %v", tags, err)
	}
	if _, err := a.c.TagResource(ctx, &securityhub.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"env": "prod"}}); err != nil {
		t.Fatalf("TagResource: %v", err)
	}

	// Two more rules; the listing is in creation order, and the first call's NextToken may be
	// "NULL", as the API reference and the AWS CLI's example say.
	second := createRule(t, a.c, ruleInput("second", 2, &types.AutomationRulesFindingFilters{}, &types.AutomationRulesFindingFieldsUpdate{Confidence: aws.Int32(10)}))
	third := createRule(t, a.c, ruleInput("third", 1, &types.AutomationRulesFindingFilters{}, &types.AutomationRulesFindingFieldsUpdate{Criticality: aws.Int32(90)}))
	var listed []string
	token := aws.String("NULL")
	for {
		page, err := a.c.ListAutomationRules(ctx, &securityhub.ListAutomationRulesInput{MaxResults: aws.Int32(2), NextToken: token})
		if err != nil {
			t.Fatalf("ListAutomationRules: %v", err)
		}
		for _, m := range page.AutomationRulesMetadata {
			listed = append(listed, aws.ToString(m.RuleArn))
		}
		if token = page.NextToken; token == nil {
			break
		}
	}
	if !reflect.DeepEqual(listed, []string{arn, second, third}) {
		t.Fatalf("listed %v", listed)
	}

	// Updates: one known rule, one unknown, one that is not a rule ARN.
	unknown := ruleARNPrefix + "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
	time.Sleep(2 * time.Millisecond) // UpdatedAt is kept in milliseconds
	up, err := a.c.BatchUpdateAutomationRules(ctx, &securityhub.BatchUpdateAutomationRulesInput{UpdateAutomationRulesRequestItems: []types.UpdateAutomationRulesRequestItem{
		{RuleArn: aws.String(arn), RuleStatus: types.RuleStatusDisabled, RuleOrder: aws.Int32(5), IsTerminal: aws.Bool(true)},
		{RuleArn: aws.String(unknown), RuleStatus: types.RuleStatusDisabled},
		{RuleArn: aws.String("not-a-rule"), RuleStatus: types.RuleStatusDisabled},
	}})
	if err != nil {
		t.Fatalf("BatchUpdateAutomationRules: %v", err)
	}
	if !reflect.DeepEqual(up.ProcessedAutomationRules, []string{arn}) || len(up.UnprocessedAutomationRules) != 2 ||
		aws.ToInt32(up.UnprocessedAutomationRules[0].ErrorCode) != 404 || aws.ToString(up.UnprocessedAutomationRules[0].RuleArn) != unknown ||
		aws.ToString(up.UnprocessedAutomationRules[0].ErrorMessage) != "Automation rule "+unknown+" not found" ||
		aws.ToInt32(up.UnprocessedAutomationRules[1].ErrorCode) != 400 {
		t.Fatalf("BatchUpdateAutomationRules: %+v", up)
	}
	got, _ = a.c.BatchGetAutomationRules(ctx, &securityhub.BatchGetAutomationRulesInput{AutomationRulesArns: []string{arn, unknown}})
	if len(got.Rules) != 1 || got.Rules[0].RuleStatus != types.RuleStatusDisabled || aws.ToInt32(got.Rules[0].RuleOrder) != 5 ||
		!aws.ToBool(got.Rules[0].IsTerminal) || !got.Rules[0].UpdatedAt.After(*got.Rules[0].CreatedAt) ||
		!reflect.DeepEqual(got.Rules[0].Criteria, in.Criteria) || len(got.UnprocessedAutomationRules) != 1 {
		t.Fatalf("after the update: %+v", got)
	}

	// Another account's rule is not found, like an unknown one.
	b := newAccount(t, env, acctB, true)
	other, err := b.c.BatchGetAutomationRules(ctx, &securityhub.BatchGetAutomationRulesInput{AutomationRulesArns: []string{arn}})
	if err != nil || len(other.Rules) != 0 || len(other.UnprocessedAutomationRules) != 1 || aws.ToInt32(other.UnprocessedAutomationRules[0].ErrorCode) != 404 {
		t.Fatalf("another account's BatchGetAutomationRules: %+v %v", other, err)
	}

	del, err := a.c.BatchDeleteAutomationRules(ctx, &securityhub.BatchDeleteAutomationRulesInput{AutomationRulesArns: []string{arn, unknown}})
	if err != nil || !reflect.DeepEqual(del.ProcessedAutomationRules, []string{arn}) || len(del.UnprocessedAutomationRules) != 1 {
		t.Fatalf("BatchDeleteAutomationRules: %+v %v", del, err)
	}
	_, err = a.c.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")

	// Disabling the hub deletes the account's rules.
	if _, err := a.c.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	enableHub(t, a.c)
	list, err := a.c.ListAutomationRules(ctx, &securityhub.ListAutomationRulesInput{})
	if err != nil || len(list.AutomationRulesMetadata) != 0 {
		t.Fatalf("rules after the hub was disabled: %+v %v", list, err)
	}
}

func TestAutomationRuleValidation(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	update := &types.AutomationRulesFindingFieldsUpdate{Workflow: &types.WorkflowUpdate{Status: types.WorkflowStatusSuppressed}}
	values := func(key string, n int) []types.StringFilter {
		var out []types.StringFilter
		for i := range n {
			out = append(out, types.StringFilter{Comparison: types.StringFilterComparisonEquals, Value: aws.String(fmt.Sprintf("%s-%d", key, i))})
		}
		return out
	}
	cases := []struct {
		name   string
		change func(in *securityhub.CreateAutomationRuleInput)
		msg    string // "" when the rule is accepted
	}{
		{"plain", func(*securityhub.CreateAutomationRuleInput) {}, ""},
		{"100 account ids", func(in *securityhub.CreateAutomationRuleInput) { in.Criteria.AwsAccountId = values("a", 100) }, ""},
		{"100 titles", func(in *securityhub.CreateAutomationRuleInput) { in.Criteria.Title = values("t", 100) }, ""},
		{"20 labels", func(in *securityhub.CreateAutomationRuleInput) { in.Criteria.SeverityLabel = values("l", 20) }, ""},
		{"101 account ids", func(in *securityhub.CreateAutomationRuleInput) { in.Criteria.AwsAccountId = values("a", 101) },
			"Invalid parameter 'Criteria'. The filter 'AwsAccountId' has 101 values; at most 100 are allowed."},
		{"21 labels", func(in *securityhub.CreateAutomationRuleInput) { in.Criteria.SeverityLabel = values("l", 21) },
			"Invalid parameter 'Criteria'. The filter 'SeverityLabel' has 21 values; at most 20 are allowed."},
		{"order 0", func(in *securityhub.CreateAutomationRuleInput) { in.RuleOrder = aws.Int32(0) }, "Invalid parameter 'RuleOrder'. Value '0' is less than minimum value: 1."},
		{"order 1001", func(in *securityhub.CreateAutomationRuleInput) { in.RuleOrder = aws.Int32(1001) }, "Invalid parameter 'RuleOrder'. Value '1001' is greater than maximum value: 1000."},
		{"no action type", func(in *securityhub.CreateAutomationRuleInput) { in.Actions[0].Type = "" },
			"Invalid parameter 'Actions[0].Type'. The action type must be FINDING_FIELDS_UPDATE."},
		{"nothing to update", func(in *securityhub.CreateAutomationRuleInput) {
			in.Actions[0].FindingFieldsUpdate = &types.AutomationRulesFindingFieldsUpdate{}
		}, "Invalid parameter 'Actions[0].FindingFieldsUpdate'. A FINDING_FIELDS_UPDATE action sets at least one finding field."},
		{"two actions", func(in *securityhub.CreateAutomationRuleInput) { in.Actions = append(in.Actions, in.Actions[0]) }, ""},
		{"CONTAINS_WORD", func(in *securityhub.CreateAutomationRuleInput) {
			in.Criteria.Title = []types.StringFilter{{Comparison: types.StringFilterComparisonContainsWord, Value: aws.String("x")}}
		}, "Invalid parameter 'Criteria'. The comparison CONTAINS_WORD is only supported by GetFindingsV2."},
		{"CONTAINS with EQUALS", func(in *securityhub.CreateAutomationRuleInput) {
			in.Criteria.Title = []types.StringFilter{{Comparison: types.StringFilterComparisonContains, Value: aws.String("x")},
				{Comparison: types.StringFilterComparisonEquals, Value: aws.String("y")}}
		}, "Invalid parameter 'Criteria'. The filter 'Title' cannot combine CONTAINS with other comparisons."},
		{"number without bound", func(in *securityhub.CreateAutomationRuleInput) { in.Criteria.Confidence = []types.NumberFilter{{}} },
			"Invalid parameter 'Criteria'. The number filter 'Confidence' needs at least one of Eq, Gt, Gte, Lt, Lte."},
		{"note too long", func(in *securityhub.CreateAutomationRuleInput) {
			in.Actions[0].FindingFieldsUpdate.Note = &types.NoteUpdate{Text: aws.String(strings.Repeat("n", 513)), UpdatedBy: aws.String("me")}
		}, "Invalid parameter 'Actions[0].FindingFieldsUpdate.Note.Text'. Length '513' is greater than maximum value: 512."},
	}
	for _, c := range cases {
		in := ruleInput(c.name, 1, &types.AutomationRulesFindingFilters{ProductName: equals("GuardDuty")},
			&types.AutomationRulesFindingFieldsUpdate{Workflow: update.Workflow})
		c.change(in)
		_, err := a.c.CreateAutomationRule(ctx, in)
		switch {
		case c.name == "two actions":
			testenv.ExpectError(t, err, "InvalidInputException", 400, "")
		case c.msg == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.msg != "":
			if got, _ := testenv.ErrorOf(err); got.Code != "InvalidInputException" || got.Status != 400 || got.Message != c.msg {
				t.Errorf("%s: %+v, want %q", c.name, got, c.msg)
			}
		}
	}
	// The same checks name the item of a BatchUpdateAutomationRules, which writes nothing.
	list, _ := a.c.ListAutomationRules(ctx, &securityhub.ListAutomationRulesInput{})
	first := list.AutomationRulesMetadata[0].RuleArn
	_, err := a.c.BatchUpdateAutomationRules(ctx, &securityhub.BatchUpdateAutomationRulesInput{UpdateAutomationRulesRequestItems: []types.UpdateAutomationRulesRequestItem{
		{RuleArn: first, RuleName: aws.String("renamed")},
		{RuleArn: first, Criteria: &types.AutomationRulesFindingFilters{SeverityLabel: values("l", 21)}},
	}})
	testenv.ExpectError(t, err, "InvalidInputException", 400,
		"Invalid parameter 'UpdateAutomationRulesRequestItems[1].Criteria'. The filter 'SeverityLabel' has 21 values; at most 20 are allowed.")
	got, _ := a.c.BatchGetAutomationRules(ctx, &securityhub.BatchGetAutomationRulesInput{AutomationRulesArns: []string{aws.ToString(first)}})
	if aws.ToString(got.Rules[0].RuleName) == "renamed" {
		t.Error("a refused BatchUpdateAutomationRules renamed the rule")
	}

	// At most 100 rules per administrator.
	for i := len(list.AutomationRulesMetadata); i < 100; i++ {
		createRule(t, a.c, ruleInput(fmt.Sprint("r", i), 1, &types.AutomationRulesFindingFilters{}, update))
	}
	_, err = a.c.CreateAutomationRule(ctx, ruleInput("one too many", 1, &types.AutomationRulesFindingFilters{}, update))
	testenv.ExpectError(t, err, "LimitExceededException", 429, "You can't create more than 100 automation rules in a Region.")
}

// TestAutomationRulesOnImport shows rules changing the findings an administrator imports: in
// RuleOrder, a terminal rule ending the evaluation, DISABLED rules ignored, each change in the
// finding's history with the rule as its source, and the changed fields kept by later imports.
func TestAutomationRulesOnImport(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	product := productOf(acctA)

	suppress := createRule(t, a.c, ruleInput("suppress low", 10, &types.AutomationRulesFindingFilters{SeverityLabel: equals("LOW")},
		&types.AutomationRulesFindingFieldsUpdate{Workflow: &types.WorkflowUpdate{Status: types.WorkflowStatusSuppressed},
			Note: &types.NoteUpdate{Text: aws.String("low risk"), UpdatedBy: aws.String("automation")}}))
	// Order 20 sees what order 10 did: it matches suppressed findings.
	tag := createRule(t, a.c, ruleInput("tag suppressed", 20, &types.AutomationRulesFindingFilters{WorkflowStatus: equals("SUPPRESSED")},
		&types.AutomationRulesFindingFieldsUpdate{UserDefinedFields: map[string]string{"triage": "auto"}}))
	createRule(t, a.c, &securityhub.CreateAutomationRuleInput{RuleName: aws.String("disabled"), Description: aws.String("never applies"),
		RuleOrder: aws.Int32(1), RuleStatus: types.RuleStatusDisabled, Criteria: &types.AutomationRulesFindingFilters{},
		Actions: []types.AutomationRulesAction{{Type: types.AutomationRulesActionTypeFindingFieldsUpdate,
			FindingFieldsUpdate: &types.AutomationRulesFindingFieldsUpdate{Criticality: aws.Int32(99)}}}})
	// A terminal rule for critical findings: the rule after it does not apply to them.
	terminal := ruleInput("critical first", 5, &types.AutomationRulesFindingFilters{SeverityLabel: equals("CRITICAL")},
		&types.AutomationRulesFindingFieldsUpdate{VerificationState: types.VerificationStateTruePositive})
	terminal.IsTerminal = aws.Bool(true)
	createRule(t, a.c, terminal)
	createRule(t, a.c, ruleInput("after the terminal", 30, &types.AutomationRulesFindingFilters{SeverityLabel: equals("CRITICAL")},
		&types.AutomationRulesFindingFieldsUpdate{Confidence: aws.Int32(1)}))

	importFindings(t, a.c, asff(acctA, "low", "LOW", "AwsS3Bucket", base), asff(acctA, "high", "HIGH", "AwsS3Bucket", base),
		asff(acctA, "critical", "CRITICAL", "AwsS3Bucket", base))

	low := findingOf(t, a.c, product, "low")
	if workflowOf(low) != "SUPPRESSED" || low.Note == nil || aws.ToString(low.Note.Text) != "low risk" || aws.ToString(low.Note.UpdatedBy) != "automation" ||
		low.UserDefinedFields["triage"] != "auto" || low.Criticality != nil {
		t.Fatalf("low finding after import: workflow %s note %+v fields %v criticality %v", workflowOf(low), low.Note, low.UserDefinedFields, low.Criticality)
	}
	high := findingOf(t, a.c, product, "high")
	if workflowOf(high) != "NEW" || high.Note != nil || high.Criticality != nil {
		t.Fatalf("high finding changed: %+v", high)
	}
	critical := findingOf(t, a.c, product, "critical")
	if critical.VerificationState != types.VerificationStateTruePositive || critical.Confidence != nil {
		t.Fatalf("critical finding: verification %s confidence %v (the terminal rule must stop the evaluation)", critical.VerificationState, critical.Confidence)
	}
	want := []string{"BATCH_IMPORT_FINDINGS " + product, "BATCH_UPDATE_FINDINGS " + suppress, "BATCH_UPDATE_FINDINGS " + tag}
	if got := historySources(t, a.c, product, "low"); !reflect.DeepEqual(got, want) {
		t.Fatalf("history of the low finding: %q, want %q", got, want)
	}

	// The provider's next import keeps what the rules set (customer fields), and the rules,
	// applying the same values again, change nothing more.
	importFindings(t, a.c, asff(acctA, "low", "LOW", "AwsS3Bucket", base.Add(time.Hour)))
	low = findingOf(t, a.c, product, "low")
	if workflowOf(low) != "SUPPRESSED" || aws.ToString(low.Note.Text) != "low risk" {
		t.Fatalf("low finding after a re-import: %s %+v", workflowOf(low), low.Note)
	}
	if got := historySources(t, a.c, product, "low"); len(got) != 4 || got[3] != "BATCH_IMPORT_FINDINGS "+product {
		t.Fatalf("history after a re-import: %q", got)
	}

	// A rule edited to the same order as another applies after it: ties go by earlier UpdatedAt.
	first := createRule(t, a.c, ruleInput("first of a tie", 50, &types.AutomationRulesFindingFilters{SeverityLabel: equals("HIGH")},
		&types.AutomationRulesFindingFieldsUpdate{Criticality: aws.Int32(10)}))
	second := createRule(t, a.c, ruleInput("second of a tie", 40, &types.AutomationRulesFindingFilters{SeverityLabel: equals("HIGH")},
		&types.AutomationRulesFindingFieldsUpdate{Criticality: aws.Int32(20)}))
	time.Sleep(2 * time.Millisecond)
	if _, err := a.c.BatchUpdateAutomationRules(ctx, &securityhub.BatchUpdateAutomationRulesInput{UpdateAutomationRulesRequestItems: []types.UpdateAutomationRulesRequestItem{
		{RuleArn: aws.String(second), RuleOrder: aws.Int32(50)}}}); err != nil {
		t.Fatal(err)
	}
	importFindings(t, a.c, asff(acctA, "high2", "HIGH", "AwsS3Bucket", base))
	if got := findingOf(t, a.c, product, "high2"); aws.ToInt32(got.Criticality) != 20 {
		t.Fatalf("criticality %v: the rule edited last must apply last", aws.ToInt32(got.Criticality))
	}
	want = []string{"BATCH_IMPORT_FINDINGS " + product, "BATCH_UPDATE_FINDINGS " + first, "BATCH_UPDATE_FINDINGS " + second}
	if got := historySources(t, a.c, product, "high2"); !reflect.DeepEqual(got, want) {
		t.Fatalf("history of high2: %q, want %q", got, want)
	}
}

// TestAutomationRulesOnUpdate shows that findings imported before a rule existed change only
// when they are next updated, by their provider or by BatchUpdateFindings.
func TestAutomationRulesOnUpdate(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	product := productOf(acctA)
	importFindings(t, a.c, asff(acctA, "old1", "MEDIUM", "AwsS3Bucket", base), asff(acctA, "old2", "MEDIUM", "AwsS3Bucket", base))

	rule := createRule(t, a.c, ruleInput("notified are true positives", 1, &types.AutomationRulesFindingFilters{WorkflowStatus: equals("NOTIFIED")},
		&types.AutomationRulesFindingFieldsUpdate{VerificationState: types.VerificationStateTruePositive}))
	medium := createRule(t, a.c, ruleInput("medium findings", 2, &types.AutomationRulesFindingFilters{SeverityLabel: equals("MEDIUM")},
		&types.AutomationRulesFindingFieldsUpdate{Types: []string{"Effects/Data Exposure"}}))
	if f := findingOf(t, a.c, product, "old1"); f.VerificationState != "" || len(f.Types) != 1 || f.Types[0] == "Effects/Data Exposure" {
		t.Fatalf("a rule changed a finding imported before it: %+v", f)
	}

	// BatchUpdateFindings applies the customer's change, then the rules.
	up, err := a.c.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{FindingIdentifiers: []types.AwsSecurityFindingIdentifier{
		{Id: aws.String("old1"), ProductArn: aws.String(product)}}, Workflow: &types.WorkflowUpdate{Status: types.WorkflowStatusNotified}})
	if err != nil || len(up.ProcessedFindings) != 1 {
		t.Fatalf("BatchUpdateFindings: %+v %v", up, err)
	}
	f := findingOf(t, a.c, product, "old1")
	if workflowOf(f) != "NOTIFIED" || f.VerificationState != types.VerificationStateTruePositive || !reflect.DeepEqual(f.Types, []string{"Effects/Data Exposure"}) {
		t.Fatalf("after BatchUpdateFindings: workflow %s verification %s types %v", workflowOf(f), f.VerificationState, f.Types)
	}
	sources := historySources(t, a.c, product, "old1")
	if len(sources) != 4 || !strings.HasPrefix(sources[1], "BATCH_UPDATE_FINDINGS arn:aws:") || strings.Contains(sources[1], "automation-rule") ||
		sources[2] != "BATCH_UPDATE_FINDINGS "+rule || sources[3] != "BATCH_UPDATE_FINDINGS "+medium {
		t.Fatalf("history of old1: %q", sources)
	}
	// The provider's next import of the other finding.
	importFindings(t, a.c, asff(acctA, "old2", "MEDIUM", "AwsS3Bucket", base.Add(time.Minute)))
	if f := findingOf(t, a.c, product, "old2"); !reflect.DeepEqual(f.Types, []string{"Effects/Data Exposure"}) || f.VerificationState != "" {
		t.Fatalf("old2 after its re-import: %+v", f)
	}
}

// TestAutomationRulesOfAdministrator shows an administrator's rules acting on its Enabled
// members' findings, in the rule's region only; members cannot manage rules, and a member
// that leaves is no longer subject to them.
func TestAutomationRulesOfAdministrator(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	b := newAccount(t, env, acctB, true)
	a.create(acctB)
	a.invite(acctB)
	if err := b.accept(acctA, b.invitationFrom(acctA)); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	rule := createRule(t, a.c, ruleInput("member buckets", 1, &types.AutomationRulesFindingFilters{AwsAccountId: equals(acctB)},
		&types.AutomationRulesFindingFieldsUpdate{Severity: &types.SeverityUpdate{Label: types.SeverityLabelCritical}}))

	_, err := b.c.CreateAutomationRule(ctx, ruleInput("mine", 1, &types.AutomationRulesFindingFilters{}, &types.AutomationRulesFindingFieldsUpdate{Criticality: aws.Int32(1)}))
	msg := "Account " + acctB + " is a member of the Security Hub administrator " + acctA + ": only the administrator account can manage automation rules."
	testenv.ExpectError(t, err, "AccessDeniedException", 403, msg)
	_, err = b.c.ListAutomationRules(ctx, &securityhub.ListAutomationRulesInput{})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, msg)

	importFindings(t, b.c, asff(acctB, "b1", "LOW", "AwsS3Bucket", base))
	importFindings(t, a.c, asff(acctA, "a1", "LOW", "AwsS3Bucket", base))
	f := findingOf(t, b.c, productOf(acctB), "b1")
	if f.Severity == nil || f.Severity.Label != types.SeverityLabelCritical || aws.ToInt32(f.Severity.Normalized) != 90 {
		t.Fatalf("member's finding: %+v", f.Severity)
	}
	if f := findingOf(t, a.c, productOf(acctA), "a1"); f.Severity.Label != types.SeverityLabelLow {
		t.Fatalf("administrator's finding matched another account's criteria: %+v", f.Severity)
	}
	if got := historySources(t, a.c, productOf(acctB), "b1"); len(got) != 2 || got[1] != "BATCH_UPDATE_FINDINGS "+rule {
		t.Fatalf("history of the member's finding: %q", got)
	}
	// The administrator's own update of the member's finding: the rule acts after it.
	up, err := a.c.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{FindingIdentifiers: []types.AwsSecurityFindingIdentifier{
		{Id: aws.String("b1"), ProductArn: aws.String(productOf(acctB))}}, Severity: &types.SeverityUpdate{Label: types.SeverityLabelLow}})
	if err != nil || len(up.ProcessedFindings) != 1 {
		t.Fatalf("BatchUpdateFindings of the member's finding: %+v %v", up, err)
	}
	if f := findingOf(t, b.c, productOf(acctB), "b1"); f.Severity.Label != types.SeverityLabelCritical {
		t.Fatalf("member's finding after the administrator's update: %+v", f.Severity)
	}
	if got := historySources(t, a.c, productOf(acctB), "b1"); len(got) != 4 || got[3] != "BATCH_UPDATE_FINDINGS "+rule {
		t.Fatalf("history after the administrator's update: %q", got)
	}

	// Another region: the rule does not act there.
	west := "us-west-2"
	bw := env.SecurityHub(acctB, west)
	enableHub(t, bw)
	westFinding := asff(acctB, "bw", "LOW", "AwsS3Bucket", base)
	westFinding.ProductArn = aws.String("arn:aws:securityhub:" + west + ":" + acctB + ":product/" + acctB + "/default")
	importFindings(t, bw, westFinding)
	if f := findingOf(t, bw, aws.ToString(westFinding.ProductArn), "bw"); f.Severity.Label != types.SeverityLabelLow {
		t.Fatalf("a us-east-1 rule changed a us-west-2 finding: %+v", f.Severity)
	}

	// Once the member leaves, its findings are its own again.
	if _, err := b.c.DisassociateFromAdministratorAccount(ctx, &securityhub.DisassociateFromAdministratorAccountInput{}); err != nil {
		t.Fatal(err)
	}
	importFindings(t, b.c, asff(acctB, "b2", "LOW", "AwsS3Bucket", base))
	if f := findingOf(t, b.c, productOf(acctB), "b2"); f.Severity.Label != types.SeverityLabelLow {
		t.Fatalf("a former member's finding: %+v", f.Severity)
	}
	if _, err := b.c.ListAutomationRules(ctx, &securityhub.ListAutomationRulesInput{}); err != nil {
		t.Fatalf("a former member lists its rules: %v", err)
	}
}
