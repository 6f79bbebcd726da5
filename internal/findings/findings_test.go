package findings

import (
	"bytes"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/awsmodel"
)

func TestFilterKeysMatchModel(t *testing.T) {
	m := awsmodel.MustLoad("securityhub")
	model := m.Shapes["AwsSecurityFindingFilters"]
	for _, name := range model.MemberNames {
		if _, ok := filterPaths[name]; !ok {
			t.Errorf("model filter key %s has no path", name)
		}
	}
	if len(filterPaths) != len(model.MemberNames) {
		t.Errorf("%d paths for %d model keys", len(filterPaths), len(model.MemberNames))
	}
}

func doc(t testing.TB, s string) Finding {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var f Finding
	if err := dec.Decode(&f); err != nil {
		t.Fatal(err)
	}
	return f
}

// fixture findings for the filter table.
var fixture = []string{
	`{"Id":"a","Severity":{"Label":"HIGH","Normalized":70},"Types":["TTPs/Discovery"],"Resources":[{"Type":"AwsIamRole","Id":"r1","Tags":{"Department":"Finance"}}],"Workflow":{"Status":"NEW"},"UpdatedAt":"2026-01-03T00:00:00Z","Network":{"SourceIpV4":"10.0.0.5"},"Sample":true,"UserDefinedFields":{"team":"red"}}`,
	`{"Id":"b","Severity":{"Label":"LOW","Normalized":1},"Types":["Effects/Data Exposure"],"Resources":[{"Type":"AwsEc2Instance","Id":"i-1"},{"Type":"AwsEc2NetworkInterface","Id":"eni-1"}],"Workflow":{"Status":"RESOLVED"},"UpdatedAt":"2026-01-01T00:00:00Z","Network":{"SourceIpV4":"192.168.1.1"}}`,
	`{"Id":"c","Severity":{"Label":"MEDIUM","Normalized":40},"Resources":[{"Type":"AwsIamPolicy","Id":"p1","Tags":{"Department":"Ops"}}],"Workflow":{"Status":"NOTIFIED"},"UpdatedAt":"2026-01-02T00:00:00Z","Title":"Security Hub check"}`,
}

// TestFilters drives the filter compiler with a Filters document and checks which fixture
// findings match, covering each filter type, comparison and the combination rules.
func TestFilters(t *testing.T) {
	now := time.Date(2026, 1, 4, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name, filters string
		want          string // matching ids, or "error"
	}{
		{"equals", `{"SeverityLabel":[{"Value":"HIGH","Comparison":"EQUALS"}]}`, "a"},
		{"equals OR-ed", `{"SeverityLabel":[{"Value":"HIGH","Comparison":"EQUALS"},{"Value":"LOW","Comparison":"EQUALS"}]}`, "a,b"},
		{"prefix on multi-valued", `{"ResourceType":[{"Value":"AwsEc2","Comparison":"PREFIX"}]}`, "b"},
		{"prefix with not-equals", `{"ResourceType":[{"Value":"AwsIam","Comparison":"PREFIX"},{"Value":"AwsIamPolicy","Comparison":"NOT_EQUALS"}]}`, "a"},
		{"not-equals excludes any value", `{"ResourceType":[{"Value":"AwsEc2NetworkInterface","Comparison":"NOT_EQUALS"}]}`, "a,c"},
		{"prefix-not-equals", `{"ResourceType":[{"Value":"AwsIam","Comparison":"PREFIX_NOT_EQUALS"}]}`, "b"},
		{"contains", `{"Title":[{"Value":"Hub","Comparison":"CONTAINS"}]}`, "c"},
		{"not-contains matches absent", `{"Title":[{"Value":"Hub","Comparison":"NOT_CONTAINS"}]}`, "a,b"},
		{"case-sensitive", `{"Title":[{"Value":"security hub","Comparison":"CONTAINS"}]}`, ""},
		{"keys AND-ed", `{"SeverityLabel":[{"Value":"HIGH","Comparison":"EQUALS"}],"WorkflowStatus":[{"Value":"RESOLVED","Comparison":"EQUALS"}]}`, ""},
		{"number range", `{"SeverityNormalized":[{"Gte":40,"Lte":69}]}`, "c"},
		{"number objects OR-ed", `{"SeverityNormalized":[{"Eq":1},{"Gt":69}]}`, "a,b"},
		{"date range", `{"UpdatedAt":[{"Start":"2026-01-02T00:00:00Z","End":"2026-01-03T00:00:00Z"}]}`, "a,c"},
		{"date within", `{"UpdatedAt":[{"DateRange":{"Value":2,"Unit":"DAYS"}}]}`, "a,c"},
		{"date older than", `{"UpdatedAt":[{"DateRange":{"Value":2,"Unit":"DAYS","Comparison":"OLDER_THAN"}}]}`, "b"},
		{"map equals on list of maps", `{"ResourceTags":[{"Key":"Department","Value":"Finance","Comparison":"EQUALS"}]}`, "a"},
		{"map not-equals", `{"ResourceTags":[{"Key":"Department","Value":"Finance","Comparison":"NOT_EQUALS"}]}`, "b,c"},
		{"map user-defined", `{"UserDefinedFields":[{"Key":"team","Value":"re","Comparison":"CONTAINS"}]}`, "a"},
		{"ip cidr", `{"NetworkSourceIpV4":[{"Cidr":"10.0.0.0/8"}]}`, "a"},
		{"boolean absent is false", `{"Sample":[{"Value":false}]}`, "b,c"},
		{"types", `{"Type":[{"Value":"TTPs","Comparison":"PREFIX"}]}`, "a"},
		{"forbidden equals+not-equals", `{"Id":[{"Value":"a","Comparison":"EQUALS"},{"Value":"b","Comparison":"NOT_EQUALS"}]}`, "error"},
		{"forbidden contains+other", `{"Id":[{"Value":"a","Comparison":"CONTAINS"},{"Value":"b","Comparison":"PREFIX"}]}`, "error"},
		{"contains-word refused", `{"Id":[{"Value":"a","Comparison":"CONTAINS_WORD"}]}`, "error"},
		{"unknown key", `{"Nope":[{"Value":"a","Comparison":"EQUALS"}]}`, "error"},
		{"number without bound", `{"Confidence":[{}]}`, "error"},
		{"date with both forms", `{"UpdatedAt":[{"Start":"2026-01-01T00:00:00Z","DateRange":{"Value":1,"Unit":"DAYS"}}]}`, "error"},
		{"bad cidr", `{"NetworkSourceIpV4":[{"Cidr":"nope"}]}`, "error"},
		{"too many values", `{"Id":[` + strings.Repeat(`{"Value":"a","Comparison":"EQUALS"},`, 20) + `{"Value":"a","Comparison":"EQUALS"}]}`, "error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			compiled, err := compileFilters(doc(t, c.filters), now)
			if c.want == "error" {
				var ae *apierr.Error
				if !errors.As(err, &ae) || ae.Code != apierr.CodeInvalidInput {
					t.Fatalf("want InvalidInput, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range fixture {
				d := doc(t, f)
				if compiled.Matches(d) {
					got = append(got, d["Id"].(string))
				}
			}
			sort.Strings(got)
			if strings.Join(got, ",") != c.want {
				t.Fatalf("matched %v, want %s", got, c.want)
			}
		})
	}
}

func TestTimestamps(t *testing.T) {
	for in, want := range map[string]string{
		"2024-10-31T23:00:00.123456789Z": "2024-10-31T23:00:00.123Z",
		"2022-04-08T08:34:05Z":           "2022-04-08T08:34:05Z",
		"2022-04-08T08:34:05.5+01:00":    "2022-04-08T08:34:05.5+01:00",
	} {
		if got := CutToMillis(in); got != want {
			t.Errorf("CutToMillis(%s) = %s", in, got)
		}
	}
	for _, ok := range []string{"2024-01-01T00:00:00Z", "2024-01-01t00:00:00z", "2024-01-01T00:00:00-1759", "2024-01-01T00:00:00.123456789+05:30"} {
		if _, err := ParseTime(ok); err != nil {
			t.Errorf("ParseTime(%s): %v", ok, err)
		}
	}
	for _, bad := range []string{"2024-01-01", "2024-01-01 00:00:00Z", "2024-13-01T00:00:00Z", "yesterday"} {
		if _, err := ParseTime(bad); err == nil {
			t.Errorf("ParseTime(%s) accepted", bad)
		}
	}
}

// FuzzFilters feeds arbitrary Filters documents to the compiler and the compiled predicate:
// no panic; a refusal is always an InvalidInputException.
func FuzzFilters(f *testing.F) {
	f.Add(`{"SeverityLabel":[{"Value":"HIGH","Comparison":"EQUALS"}]}`)
	f.Add(`{"UpdatedAt":[{"DateRange":{"Value":1e300,"Unit":"DAYS"}}],"NetworkSourceIpV4":[{"Cidr":"::1/200"}]}`)
	f.Add(`{"ResourceTags":[{"Key":"a","Value":"b","Comparison":"NOT_CONTAINS"}],"Confidence":[{"Gte":"x"}]}`)
	now := time.Date(2026, 1, 4, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, filters string) {
		dec := json.NewDecoder(bytes.NewReader([]byte(filters)))
		dec.UseNumber()
		var m map[string]any
		if dec.Decode(&m) != nil {
			return
		}
		c, err := compileFilters(m, now)
		if err != nil {
			var ae *apierr.Error
			if !errors.As(err, &ae) || ae.Status != 400 {
				t.Fatalf("refusal is not a 400: %v", err)
			}
			return
		}
		for _, fx := range fixture {
			c.Matches(doc(t, fx))
		}
	})
}

// FuzzValidate feeds arbitrary documents to the ASFF validator: no panic.
func FuzzValidate(f *testing.F) {
	f.Add(`{"SchemaVersion":"2018-10-08","Id":"x","ProductArn":"arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default","GeneratorId":"g","AwsAccountId":"111111111111","CreatedAt":"2024-01-01T00:00:00Z","UpdatedAt":"2024-01-01T00:00:00Z","Title":"t","Description":"d","Resources":[{"Type":"T","Id":"i"}],"Severity":{"Label":"LOW"},"Types":["a/b"]}`)
	f.Add(`{"Resources":[null],"Types":[1],"Severity":{"Normalized":"x"}}`)
	shape := awsmodel.MustLoad("securityhub").Shapes["AwsSecurityFinding"]
	f.Fuzz(func(t *testing.T, finding string) {
		dec := json.NewDecoder(bytes.NewReader([]byte(finding)))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) != nil {
			return
		}
		Validate(shape, v, len(finding))
	})
}
