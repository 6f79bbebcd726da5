package findingsv2

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/findings"
)

// The ASFF-to-OCSF mapping of GetFindingsV2 (OCSF.md says which field becomes which
// attribute and why). ToOCSF is pure: the same ASFF document always gives the same OCSF one.

// OCSF classes of the findings category (category_uid 2).
const (
	categoryFindings   = 2
	classVulnerability = 2002
	classCompliance    = 2003
	classDetection     = 2004
)

var classNames = map[int]string{classVulnerability: "Vulnerability Finding", classCompliance: "Compliance Finding",
	classDetection: "Detection Finding"}

// OCSF activities of a finding.
const (
	activityCreate = 1
	activityUpdate = 2
	activityClose  = 3
)

var activityNames = map[int]string{activityCreate: "Create", activityUpdate: "Update", activityClose: "Close"}

// ocsfVersion is the OCSF schema version the findings are given in (Security Hub uses 1.6).
const ocsfVersion = "1.6.0"

// severity is one step of OCSF's severity scale with its ASFF label.
type severity struct {
	ID    int
	Name  string
	Label string // ASFF Severity.Label ("" for none)
}

// severities are OCSF's severity_id values (0 Unknown, 99 Other have no ASFF label; Fatal
// has none either, as ASFF stops at CRITICAL).
var severities = []severity{{0, "Unknown", ""}, {1, "Informational", "INFORMATIONAL"}, {2, "Low", "LOW"},
	{3, "Medium", "MEDIUM"}, {4, "High", "HIGH"}, {5, "Critical", "CRITICAL"}, {6, "Fatal", ""}, {99, "Other", ""}}

// status is one step of OCSF's finding status with its ASFF Workflow.Status.
type status struct {
	ID       int
	Name     string
	Workflow string
}

// statuses are OCSF's status_id values; those without a workflow status cannot be set.
var statuses = []status{{0, "Unknown", ""}, {1, "New", "NEW"}, {2, "In Progress", "NOTIFIED"}, {3, "Suppressed", "SUPPRESSED"},
	{4, "Resolved", "RESOLVED"}, {5, "Archived", ""}, {99, "Other", ""}}

// complianceStatuses map ASFF Compliance.Status to OCSF compliance status and status_id.
var complianceStatuses = []status{{0, "Unknown", "NOT_AVAILABLE"}, {1, "Pass", "PASSED"}, {2, "Warning", "WARNING"}, {3, "Fail", "FAILED"}}

func severityOfLabel(label string) severity {
	for _, s := range severities {
		if s.Label != "" && s.Label == label {
			return s
		}
	}
	return severities[0]
}

func statusOfWorkflow(w string) status {
	for _, s := range statuses {
		if s.Workflow != "" && s.Workflow == w {
			return s
		}
	}
	return statuses[0]
}

func complianceOf(asff string) (status, bool) {
	for _, s := range complianceStatuses {
		if s.Workflow == asff {
			return s, true
		}
	}
	return status{}, false
}

// vulnerabilityType is the ASFF finding type prefix of vulnerability findings.
const vulnerabilityType = "Software and Configuration Checks/Vulnerabilities"

// classOf is the OCSF class of an ASFF finding: control findings (and any with a compliance
// check) are Compliance Findings, findings with vulnerabilities or a vulnerability type are
// Vulnerability Findings, the others Detection Findings.
func classOf(f map[string]any) int {
	if _, ok := f["Compliance"].(map[string]any); ok {
		return classCompliance
	}
	if vs, ok := f["Vulnerabilities"].([]any); ok && len(vs) > 0 {
		return classVulnerability
	}
	for _, t := range strs(f["Types"]) {
		if strings.HasPrefix(t, vulnerabilityType) {
			return classVulnerability
		}
	}
	return classDetection
}

// activityOf is the OCSF activity of an ASFF finding: Close once archived, Create while it
// has not been updated since it was created, Update after.
func activityOf(f map[string]any) int {
	switch {
	case f["RecordState"] == "ARCHIVED":
		return activityClose
	case f["CreatedAt"] != nil && f["CreatedAt"] == f["UpdatedAt"]:
		return activityCreate
	}
	return activityUpdate
}

// MetadataUID is a finding's metadata.uid: its product ARN and id, as Security Hub's
// aws/securityhub/FindingId product field gives them.
func MetadataUID(productARN, id string) string { return productARN + "/" + id }

// splitMetadataUID parses a metadata.uid: the product ARN ends after the two segments that
// follow "product/" (company and product name); the id is the rest.
func splitMetadataUID(uid string) (productARN, id string, ok bool) {
	i := strings.Index(uid, ":product/")
	if i < 0 {
		return "", "", false
	}
	rest := uid[i+len(":product/"):]
	parts := strings.SplitN(rest, "/", 3)
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return "", "", false
	}
	return uid[:i] + ":product/" + parts[0] + "/" + parts[1], parts[2], true
}

// infoTimes are the finding_info times and the ASFF fields they come from.
var infoTimes = []struct{ ocsf, asff string }{{"created_time", "CreatedAt"}, {"modified_time", "UpdatedAt"},
	{"first_seen_time", "FirstObservedAt"}, {"last_seen_time", "LastObservedAt"}}

// packageFields are the affected_packages members and the VulnerablePackages ones they come from.
var packageFields = []struct{ ocsf, asff string }{{"name", "Name"}, {"version", "Version"}, {"epoch", "Epoch"},
	{"release", "Release"}, {"architecture", "Architecture"}, {"package_manager", "PackageManager"}, {"path", "FilePath"},
	{"fixed_in_version", "FixedInVersion"}, {"remediation", "Remediation"}}

// ToOCSF maps an ASFF finding (as decoded with json.Number) to its OCSF form.
func ToOCSF(f map[string]any) map[string]any {
	class := classOf(f)
	activity := activityOf(f)
	sev := severityOfLabel(str(at(f, "Severity", "Label")))
	st := statusOfWorkflow(str(at(f, "Workflow", "Status")))
	productARN, id := str(f["ProductArn"]), str(f["Id"])
	o := map[string]any{
		"category_uid": categoryFindings, "category_name": "Findings",
		"class_uid": class, "class_name": classNames[class],
		"activity_id": activity, "activity_name": activityNames[activity],
		"type_uid": class*100 + activity, "type_name": classNames[class] + ": " + activityNames[activity],
		"severity_id": sev.ID, "severity": sev.Name,
		"status_id": st.ID, "status": st.Name,
	}
	if t, ok := millis(f["UpdatedAt"]); ok {
		o["time"], o["time_dt"] = t, dt(t)
	}
	info := map[string]any{"uid": id}
	put(info, "title", f["Title"])
	put(info, "desc", f["Description"])
	put(info, "src_url", f["SourceUrl"])
	for _, tf := range infoTimes {
		if t, ok := millis(f[tf.asff]); ok {
			info[tf.ocsf], info[tf.ocsf+"_dt"] = t, dt(t)
		}
	}
	if types := strs(f["Types"]); len(types) > 0 {
		info["types"] = anys(types)
	}
	if g := str(f["GeneratorId"]); g != "" {
		info["analytic"] = map[string]any{"uid": g, "name": g, "type_id": 1, "type": "Rule"}
	}
	if related, ok := f["RelatedFindings"].([]any); ok && len(related) > 0 {
		var events []any
		for _, r := range related {
			rm, _ := r.(map[string]any)
			events = append(events, map[string]any{"uid": rm["Id"], "product": map[string]any{"uid": rm["ProductArn"]}})
		}
		info["related_events"] = events
		info["related_events_count"] = len(events)
	}
	o["finding_info"] = info
	o["metadata"] = metadataOf(f, productARN, id)
	cloud := map[string]any{"provider": "AWS"}
	put(cloud, "region", f["Region"])
	account := map[string]any{"uid": f["AwsAccountId"], "type": "AWS Account", "type_id": 10}
	put(account, "name", f["AwsAccountName"])
	cloud["account"] = account
	o["cloud"] = cloud
	if rs := resourcesOf(f); len(rs) > 0 {
		o["resources"] = rs
	}
	if c := complianceOfFinding(f); c != nil {
		o["compliance"] = c
	}
	if r, ok := f["Remediation"].(map[string]any); ok {
		rem := map[string]any{}
		put(rem, "desc", at(r, "Recommendation", "Text"))
		if u := str(at(r, "Recommendation", "Url")); u != "" {
			rem["references"] = []any{u}
		}
		if len(rem) > 0 {
			o["remediation"] = rem
		}
	}
	if vs := vulnerabilitiesOf(f); len(vs) > 0 {
		o["vulnerabilities"] = vs
	}
	if ms := malwareOf(f); len(ms) > 0 {
		o["malware"] = ms
	}
	if e := evidenceOf(f); e != nil {
		o["evidences"] = []any{e}
	}
	if c, ok := f["Confidence"].(json.Number); ok {
		if n, err := c.Int64(); err == nil {
			o["confidence_score"] = n
		}
	}
	put(o, "comment", at(f, "Note", "Text"))
	if vendor := str(at(f, "FindingProviderFields", "Severity", "Label")); vendor != "" {
		vs := severityOfLabel(vendor)
		o["vendor_attributes"] = map[string]any{"severity": vs.Name, "severity_id": vs.ID}
	}
	unmapped := map[string]any{}
	for _, k := range []string{"ProductFields", "UserDefinedFields", "RecordState", "VerificationState", "Criticality", "SchemaVersion"} {
		put(unmapped, k, f[k])
	}
	if len(unmapped) > 0 {
		o["unmapped"] = unmapped
	}
	return o
}

func metadataOf(f map[string]any, productARN, id string) map[string]any {
	product := map[string]any{"uid": productARN}
	put(product, "name", f["ProductName"])
	put(product, "vendor_name", f["CompanyName"])
	m := map[string]any{"version": ocsfVersion, "uid": MetadataUID(productARN, id), "product": product,
		"profiles": []any{"cloud", "datetime"}}
	if t, ok := millis(f["ProcessedAt"]); ok {
		m["processed_time"], m["processed_time_dt"] = t, dt(t)
	}
	return m
}

func resourcesOf(f map[string]any) []any {
	var out []any
	for _, r := range list(f["Resources"]) {
		rm, ok := r.(map[string]any)
		if !ok {
			continue
		}
		res := map[string]any{"uid": rm["Id"]}
		put(res, "type", rm["Type"])
		put(res, "region", rm["Region"])
		put(res, "cloud_partition", rm["Partition"])
		put(res, "provider", rm["Provider"])
		if owner := ownerOf(rm); len(owner) > 0 {
			res["owner"] = owner
		}
		if tags, ok := rm["Tags"].(map[string]any); ok && len(tags) > 0 {
			keys := make([]string, 0, len(tags))
			for k := range tags {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			var kv []any
			for _, k := range keys {
				kv = append(kv, map[string]any{"name": k, "value": tags[k]})
			}
			res["tags"] = kv
		}
		put(res, "data", rm["Details"])
		if app := str(rm["ApplicationName"]); app != "" {
			res["group"] = map[string]any{"name": app, "uid": rm["ApplicationArn"]}
		}
		out = append(out, res)
	}
	return out
}

// ownerOf is an ASFF resource's Owner in OCSF's form: {account: {uid}, org: {uid}}.
func ownerOf(rm map[string]any) map[string]any {
	out := map[string]any{}
	if id := str(at(rm, "Owner", "Account", "Id")); id != "" {
		out["account"] = map[string]any{"uid": id}
	}
	if id := str(at(rm, "Owner", "Org", "Id")); id != "" {
		out["org"] = map[string]any{"uid": id}
	}
	return out
}

func complianceOfFinding(f map[string]any) map[string]any {
	c, ok := f["Compliance"].(map[string]any)
	if !ok {
		return nil
	}
	out := map[string]any{}
	if s, ok := complianceOf(str(c["Status"])); ok {
		out["status"], out["status_id"] = s.Name, s.ID
	}
	put(out, "control", c["SecurityControlId"])
	var standards []any
	for _, a := range list(c["AssociatedStandards"]) {
		if am, ok := a.(map[string]any); ok && am["StandardsId"] != nil {
			standards = append(standards, am["StandardsId"])
		}
	}
	if len(standards) > 0 {
		out["standards"] = standards
	}
	if reqs := strs(c["RelatedRequirements"]); len(reqs) > 0 {
		out["requirements"] = anys(reqs)
	}
	var reasons []string
	for _, r := range list(c["StatusReasons"]) {
		if rm, ok := r.(map[string]any); ok {
			reasons = append(reasons, str(rm["Description"]))
		}
	}
	if len(reasons) > 0 {
		out["status_detail"] = strings.Join(reasons, " ")
	}
	if params := list(c["SecurityControlParameters"]); len(params) > 0 {
		m := map[string]any{}
		for _, p := range params {
			if pm, ok := p.(map[string]any); ok {
				m[str(pm["Name"])] = strings.Join(strs(pm["Value"]), ",")
			}
		}
		out["control_parameters"] = m
	}
	return out
}

// fixCoverage maps ASFF FixAvailable to OCSF fix_coverage.
var fixCoverage = map[string]string{"YES": "Covered", "PARTIAL": "Partial", "NO": "Not Covered"}

func vulnerabilitiesOf(f map[string]any) []any {
	var out []any
	for _, v := range list(f["Vulnerabilities"]) {
		vm, ok := v.(map[string]any)
		if !ok {
			continue
		}
		cve := map[string]any{"uid": vm["Id"]}
		var cvss []any
		for _, c := range list(vm["Cvss"]) {
			if cm, ok := c.(map[string]any); ok {
				entry := map[string]any{}
				put(entry, "base_score", cm["BaseScore"])
				put(entry, "vector_string", cm["BaseVector"])
				put(entry, "version", cm["Version"])
				cvss = append(cvss, entry)
			}
		}
		if len(cvss) > 0 {
			cve["cvss"] = cvss
		}
		if epss, ok := vm["EpssScore"]; ok {
			cve["epss"] = map[string]any{"score": render(epss)}
		}
		out1 := map[string]any{"cve": cve, "title": vm["Id"]}
		var packages []any
		for _, p := range list(vm["VulnerablePackages"]) {
			if pm, ok := p.(map[string]any); ok {
				pkg := map[string]any{}
				for _, pf := range packageFields {
					put(pkg, pf.ocsf, pm[pf.asff])
				}
				packages = append(packages, pkg)
			}
		}
		if len(packages) > 0 {
			out1["affected_packages"] = packages
		}
		if fix := str(vm["FixAvailable"]); fix != "" {
			out1["is_fix_available"] = fix == "YES"
			put(out1, "fix_coverage", fixCoverage[fix])
		}
		if e := str(vm["ExploitAvailable"]); e != "" {
			out1["is_exploit_available"] = e == "YES"
		}
		if refs := strs(vm["ReferenceUrls"]); len(refs) > 0 {
			out1["references"] = anys(refs)
		}
		if rel := strs(vm["RelatedVulnerabilities"]); len(rel) > 0 {
			out1["related_vulnerabilities"] = anys(rel)
		}
		put(out1, "vendor_name", at(vm, "Vendor", "Name"))
		out = append(out, out1)
	}
	return out
}

func malwareOf(f map[string]any) []any {
	var out []any
	for _, m := range list(f["Malware"]) {
		if mm, ok := m.(map[string]any); ok {
			mal := map[string]any{}
			put(mal, "name", mm["Name"])
			put(mal, "path", mm["Path"])
			if t := str(mm["Type"]); t != "" {
				mal["classifications"] = []any{t}
			}
			out = append(out, mal)
		}
	}
	return out
}

// directions map ASFF Network.Direction to OCSF connection_info.direction.
var directions = map[string]string{"IN": "Inbound", "OUT": "Outbound"}

func evidenceOf(f map[string]any) map[string]any {
	n, ok := f["Network"].(map[string]any)
	if !ok {
		return nil
	}
	endpoint := func(v4, v6, port, domain string) map[string]any {
		e := map[string]any{}
		if ip := str(n[v4]); ip != "" {
			e["ip"] = ip
		} else {
			put(e, "ip", n[v6])
		}
		put(e, "port", n[port])
		put(e, "domain", n[domain])
		return e
	}
	ev := map[string]any{}
	if src := endpoint("SourceIpV4", "SourceIpV6", "SourcePort", "SourceDomain"); len(src) > 0 {
		ev["src_endpoint"] = src
	}
	if dst := endpoint("DestinationIpV4", "DestinationIpV6", "DestinationPort", "DestinationDomain"); len(dst) > 0 {
		ev["dst_endpoint"] = dst
	}
	conn := map[string]any{}
	put(conn, "direction", directions[str(n["Direction"])])
	put(conn, "protocol_name", n["Protocol"])
	if len(conn) > 0 {
		ev["connection_info"] = conn
	}
	if len(ev) == 0 {
		return nil
	}
	return ev
}

// at reads a nested member of a decoded JSON object.
func at(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// put sets m[k] to v unless v is absent or an empty string.
func put(m map[string]any, k string, v any) {
	switch t := v.(type) {
	case nil:
		return
	case string:
		if t == "" {
			return
		}
	}
	m[k] = v
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func strs(v any) []string {
	var out []string
	for _, e := range list(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func render(v any) string {
	switch t := v.(type) {
	case json.Number:
		return t.String()
	case string:
		return t
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func millis(v any) (int64, bool) {
	s, ok := v.(string)
	if !ok {
		return 0, false
	}
	t, err := findings.ParseTime(s)
	if err != nil {
		return 0, false
	}
	return t.UnixMilli(), true
}

// dt is the _dt form of an OCSF time: ISO 8601 in UTC with milliseconds.
func dt(ms int64) string { return findings.FormatTime(time.UnixMilli(ms)) }

// itoa is for messages.
func itoa(i int) string { return strconv.Itoa(i) }
