// Package findings is the findings engine: ASFF validation and import (BatchImportFindings),
// customer updates (BatchUpdateFindings, UpdateFindings), finding history, and filtered,
// sorted, paginated queries (GetFindings) over the findings an account may see.
package findings

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/identity"
)

// Finding is one ASFF finding as a decoded JSON document (numbers as json.Number).
type Finding = map[string]any

// Limits of ASFF: the size of one finding, the length of any one of its fields, and the
// one schema version.
const (
	MaxFindingBytes = 240 * 1024
	MaxFieldChars   = 32768
	SchemaVersion   = "2018-10-08"
)

// Failure texts of BatchImportFindings.
const (
	formatPrefix = "Finding does not adhere to Amazon Finding Format. "
	// nonEmptyPattern is the model's pattern of NonEmptyString.
	nonEmptyPattern  = `.*\S.*`
	msgFieldTooLarge = "The maximum size of an individual field should be less than 32768"
	msgFindingTooBig = "Finding size exceeded 240 KB"
	msgSeverityAnyOf = "data should have required property 'FindingProviderFields', data should match some schema in anyOf"
)

// typePattern is the pattern Security Hub reports for finding types.
var typePattern = regexp.MustCompile(`^([^/]+)(/[^/]+){0,2}$`)

// timestampPattern is the RFC 3339 form Security Hub accepts (it tolerates a lowercase t/z
// and an offset without a colon); values are then parsed for real.
var timestampPattern = regexp.MustCompile(`^(\d\d\d\d)-([0-1]\d)-([0-3]\d)[Tt]([0-2]\d):([0-5]\d):([0-5]\d|60)(\.\d{1,9})?([Zz]|[+-]\d\d(:?\d\d)?)$`)

// ParseTime parses an ASFF timestamp.
func ParseTime(s string) (time.Time, error) {
	if !timestampPattern.MatchString(s) {
		return time.Time{}, fmt.Errorf("not an RFC 3339 date-time: %q", s)
	}
	norm := strings.ToUpper(s)
	// Offsets without a colon (+0530) become +05:30 for time.Parse.
	if n := len(norm); norm[n-1] != 'Z' {
		if off := norm[n-5:]; (off[0] == '+' || off[0] == '-') && !strings.Contains(off, ":") {
			norm = norm[:n-2] + ":" + norm[n-2:]
		} else if off := norm[n-3:]; off[0] == '+' || off[0] == '-' {
			norm += ":00"
		}
	}
	t, err := time.Parse(time.RFC3339Nano, norm)
	if err != nil {
		return t, err
	}
	return t.Truncate(time.Millisecond), nil
}

// CutToMillis keeps the caller's timestamp text but cuts a fraction longer than three digits
// (Security Hub keeps timestamps to the millisecond).
func CutToMillis(s string) string {
	dot := strings.IndexByte(s, '.')
	if dot < 0 {
		return s
	}
	end := dot + 1
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end-dot-1 <= 3 {
		return s
	}
	return s[:dot+4] + s[end:]
}

// FormatTime renders a server-generated time: UTC, milliseconds, Z.
func FormatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// timeFields are the ASFF timestamps checked and normalized at import.
var timeFields = [][]string{{"CreatedAt"}, {"UpdatedAt"}, {"FirstObservedAt"}, {"LastObservedAt"}, {"Note", "UpdatedAt"},
	{"Process", "LaunchedAt"}, {"Process", "TerminatedAt"}}

// limit is an ASFF constraint the model's shapes do not carry.
type limit struct {
	path     []string // members; "[]" steps into every list element
	maxLen   int      // strings: characters
	maxItems int      // lists and maps
	minItems int      // lists
	min, max *float64 // numbers
	exact12  bool     // twelve digits
}

func f64(v float64) *float64 { return &v }

var limits = []limit{
	{path: []string{"Id"}, maxLen: 512},
	{path: []string{"ProductArn"}, maxLen: 2048},
	{path: []string{"GeneratorId"}, maxLen: 512},
	{path: []string{"AwsAccountId"}, exact12: true},
	{path: []string{"AwsAccountName"}, maxLen: 50},
	{path: []string{"Title"}, maxLen: 256},
	{path: []string{"Description"}, maxLen: 1024},
	{path: []string{"Types"}, maxItems: 50},
	{path: []string{"Severity", "Normalized"}, min: f64(0), max: f64(100)},
	{path: []string{"Severity", "Original"}, maxLen: 64},
	{path: []string{"Confidence"}, min: f64(0), max: f64(100)},
	{path: []string{"Criticality"}, min: f64(0), max: f64(100)},
	{path: []string{"Remediation", "Recommendation", "Text"}, maxLen: 512},
	{path: []string{"ProductFields"}, maxItems: 50},
	{path: []string{"UserDefinedFields"}, maxItems: 50},
	{path: []string{"Malware"}, maxItems: 5},
	{path: []string{"Resources"}, minItems: 1, maxItems: 32},
	{path: []string{"Resources", "[]", "Type"}, maxLen: 256},
	{path: []string{"Resources", "[]", "Tags"}, maxItems: 50},
	{path: []string{"Resources", "[]", "Details", "Other"}, maxItems: 50},
	{path: []string{"Compliance", "RelatedRequirements"}, maxItems: 32},
	{path: []string{"Compliance", "AssociatedStandards"}, maxItems: 20},
	{path: []string{"RelatedFindings"}, maxItems: 10},
	{path: []string{"Note", "Text"}, maxLen: 512},
	{path: []string{"ThreatIntelIndicators"}, maxItems: 5},
	{path: []string{"Threats"}, maxItems: 32},
	{path: []string{"FindingProviderFields", "Types"}, maxItems: 50},
	{path: []string{"FindingProviderFields", "Severity", "Original"}, maxLen: 64},
	{path: []string{"FindingProviderFields", "Confidence"}, min: f64(0), max: f64(100)},
	{path: []string{"FindingProviderFields", "Criticality"}, min: f64(0), max: f64(100)},
}

// mapValueLimits bound the keys and values of ASFF maps.
var mapValueLimits = []struct {
	path           []string
	maxKey, maxVal int
}{
	{[]string{"ProductFields"}, 128, 2048},
	{[]string{"UserDefinedFields"}, 128, 1024},
	{[]string{"Resources", "[]", "Tags"}, 128, 256},
	{[]string{"Resources", "[]", "Details", "Other"}, 128, 1024},
}

// Validate checks one finding as BatchImportFindings does and returns the ErrorMessage of its
// failure, or "". raw is the finding's JSON as received (for the 240 KB limit).
func Validate(shape *awsmodel.Shape, f any, rawSize int) string {
	if rawSize > MaxFindingBytes {
		return msgFindingTooBig
	}
	if tooLongField(f) {
		return msgFieldTooLarge
	}
	obj, ok := f.(map[string]any)
	if !ok {
		return formatPrefix + "data should be object."
	}
	if vio := awsmodel.ValidateDeferred(shape, obj); vio != nil {
		return formatPrefix + ajvMessage(vio) + "."
	}
	if obj["SchemaVersion"] != SchemaVersion {
		return formatPrefix + "data.SchemaVersion should be equal to one of the allowed values."
	}
	if !hasSeverity(obj) {
		return formatPrefix + msgSeverityAnyOf + "."
	}
	if !hasTypes(obj) {
		return formatPrefix + "data should have required property 'Types'."
	}
	for _, key := range [][]string{{"Types"}, {"FindingProviderFields", "Types"}} {
		for i, t := range listAt(obj, key...) {
			if s, _ := t.(string); !typePattern.MatchString(s) {
				return fmt.Sprintf(`%sdata.%s[%d] should match pattern "%s".`, formatPrefix, strings.Join(key, "."), i, typePattern.String())
			}
		}
	}
	for _, l := range limits {
		if msg := checkLimit(obj, l); msg != "" {
			return formatPrefix + msg + "."
		}
	}
	for _, m := range mapValueLimits {
		if msg := checkMapValues(obj, m.path, m.maxKey, m.maxVal); msg != "" {
			return formatPrefix + msg + "."
		}
	}
	if id, _ := obj["Id"].(string); strings.HasPrefix(id, "arn:") && utf8.RuneCountInString(id) > 2048 {
		return formatPrefix + "data.Id should NOT be longer than 2048 characters."
	}
	for _, tf := range timeFields {
		if v, ok := at(obj, tf...); ok {
			s, _ := v.(string)
			if _, err := ParseTime(s); err != nil {
				return fmt.Sprintf(`%sdata.%s should match format "date-time".`, formatPrefix, strings.Join(tf, "."))
			}
		}
	}
	return ""
}

// ajvMessage renders a model violation in the AJV style Security Hub's finding schema uses.
func ajvMessage(v *awsmodel.Violation) string {
	var b strings.Builder
	b.WriteString("data")
	for _, s := range v.Path {
		switch {
		case s.IsIndex:
			b.WriteString("[" + strconv.Itoa(s.Index) + "]")
		case s.IsKey:
			b.WriteString("['" + s.Key + "']")
		default:
			b.WriteString("." + s.Member)
		}
	}
	path := b.String()
	switch v.Kind {
	case awsmodel.Required:
		if v.Member == "" {
			return path + " should not be null"
		}
		return path + " should have required property '" + v.Member + "'"
	case awsmodel.WrongType:
		want := map[string]string{"map": "object", "timestamp": "string"}[v.Want]
		if want == "" {
			want = v.Want
		}
		return path + " should be " + want
	case awsmodel.TooFewItems:
		return path + " should NOT have fewer than " + v.Limit + " items"
	case awsmodel.TooManyItems:
		return path + " should NOT have more than " + v.Limit + " items"
	case awsmodel.TooShort:
		return path + " should NOT be shorter than " + v.Limit + " characters"
	case awsmodel.TooLong:
		return path + " should NOT be longer than " + v.Limit + " characters"
	case awsmodel.NotInEnum:
		return path + " should be equal to one of the allowed values"
	case awsmodel.NoPatternMatch:
		if v.InKey {
			return path + " property name '" + v.Actual + "' is invalid"
		}
		if v.Pattern == nonEmptyPattern && v.Actual == "" {
			// ASFF's schema gives these strings a minimum length, which AWS reports
			// before their pattern.
			return path + " should NOT be shorter than 1 characters"
		}
		return path + ` should match pattern "` + v.Pattern + `"`
	case awsmodel.BelowMinimum:
		return path + " should be >= " + v.Limit
	case awsmodel.AboveMaximum:
		return path + " should be <= " + v.Limit
	}
	return path + " is invalid"
}

func hasSeverity(f Finding) bool {
	if sev, ok := f["Severity"].(map[string]any); ok && (sev["Label"] != nil || sev["Normalized"] != nil) {
		return true
	}
	_, ok := at(f, "FindingProviderFields", "Severity", "Label")
	return ok
}

func hasTypes(f Finding) bool {
	return len(listAt(f, "Types")) > 0 || len(listAt(f, "FindingProviderFields", "Types")) > 0
}

// at follows members of nested objects.
func at(v any, path ...string) (any, bool) {
	for _, p := range path {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = obj[p]; !ok || v == nil {
			return nil, false
		}
	}
	return v, true
}

func listAt(v any, path ...string) []any {
	l, _ := at(v, path...)
	list, _ := l.([]any)
	return list
}

// each calls fn with every value at path ("[]" steps into every list element), with the AJV
// path of each.
func each(v any, path []string, prefix string, fn func(v any, where string)) {
	if len(path) == 0 {
		fn(v, prefix)
		return
	}
	if path[0] == "[]" {
		for i, e := range asList(v) {
			each(e, path[1:], prefix+"["+strconv.Itoa(i)+"]", fn)
		}
		return
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return
	}
	if next, ok := obj[path[0]]; ok && next != nil {
		each(next, path[1:], prefix+"."+path[0], fn)
	}
}

func asList(v any) []any { l, _ := v.([]any); return l }

func checkLimit(f Finding, l limit) (msg string) {
	each(f, l.path, "data", func(v any, where string) {
		if msg != "" {
			return
		}
		switch t := v.(type) {
		case string:
			n := utf8.RuneCountInString(t)
			switch {
			case l.exact12 && !identity.IsAccountID(t):
				msg = where + ` should match pattern "^\d{12}$"`
			case l.maxLen > 0 && n > l.maxLen:
				msg = fmt.Sprintf("%s should NOT be longer than %d characters", where, l.maxLen)
			}
		case []any:
			if len(t) < l.minItems {
				msg = fmt.Sprintf("%s should NOT have fewer than %d items", where, l.minItems)
			} else if l.maxItems > 0 && len(t) > l.maxItems {
				msg = fmt.Sprintf("%s should NOT have more than %d items", where, l.maxItems)
			}
		case map[string]any:
			if l.maxItems > 0 && len(t) > l.maxItems {
				msg = fmt.Sprintf("%s should NOT have more than %d properties", where, l.maxItems)
			}
		case json.Number:
			n, _ := t.Float64()
			if l.min != nil && n < *l.min {
				msg = fmt.Sprintf("%s should be >= %g", where, *l.min)
			} else if l.max != nil && n > *l.max {
				msg = fmt.Sprintf("%s should be <= %g", where, *l.max)
			}
		}
	})
	return msg
}

func checkMapValues(f Finding, path []string, maxKey, maxVal int) (msg string) {
	each(f, path, "data", func(v any, where string) {
		m, _ := v.(map[string]any)
		for k, val := range m {
			if msg != "" {
				return
			}
			if utf8.RuneCountInString(k) > maxKey {
				msg = fmt.Sprintf("%s property name '%s' is invalid", where, k)
			} else if s, _ := val.(string); utf8.RuneCountInString(s) > maxVal {
				msg = fmt.Sprintf("%s['%s'] should NOT be longer than %d characters", where, k, maxVal)
			}
		}
	})
	return msg
}

// tooLongField reports whether any string in the document reaches MaxFieldChars.
func tooLongField(v any) bool {
	switch t := v.(type) {
	case string:
		return len(t) >= MaxFieldChars && utf8.RuneCountInString(t) >= MaxFieldChars
	case []any:
		for _, e := range t {
			if tooLongField(e) {
				return true
			}
		}
	case map[string]any:
		for k, e := range t {
			if len(k) >= MaxFieldChars || tooLongField(e) {
				return true
			}
		}
	}
	return false
}
