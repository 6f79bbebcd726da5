package automationv2

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/apierr"
)

func TestCheckAction(t *testing.T) {
	one, five, six, zero := 1, 5, 6, 0
	const connector = "arn:aws:securityhub:us-east-1:111111111111:connectorv2/c"
	cases := []struct {
		name   string
		action Action
		member string // "" when accepted
	}{
		{"severity", Action{Type: FieldsUpdate, SeverityID: &five}, ""},
		{"status and comment", Action{Type: FieldsUpdate, StatusID: &one, Comment: "c"}, ""},
		{"nothing to set", Action{Type: FieldsUpdate}, "Actions[0].FindingFieldsUpdate"},
		{"Fatal has no ASFF label", Action{Type: FieldsUpdate, SeverityID: &six}, "Actions[0].FindingFieldsUpdate.SeverityId"},
		{"Unknown status", Action{Type: FieldsUpdate, StatusID: &zero}, "Actions[0].FindingFieldsUpdate.StatusId"},
		{"Archived status", Action{Type: FieldsUpdate, StatusID: &five}, "Actions[0].FindingFieldsUpdate.StatusId"},
		{"fields with a connector", Action{Type: FieldsUpdate, Comment: "c", ConnectorARN: connector}, "Actions[0].ExternalIntegrationConfiguration"},
		{"integration", Action{Type: ExternalIntegration, ConnectorARN: connector}, ""},
		{"integration without a connector", Action{Type: ExternalIntegration}, "Actions[0].ExternalIntegrationConfiguration.ConnectorArn"},
		{"integration with fields", Action{Type: ExternalIntegration, ConnectorARN: connector, Comment: "c"}, "Actions[0].FindingFieldsUpdate"},
		{"unknown type", Action{Type: "NOTIFY"}, "Actions[0].Type"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := checkAction(c.action)
			if c.member == "" {
				if err != nil {
					t.Fatalf("checkAction = %v, want accepted", err)
				}
				return
			}
			e, ok := err.(*apierr.Error)
			if !ok || !apierr.InvalidParameterV2.Is(err) || !strings.HasPrefix(e.Message, "Invalid parameter '"+c.member+"'. ") {
				t.Fatalf("checkAction = %v, want a ValidationException on %s", err, c.member)
			}
		})
	}
}

func TestFieldsUpdate(t *testing.T) {
	two, four := 2, 4
	const rule = "arn:aws:securityhub:us-east-1:111111111111:automation-rulev2/r"
	got := fieldsUpdate(Action{Type: FieldsUpdate, SeverityID: &four, StatusID: &two, Comment: "look"}, rule)
	want := map[string]any{"Severity": map[string]any{"Label": "HIGH"}, "Workflow": map[string]any{"Status": "NOTIFIED"},
		"Note": map[string]any{"Text": "look", "UpdatedBy": rule}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("fieldsUpdate = %v, want %v", got, want)
	}
	if got := fieldsUpdate(Action{Type: FieldsUpdate, StatusID: &four}, rule); !reflect.DeepEqual(got, map[string]any{"Workflow": map[string]any{"Status": "RESOLVED"}}) {
		t.Fatalf("fieldsUpdate of a status = %v", got)
	}
}

func TestInEvaluationOrder(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	list := []Rule{
		{Name: "late tie", Order: 2, UpdatedAt: t0.Add(time.Minute)},
		{Name: "fraction", Order: 1.5, UpdatedAt: t0.Add(time.Hour)},
		{Name: "early tie", Order: 2, UpdatedAt: t0},
		{Name: "first", Order: 1, UpdatedAt: t0.Add(2 * time.Hour)},
		{Name: "same time, created later", Order: 2, UpdatedAt: t0.Add(time.Minute)},
	}
	inEvaluationOrder(list)
	var names []string
	for _, r := range list {
		names = append(names, r.Name)
	}
	want := []string{"first", "fraction", "early tie", "late tie", "same time, created later"}
	if !slices.Equal(names, want) {
		t.Fatalf("order %v, want %v", names, want)
	}
}

func TestCompileRefusesWhatGetFindingsV2Refuses(t *testing.T) {
	now := time.Now()
	ok := map[string]any{"CompositeFilters": []any{map[string]any{"StringFilters": []any{
		map[string]any{"FieldName": "severity", "Filter": map[string]any{"Comparison": "EQUALS", "Value": "High"}}}}}}
	if _, err := compile(ok, now); err != nil {
		t.Fatalf("compile = %v", err)
	}
	wrongKind := map[string]any{"CompositeFilters": []any{map[string]any{"StringFilters": []any{
		map[string]any{"FieldName": "severity_id", "Filter": map[string]any{"Comparison": "EQUALS", "Value": "4"}}}}}}
	if _, err := compile(wrongKind, now); err == nil {
		t.Fatal("a number field as a string filter was accepted")
	} else if e, isAPI := err.(*apierr.Error); !isAPI || e.Code != apierr.CodeValidation {
		t.Fatalf("compile = %v, want a ValidationException", err)
	}
}
