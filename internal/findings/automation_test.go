package findings

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/awsmodel"
)

// decodedJSON decodes JSON as the findings domain holds it (numbers as json.Number).
func decodedJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	doc, err := decodeDoc([]byte(s))
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return doc
}

// TestAutomate runs rules over a finding: in order, each seeing what the earlier ones did, a
// terminal rule that matches ending the evaluation (one that does not match ending nothing),
// a rule that changes nothing leaving no history, and the finding given left untouched.
func TestAutomate(t *testing.T) {
	s := &Service{Model: awsmodel.MustLoad("securityhub")}
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	rule := func(arn, criteria, update string, terminal bool) AutomationRule {
		c, err := CompileCriteria(decodedJSON(t, criteria), now)
		if err != nil {
			t.Fatalf("%s: %v", criteria, err)
		}
		return AutomationRule{ARN: arn, Criteria: c, Update: decodedJSON(t, update), Terminal: terminal}
	}
	low := rule("low", `{"SeverityLabel": [{"Comparison": "EQUALS", "Value": "LOW"}]}`, `{"Workflow": {"Status": "SUPPRESSED"}}`, false)
	suppressed := rule("suppressed", `{"WorkflowStatus": [{"Comparison": "EQUALS", "Value": "SUPPRESSED"}]}`, `{"Confidence": 5}`, false)
	stopHigh := rule("stop-high", `{"SeverityLabel": [{"Comparison": "EQUALS", "Value": "HIGH"}]}`, `{"Criticality": 90}`, true)
	everything := rule("everything", `{}`, `{"UserDefinedFields": {"seen": "yes"}}`, false)
	again := rule("again", `{}`, `{"Workflow": {"Status": "NEW"}}`, false) // what the finding already has
	note := rule("note", `{}`, `{"Note": {"Text": "kept", "UpdatedBy": "rule"}}`, false)

	cases := []struct {
		name    string
		finding string
		rules   []AutomationRule
		sources []string // the rules that changed the finding, in order
		check   func(doc Finding) bool
	}{
		{"later rules see earlier ones", `{"Severity": {"Label": "LOW"}, "Workflow": {"Status": "NEW"}}`,
			[]AutomationRule{low, suppressed, stopHigh, everything}, []string{"low", "suppressed", "everything"},
			func(d Finding) bool {
				return d["Confidence"] == json.Number("5") && d["Criticality"] == nil && d["UserDefinedFields"] != nil
			}},
		{"order matters", `{"Severity": {"Label": "LOW"}, "Workflow": {"Status": "NEW"}}`,
			[]AutomationRule{suppressed, low}, []string{"low"},
			func(d Finding) bool { return d["Confidence"] == nil }},
		{"a terminal rule that matches ends it", `{"Severity": {"Label": "HIGH"}, "Workflow": {"Status": "NEW"}}`,
			[]AutomationRule{low, stopHigh, everything}, []string{"stop-high"},
			func(d Finding) bool { return d["Criticality"] == json.Number("90") && d["UserDefinedFields"] == nil }},
		{"a terminal rule that does not match ends nothing", `{"Severity": {"Label": "LOW"}, "Workflow": {"Status": "NEW"}}`,
			[]AutomationRule{stopHigh, everything}, []string{"everything"}, nil},
		{"no change, no history", `{"Severity": {"Label": "LOW"}, "Workflow": {"Status": "NEW"}}`,
			[]AutomationRule{again}, nil, nil},
		{"the same note again is no change", `{"Note": {"Text": "kept", "UpdatedBy": "rule", "UpdatedAt": "2026-01-01T00:00:00.000Z"}}`,
			[]AutomationRule{note}, nil, nil},
		{"a new note", `{"Note": {"Text": "other", "UpdatedBy": "someone", "UpdatedAt": "2026-01-01T00:00:00.000Z"}}`,
			[]AutomationRule{note}, []string{"note"},
			func(d Finding) bool { return d["Note"].(map[string]any)["UpdatedAt"] == "2026-11-01T12:00:00.000Z" }},
		{"a 51st user-defined field", `{"UserDefinedFields": {` + fiftyFields() + `}}`,
			[]AutomationRule{everything}, nil, nil},
	}
	for _, c := range cases {
		doc := decodedJSON(t, c.finding)
		before, _ := json.Marshal(doc)
		got, m, history, err := s.automate(c.rules, doc, meta{}, now)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var sources []string
		for _, body := range history {
			var h historyRecord
			if err := json.Unmarshal(body, &h); err != nil {
				t.Fatal(err)
			}
			if h.SourceType != ruleSource || h.FindingCreated || len(h.Updates) == 0 {
				t.Errorf("%s: history record %+v", c.name, h)
			}
			sources = append(sources, h.Identity)
		}
		if !reflect.DeepEqual(sources, c.sources) {
			t.Errorf("%s: rules that changed the finding %v, want %v", c.name, sources, c.sources)
		}
		if c.check != nil && !c.check(got) {
			t.Errorf("%s: finding after the rules %v", c.name, got)
		}
		if after, _ := json.Marshal(doc); string(after) != string(before) {
			t.Errorf("%s: automate changed the finding it was given: %s", c.name, after)
		}
		if len(c.sources) == 0 && (!reflect.DeepEqual(got, doc) || len(m.CustomerOwned) != 0) {
			t.Errorf("%s: no rule changed it, yet %v %+v", c.name, got, m)
		}
	}
}

// fiftyFields is the members of 50 user-defined fields in JSON.
func fiftyFields() string {
	fields := make([]string, 50)
	for i := range fields {
		fields[i] = `"f` + strings.Repeat("x", i) + `":"v"`
	}
	return strings.Join(fields, ",")
}

// TestRuleFieldsBecomeTheCustomers checks that the fields a rule sets are kept as the
// customer's: the provider's next import does not overwrite the mirrored ones.
func TestRuleFieldsBecomeTheCustomers(t *testing.T) {
	s := &Service{Model: awsmodel.MustLoad("securityhub")}
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	c, _ := CompileCriteria(map[string]any{}, now)
	rules := []AutomationRule{{ARN: "r", Criteria: c, Update: map[string]any{"Severity": map[string]any{"Label": "CRITICAL"}, "Types": []any{"T"}}}}
	_, m, _, err := s.automate(rules, decodedJSON(t, `{"Severity": {"Label": "LOW"}}`),
		meta{CustomerOwned: []string{"Confidence"}, Origin: "us-west-2", LegacyNote: true, PriorNote: "n"}, now)
	if err != nil {
		t.Fatal(err)
	}
	owned := m.owned()
	if !owned["Severity"] || !owned["Types"] || !owned["Confidence"] || len(m.CustomerOwned) != 3 {
		t.Errorf("customer-owned after a rule: %v", m.CustomerOwned)
	}
	// The rest of the bookkeeping stays: a copy of another region's finding stays a copy.
	if m.Origin != "us-west-2" || !m.LegacyNote || m.PriorNote != "n" {
		t.Errorf("bookkeeping after a rule: %+v", m)
	}
}
