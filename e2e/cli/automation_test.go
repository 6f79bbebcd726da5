package cli

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// The rules of the AWS CLI's worked examples for the automation rule commands, as JSON
// arguments (the examples break them over lines with backslashes, which no shell passes on).
const (
	exampleActions = `[{"Type": "FINDING_FIELDS_UPDATE", "FindingFieldsUpdate": {
		"Severity": {"Label": "HIGH"},
		"Note": {"Text": "Known issue that is a risk. Updated by automation rules", "UpdatedBy": "sechub-automation"}}}]`
	exampleCriteria = `{"SeverityLabel": [{"Value": "INFORMATIONAL", "Comparison": "EQUALS"}]}`
	// The rule batch-get-automation-rules and list-automation-rules show.
	suppressActions = `[{"Type": "FINDING_FIELDS_UPDATE", "FindingFieldsUpdate": {
		"Note": {"Text": "Automatically suppress GuardDuty findings with Informational severity", "UpdatedBy": "sechub-automation"},
		"Workflow": {"Status": "SUPPRESSED"}}}]`
	suppressCriteria = `{"ProductName": [{"Value": "GuardDuty", "Comparison": "EQUALS"}],
		"SeverityLabel": [{"Value": "INFORMATIONAL", "Comparison": "EQUALS"}],
		"WorkflowStatus": [{"Value": "NEW", "Comparison": "EQUALS"}],
		"RecordState": [{"Value": "ACTIVE", "Comparison": "EQUALS"}]}`
	updateItems = `[{"Actions": [{"Type": "FINDING_FIELDS_UPDATE", "FindingFieldsUpdate": {
		"Note": {"Text": "Known issue that is a risk", "UpdatedBy": "sechub-automation"}, "Workflow": {"Status": "NEW"}}}],
		"Criteria": {"SeverityLabel": [{"Value": "LOW", "Comparison": "EQUALS"}]},
		"RuleArn": "%ARN%", "RuleOrder": 1, "RuleStatus": "DISABLED"}]`
)

// cliTime is a timestamp as an AWS CLI prints it: as it came (v1, "2023-05-31T17:56:14.837Z")
// or reformatted (v2 and the examples, "2023-05-31T17:56:14.837000+00:00").
var cliTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)$`)

// TestAutomationRuleCommands runs the AWS CLI's worked examples for create-automation-rule,
// batch-get-automation-rules, list-automation-rules, batch-update-automation-rules and
// batch-delete-automation-rules, as the examples' account in their region, and checks that each
// prints the output the example shows (with the ARNs and times of this server). These commands
// need the AWS CLI v1: Debian's v2.9 does not know them.
func TestAutomationRuleCommands(t *testing.T) {
	t.Parallel()
	var cli string
	for _, c := range awsCLIs(t) {
		if !isV2(t, c) {
			cli = c
			break
		}
	}
	if cli == "" {
		t.Skip("no AWS CLI v1 with the automation rule commands")
	}
	const acct, region = "123456789012", "us-east-1"
	s := startServer(t, t.TempDir())
	aws := func(args ...string) map[string]any {
		t.Helper()
		return decode(t, mustRun(t, s, cli, acct, region, append([]string{"securityhub"}, args...)...))
	}
	create := func(name, description, actions, criteria string) string {
		t.Helper()
		out := aws("create-automation-rule", "--actions", actions, "--criteria", criteria, "--description", description,
			"--no-is-terminal", "--rule-name", name, "--rule-order", "1", "--rule-status", "ENABLED")
		arn, _ := out["RuleArn"].(string)
		if len(out) != 1 || !regexp.MustCompile(`^arn:aws:securityhub:us-east-1:123456789012:automation-rule/[0-9a-f-]{36}$`).MatchString(arn) {
			t.Fatalf("create-automation-rule printed %v", out)
		}
		return arn
	}
	if _, err := s.run(cli, acct, region, "securityhub", "list-automation-rules"); err == nil ||
		!strings.Contains(err.Error(), "An error occurred (InvalidAccessException) when calling the ListAutomationRules operation: Account 123456789012 is not subscribed to AWS Security Hub") {
		t.Errorf("list-automation-rules without a hub: %v", err)
	}
	mustRun(t, s, cli, acct, region, "securityhub", "enable-security-hub")

	suppress := create("Suppress informational findings", "Suppress GuardDuty findings with Informational severity", suppressActions, suppressCriteria)
	sample := create("sample rule", "A sample rule", exampleActions, exampleCriteria)
	another := create("sample rule", "A sample rule", exampleActions, exampleCriteria)

	got := aws("batch-get-automation-rules", "--automation-rules-arns", `["`+suppress+`"]`)
	rules, _ := got["Rules"].([]any)
	if len(rules) != 1 || !reflect.DeepEqual(got["UnprocessedAutomationRules"], []any{}) || len(got) != 2 {
		t.Fatalf("batch-get-automation-rules: %v", got)
	}
	rule := checkedTimes(t, rules[0].(map[string]any), "CreatedAt", "UpdatedAt", "CreatedBy")
	want := map[string]any{
		"RuleArn": suppress, "RuleStatus": "ENABLED", "RuleOrder": float64(1), "RuleName": "Suppress informational findings",
		"Description": "Suppress GuardDuty findings with Informational severity", "IsTerminal": false,
		"Criteria": decodeJSON(t, suppressCriteria), "Actions": decodeJSON(t, suppressActions),
	}
	if !reflect.DeepEqual(rule, want) {
		t.Errorf("batch-get-automation-rules rule:\n%v\nwant\n%v", rule, want)
	}

	list := aws("list-automation-rules", "--max-results", "3", "--next-token", "NULL")
	metadata, _ := list["AutomationRulesMetadata"].([]any)
	if len(list) != 1 || len(metadata) != 3 {
		t.Fatalf("list-automation-rules: %v", list)
	}
	for i, arn := range []string{suppress, sample, another} {
		m := checkedTimes(t, metadata[i].(map[string]any), "CreatedAt", "UpdatedAt", "CreatedBy")
		name, description := "sample rule", "A sample rule"
		if i == 0 {
			name, description = "Suppress informational findings", "Suppress GuardDuty findings with Informational severity"
		}
		want := map[string]any{"RuleArn": arn, "RuleStatus": "ENABLED", "RuleOrder": float64(1), "RuleName": name, "Description": description, "IsTerminal": false}
		if !reflect.DeepEqual(m, want) {
			t.Errorf("list-automation-rules entry %d: %v, want %v", i, m, want)
		}
	}

	updated := aws("batch-update-automation-rules", "--update-automation-rules-request-items", strings.ReplaceAll(updateItems, "%ARN%", sample))
	if want := map[string]any{"ProcessedAutomationRules": []any{sample}, "UnprocessedAutomationRules": []any{}}; !reflect.DeepEqual(updated, want) {
		t.Errorf("batch-update-automation-rules: %v, want %v", updated, want)
	}
	after := aws("batch-get-automation-rules", "--automation-rules-arns", `["`+sample+`"]`)["Rules"].([]any)[0].(map[string]any)
	if after["RuleStatus"] != "DISABLED" || !reflect.DeepEqual(after["Criteria"], decodeJSON(t, `{"SeverityLabel": [{"Value": "LOW", "Comparison": "EQUALS"}]}`)) {
		t.Errorf("the rule after batch-update-automation-rules: %v", after)
	}

	deleted := aws("batch-delete-automation-rules", "--automation-rules-arns", `["`+sample+`"]`)
	if want := map[string]any{"ProcessedAutomationRules": []any{sample}, "UnprocessedAutomationRules": []any{}}; !reflect.DeepEqual(deleted, want) {
		t.Errorf("batch-delete-automation-rules: %v, want %v", deleted, want)
	}
	again := aws("batch-delete-automation-rules", "--automation-rules-arns", `["`+sample+`"]`)
	if want := map[string]any{"ProcessedAutomationRules": []any{}, "UnprocessedAutomationRules": []any{map[string]any{
		"RuleArn": sample, "ErrorCode": float64(404), "ErrorMessage": "Automation rule " + sample + " not found"}}}; !reflect.DeepEqual(again, want) {
		t.Errorf("batch-delete-automation-rules of a deleted rule: %v, want %v", again, want)
	}
}

// checkedTimes checks that the members times of m are AWS CLI timestamps (or, for CreatedBy,
// an ARN of the caller's account) and returns m without them.
func checkedTimes(t *testing.T, m map[string]any, members ...string) map[string]any {
	t.Helper()
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	for _, k := range members {
		s, _ := out[k].(string)
		ok := cliTime.MatchString(s)
		if k == "CreatedBy" {
			ok = strings.HasPrefix(s, "arn:aws:") && strings.Contains(s, ":123456789012:")
		}
		if !ok {
			t.Errorf("%s = %q", k, s)
		}
		delete(out, k)
	}
	return out
}

// decodeJSON decodes a JSON value.
func decodeJSON(t *testing.T, s string) any {
	t.Helper()
	return decode(t, `{"v": `+s+`}`)["v"]
}
