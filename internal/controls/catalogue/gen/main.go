// Command gen builds the embedded control catalogue (controls.json) from the raw inputs in
// gen/testdata. Run it with `go generate ./internal/controls/catalogue`; SOURCES.md beside the
// catalogue says where each input comes from and how to fetch it again.
//
// The inputs, in order of authority:
//
//   - security-hub-controls.jsonl: every control, its title, severity, schedule, standards and
//     whether it takes custom parameters (the controls reference table). It decides which
//     controls exist and which standards hold them.
//   - cis-requirements.tsv and generatorids-2022.tsv: each CIS and PCI DSS v3.2.1 standard's
//     own id of a control.
//   - userguide-facts.txt (today's user guide) over userguide-2023-requirements.tsv (the user
//     guide of 2023): each control's related requirements.
//   - api-parameters.tsv (the API's parameter definitions), completed by userguide-facts.txt
//     and, last, inferred-parameters.tsv.
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/sechub/sechub/internal/controls/catalogue/ids"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
)

// The standards' ARN resource paths, as internal/standards.Catalog has them.
const (
	fsbp     = "standards/aws-foundational-security-best-practices/v/1.0.0"
	cis120   = "ruleset/cis-aws-foundations-benchmark/v/1.2.0"
	cis140   = "standards/cis-aws-foundations-benchmark/v/1.4.0"
	cis300   = "standards/cis-aws-foundations-benchmark/v/3.0.0"
	cis500   = "standards/cis-aws-foundations-benchmark/v/5.0.0"
	nist53   = "standards/nist-800-53/v/5.0.0"
	nist171  = "standards/nist-800-171/v/2.0.0"
	pci321   = "standards/pci-dss/v/3.2.1"
	pci401   = "standards/pci-dss/v/4.0.1"
	tagging  = "standards/aws-resource-tagging-standard/v/1.0.0"
	noneName = ""
)

// catalogOrder is the order of internal/standards.Catalog, which a control's memberships follow.
var catalogOrder = []string{fsbp, cis120, cis140, cis300, cis500, nist53, nist171, pci321, pci401, tagging}

// standardPaths maps the names the reference table gives standards to their paths. The table
// sometimes drops the version of FSBP, and once runs two names together (split beforehand).
var standardPaths = map[string]string{
	"AWS Foundational Security Best Practices v1.0.0": fsbp,
	"AWS Foundational Security Best Practices":        fsbp,
	"CIS AWS Foundations Benchmark v1.2.0":            cis120,
	"CIS AWS Foundations Benchmark v1.4.0":            cis140,
	"CIS AWS Foundations Benchmark v3.0.0":            cis300,
	"CIS AWS Foundations Benchmark v5.0.0":            cis500,
	"NIST SP 800-53 Rev. 5":                           nist53,
	"NIST SP 800-171 Rev. 2":                          nist171,
	"PCI DSS v3.2.1":                                  pci321,
	"PCI DSS v4.0.1":                                  pci401,
	"AWS Resource Tagging Standard":                   tagging,
}

// cisVersions lists the CIS standards in the column order of cis-requirements.tsv, with the
// prefix each one's requirements carry.
var cisVersions = []struct{ path, version, requirementPrefix string }{
	{cis500, "5.0.0", "CIS AWS Foundations Benchmark v5.0.0/"},
	{cis300, "3.0.0", "CIS AWS Foundations Benchmark v3.0.0/"},
	{cis140, "1.4.0", "CIS AWS Foundations Benchmark v1.4.0/"},
	{cis120, "1.2.0", "CIS AWS Foundations "}, // the legacy standard's style: "CIS AWS Foundations 1.10"
}

// tagKeyRe2 is the RE2 expression a tag-key list parameter's items must match: AWS's tag key
// rules (1 to 128 letters, digits, spaces and _.:/=+-@). The pages give the rules, not an
// expression, so this one is sechub's.
const tagKeyRe2 = `^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$`

// control, membership and parameter are catalogue.Control, Membership and Parameter as
// controls.json holds them.
type control struct {
	ID           string
	Title        string
	Severity     string
	ScheduleType string
	Standards    []membership `json:",omitempty"`
	Parameters   []parameter  `json:",omitempty"`
}

type membership struct {
	Standard     string
	ControlID    string
	ARNSuffix    string
	Requirements []string `json:",omitempty"`
}

type parameter struct {
	Name    string
	Options json.RawMessage
}

// paramFacts is what the sources say of one parameter, before it becomes ConfigurationOptions.
type paramFacts struct {
	name, typ          string
	defaultValue       string
	min, max           string
	allowed            []string
	maxItems           int
	tagKeys            bool
	fromAPI, fromGuide bool
}

func main() {
	in := flag.String("in", "gen/testdata", "folder of the raw inputs")
	out := flag.String("out", "controls.json", "file to write")
	flag.Parse()
	controls, err := build(*in)
	if err != nil {
		log.Fatal(err)
	}
	data, err := render(controls)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal(err)
	}
}

// render writes the controls as a JSON array, one control a line so that diffs stay readable.
func render(controls []control) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("[\n")
	for i, c := range controls {
		line, err := json.Marshal(c)
		if err != nil {
			return nil, err
		}
		buf.Write(line)
		if i < len(controls)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("]\n")
	return buf.Bytes(), nil
}

func build(dir string) ([]control, error) {
	table, err := readTable(filepath.Join(dir, "security-hub-controls.jsonl"))
	if err != nil {
		return nil, err
	}
	requirements, guideParams, err := readGuideFacts(filepath.Join(dir, "userguide-facts.txt"))
	if err != nil {
		return nil, err
	}
	old, err := readTSV(filepath.Join(dir, "userguide-2023-requirements.tsv"), 2)
	if err != nil {
		return nil, err
	}
	for _, row := range old {
		if _, ok := requirements[row[0]]; !ok {
			requirements[row[0]] = strings.Split(row[1], ", ")
		}
	}
	members := map[string]map[string]bool{}
	for _, row := range table {
		for _, path := range row.standards {
			if members[path] == nil {
				members[path] = map[string]bool{}
			}
			members[path][row.ID] = true
		}
	}
	cisIDs, err := readCISIDs(dir, members)
	if err != nil {
		return nil, err
	}
	pciIDs, err := readPCIIDs(dir)
	if err != nil {
		return nil, err
	}
	apiParams, err := readTSV(filepath.Join(dir, "api-parameters.tsv"), 6)
	if err != nil {
		return nil, err
	}
	inferred, err := readTSV(filepath.Join(dir, "inferred-parameters.tsv"), 2)
	if err != nil {
		return nil, err
	}

	var controls []control
	emptyRequirements := map[string]int{}
	for _, row := range table {
		c := control{ID: row.ID, Title: row.Title, Severity: row.Severity, ScheduleType: row.ScheduleType}
		for _, path := range row.standards {
			m := membership{Standard: path, ControlID: c.ID, ARNSuffix: c.ID}
			switch path {
			case cis120, cis140, cis300, cis500:
				id, ok := cisIDs[path][c.ID]
				if !ok {
					return nil, fmt.Errorf("%s: no %s requirement in cis-requirements.tsv", c.ID, path)
				}
				m.ControlID, m.ARNSuffix = id.controlID, id.arnSuffix
				m.Requirements = []string{id.requirement}
			case pci321:
				id, ok := pciIDs[c.ID]
				if !ok {
					return nil, fmt.Errorf("%s: no PCI DSS v3.2.1 id in generatorids-2022.tsv", c.ID)
				}
				m.ControlID, m.ARNSuffix = id, id
				m.Requirements = requirementsFor(path, requirements[c.ID])
			default:
				m.Requirements = requirementsFor(path, requirements[c.ID])
			}
			if len(m.Requirements) == 0 && path != tagging {
				emptyRequirements[path]++
			}
			c.Standards = append(c.Standards, m)
		}
		slices.SortFunc(c.Standards, func(a, b membership) int {
			return cmp.Compare(slices.Index(catalogOrder, a.Standard), slices.Index(catalogOrder, b.Standard))
		})
		if row.customParameters {
			params, err := parametersFor(c.ID, apiParams, guideParams[c.ID], inferred)
			if err != nil {
				return nil, err
			}
			if len(params) == 0 {
				log.Printf("%s supports custom parameters but no source defines them", c.ID)
			}
			c.Parameters = params
		}
		controls = append(controls, c)
	}
	slices.SortFunc(controls, func(a, b control) int { return ids.Compare(a.ID, b.ID) })
	for _, path := range slices.Sorted(maps.Keys(emptyRequirements)) {
		log.Printf("%s: %d memberships without related requirements", path, emptyRequirements[path])
	}
	return controls, nil
}

// tableRow is one line of the controls reference table.
type tableRow struct {
	ID                       string
	Title                    string
	ApplicableStandards      []string
	Severity                 string
	SupportsCustomParameters string
	ScheduleType             string

	standards        []string // paths, in the table's order
	customParameters bool
}

func readTable(file string) ([]tableRow, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var rows []tableRow
	for line := range strings.Lines(string(data)) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var r tableRow
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		for _, name := range r.ApplicableStandards {
			// The scrape once joins two names with a space, and leaves stray commas.
			name = strings.TrimSuffix(strings.TrimSpace(name), ",")
			names := []string{name}
			if first, rest, ok := strings.Cut(name, " AWS Foundational"); ok {
				names = []string{first, "AWS Foundational" + rest}
			}
			for _, n := range names {
				if n == noneName {
					continue
				}
				path, ok := standardPaths[n]
				if !ok {
					return nil, fmt.Errorf("%s: unknown standard %q", r.ID, n)
				}
				if !slices.Contains(r.standards, path) {
					r.standards = append(r.standards, path)
				}
			}
		}
		r.customParameters = r.SupportsCustomParameters == "Yes"
		rows = append(rows, r)
	}
	return rows, nil
}

// readTSV reads a tab-separated file, skipping comments, and wants columns fields a row.
func readTSV(file string, columns int) ([][]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows [][]string
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != columns {
			return nil, fmt.Errorf("%s: %q has %d fields, want %d", file, line, len(fields), columns)
		}
		rows = append(rows, fields)
	}
	return rows, s.Err()
}

// abbreviations expands the short prefixes userguide-facts.txt uses.
var abbreviations = []struct{ short, long string }{
	{"N53 ", "NIST.800-53.r5 "},
	{"N171 ", "NIST.800-171.r2 "},
	{"P321/", "PCI DSS v3.2.1/"},
	{"P401/", "PCI DSS v4.0.1/"},
	{"C120/", "CIS AWS Foundations Benchmark v1.2.0/"},
	{"C140/", "CIS AWS Foundations Benchmark v1.4.0/"},
	{"C300/", "CIS AWS Foundations Benchmark v3.0.0/"},
	{"C500/", "CIS AWS Foundations Benchmark v5.0.0/"},
}

// readGuideFacts reads userguide-facts.txt: "ID | R: requirements | P: parameters".
func readGuideFacts(file string) (map[string][]string, map[string][]paramFacts, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	requirements := map[string][]string{}
	params := map[string][]paramFacts{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "|")
		id, partial := strings.CutPrefix(strings.TrimSpace(parts[0]), "~")
		if !partial || strings.Contains(line, "| R: ") {
			requirements[id] = nil // the page was read: no requirements is a fact too
		}
		for _, part := range parts[1:] {
			part = strings.TrimSpace(part)
			switch {
			case part == "":
			case strings.HasPrefix(part, "R: "):
				for _, r := range strings.Split(strings.TrimPrefix(part, "R: "), ", ") {
					for _, a := range abbreviations {
						if rest, ok := strings.CutPrefix(r, a.short); ok {
							r = a.long + rest
						}
					}
					requirements[id] = append(requirements[id], r)
				}
			case strings.HasPrefix(part, "P: "):
				for _, p := range strings.Split(strings.TrimPrefix(part, "P: "), " ; ") {
					pf, err := parseGuideParameter(p)
					if err != nil {
						return nil, nil, fmt.Errorf("%s: %s: %w", file, id, err)
					}
					params[id] = append(params[id], pf)
				}
			default:
				return nil, nil, fmt.Errorf("%s: %s: unknown part %q", file, id, part)
			}
		}
	}
	return requirements, params, s.Err()
}

// parseGuideParameter parses name=Type;allowed;default.
func parseGuideParameter(p string) (paramFacts, error) {
	name, rest, ok := strings.Cut(p, "=")
	fields := strings.Split(rest, ";")
	if !ok || len(fields) != 3 {
		return paramFacts{}, fmt.Errorf("parameter %q is not name=Type;allowed;default", p)
	}
	pf := paramFacts{name: name, typ: fields[0], defaultValue: fields[2], fromGuide: true}
	if n, ok := strings.CutPrefix(pf.typ, "StringList"); ok && n != "" {
		var err error
		if pf.maxItems, err = strconv.Atoi(n); err != nil {
			return paramFacts{}, fmt.Errorf("parameter %q: bad list size", p)
		}
		pf.typ = "StringList"
	}
	switch allowed := fields[1]; {
	case allowed == "tags":
		pf.tagKeys = true
	case strings.Contains(allowed, ".."):
		pf.min, pf.max, _ = strings.Cut(allowed, "..")
	case allowed != "":
		pf.allowed = strings.Split(allowed, ",")
	}
	return pf, nil
}

// cisID is a control's place in one CIS standard.
type cisID struct{ controlID, arnSuffix, requirement string }

// readCISIDs gives each CIS standard's own id of its controls. The user guide's table gives
// the requirement (section) numbers. Where the 2022 list of finding generator ids shows the
// ids AWS used then, they win: they tell the one id a control had when the table names two
// controls with one section (v1.4.0's 2.1.5 became 2.1.5.1 for S3.1 and 2.1.5.2 for S3.8) and
// correct the table's slips (v1.2.0 IAM.18 is 1.20, not 1.2). The same rule numbers the other
// shared sections of v3.0.0 and v5.0.0: .1, .2 in the order of the controls' ids.
func readCISIDs(dir string, members map[string]map[string]bool) (map[string]map[string]cisID, error) {
	rows, err := readTSV(filepath.Join(dir, "cis-requirements.tsv"), 5)
	if err != nil {
		return nil, err
	}
	generated, err := readTSV(filepath.Join(dir, "generatorids-2022.tsv"), 2)
	if err != nil {
		return nil, err
	}
	ids2022 := map[string]map[string][]string{} // version -> control -> ids
	for _, g := range generated {
		rest, ok := strings.CutPrefix(g[0], "cis-aws-foundations-benchmark/v/")
		if !ok {
			continue
		}
		version, id, _ := strings.Cut(rest, "/")
		id = strings.TrimPrefix(id, "rule/")
		if ids2022[version] == nil {
			ids2022[version] = map[string][]string{}
		}
		ids2022[version][g[1]] = append(ids2022[version][g[1]], id)
	}
	result := map[string]map[string]cisID{}
	for col, v := range cisVersions {
		bySection := map[string][]string{}
		byControl := map[string]cisID{}
		for _, row := range slices.SortedFunc(slices.Values(rows), func(a, b []string) int { return ids.Compare(a[0], b[0]) }) {
			control, section := row[0], row[1+col]
			if section == "-" || !members[v.path][control] {
				continue
			}
			id := section
			switch old := ids2022[v.version][control]; {
			case len(old) == 1:
				id = old[0]
			case len(old) > 1 && slices.Contains(old, section):
				id = section
			}
			switch {
			case id == section:
				bySection[section] = append(bySection[section], control)
			case !strings.HasPrefix(id, section+"."):
				section = id // the table's slip: the id AWS used is the requirement
			}
			byControl[control] = cisID{controlID: id, arnSuffix: id, requirement: v.requirementPrefix + section}
		}
		for section, controls := range bySection {
			if len(controls) < 2 {
				continue
			}
			for i, control := range controls {
				id := byControl[control]
				id.controlID = section + "." + strconv.Itoa(i+1)
				id.arnSuffix = id.controlID
				byControl[control] = id
			}
		}
		if v.path == cis120 {
			for control, id := range byControl {
				id.controlID = "CIS." + id.arnSuffix
				byControl[control] = id
			}
		}
		result[v.path] = byControl
	}
	return result, nil
}

// readPCIIDs gives PCI DSS v3.2.1's own id ("PCI.S3.1") of each security control.
func readPCIIDs(dir string) (map[string]string, error) {
	rows, err := readTSV(filepath.Join(dir, "generatorids-2022.tsv"), 2)
	if err != nil {
		return nil, err
	}
	byControl := map[string]string{}
	for _, r := range rows {
		if id, ok := strings.CutPrefix(r[0], "pci-dss/v/3.2.1/"); ok {
			byControl[r[1]] = id
		}
	}
	return byControl, nil
}

// requirementsFor picks from a control's related requirements those of one standard, in the
// form DescribeStandardsControls gives them.
func requirementsFor(path string, all []string) []string {
	var out []string
	for _, r := range all {
		switch path { // FSBP lists no requirements of its own: AWS answers [] for it
		case nist53:
			if strings.HasPrefix(r, "NIST.800-53.r5 ") {
				out = append(out, r)
			}
		case nist171:
			if strings.HasPrefix(r, "NIST.800-171.r2 ") {
				out = append(out, r)
			}
		case pci321:
			if rest, ok := strings.CutPrefix(r, "PCI DSS v3.2.1/"); ok {
				out = append(out, "PCI DSS "+rest) // the legacy standard's style
			}
		case pci401:
			if strings.HasPrefix(r, "PCI DSS v4.0.1/") {
				out = append(out, r)
			}
		}
	}
	return out
}

// parametersFor merges the sources of one control's parameters into ConfigurationOptions.
func parametersFor(id string, api [][]string, guide []paramFacts, inferred [][]string) ([]parameter, error) {
	var facts []paramFacts
	for _, r := range api {
		if r[0] == id {
			facts = append(facts, paramFacts{name: r[1], typ: r[2], defaultValue: r[3], min: r[4], max: r[5], fromAPI: true})
		}
	}
	for _, g := range guide {
		i := slices.IndexFunc(facts, func(f paramFacts) bool { return strings.EqualFold(f.name, g.name) })
		if i < 0 {
			facts = append(facts, g)
			continue
		}
		// The API's name and type stand; the page adds what the export lacks.
		f := &facts[i]
		if f.typ != g.typ {
			log.Printf("%s %s: the API says %s, the user guide %s: keeping the API's", id, f.name, f.typ, g.typ)
		}
		if len(f.allowed) == 0 {
			f.allowed = g.allowed
		}
		f.defaultValue = cmp.Or(f.defaultValue, g.defaultValue)
		f.min, f.max = cmp.Or(f.min, g.min), cmp.Or(f.max, g.max)
		f.maxItems = cmp.Or(f.maxItems, g.maxItems)
		f.tagKeys = f.tagKeys || g.tagKeys
	}
	if len(facts) == 0 {
		for _, r := range inferred {
			if r[0] == id {
				facts = append(facts, paramFacts{name: r[1], typ: "StringList", tagKeys: true})
			}
		}
	}
	var params []parameter
	for _, f := range facts {
		if f.typ == "StringList" && (f.name == "requiredTagKeys" || f.name == "requiredKeyTags") {
			f.tagKeys = true
		}
		opts, err := configurationOptions(f)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", id, f.name, err)
		}
		raw, err := json.Marshal(opts)
		if err != nil {
			return nil, err
		}
		params = append(params, parameter{Name: f.name, Options: raw})
	}
	slices.SortFunc(params, func(a, b parameter) int { return strings.Compare(a.Name, b.Name) })
	return params, nil
}

// configurationOptions builds the model's union from a parameter's facts.
func configurationOptions(f paramFacts) (sh.ConfigurationOptions, error) {
	var o sh.ConfigurationOptions
	var err error
	int32p := func(s string) *int32 {
		if s == "" || err != nil {
			return nil
		}
		var n int64
		n, err = strconv.ParseInt(s, 10, 32)
		v := int32(n)
		return &v
	}
	float64p := func(s string) *float64 {
		if s == "" || err != nil {
			return nil
		}
		var v float64
		v, err = strconv.ParseFloat(s, 64)
		return &v
	}
	maxItems := func() *int32 {
		if f.maxItems == 0 {
			return nil
		}
		v := int32(f.maxItems)
		return &v
	}
	switch f.typ {
	case "Integer":
		o.Integer = &sh.IntegerConfigurationOptions{DefaultValue: int32p(f.defaultValue), Min: int32p(f.min), Max: int32p(f.max)}
	case "Double":
		o.Double = &sh.DoubleConfigurationOptions{DefaultValue: float64p(f.defaultValue), Min: float64p(f.min), Max: float64p(f.max)}
	case "Boolean":
		b := &sh.BooleanConfigurationOptions{}
		if f.defaultValue != "" {
			v, perr := strconv.ParseBool(strings.ToLower(f.defaultValue))
			b.DefaultValue, err = &v, perr
		}
		o.Boolean = b
	case "Enum":
		o.Enum = &sh.EnumConfigurationOptions{AllowedValues: f.allowed, DefaultValue: f.defaultValue}
	case "EnumList":
		o.EnumList = &sh.EnumListConfigurationOptions{AllowedValues: f.allowed, DefaultValue: listOf(f.defaultValue), MaxItems: maxItems()}
	case "IntegerList":
		l := &sh.IntegerListConfigurationOptions{Min: int32p(f.min), Max: int32p(f.max), MaxItems: maxItems()}
		for _, s := range listOf(f.defaultValue) {
			if v := int32p(s); v != nil {
				l.DefaultValue = append(l.DefaultValue, *v)
			}
		}
		o.IntegerList = l
	case "String":
		o.String = &sh.StringConfigurationOptions{DefaultValue: f.defaultValue}
	case "StringList":
		l := &sh.StringListConfigurationOptions{DefaultValue: listOf(f.defaultValue), MaxItems: maxItems()}
		if f.tagKeys {
			six := int32(6)
			l.MaxItems, l.Re2Expression = cmp.Or(l.MaxItems, &six), tagKeyRe2
		}
		o.StringList = l
	default:
		return o, fmt.Errorf("unknown type %q", f.typ)
	}
	return o, err
}

// listOf parses a list default as the export writes it: "[80, 443]" or "['agent', 'error']".
func listOf(s string) []string {
	s = strings.Trim(s, "[]")
	if s == "" {
		return nil
	}
	var out []string
	for _, item := range strings.Split(s, ",") {
		out = append(out, strings.Trim(strings.TrimSpace(item), `'"`))
	}
	return out
}
