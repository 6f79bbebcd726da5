package findingsv2

import (
	"encoding/json"
	"reflect"
	"strconv"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/findings"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
)

// The V2 filter language (composite filters of typed filters on OCSF fields) translated to
// findings' filter trees: a field with an ASFF filter key of the same values becomes a leaf
// on that key (evaluated in the store when the key is a promoted or indexed one, as
// GetFindings' filters are); the others are computed from the finding's OCSF form.

// Limits of the V2 filters (GetFindingsV2Request's documentation).
const (
	maxComposites     = 10
	maxFiltersPerType = 20
	maxGroupByRules   = 5
)

// leaf is one typed filter on a field, in the form findings compiles (FilterLeaf.Filter).
type leaf struct {
	field, kind string
	filter      map[string]any
}

// composite is a CompositeFilter of any of the V2 filter shapes.
type composite struct {
	or     bool
	leaves []leaf
	nested []composite
}

// resolver turns a leaf into a findings filter leaf, or refuses its field.
type resolver func(l leaf) (findings.FilterLeaf, error)

// tree builds the filter tree of composites joined by operator, refusing what the model's
// limits refuse: more than ten composites, more than twenty filters of a type in one, and
// NestedCompositeFilters nested again.
func tree(comps []composite, operator string, resolve resolver) (*findings.FilterTree, error) {
	if len(comps) > maxComposites {
		return nil, apierr.V2TooMany.New("Filters.CompositeFilters", maxComposites, len(comps))
	}
	root := &findings.FilterTree{Or: operator == "OR"}
	for _, c := range comps {
		t, err := node(c, resolve, 1)
		if err != nil {
			return nil, err
		}
		root.Children = append(root.Children, t)
	}
	return root, nil
}

func node(c composite, resolve resolver, depth int) (findings.FilterTree, error) {
	t := findings.FilterTree{Or: c.or}
	for _, l := range c.leaves {
		fl, err := resolve(l)
		if err != nil {
			return t, err
		}
		t.Leaves = append(t.Leaves, fl)
	}
	if len(c.nested) > 0 && depth > 1 {
		return t, apierr.V2NestedTooDeep.New()
	}
	for _, n := range c.nested {
		child, err := node(n, resolve, depth+1)
		if err != nil {
			return t, err
		}
		t.Children = append(t.Children, child)
	}
	return t, nil
}

// counted refuses more than maxFiltersPerType filters of a type.
func counted(kind string, n int) error {
	if n > maxFiltersPerType {
		return apierr.V2TooMany.New("Filters.CompositeFilters."+kind, maxFiltersPerType, n)
	}
	return nil
}

func missing(field string) error {
	return apierr.V2Invalid.New("Invalid parameter 'Filters'. The filter on '" + field + "' has no Filter.")
}

func num(f *float64) json.Number { return json.Number(strconv.FormatFloat(*f, 'f', -1, 64)) }

func stringLeaf(field string, f *sh.StringFilter) (leaf, error) {
	if f == nil {
		return leaf{}, missing(field)
	}
	return leaf{field, findings.KindString, map[string]any{"Comparison": f.Comparison, "Value": f.Value}}, nil
}

func numberLeaf(field string, f *sh.NumberFilter) (leaf, error) {
	if f == nil {
		return leaf{}, missing(field)
	}
	m := map[string]any{}
	for name, v := range map[string]*float64{"Eq": f.Eq, "Gt": f.Gt, "Gte": f.Gte, "Lt": f.Lt, "Lte": f.Lte} {
		if v != nil {
			m[name] = num(v)
		}
	}
	return leaf{field, findings.KindNumber, m}, nil
}

func dateLeaf(field string, f *sh.DateFilter) (leaf, error) {
	if f == nil {
		return leaf{}, missing(field)
	}
	m := map[string]any{}
	if f.Start != "" {
		m["Start"] = f.Start
	}
	if f.End != "" {
		m["End"] = f.End
	}
	if r := f.DateRange; r != nil {
		dr := map[string]any{"Unit": r.Unit, "Comparison": r.Comparison}
		if r.Value != nil {
			dr["Value"] = json.Number(strconv.Itoa(int(*r.Value)))
		}
		m["DateRange"] = dr
	}
	return leaf{field, findings.KindDate, m}, nil
}

func mapLeaf(field string, f *sh.MapFilter) (leaf, error) {
	if f == nil {
		return leaf{}, missing(field)
	}
	return leaf{field, findings.KindMap, map[string]any{"Comparison": f.Comparison, "Key": f.Key, "Value": f.Value}}, nil
}

// ocsfComposites reads GetFindingsV2's filters.
func ocsfComposites(list []sh.CompositeFilter) ([]composite, error) {
	var out []composite
	for _, c := range list {
		comp := composite{or: c.Operator == "OR"}
		for kind, n := range map[string]int{"StringFilters": len(c.StringFilters), "DateFilters": len(c.DateFilters),
			"BooleanFilters": len(c.BooleanFilters), "NumberFilters": len(c.NumberFilters), "MapFilters": len(c.MapFilters),
			"IpFilters": len(c.IpFilters)} {
			if err := counted(kind, n); err != nil {
				return nil, err
			}
		}
		add := func(l leaf, err error) error {
			comp.leaves = append(comp.leaves, l)
			return err
		}
		for _, f := range c.StringFilters {
			if err := add(stringLeaf(f.FieldName, f.Filter)); err != nil {
				return nil, err
			}
		}
		for _, f := range c.DateFilters {
			if err := add(dateLeaf(f.FieldName, f.Filter)); err != nil {
				return nil, err
			}
		}
		for _, f := range c.NumberFilters {
			if err := add(numberLeaf(f.FieldName, f.Filter)); err != nil {
				return nil, err
			}
		}
		for _, f := range c.MapFilters {
			if err := add(mapLeaf(f.FieldName, f.Filter)); err != nil {
				return nil, err
			}
		}
		for _, f := range c.BooleanFilters {
			if f.Filter == nil {
				return nil, missing(f.FieldName)
			}
			m := map[string]any{}
			if f.Filter.Value != nil {
				m["Value"] = *f.Filter.Value
			}
			comp.leaves = append(comp.leaves, leaf{f.FieldName, findings.KindBoolean, m})
		}
		for _, f := range c.IpFilters {
			if f.Filter == nil {
				return nil, missing(f.FieldName)
			}
			comp.leaves = append(comp.leaves, leaf{f.FieldName, findings.KindIP, map[string]any{"Cidr": f.Filter.Cidr}})
		}
		nested, err := ocsfComposites(c.NestedCompositeFilters)
		if err != nil {
			return nil, err
		}
		comp.nested = nested
		out = append(out, comp)
	}
	return out, nil
}

// trendsComposites reads GetFindingsTrendsV2's filters, naming their fields by the OCSF
// fields they stand for.
func trendsComposites(list []sh.FindingsTrendsCompositeFilter) ([]composite, error) {
	var out []composite
	for _, c := range list {
		comp := composite{or: c.Operator == "OR"}
		if err := counted("StringFilters", len(c.StringFilters)); err != nil {
			return nil, err
		}
		for _, f := range c.StringFilters {
			ocsf, ok := trendsFields[f.FieldName]
			if !ok {
				return nil, apierr.V2UnknownField.New("Filters", f.FieldName)
			}
			l, err := stringLeaf(ocsf, f.Filter)
			if err != nil {
				return nil, err
			}
			comp.leaves = append(comp.leaves, l)
		}
		nested, err := trendsComposites(c.NestedCompositeFilters)
		if err != nil {
			return nil, err
		}
		comp.nested = nested
		out = append(out, comp)
	}
	return out, nil
}

// trendsFields are the fields of GetFindingsTrendsV2's filters and the OCSF fields they are.
var trendsFields = map[string]string{"account_id": "cloud.account.uid", "region": "cloud.region",
	"finding_types": "finding_info.types", "finding_status": "status", "finding_cve_ids": "vulnerabilities.cve.uid",
	"finding_compliance_status": "compliance.status", "finding_control_id": "compliance.control",
	"finding_class_name": "class_name", "finding_provider": "metadata.product.name", "finding_activity_name": "activity_name",
	"resource_cloud_providers": "resources.provider", "resource_regions": "resources.region",
	"resource_owner_ids": "resources.owner.account.uid", "resource_owner_organization_ids": "resources.owner.org.uid"}

// findingTree builds the findings filter tree of V2 filters on OCSF fields (nil: none).
func findingTree(comps []composite, operator string) (*findings.FilterTree, error) {
	if len(comps) == 0 {
		return nil, nil
	}
	cache := &ocsfCache{}
	return tree(comps, operator, func(l leaf) (findings.FilterLeaf, error) { return resolveFinding(l, cache) })
}

// resolveFinding maps a leaf on an OCSF field onto findings' filters.
func resolveFinding(l leaf, cache *ocsfCache) (findings.FilterLeaf, error) {
	f, ok := fields[l.field]
	if !ok || f.kind != l.kind {
		return findings.FilterLeaf{}, apierr.V2UnknownField.New("Filters", l.field)
	}
	if f.asff != "" {
		if f.values == nil {
			return findings.FilterLeaf{Key: f.asff, Filter: l.filter}, nil
		}
		comp, _ := l.filter["Comparison"].(string)
		value, _ := l.filter["Value"].(string)
		if asff, known := f.values[value]; known && (comp == "EQUALS" || comp == "NOT_EQUALS") {
			return findings.FilterLeaf{Key: f.asff, Filter: map[string]any{"Comparison": comp, "Value": asff}}, nil
		}
	}
	path := splitPath(l.field)
	return findings.FilterLeaf{Key: l.field, Filter: l.filter, Custom: &findings.CustomKey{Kind: l.kind,
		Values: func(doc map[string]any) []any { return valuesAt(cache.of(doc), path) }}}, nil
}

// ocsfCache keeps the OCSF form of the finding last mapped: the leaves of one request that
// are computed from it test the same document one after the other.
// It holds the finding too, so that its address is not reused for another while cached.
type ocsfCache struct {
	doc  map[string]any
	ocsf map[string]any
}

func (c *ocsfCache) of(doc map[string]any) map[string]any {
	if c.ocsf == nil || reflect.ValueOf(c.doc).Pointer() != reflect.ValueOf(doc).Pointer() {
		c.doc, c.ocsf = doc, ToOCSF(doc)
	}
	return c.ocsf
}

// valuesAt collects the values at a dotted path, stepping into every element of the lists
// on the way; numbers come out as json.Number, as findings' filters read them.
func valuesAt(v any, path []string) []any {
	if len(path) == 0 {
		switch t := v.(type) {
		case nil:
			return nil
		case []any:
			var out []any
			for _, e := range t {
				out = append(out, valuesAt(e, nil)...)
			}
			return out
		case int:
			return []any{json.Number(strconv.Itoa(t))}
		case int64:
			return []any{json.Number(strconv.FormatInt(t, 10))}
		case []string:
			return anys(t)
		}
		return []any{v}
	}
	switch t := v.(type) {
	case map[string]any:
		return valuesAt(t[path[0]], path[1:])
	case []any:
		var out []any
		for _, e := range t {
			out = append(out, valuesAt(e, path)...)
		}
		return out
	}
	return nil
}
