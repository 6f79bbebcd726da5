package findingsv2

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/findings"
)

// TestFieldsCoverTheModel checks that every field the model's enumerations name is known,
// with the filter type of the enumeration it is in.
func TestFieldsCoverTheModel(t *testing.T) {
	m := awsmodel.MustLoad("securityhub")
	enum := func(name string) []string {
		s, ok := m.Shapes[name]
		if !ok {
			t.Fatalf("no shape %s", name)
		}
		return s.Enum
	}
	for shape, kind := range map[string]string{"OcsfStringField": findings.KindString, "OcsfDateField": findings.KindDate,
		"OcsfBooleanField": findings.KindBoolean, "OcsfNumberField": findings.KindNumber, "OcsfMapField": findings.KindMap,
		"OcsfIpField": findings.KindIP} {
		for _, f := range enum(shape) {
			if fields[f].kind != kind {
				t.Errorf("%s %q: kind %q, want %q", shape, f, fields[f].kind, kind)
			}
		}
	}
	for _, f := range enum("GroupByField") {
		if _, ok := groupFields[f]; !ok {
			t.Errorf("GroupByField %q missing", f)
		}
	}
	for _, f := range enum("FindingsTrendsStringField") {
		if _, ok := fields[trendsFields[f]]; !ok {
			t.Errorf("FindingsTrendsStringField %q missing", f)
		}
	}
	for shape, kind := range map[string]string{"ResourcesStringField": findings.KindString, "ResourcesNumberField": findings.KindNumber,
		"ResourcesMapField": findings.KindMap} {
		for _, f := range enum(shape) {
			if resourceFields[f].kind != kind {
				t.Errorf("%s %q: kind %q, want %q", shape, f, resourceFields[f].kind, kind)
			}
		}
	}
	for _, f := range enum("ResourcesDateField") {
		if resourceFields[f].kind != findings.KindDate {
			t.Errorf("ResourcesDateField %q missing", f)
		}
	}
	for _, f := range enum("ResourceGroupByField") {
		if !resourceGroupFields[f] {
			t.Errorf("ResourceGroupByField %q missing", f)
		}
	}
	for _, f := range enum("ResourcesTrendsStringField") {
		if _, ok := resourceFields[resourceTrendsFields[f]]; !ok {
			t.Errorf("ResourcesTrendsStringField %q missing", f)
		}
	}
}

func str1(field, comparison, value string) leaf {
	return leaf{field, findings.KindString, map[string]any{"Comparison": comparison, "Value": value}}
}

// TestResolveFinding checks how leaves on OCSF fields become findings filters: on the ASFF
// key with the same values (enumerations translated for EQUALS and NOT_EQUALS), else computed
// from the OCSF form; unknown fields and fields of another type are refused.
func TestResolveFinding(t *testing.T) {
	cases := []struct {
		name    string
		leaf    leaf
		key     string // the ASFF key, "" for a computed one
		value   string
		invalid bool
	}{
		{"title on Title", str1("finding_info.title", "PREFIX", "S3"), "Title", "S3", false},
		{"account on AwsAccountId", str1("cloud.account.uid", "EQUALS", "1"), "AwsAccountId", "1", false},
		{"severity name to label", str1("severity", "EQUALS", "Critical"), "SeverityLabel", "CRITICAL", false},
		{"status name to workflow", str1("status", "NOT_EQUALS", "In Progress"), "WorkflowStatus", "NOTIFIED", false},
		{"compliance name to status", str1("compliance.status", "EQUALS", "Fail"), "ComplianceStatus", "FAILED", false},
		{"severity prefix is computed", str1("severity", "PREFIX", "Crit"), "", "", false},
		{"Fatal has no label", str1("severity", "EQUALS", "Fatal"), "", "", false},
		{"class name is computed", str1("class_name", "EQUALS", "Detection Finding"), "", "", false},
		{"resource type on the index", str1("resources.type", "EQUALS", "AwsS3Bucket"), "ResourceType", "AwsS3Bucket", false},
		{"unknown field", str1("no.such", "EQUALS", "x"), "", "", true},
		{"string filter on a number field", str1("severity_id", "EQUALS", "5"), "", "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := resolveFinding(c.leaf, &ocsfCache{})
			if c.invalid {
				var e *apierr.Error
				if !errors.As(err, &e) || e.Code != "ValidationException" {
					t.Fatalf("got %v, want a ValidationException", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.key == "" {
				if got.Custom == nil || got.Key != c.leaf.field {
					t.Fatalf("got %+v, want a computed key", got)
				}
				return
			}
			if got.Custom != nil || got.Key != c.key || got.Filter["Value"] != c.value {
				t.Fatalf("got %+v, want %s %s", got, c.key, c.value)
			}
		})
	}
}

// TestFilterTrees evaluates V2 filters on the representative findings.
func TestFilterTrees(t *testing.T) {
	docs := map[string]map[string]any{}
	for name, raw := range map[string]string{"control": controlFinding, "guardduty": guardDutyFinding, "inspector": inspectorFinding,
		"custom": customFinding} {
		d, err := decode([]byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		docs[name] = d
	}
	num := func(field string, bounds map[string]any) leaf { return leaf{field, findings.KindNumber, bounds} }
	n := func(f float64) any { return num2(f) }
	cases := []struct {
		name  string
		comps []composite
		op    string
		want  string // the matching findings, sorted, comma-separated
	}{
		{"no filter", nil, "", "control,custom,guardduty,inspector"},
		{"severity EQUALS", []composite{{leaves: []leaf{str1("severity", "EQUALS", "High")}}}, "", "guardduty"},
		{"OR in a composite", []composite{{or: true, leaves: []leaf{str1("severity", "EQUALS", "High"), str1("status", "EQUALS", "Suppressed")}}}, "", "custom,guardduty"},
		{"AND in a composite", []composite{{leaves: []leaf{str1("cloud.account.uid", "EQUALS", "111111111111"), str1("class_name", "EQUALS", "Compliance Finding")}}}, "", "control"},
		{"composites OR-ed", []composite{{leaves: []leaf{str1("finding_info.uid", "EQUALS", "scan-42")}}, {leaves: []leaf{str1("compliance.control", "EQUALS", "S3.1")}}}, "OR", "control,custom"},
		{"composites AND-ed", []composite{{leaves: []leaf{str1("cloud.account.uid", "EQUALS", "111111111111")}}, {leaves: []leaf{str1("severity", "NOT_EQUALS", "Medium")}}}, "AND", "inspector"},
		{"nested", []composite{{leaves: []leaf{str1("cloud.region", "EQUALS", "us-east-1")},
			nested: []composite{{or: true, leaves: []leaf{num("severity_id", map[string]any{"Gte": n(5)}), str1("status", "EQUALS", "New")}}}}}, "", "guardduty,inspector"},
		{"CONTAINS_WORD", []composite{{leaves: []leaf{str1("finding_info.title", "CONTAINS_WORD", "public")}}}, "", "control"},
		{"CONTAINS_WORD needs whole words", []composite{{leaves: []leaf{str1("finding_info.title", "CONTAINS_WORD", "publi")}}}, "", ""},
		{"number on a computed field", []composite{{leaves: []leaf{num("vulnerabilities.cve.cvss.base_score", map[string]any{"Gt": n(9)})}}}, "", "inspector"},
		{"boolean", []composite{{leaves: []leaf{{"vulnerabilities.is_fix_available", findings.KindBoolean, map[string]any{"Value": true}}}}}, "", "inspector"},
		{"map on resource tags", []composite{{leaves: []leaf{{"resources.tags", findings.KindMap, map[string]any{"Comparison": "EQUALS", "Key": "env", "Value": "prod"}}}}}, "", "guardduty"},
		{"ip", []composite{{leaves: []leaf{{"evidences.dst_endpoint.ip", findings.KindIP, map[string]any{"Cidr": "198.51.100.0/24"}}}}}, "", "guardduty"},
		{"date", []composite{{leaves: []leaf{{"finding_info.created_time_dt", findings.KindDate, map[string]any{"End": "2026-10-15T00:00:00Z"}}}}}, "", "inspector"},
		{"activity", []composite{{leaves: []leaf{str1("activity_name", "EQUALS", "Close")}}}, "", "inspector"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr, err := findingTree(c.comps, c.op)
			if err != nil {
				t.Fatal(err)
			}
			if tr == nil {
				tr = &findings.FilterTree{}
			}
			m, err := findings.CompileTree(*tr, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, name := range []string{"control", "custom", "guardduty", "inspector"} {
				if m.Matches(docs[name]) {
					got = append(got, name)
				}
			}
			if strings.Join(got, ",") != c.want {
				t.Errorf("matched %v, want %s", got, c.want)
			}
		})
	}
}

// TestFilterLimits checks the limits of the model's documentation.
func TestFilterLimits(t *testing.T) {
	many := make([]composite, 11)
	if _, err := findingTree(many, "AND"); !apierr.V2TooMany.Is(err) {
		t.Errorf("11 composites: %v", err)
	}
	deep := []composite{{nested: []composite{{nested: []composite{{}}}}}}
	if _, err := findingTree(deep, "AND"); !apierr.V2NestedTooDeep.Is(err) {
		t.Errorf("nested twice: %v", err)
	}
	var leaves []leaf
	for range 21 {
		leaves = append(leaves, str1("severity", "EQUALS", "High"))
	}
	if err := counted("StringFilters", len(leaves)); !apierr.V2TooMany.Is(err) {
		t.Errorf("21 string filters: %v", err)
	}
}

func num2(f float64) any { return num(&f) }
