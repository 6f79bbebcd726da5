package automation

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/store"
)

var caller = store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: "111111111111"}

// object decodes a JSON object as the domain keeps it (numbers as json.Number).
func jsonObject(t *testing.T, s string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return m
}

func message(err error) string {
	if e, ok := err.(*apierr.Error); ok {
		return e.Message
	}
	return ""
}

func TestParseARN(t *testing.T) {
	cases := []struct {
		arn string
		ok  bool
		id  string
	}{
		{"arn:aws:securityhub:us-east-1:111111111111:automation-rule/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", true, "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"},
		{"arn:aws-cn:securityhub:cn-north-1:222222222222:automation-rule/x", true, "x"},
		{"arn:aws:securityhub:us-east-1:111111111111:automation-rule/", false, ""},
		{"arn:aws:securityhub:us-east-1:111111111111:automation-rule/a/b", false, ""},
		{"arn:aws:securityhub:us-east-1::automation-rule/x", false, ""}, // no account: the caller's (domain.OwnARN) first
		{"arn:aws:securityhub::111111111111:automation-rule/x", false, ""},
		{"arn:aws:securityhub:us-east-1:111111111111:action/custom/x", false, ""},
		{"arn:aws:guardduty:us-east-1:111111111111:automation-rule/x", false, ""},
		{"automation-rule/x", false, ""},
		{"", false, ""},
	}
	for _, c := range cases {
		_, id, ok := ParseARN(c.arn)
		if ok != c.ok || id != c.id {
			t.Errorf("ParseARN(%q) = %q %v, want %q %v", c.arn, id, ok, c.id, c.ok)
		}
	}
	key, id, ok := ParseARN(ARN(caller, "abc"))
	if !ok || key != caller || id != "abc" {
		t.Errorf("ParseARN(ARN()) = %v %q %v", key, id, ok)
	}
}

func TestCheckRule(t *testing.T) {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	workflow := []Action{{Type: actionType, Update: map[string]any{"Workflow": map[string]any{"Status": "SUPPRESSED"}}}}
	values := func(key string, n int) string {
		var list []string
		for i := range n {
			list = append(list, `{"Comparison": "EQUALS", "Value": "v`+strings.Repeat("x", i)+`"}`)
		}
		return `{"` + key + `": [` + strings.Join(list, ",") + `]}`
	}
	cases := []struct {
		name     string
		prefix   string
		criteria string // "" for none given
		actions  []Action
		msg      string // "" when accepted
	}{
		{name: "empty criteria", criteria: `{}`, actions: workflow},
		{name: "nothing given", prefix: "UpdateAutomationRulesRequestItems[0]."},
		{name: "every filter type", actions: workflow, criteria: `{"SeverityLabel": [{"Comparison": "EQUALS", "Value": "LOW"}],
			"Confidence": [{"Gte": 50}], "UpdatedAt": [{"DateRange": {"Unit": "DAYS", "Value": 3}}],
			"ResourceTags": [{"Comparison": "NOT_EQUALS", "Key": "env", "Value": "dev"}], "Title": [{"Comparison": "CONTAINS", "Value": "S3"}]}`},
		{name: "100 account ids", criteria: values("AwsAccountId", 100)},
		{name: "100 generators", criteria: values("GeneratorId", 100)},
		{name: "100 resource ids", criteria: values("ResourceId", 100)},
		{name: "101 titles", criteria: values("Title", 101), msg: "Invalid parameter 'Criteria'. The filter 'Title' has 101 values; at most 100 are allowed."},
		{name: "21 ids", criteria: values("Id", 21), msg: "Invalid parameter 'Criteria'. The filter 'Id' has 21 values; at most 20 are allowed."},
		{name: "21 ids in an item", prefix: "UpdateAutomationRulesRequestItems[2].", criteria: values("Id", 21),
			msg: "Invalid parameter 'UpdateAutomationRulesRequestItems[2].Criteria'. The filter 'Id' has 21 values; at most 20 are allowed."},
		{name: "more than 10 keys", criteria: `{"Id": [], "Title": [], "Type": [], "Description": [], "SourceUrl": [], "ProductArn": [],
			"ProductName": [], "CompanyName": [], "RecordState": [], "NoteText": [], "NoteUpdatedBy": []}`},
		{name: "CONTAINS_WORD", criteria: `{"Title": [{"Comparison": "CONTAINS_WORD", "Value": "x"}]}`,
			msg: "Invalid parameter 'Criteria'. The comparison CONTAINS_WORD is only supported by GetFindingsV2."},
		{name: "EQUALS with NOT_EQUALS", criteria: `{"Title": [{"Comparison": "EQUALS", "Value": "x"}, {"Comparison": "NOT_EQUALS", "Value": "y"}]}`,
			msg: "Invalid parameter 'Criteria'. The filter 'Title' cannot combine EQUALS with NOT_EQUALS or PREFIX_NOT_EQUALS."},
		{name: "bad date", criteria: `{"CreatedAt": [{"Start": "yesterday"}]}`, msg: "Invalid parameter 'Criteria'. The Start of 'CreatedAt' is not an ISO 8601 date-time."},
		{name: "no action type", actions: []Action{{Update: map[string]any{"Confidence": json.Number("5")}}},
			msg: "Invalid parameter 'Actions[0].Type'. The action type must be FINDING_FIELDS_UPDATE."},
		{name: "nothing to update", prefix: "UpdateAutomationRulesRequestItems[1].", actions: []Action{{Type: actionType, Update: map[string]any{}}},
			msg: "Invalid parameter 'UpdateAutomationRulesRequestItems[1].Actions[0].FindingFieldsUpdate'. A FINDING_FIELDS_UPDATE action sets at least one finding field."},
		{name: "long note", actions: []Action{{Type: actionType, Update: map[string]any{"Note": map[string]any{"Text": strings.Repeat("n", 600), "UpdatedBy": "me"}}}},
			msg: "Invalid parameter 'Actions[0].FindingFieldsUpdate.Note.Text'. Length '600' is greater than maximum value: 512."},
		{name: "51 user-defined fields", actions: []Action{{Type: actionType, Update: map[string]any{"UserDefinedFields": manyFields(51)}}},
			msg: "Invalid parameter 'Actions[0].FindingFieldsUpdate.UserDefinedFields'. 51 fields were given; a finding has at most 50."},
		{name: "50 user-defined fields", actions: []Action{{Type: actionType, Update: map[string]any{"UserDefinedFields": manyFields(50)}}}},
	}
	for _, c := range cases {
		var criteria map[string]any
		if c.criteria != "" {
			criteria = jsonObject(t, c.criteria)
		}
		err := checkRule(c.prefix, criteria, c.actions, now)
		switch {
		case c.msg == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.msg != "" && (!apierr.RuleActionInvalid.Is(err) || message(err) != c.msg):
			t.Errorf("%s: %v, want InvalidInputException %q", c.name, err, c.msg)
		}
	}
}

func manyFields(n int) map[string]any {
	m := map[string]any{}
	for i := range n {
		m["k"+strings.Repeat("x", i)] = "v"
	}
	return m
}

func TestEvaluationOrder(t *testing.T) {
	at := func(minute int) time.Time { return time.Date(2026, 1, 1, 0, minute, 0, 0, time.UTC) }
	entries := []entry{
		{Seq: 1, Value: Rule{Name: "order 3", Order: 3, UpdatedAt: at(1)}},
		{Seq: 2, Value: Rule{Name: "order 1 edited last", Order: 1, UpdatedAt: at(9)}},
		{Seq: 3, Value: Rule{Name: "order 1 edited first", Order: 1, UpdatedAt: at(2)}},
		{Seq: 4, Value: Rule{Name: "order 2", Order: 2, UpdatedAt: at(0)}},
		{Seq: 5, Value: Rule{Name: "order 1 tie, made first", Order: 1, UpdatedAt: at(5)}},
		{Seq: 6, Value: Rule{Name: "order 1 tie, made second", Order: 1, UpdatedAt: at(5)}},
	}
	inEvaluationOrder(entries)
	var got []string
	for _, e := range entries {
		got = append(got, e.Value.Name)
	}
	want := []string{"order 1 edited first", "order 1 tie, made first", "order 1 tie, made second", "order 1 edited last", "order 2", "order 3"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("evaluation order %q, want %q", got, want)
	}
}

func TestChangeApply(t *testing.T) {
	base := Rule{Name: "n", Description: "d", Order: 1, Status: Enabled, Criteria: map[string]any{},
		Actions: []Action{{Type: actionType, Update: map[string]any{"Confidence": json.Number("1")}}}}
	name, disabled, order, terminal, sameOrder := "renamed", Disabled, 7, true, 1
	cases := []struct {
		name    string
		change  Change
		changed bool
		check   func(r Rule) bool
	}{
		{"nothing", Change{}, false, func(r Rule) bool { return r.Name == "n" }},
		{"same order", Change{Order: &sameOrder}, false, func(r Rule) bool { return r.Order == 1 }},
		{"rename", Change{Name: &name}, true, func(r Rule) bool { return r.Name == "renamed" && r.Description == "d" }},
		{"disable", Change{Status: &disabled, Order: &order, Terminal: &terminal}, true,
			func(r Rule) bool { return r.Status == Disabled && r.Order == 7 && r.Terminal }},
		{"criteria", Change{Criteria: map[string]any{"Title": []any{}}}, true, func(r Rule) bool { return len(r.Criteria) == 1 }},
		{"actions", Change{Actions: []Action{{Type: actionType, Update: map[string]any{"Confidence": json.Number("2")}}}}, true,
			func(r Rule) bool { return r.Actions[0].Update["Confidence"] == json.Number("2") }},
	}
	for _, c := range cases {
		r := base
		if changed := c.change.apply(&r); changed != c.changed || !c.check(r) {
			t.Errorf("%s: changed %v, rule %+v", c.name, changed, r)
		}
	}
}

func TestDistinct(t *testing.T) {
	if got := distinct([]string{"b", "a", "b", "c", "a"}); strings.Join(got, ",") != "b,a,c" {
		t.Errorf("distinct = %v", got)
	}
}
