package findingsv2

import (
	"strings"

	"github.com/sechub/sechub/internal/findings"
)

// field is an OCSF field of the V2 filters: its filter type and, when an
// AwsSecurityFindingFilters key holds the same values, that key (values translates OCSF
// enumeration names to ASFF's for EQUALS and NOT_EQUALS).
type field struct {
	kind   string
	asff   string
	values map[string]string
}

// enumValues maps OCSF names to ASFF values.
func enumValues(list []status) map[string]string {
	out := map[string]string{}
	for _, s := range list {
		if s.Workflow != "" {
			out[s.Name] = s.Workflow
		}
	}
	return out
}

var severityValues = func() map[string]string {
	out := map[string]string{}
	for _, s := range severities {
		if s.Label != "" {
			out[s.Name] = s.Label
		}
	}
	return out
}()

// fields are the fields of the model's OcsfStringField, OcsfDateField, OcsfBooleanField,
// OcsfNumberField, OcsfMapField and OcsfIpField enumerations (a test checks that every one is
// here); those without an ASFF key are computed from the OCSF form.
var fields = func() map[string]field {
	s, d, b, n, m, ip := findings.KindString, findings.KindDate, findings.KindBoolean, findings.KindNumber, findings.KindMap, findings.KindIP
	out := map[string]field{
		"cloud.account.uid": {kind: s, asff: "AwsAccountId"}, "cloud.region": {kind: s, asff: "Region"},
		"cloud.account.name": {kind: s, asff: "AwsAccountName"}, "compliance.control": {kind: s, asff: "ComplianceSecurityControlId"},
		"compliance.standards": {kind: s, asff: "ComplianceAssociatedStandardsId"},
		"compliance.status":    {kind: s, asff: "ComplianceStatus", values: enumValues(complianceStatuses)},
		"finding_info.desc":    {kind: s, asff: "Description"}, "finding_info.src_url": {kind: s, asff: "SourceUrl"},
		"finding_info.title": {kind: s, asff: "Title"}, "finding_info.types": {kind: s, asff: "Type"},
		"finding_info.uid": {kind: s, asff: "Id"}, "finding_info.related_events.uid": {kind: s, asff: "RelatedFindingsId"},
		"finding_info.related_events.product.uid": {kind: s, asff: "RelatedFindingsProductArn"},
		"finding_info.analytic.name":              {kind: s, asff: "GeneratorId"},
		"metadata.product.name":                   {kind: s, asff: "ProductName"}, "metadata.product.uid": {kind: s, asff: "ProductArn"},
		"metadata.product.vendor_name": {kind: s, asff: "CompanyName"}, "remediation.desc": {kind: s, asff: "RecommendationText"},
		"resources.cloud_partition": {kind: s, asff: "ResourcePartition"}, "resources.region": {kind: s, asff: "ResourceRegion"},
		"resources.type": {kind: s, asff: "ResourceType"}, "resources.uid": {kind: s, asff: "ResourceId"},
		"severity": {kind: s, asff: "SeverityLabel", values: severityValues},
		"status":   {kind: s, asff: "WorkflowStatus", values: enumValues(statuses)},
		"comment":  {kind: s, asff: "NoteText"}, "malware.name": {kind: s, asff: "MalwareName"},
		"finding_info.created_time_dt":    {kind: d, asff: "CreatedAt"},
		"finding_info.first_seen_time_dt": {kind: d, asff: "FirstObservedAt"},
		"finding_info.last_seen_time_dt":  {kind: d, asff: "LastObservedAt"},
		"finding_info.modified_time_dt":   {kind: d, asff: "UpdatedAt"},
		"confidence_score":                {kind: n, asff: "Confidence"},
		"resources.tags":                  {kind: m, asff: "ResourceTags"},
		"resources.provider":              {kind: s, asff: "ResourceProvider"},
		"resources.owner.account.uid":     {kind: s, asff: "ResourceOwnerAccountId"},
		"resources.owner.org.uid":         {kind: s, asff: "ResourceOwnerOrgId"},
	}
	for _, name := range []string{"metadata.uid", "activity_name", "cloud.provider", "compliance.assessments.category",
		"compliance.assessments.name", "finding_info.related_events.traits.category", "finding_info.related_events.title",
		"remediation.references", "vulnerabilities.fix_coverage", "class_name", "databucket.encryption_details.algorithm",
		"databucket.encryption_details.key_uid", "databucket.file.data_classifications.classifier_details.type",
		"evidences.actor.user.account.uid", "evidences.api.operation", "evidences.api.response.error_message",
		"evidences.api.service.name", "evidences.connection_info.direction", "evidences.connection_info.protocol_name",
		"evidences.dst_endpoint.autonomous_system.name", "evidences.dst_endpoint.location.city",
		"evidences.dst_endpoint.location.country", "evidences.src_endpoint.autonomous_system.name",
		"evidences.src_endpoint.hostname", "evidences.src_endpoint.location.city", "evidences.src_endpoint.location.country",
		"malware_scan_info.uid", "malware.severity", "resources.cloud_function.layers.uid_alt",
		"resources.cloud_function.runtime", "resources.cloud_function.user.uid", "resources.device.encryption_details.key_uid",
		"resources.device.image.uid", "resources.image.architecture", "resources.image.registry_uid",
		"resources.image.repository_name", "resources.image.uid", "resources.subnet_info.uid", "resources.vpc_uid",
		"vulnerabilities.affected_code.file.path", "vulnerabilities.affected_packages.name", "vulnerabilities.cve.epss.score",
		"vulnerabilities.cve.uid", "vulnerabilities.related_vulnerabilities", "vendor_attributes.severity",
		"resources.name", "resources.owner.account.name"} {
		out[name] = field{kind: s}
	}
	for _, name := range []string{"resources.image.created_time_dt", "resources.image.last_used_time_dt", "resources.modified_time_dt"} {
		out[name] = field{kind: d}
	}
	for _, name := range []string{"compliance.assessments.meets_criteria", "vulnerabilities.is_exploit_available", "vulnerabilities.is_fix_available"} {
		out[name] = field{kind: b}
	}
	for _, name := range []string{"activity_id", "compliance.status_id", "severity_id", "status_id", "finding_info.related_events_count",
		"evidences.api.response.code", "evidences.dst_endpoint.autonomous_system.number", "evidences.dst_endpoint.port",
		"evidences.src_endpoint.autonomous_system.number", "evidences.src_endpoint.port", "resources.image.in_use_count",
		"vulnerabilities.cve.cvss.base_score", "vendor_attributes.severity_id"} {
		out[name] = field{kind: n}
	}
	for _, name := range []string{"compliance.control_parameters", "databucket.tags", "finding_info.tags"} {
		out[name] = field{kind: m}
	}
	for _, name := range []string{"evidences.dst_endpoint.ip", "evidences.src_endpoint.ip"} {
		out[name] = field{kind: ip}
	}
	return out
}()

// sortFields are the OCSF fields findings can be sorted by, with the GetFindings sort key
// of the same order (severity sorts by the normalized score, which orders as severity_id).
var sortFields = map[string]string{
	"finding_info.created_time_dt": "CreatedAt", "finding_info.created_time": "CreatedAt",
	"finding_info.modified_time_dt": "UpdatedAt", "finding_info.modified_time": "UpdatedAt", "time": "UpdatedAt", "time_dt": "UpdatedAt",
	"finding_info.first_seen_time_dt": "FirstObservedAt", "finding_info.first_seen_time": "FirstObservedAt",
	"finding_info.last_seen_time_dt": "LastObservedAt", "finding_info.last_seen_time": "LastObservedAt",
	"severity": "SeverityNormalized", "severity_id": "SeverityNormalized",
	"finding_info.title": "Title", "finding_info.uid": "Id", "finding_info.types": "Type", "finding_info.analytic.name": "GeneratorId",
	"cloud.account.uid": "AwsAccountId", "cloud.region": "Region", "metadata.product.uid": "ProductArn",
	"metadata.product.name": "ProductName", "metadata.product.vendor_name": "CompanyName",
	"status": "WorkflowStatus", "compliance.status": "ComplianceStatus", "compliance.control": "ComplianceSecurityControlId",
	"confidence_score": "Confidence", "resources.type": "ResourceType", "resources.uid": "ResourceId",
}

// groupFields are the model's GroupByField values: those with an ASFF filter key are
// counted by it (in the store for the promoted and indexed keys), the values translated back
// to OCSF names; the others by their OCSF values.
var groupFields = func() map[string]field {
	out := map[string]field{}
	for _, name := range []string{"activity_name", "cloud.account.uid", "cloud.provider", "cloud.region", "compliance.assessments.name",
		"compliance.status", "compliance.control", "finding_info.title", "finding_info.related_events.traits.category",
		"finding_info.types", "metadata.product.name", "metadata.product.uid", "resources.type", "resources.uid", "severity", "status",
		"vulnerabilities.fix_coverage", "class_name", "vulnerabilities.affected_packages.name", "finding_info.analytic.name",
		"compliance.standards", "cloud.account.name", "vendor_attributes.severity", "metadata.product.vendor_name",
		"resources.cloud_partition", "resources.name", "resources.owner.account.uid", "resources.owner.org.uid",
		"resources.owner.account.name", "resources.provider", "resources.region"} {
		out[name] = fields[name]
	}
	return out
}()

// ocsfName translates an ASFF value of a field with enumerated values back to its OCSF name.
func (f field) ocsfName(asff string) (string, bool) {
	if f.values == nil {
		return asff, true
	}
	for name, v := range f.values {
		if v == asff {
			return name, true
		}
	}
	return "", false
}

func splitPath(p string) []string { return strings.Split(p, ".") }
