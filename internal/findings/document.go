package findings

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/awsmodel"
)

// labelScore maps the severity labels to the normalized score Security Hub gives each
// (a Label without Normalized is completed with it; Normalized gives its Label by range).
var labelScore = map[string]int64{"INFORMATIONAL": 0, "LOW": 1, "MEDIUM": 40, "HIGH": 70, "CRITICAL": 90}

func labelOf(normalized int64) string {
	switch {
	case normalized >= 90:
		return "CRITICAL"
	case normalized >= 70:
		return "HIGH"
	case normalized >= 40:
		return "MEDIUM"
	case normalized >= 1:
		return "LOW"
	}
	return "INFORMATIONAL"
}

// completeSeverity fills Label from Normalized or Normalized from Label, and drops the
// deprecated Product score, which findings no longer carry.
func completeSeverity(sev map[string]any) {
	if sev == nil {
		return
	}
	delete(sev, "Product")
	label, hasLabel := sev["Label"].(string)
	n, hasNorm := sev["Normalized"].(json.Number)
	switch {
	case hasLabel && !hasNorm:
		if score, ok := labelScore[label]; ok {
			sev["Normalized"] = json.Number(strconv.FormatInt(score, 10))
		}
	case hasNorm && !hasLabel:
		v, _ := n.Int64()
		sev["Label"] = labelOf(v)
	}
}

// mirrored are the fields kept in step with FindingProviderFields: the provider sets them
// there, customers change the top-level copy.
var mirrored = []string{"Confidence", "Criticality", "RelatedFindings", "Severity", "Types"}

// deepCopy copies a decoded JSON value.
func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

// providerSeverity is the FindingProviderFields form of a top-level Severity (Label, Original).
func providerSeverity(top map[string]any) map[string]any {
	out := map[string]any{}
	if l, ok := top["Label"]; ok {
		out["Label"] = l
	}
	if o, ok := top["Original"]; ok {
		out["Original"] = o
	}
	return out
}

// topSeverity is the top-level form of a FindingProviderFields severity, Normalized derived.
func topSeverity(fpf map[string]any) map[string]any {
	out := map[string]any{}
	for _, k := range []string{"Label", "Original"} {
		if v, ok := fpf[k]; ok {
			out[k] = v
		}
	}
	completeSeverity(out)
	return out
}

// mirror keeps the mirrored fields of the new document n in step with its
// FindingProviderFields: given is what the provider sent, old the
// stored document (nil on create), owned the fields customers changed.
func mirror(n, given, old Finding, owned map[string]bool) {
	fpf, _ := n["FindingProviderFields"].(map[string]any)
	givenFPF, _ := given["FindingProviderFields"].(map[string]any)
	oldFPF, _ := old["FindingProviderFields"].(map[string]any)
	if fpf == nil {
		fpf = map[string]any{}
	}
	for _, x := range mirrored {
		fv, fOK := givenFPF[x]
		tv, tOK := given[x]
		var newFPF, newTop any
		switch {
		case fOK:
			newFPF = deepCopy(fv)
			if tOK && old != nil {
				newTop = deepCopy(tv)
			} else {
				newTop = deepCopy(fv)
				if x == "Severity" {
					newTop = topSeverity(fv.(map[string]any))
				}
			}
		case tOK:
			newTop = deepCopy(tv)
			newFPF = deepCopy(tv)
			if x == "Severity" {
				completeSeverity(newTop.(map[string]any))
				newFPF = providerSeverity(newTop.(map[string]any))
			}
		default:
			if old == nil {
				continue
			}
			if v, ok := oldFPF[x]; ok {
				newFPF = deepCopy(v)
			}
			if v, ok := old[x]; ok {
				newTop = deepCopy(v)
			}
		}
		if owned[x] && old != nil {
			newTop = deepCopy(old[x]) // the customer's value stands
		}
		setOrDelete(fpf, x, newFPF)
		setOrDelete(n, x, newTop)
	}
	if sev, ok := n["Severity"].(map[string]any); ok {
		completeSeverity(sev)
	}
	if len(fpf) > 0 {
		n["FindingProviderFields"] = fpf
	} else {
		delete(n, "FindingProviderFields")
	}
}

func setOrDelete(m map[string]any, k string, v any) {
	if v == nil {
		delete(m, k)
		return
	}
	m[k] = v
}

// meta is the domain's bookkeeping stored beside a finding.
type meta struct {
	CustomerOwned []string `json:"customerOwned,omitempty"`
	// LegacyNote: UpdateFindings replaced the note; PriorNote is the one a re-import restores.
	LegacyNote bool `json:"legacyNote,omitempty"`
	PriorNote  any  `json:"priorNote,omitempty"`
	// Origin is, for the copy of a finding kept in a home region (cross-Region aggregation),
	// the finding's own region, where its updates are made; empty for the finding itself.
	Origin string `json:"origin,omitempty"`
}

func (m meta) owned() map[string]bool {
	out := map[string]bool{}
	for _, f := range m.CustomerOwned {
		out[f] = true
	}
	return out
}

func decodeMeta(b []byte) meta {
	var m meta
	if len(b) > 0 {
		json.Unmarshal(b, &m)
	}
	return m
}

func (m meta) encode() []byte {
	sort.Strings(m.CustomerOwned)
	b, _ := json.Marshal(m)
	return b
}

// indexedKeys are the multi-valued filter keys kept in the store's index (the hot
// multi-valued keys); their paths are those of the filter table.
var indexedKeys = []string{"ResourceType", "ResourceId", "Type"}

// Retention of findings after their last update (UpdatedAt or ProcessedAt, the later):
// ACTIVE findings are kept 90 days, ARCHIVED ones 30 days.
const (
	RetainActive   = 90 * 24 * time.Hour
	RetainArchived = 30 * 24 * time.Hour
)

// record builds the stored form of a finding document.
func record(key findingKey, doc Finding, m meta) (findingRecord, error) {
	raw, err := json.Marshal(doc)
	if err != nil {
		return findingRecord{}, err
	}
	r := findingRecord{Key: key, Doc: raw, Meta: m.encode(), Strings: map[string]string{}, Numbers: map[string]int64{}}
	r.AccountID, _ = doc["AwsAccountId"].(string)
	for col, path := range map[string][]string{
		colGeneratorID: {"GeneratorId"}, colTitle: {"Title"}, colSeverityLabel: {"Severity", "Label"},
		colWorkflowStatus: {"Workflow", "Status"}, colRecordState: {"RecordState"},
		colComplianceStatus: {"Compliance", "Status"}, colProductName: {"ProductName"}, colCompanyName: {"CompanyName"},
	} {
		if v, ok := at(doc, path...); ok {
			if s, ok := v.(string); ok {
				r.Strings[col] = s
			}
		}
	}
	if n, ok := at(doc, "Severity", "Normalized"); ok {
		if v, err := n.(json.Number).Int64(); err == nil {
			r.Numbers[colSeverityNormalized] = v
		}
	}
	for col, field := range map[string]string{colCreatedAt: "CreatedAt", colUpdatedAt: "UpdatedAt",
		colFirstObservedAt: "FirstObservedAt", colLastObservedAt: "LastObservedAt", colProcessedAt: "ProcessedAt"} {
		if s, ok := doc[field].(string); ok {
			if t, err := ParseTime(s); err == nil {
				r.Numbers[col] = t.UnixMilli()
			}
		}
	}
	for _, key := range indexedKeys {
		for _, v := range valuesOf(doc, filterPaths[key].path) {
			if s, ok := v.(string); ok {
				r.Values = append(r.Values, indexEntry{Key: key, Value: s})
			}
		}
	}
	last := max(r.Numbers[colUpdatedAt], r.Numbers[colProcessedAt])
	keep := RetainActive
	if r.Strings[colRecordState] == "ARCHIVED" {
		keep = RetainArchived
	}
	r.ExpiresAt = time.UnixMilli(last).Add(keep)
	return r, nil
}

// change is one entry of a history record.
type change struct {
	UpdatedField string `json:"UpdatedField"`
	OldValue     string `json:"OldValue,omitempty"`
	NewValue     string `json:"NewValue,omitempty"`
}

// diff lists the changed leaves between two documents, structures descended into through the
// model, lists and maps compared whole, as GetFindingHistory reports them.
func diff(shape *awsmodel.Shape, old, new any, path string, out *[]change) {
	if shape != nil && shape.Type == "structure" {
		o, _ := old.(map[string]any)
		n, _ := new.(map[string]any)
		names := map[string]bool{}
		for k := range o {
			names[k] = true
		}
		for k := range n {
			names[k] = true
		}
		keys := make([]string, 0, len(names))
		for k := range names {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			var member *awsmodel.Shape
			if ref, ok := shape.Members[k]; ok {
				member = ref.Shape
			}
			p := k
			if path != "" {
				p = path + "." + k
			}
			diff(member, o[k], n[k], p, out)
		}
		return
	}
	os, ns := render(old), render(new)
	if os != ns {
		*out = append(*out, change{UpdatedField: path, OldValue: os, NewValue: ns})
	}
}

// render shows a value in a history record: scalars as text, lists and maps as compact JSON.
func render(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		return strconv.FormatBool(t)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// valuesOf collects the values at a filter path ("[]" steps into lists).
func valuesOf(v any, path []string) []any {
	if len(path) == 0 {
		if l, ok := v.([]any); ok {
			return l
		}
		if v == nil {
			return nil
		}
		return []any{v}
	}
	if path[0] == "[]" {
		var out []any
		for _, e := range asList(v) {
			out = append(out, valuesOf(e, path[1:])...)
		}
		return out
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	return valuesOf(obj[path[0]], path[1:])
}

func splitPath(p string) []string {
	var out []string
	for _, part := range strings.Split(p, ".") {
		if strings.HasSuffix(part, "[]") {
			out = append(out, strings.TrimSuffix(part, "[]"), "[]")
		} else {
			out = append(out, part)
		}
	}
	return out
}
