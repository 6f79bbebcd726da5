package awsmodel

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func decodeDoc(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestValidate(t *testing.T) {
	m := MustLoad("securityhub")
	cases := []struct {
		shape, doc string
		want       string // "" means valid; otherwise the full message
	}{
		{"CreateMembersRequest", `{"AccountDetails":[{"AccountId":"111111111111"}]}`, ""},
		{"CreateMembersRequest", `{}`, "Invalid parameter 'AccountDetails'. Member must not be null."},
		{"CreateMembersRequest", `{"AccountDetails":null}`, "Invalid parameter 'AccountDetails'. Member must not be null."},
		{"CreateMembersRequest", `{"AccountDetails":[{}]}`, "Invalid parameter 'AccountDetails[0].AccountId'. Member must not be null."},
		{"CreateMembersRequest", `{"AccountDetails":[{"AccountId":5}]}`, "Invalid parameter 'AccountDetails[0].AccountId'. Expected a string."},
		{"CreateMembersRequest", `{"AccountDetails":{}}`, "Invalid parameter 'AccountDetails'. Expected a list."},
		{"CreateMembersRequest", `{"AccountDetails":[null]}`, "Invalid parameter 'AccountDetails[0]'. Member must not be null."},
		{"GetEnabledStandardsRequest", `{"MaxResults":100}`, ""},
		{"GetEnabledStandardsRequest", `{"MaxResults":101}`, "Invalid parameter 'MaxResults'. Value '101' is greater than maximum value: 100."},
		{"GetEnabledStandardsRequest", `{"MaxResults":1.5}`, "Invalid parameter 'MaxResults'. Expected an integer."},
		{"GetEnabledStandardsRequest", `{"MaxResults":99999999999}`, "Invalid parameter 'MaxResults'. Expected an integer."},
		{"GetEnabledStandardsRequest", `{"StandardsSubscriptionArns":[]}`, "Invalid parameter 'StandardsSubscriptionArns'. Size '0' is less than minimum value: 1."},
		{"GetEnabledStandardsRequest", `{"StandardsSubscriptionArns":["  "]}`, "Invalid parameter 'StandardsSubscriptionArns[0]'. Value '  ' does not match pattern '.*\\S.*'."},
		{"EnableSecurityHubRequest", `{"ControlFindingGenerator":"SECURITY_CONTROL","EnableDefaultStandards":false}`, ""},
		{"EnableSecurityHubRequest", `{"ControlFindingGenerator":"x"}`, "Invalid parameter 'ControlFindingGenerator'. Value 'x' is not one of [STANDARD_CONTROL, SECURITY_CONTROL]."},
		{"EnableSecurityHubRequest", `{"EnableDefaultStandards":"true"}`, "Invalid parameter 'EnableDefaultStandards'. Expected a boolean."},
		{"EnableSecurityHubRequest", `{"Tags":{}}`, "Invalid parameter 'Tags'. Size '0' is less than minimum value: 1."},
		{"EnableSecurityHubRequest", `{"Tags":{"aws:reserved":"v"}}`, "Invalid parameter 'Tags'. Key 'aws:reserved': Value 'aws:reserved' does not match pattern '^(?!aws:)[a-zA-Z+-=._:/]+$'."},
		{"EnableSecurityHubRequest", `{"Tags":{"ok-key":"` + strings.Repeat("v", 257) + `"}}`, "Invalid parameter 'Tags.ok-key'. Length '257' is greater than maximum value: 256."},
		{"EnableSecurityHubRequest", `{"Tags":{"ok-key":"v"},"Unknown":1}`, ""},
		{"GetFindingHistoryRequest", `{"FindingIdentifier":{"Id":"a","ProductArn":"b"},"StartTime":"2024-01-02T03:04:05.678Z"}`, ""},
		{"GetFindingHistoryRequest", `{"FindingIdentifier":{"Id":"a","ProductArn":"b"},"StartTime":"yesterday"}`, "Invalid parameter 'StartTime'. Expected an ISO 8601 timestamp."},
		// Paths share one stack: a sibling's steps must not show in the path of a violation.
		{"CreateMembersRequest", `{"AccountDetails":[{"AccountId":"111111111111","Email":"a"},{"AccountId":"2","Email":5}]}`, "Invalid parameter 'AccountDetails[1].Email'. Expected a string."},
		// Strings without a maximum in the model: less than 32,768 characters.
		{"GetEnabledStandardsRequest", `{"StandardsSubscriptionArns":["` + strings.Repeat("é", MaxUnboundedLength) + `"]}`, ""},
		{"GetEnabledStandardsRequest", `{"StandardsSubscriptionArns":["a","` + strings.Repeat("é", MaxUnboundedLength+1) + `"]}`, "Invalid parameter 'StandardsSubscriptionArns[1]'. Length '32768' is greater than maximum value: 32767."},
	}
	for _, c := range cases {
		shape := m.Shapes[c.shape]
		if shape == nil {
			t.Fatalf("no shape %s", c.shape)
		}
		vio := Validate(shape, decodeDoc(t, c.doc))
		got := ""
		if vio != nil {
			got = vio.Message()
		}
		if got != c.want {
			t.Errorf("%s %s:\n got  %q\n want %q", c.shape, c.doc, got, c.want)
		}
	}
}

func TestPatternsCompile(t *testing.T) {
	for _, service := range []string{"securityhub", "organizations"} {
		if _, err := Load(service); err != nil {
			t.Errorf("%s: %v", service, err)
		}
	}
}
