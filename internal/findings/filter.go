package findings

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/apierr"
)

type kind int

const (
	kindString kind = iota
	kindNumber
	kindDate
	kindMap
	kindBoolean
	kindIP
	kindKeyword
)

type filterKey struct {
	kind kind
	path []string
	// values computes the key's values instead of reading them at path (GetFindingsV2's
	// fields without a filter key of their own: CustomKey).
	values func(Finding) []any
}

// of returns the finding's values of the key.
func (fk filterKey) of(doc Finding) []any {
	if fk.values != nil {
		return fk.values(doc)
	}
	return valuesOf(doc, fk.path)
}

// Filter limits of AWS: keys per Filters document, values per key.
const (
	maxFilterKeys   = 10
	maxFilterValues = 20
)

// hotColumns are the filter keys promoted to store columns: EQUALS and PREFIX on them, and
// sorting by them, run in the store's indexes.
var hotColumns = map[string]string{
	"AwsAccountId": colAccountID, "ProductArn": colProductARN, "Id": colID,
	"GeneratorId": colGeneratorID, "Title": colTitle, "SeverityLabel": colSeverityLabel,
	"WorkflowStatus": colWorkflowStatus, "RecordState": colRecordState,
	"ComplianceStatus": colComplianceStatus, "ProductName": colProductName, "CompanyName": colCompanyName,
	"SeverityNormalized": colSeverityNormalized, "CreatedAt": colCreatedAt, "UpdatedAt": colUpdatedAt,
	"FirstObservedAt": colFirstObservedAt, "LastObservedAt": colLastObservedAt,
}

// compiled is a validated filter set: a predicate over documents and the store conditions
// every match satisfies.
type compiled struct {
	keys  []keyMatcher
	conds []findingCond
	// inexact: some key is not fully expressed by conds (the documents must be checked).
	inexact bool
	// words allows CONTAINS_WORD, which only GetFindingsV2's filters have.
	words bool
	// hubRule is the rule the caller's hub must pass (nil: Security Hub CSPM's, hub.Require).
	hubRule HubRule
}

type keyMatcher struct {
	key   string
	match func(doc Finding) bool
}

// Matches reports whether a finding passes every filter key (keys are AND-ed).
func (c *compiled) Matches(doc Finding) bool {
	for _, k := range c.keys {
		if !k.match(doc) {
			return false
		}
	}
	return true
}

// filterLimits are how many keys a filter document may have (0: any number) and how many
// values each key takes.
type filterLimits struct {
	maxKeys   int
	maxValues func(key string) int
}

// findingFilterLimits are those of AwsSecurityFindingFilters (GetFindings, insights).
var findingFilterLimits = filterLimits{maxKeys: maxFilterKeys, maxValues: func(string) int { return maxFilterValues }}

// compileFilters validates raw Filters (the decoded AwsSecurityFindingFilters) and compiles them.
func compileFilters(raw map[string]any, now time.Time) (*compiled, error) {
	return compileWithin(raw, now, findingFilterLimits)
}

// compileWithin is compileFilters with the limits of another filter document.
func compileWithin(raw map[string]any, now time.Time, limits filterLimits) (*compiled, error) {
	c := &compiled{}
	if limits.maxKeys > 0 && len(raw) > limits.maxKeys {
		return nil, apierr.FilterTooManyKeys.New(limits.maxKeys, len(raw))
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		fk, ok := filterPaths[key]
		if !ok {
			return nil, apierr.FilterUnknownKey.New(key)
		}
		list, ok := raw[key].([]any)
		if !ok {
			if raw[key] == nil {
				continue
			}
			return nil, apierr.FilterNotList.New(key)
		}
		if len(list) == 0 {
			continue
		}
		if n := limits.maxValues(key); len(list) > n {
			return nil, apierr.FilterTooManyValues.New(key, len(list), n)
		}
		m, err := compileKey(c, key, fk, list, now)
		if err != nil {
			return nil, err
		}
		c.keys = append(c.keys, m)
	}
	return c, nil
}

// compileKey compiles the filters of one key, adding its store conditions to c.
func compileKey(c *compiled, key string, fk filterKey, list []any, now time.Time) (keyMatcher, error) {
	var m keyMatcher
	var err error
	switch fk.kind {
	case kindString:
		m, err = compileString(key, fk, list, c)
	case kindMap:
		m, err = compileMap(key, fk, list)
	case kindNumber:
		m, err = compileNumber(key, fk, list)
	case kindDate:
		m, err = compileDate(key, fk, list, now)
	case kindBoolean:
		m, err = compileBoolean(key, fk, list)
	case kindIP:
		m, err = compileIP(key, fk, list)
	case kindKeyword:
		m, err = compileKeyword(key, list)
	}
	if fk.kind != kindString {
		c.inexact = true
	}
	return m, err
}

func objects(key string, list []any) ([]map[string]any, error) {
	out := make([]map[string]any, len(list))
	for i, e := range list {
		o, ok := e.(map[string]any)
		if !ok {
			return nil, apierr.FilterNotObject.New(key)
		}
		out[i] = o
	}
	return out, nil
}

func stringsAt(doc Finding, path []string) []string { return stringsOf(valuesOf(doc, path)) }

// stringsOf returns the scalar values among vs as strings.
func stringsOf(vs []any) []string {
	var out []string
	for _, v := range vs {
		switch t := v.(type) {
		case string:
			out = append(out, t)
		case json.Number:
			out = append(out, t.String())
		case bool:
			out = append(out, fmt.Sprint(t))
		}
	}
	return out
}

// comparisonSet refuses the combinations of string and map comparisons that AWS refuses in
// one key: CONTAINS or NOT_CONTAINS with any other, EQUALS with NOT_EQUALS or
// PREFIX_NOT_EQUALS.
func comparisonSet(key string, comps []string) error {
	has := map[string]bool{}
	for _, c := range comps {
		has[c] = true
	}
	switch {
	case has["CONTAINS"] && len(has) > 1:
		return apierr.FilterContainsCombined.New(key)
	case has["NOT_CONTAINS"] && len(has) > 1:
		return apierr.FilterNotContainsCombined.New(key)
	case has["EQUALS"] && (has["NOT_EQUALS"] || has["PREFIX_NOT_EQUALS"]):
		return apierr.FilterEqualsCombined.New(key)
	}
	return nil
}

func stringTest(comparison, operand string) (test func(string) bool, negative bool, err error) {
	switch comparison {
	case "EQUALS":
		return func(s string) bool { return s == operand }, false, nil
	case "PREFIX":
		return func(s string) bool { return strings.HasPrefix(s, operand) }, false, nil
	case "CONTAINS":
		return func(s string) bool { return strings.Contains(s, operand) }, false, nil
	case "NOT_EQUALS":
		return func(s string) bool { return s == operand }, true, nil
	case "PREFIX_NOT_EQUALS":
		return func(s string) bool { return strings.HasPrefix(s, operand) }, true, nil
	case "NOT_CONTAINS":
		return func(s string) bool { return strings.Contains(s, operand) }, true, nil
	case "CONTAINS_WORD":
		return func(s string) bool { return containsWord(s, operand) }, false, nil
	}
	return nil, false, fmt.Errorf("comparison %q", comparison)
}

// combine builds a key's predicate: any positive test matches some value (OR), and no
// negative test matches any value (AND of negations); absent values pass every negative and
// no positive filter.
func combine(values func(Finding) []string, positives, negatives []func(string) bool) func(Finding) bool {
	return func(doc Finding) bool {
		vs := values(doc)
		for _, neg := range negatives {
			for _, v := range vs {
				if neg(v) {
					return false
				}
			}
		}
		if len(positives) == 0 {
			return true
		}
		for _, pos := range positives {
			for _, v := range vs {
				if pos(v) {
					return true
				}
			}
		}
		return false
	}
}

func compileString(key string, fk filterKey, list []any, c *compiled) (keyMatcher, error) {
	objs, err := objects(key, list)
	if err != nil {
		return keyMatcher{}, err
	}
	var comps []string
	var positives, negatives []func(string) bool
	cond := findingCond{Column: hotColumns[key]}
	for _, o := range objs {
		comp, _ := o["Comparison"].(string)
		value, ok := o["Value"].(string)
		if comp == "" || !ok {
			return keyMatcher{}, apierr.FilterStringIncomplete.New(key)
		}
		if comp == "CONTAINS_WORD" && !c.words {
			return keyMatcher{}, apierr.FilterContainsWord.New()
		}
		test, negative, err := stringTest(comp, value)
		if err != nil {
			return keyMatcher{}, apierr.FilterUnknownComparison.New(comp, key)
		}
		comps = append(comps, comp)
		if negative {
			negatives = append(negatives, test)
		} else {
			positives = append(positives, test)
			switch comp {
			case "EQUALS":
				cond.Equals = append(cond.Equals, value)
			case "PREFIX":
				cond.Prefixes = append(cond.Prefixes, value)
			default:
				cond.Column = "" // CONTAINS cannot narrow the store query
			}
		}
	}
	if err := comparisonSet(key, comps); err != nil {
		return keyMatcher{}, err
	}
	// Only keys whose every positive test is EQUALS or PREFIX narrow the store query; the
	// conditions say all of the key when there is no negative test.
	narrowed := false
	if len(positives) > 0 && len(positives) == len(cond.Equals)+len(cond.Prefixes) {
		if cond.Column != "" {
			c.conds, narrowed = append(c.conds, cond), true
		} else if isIndexed(key) {
			c.conds, narrowed = append(c.conds, findingCond{Column: colIndexed, IndexKey: key, Equals: cond.Equals, Prefixes: cond.Prefixes}), true
		}
	}
	if !narrowed || len(negatives) > 0 {
		c.inexact = true
	}
	return keyMatcher{key, combine(func(d Finding) []string { return stringsOf(fk.of(d)) }, positives, negatives)}, nil
}

func isIndexed(key string) bool {
	for _, k := range indexedKeys {
		if k == key {
			return true
		}
	}
	return false
}

func compileMap(key string, fk filterKey, list []any) (keyMatcher, error) {
	objs, err := objects(key, list)
	if err != nil {
		return keyMatcher{}, err
	}
	var comps []string
	type test struct {
		mapKey string
		fn     func(string) bool
	}
	var positives, negatives []test
	for _, o := range objs {
		comp, _ := o["Comparison"].(string)
		mk, ok1 := o["Key"].(string)
		value, ok2 := o["Value"].(string)
		if comp == "" || !ok1 || !ok2 {
			return keyMatcher{}, apierr.FilterMapIncomplete.New(key)
		}
		if comp != "EQUALS" && comp != "NOT_EQUALS" && comp != "CONTAINS" && comp != "NOT_CONTAINS" {
			return keyMatcher{}, apierr.FilterUnknownComparison.New(comp, key)
		}
		fn, negative, _ := stringTest(comp, value)
		comps = append(comps, comp)
		if negative {
			negatives = append(negatives, test{mk, fn})
		} else {
			positives = append(positives, test{mk, fn})
		}
	}
	if err := comparisonSet(key, comps); err != nil {
		return keyMatcher{}, err
	}
	return keyMatcher{key, func(doc Finding) bool {
		maps := fk.of(doc)
		valuesFor := func(k string) []string {
			var out []string
			for _, m := range maps {
				if mm, ok := m.(map[string]any); ok {
					if s, ok := mm[k].(string); ok {
						out = append(out, s)
					}
				}
			}
			return out
		}
		for _, n := range negatives {
			for _, v := range valuesFor(n.mapKey) {
				if n.fn(v) {
					return false
				}
			}
		}
		if len(positives) == 0 {
			return true
		}
		for _, p := range positives {
			for _, v := range valuesFor(p.mapKey) {
				if p.fn(v) {
					return true
				}
			}
		}
		return false
	}}, nil
}

func numbersOf(vs []any) []float64 {
	var out []float64
	for _, v := range vs {
		if n, ok := v.(json.Number); ok {
			if f, err := n.Float64(); err == nil {
				out = append(out, f)
			}
		}
	}
	return out
}

func number(o map[string]any, k string) (float64, bool, error) {
	v, ok := o[k]
	if !ok || v == nil {
		return 0, false, nil
	}
	n, ok := v.(json.Number)
	if !ok {
		return 0, false, fmt.Errorf("not a number")
	}
	f, err := n.Float64()
	return f, err == nil, err
}

func compileNumber(key string, fk filterKey, list []any) (keyMatcher, error) {
	objs, err := objects(key, list)
	if err != nil {
		return keyMatcher{}, err
	}
	var ranges []func(float64) bool
	for _, o := range objs {
		var tests []func(float64) bool
		for _, b := range []struct {
			name string
			fn   func(v, bound float64) bool
		}{
			{"Eq", func(v, b float64) bool { return v == b }}, {"Gte", func(v, b float64) bool { return v >= b }},
			{"Lte", func(v, b float64) bool { return v <= b }}, {"Gt", func(v, b float64) bool { return v > b }},
			{"Lt", func(v, b float64) bool { return v < b }},
		} {
			bound, ok, err := number(o, b.name)
			if err != nil {
				return keyMatcher{}, apierr.FilterBoundNotNumber.New(key)
			}
			if ok {
				fn := b.fn
				tests = append(tests, func(v float64) bool { return fn(v, bound) })
			}
		}
		if len(tests) == 0 {
			return keyMatcher{}, apierr.FilterNumberNoBound.New(key)
		}
		ranges = append(ranges, func(v float64) bool {
			for _, t := range tests {
				if !t(v) {
					return false
				}
			}
			return true
		})
	}
	return keyMatcher{key, func(doc Finding) bool {
		for _, v := range numbersOf(fk.of(doc)) {
			for _, r := range ranges {
				if r(v) {
					return true
				}
			}
		}
		return false
	}}, nil
}

func compileDate(key string, fk filterKey, list []any, now time.Time) (keyMatcher, error) {
	objs, err := objects(key, list)
	if err != nil {
		return keyMatcher{}, err
	}
	var ranges []func(time.Time) bool
	for _, o := range objs {
		start, hasStart := o["Start"].(string)
		end, hasEnd := o["End"].(string)
		dr, hasRange := o["DateRange"].(map[string]any)
		switch {
		case hasRange && (hasStart || hasEnd):
			return keyMatcher{}, apierr.FilterDateBothForms.New(key)
		case hasRange:
			n, ok, err := number(dr, "Value")
			unit, _ := dr["Unit"].(string)
			comp, _ := dr["Comparison"].(string)
			if err != nil || !ok || n <= 0 || unit != "DAYS" || (comp != "" && comp != "WITHIN" && comp != "OLDER_THAN") {
				return keyMatcher{}, apierr.FilterDateRangeInvalid.New(key)
			}
			edge := now.Add(-time.Duration(n * float64(24*time.Hour)))
			if comp == "OLDER_THAN" {
				ranges = append(ranges, func(t time.Time) bool { return t.Before(edge) })
			} else {
				ranges = append(ranges, func(t time.Time) bool { return !t.Before(edge) })
			}
		case hasStart || hasEnd:
			var from, to time.Time
			if hasStart {
				if from, err = ParseTime(start); err != nil {
					return keyMatcher{}, apierr.FilterStartInvalid.New(key)
				}
			}
			if hasEnd {
				if to, err = ParseTime(end); err != nil {
					return keyMatcher{}, apierr.FilterEndInvalid.New(key)
				}
			}
			ranges = append(ranges, func(t time.Time) bool {
				return (!hasStart || !t.Before(from)) && (!hasEnd || !t.After(to))
			})
		default:
			return keyMatcher{}, apierr.FilterDateIncomplete.New(key)
		}
	}
	return keyMatcher{key, func(doc Finding) bool {
		for _, s := range stringsOf(fk.of(doc)) {
			t, err := ParseTime(s)
			if err != nil {
				continue
			}
			for _, r := range ranges {
				if r(t) {
					return true
				}
			}
		}
		return false
	}}, nil
}

func compileBoolean(key string, fk filterKey, list []any) (keyMatcher, error) {
	objs, err := objects(key, list)
	if err != nil {
		return keyMatcher{}, err
	}
	var want []bool
	for _, o := range objs {
		b, ok := o["Value"].(bool)
		if !ok {
			return keyMatcher{}, apierr.FilterBooleanIncomplete.New(key)
		}
		want = append(want, b)
	}
	return keyMatcher{key, func(doc Finding) bool {
		got := false // an absent field counts as false
		if vs := fk.of(doc); len(vs) > 0 {
			got, _ = vs[0].(bool)
		}
		for _, w := range want {
			if w == got {
				return true
			}
		}
		return false
	}}, nil
}

func compileIP(key string, fk filterKey, list []any) (keyMatcher, error) {
	objs, err := objects(key, list)
	if err != nil {
		return keyMatcher{}, err
	}
	var prefixes []netip.Prefix
	for _, o := range objs {
		cidr, _ := o["Cidr"].(string)
		p, err := netip.ParsePrefix(cidr)
		if err != nil {
			a, aerr := netip.ParseAddr(cidr)
			if aerr != nil {
				return keyMatcher{}, apierr.FilterCIDRInvalid.New(cidr, key)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		prefixes = append(prefixes, p.Masked())
	}
	return keyMatcher{key, func(doc Finding) bool {
		for _, s := range stringsOf(fk.of(doc)) {
			a, err := netip.ParseAddr(s)
			if err != nil {
				continue
			}
			for _, p := range prefixes {
				if p.Contains(a) {
					return true
				}
			}
		}
		return false
	}}, nil
}

// compileKeyword implements the deprecated Keyword filter as a substring match over the
// finding's string values: how AWS matches keywords is not documented.
func compileKeyword(key string, list []any) (keyMatcher, error) {
	objs, err := objects(key, list)
	if err != nil {
		return keyMatcher{}, err
	}
	var words []string
	for _, o := range objs {
		w, ok := o["Value"].(string)
		if !ok {
			return keyMatcher{}, apierr.FilterKeywordIncomplete.New()
		}
		words = append(words, w)
	}
	var anyString func(v any, w string) bool
	anyString = func(v any, w string) bool {
		switch t := v.(type) {
		case string:
			return strings.Contains(t, w)
		case []any:
			for _, e := range t {
				if anyString(e, w) {
					return true
				}
			}
		case map[string]any:
			for _, e := range t {
				if anyString(e, w) {
					return true
				}
			}
		}
		return false
	}
	return keyMatcher{key, func(doc Finding) bool {
		for _, w := range words {
			if anyString(doc, w) {
				return true
			}
		}
		return false
	}}, nil
}
