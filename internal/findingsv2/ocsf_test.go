package findingsv2

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// representative findings: a Security Hub control finding, a GuardDuty-like detection, an
// Inspector vulnerability and a custom finding of an account's own product.
const (
	controlFinding = `{
	"SchemaVersion": "2018-10-08", "Id": "arn:aws:securityhub:us-east-1:111111111111:security-control/S3.1/finding/0b5f",
	"ProductArn": "arn:aws:securityhub:us-east-1::product/aws/securityhub", "ProductName": "Security Hub", "CompanyName": "AWS",
	"GeneratorId": "security-control/S3.1", "AwsAccountId": "111111111111", "Region": "us-east-1",
	"Types": ["Software and Configuration Checks/Industry and Regulatory Standards"],
	"CreatedAt": "2026-11-01T10:00:00.000Z", "UpdatedAt": "2026-11-02T10:00:00.000Z",
	"FirstObservedAt": "2026-11-01T09:00:00.000Z", "LastObservedAt": "2026-11-02T09:00:00.000Z",
	"Severity": {"Label": "MEDIUM", "Normalized": 40}, "Title": "S3 general purpose buckets should block public access",
	"Description": "Checks the bucket.", "Remediation": {"Recommendation": {"Text": "See the docs.", "Url": "https://docs.example/S3.1"}},
	"Resources": [{"Type": "AwsAccount", "Id": "AWS::::Account:111111111111", "Partition": "aws", "Region": "us-east-1"}],
	"Compliance": {"Status": "FAILED", "SecurityControlId": "S3.1", "RelatedRequirements": ["CIS AWS Foundations Benchmark v3.0.0/2.1.4"],
		"AssociatedStandards": [{"StandardsId": "standards/aws-foundational-security-best-practices/v/1.0.0"}],
		"SecurityControlParameters": [{"Name": "maxDays", "Value": ["90"]}], "StatusReasons": [{"ReasonCode": "X", "Description": "Public access is on."}]},
	"Workflow": {"Status": "NOTIFIED"}, "RecordState": "ACTIVE", "Note": {"Text": "owner asked", "UpdatedBy": "alice", "UpdatedAt": "2026-11-02T10:00:00.000Z"}}`
	guardDutyFinding = `{
	"SchemaVersion": "2018-10-08", "Id": "arn:aws:guardduty:us-east-1:222222222222:detector/d1/finding/f1",
	"ProductArn": "arn:aws:securityhub:us-east-1::product/aws/guardduty", "ProductName": "GuardDuty", "CompanyName": "Amazon",
	"GeneratorId": "arn:aws:guardduty:us-east-1:222222222222:detector/d1", "AwsAccountId": "222222222222", "Region": "us-east-1",
	"Types": ["TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS"], "CreatedAt": "2026-11-01T10:00:00.000Z",
	"UpdatedAt": "2026-11-01T10:00:00.000Z", "Severity": {"Label": "HIGH", "Normalized": 70}, "Confidence": 80,
	"Title": "EC2 instance is querying a command and control domain", "Description": "C&C",
	"Network": {"Direction": "OUT", "Protocol": "UDP", "SourceIpV4": "10.0.0.5", "SourcePort": 53000, "DestinationIpV4": "198.51.100.7", "DestinationPort": 53},
	"Resources": [{"Type": "AwsEc2Instance", "Id": "arn:aws:ec2:us-east-1:222222222222:instance/i-0abc", "Partition": "aws",
		"Region": "us-east-1", "Tags": {"env": "prod", "app": "web"}, "Details": {"AwsEc2Instance": {"Type": "t3.micro"}}}],
	"FindingProviderFields": {"Severity": {"Label": "HIGH", "Original": "8.0"}},
	"Workflow": {"Status": "NEW"}, "RecordState": "ACTIVE"}`
	inspectorFinding = `{
	"SchemaVersion": "2018-10-08", "Id": "arn:aws:inspector2:us-east-1:111111111111:finding/abc",
	"ProductArn": "arn:aws:securityhub:us-east-1::product/aws/inspector", "ProductName": "Inspector", "CompanyName": "Amazon",
	"GeneratorId": "AWSInspector", "AwsAccountId": "111111111111", "Region": "us-east-1",
	"Types": ["Software and Configuration Checks/Vulnerabilities/CVE"], "CreatedAt": "2026-10-01T00:00:00.000Z",
	"UpdatedAt": "2026-11-01T00:00:00.000Z", "Severity": {"Label": "CRITICAL", "Normalized": 90}, "Title": "CVE-2026-0001 - openssl",
	"Description": "A flaw.", "Resources": [{"Type": "AwsEcrContainerImage", "Id": "arn:aws:ecr:us-east-1:111111111111:repository/app/sha256:1", "Partition": "aws", "Region": "us-east-1"}],
	"Vulnerabilities": [{"Id": "CVE-2026-0001", "FixAvailable": "YES", "ExploitAvailable": "NO", "EpssScore": 0.42,
		"Cvss": [{"Version": "3.1", "BaseScore": 9.8, "BaseVector": "CVSS:3.1/AV:N"}], "ReferenceUrls": ["https://nvd.example/CVE-2026-0001"],
		"Vendor": {"Name": "NVD"}, "VulnerablePackages": [{"Name": "openssl", "Version": "3.0.1", "FixedInVersion": "3.0.9", "PackageManager": "OS"}]}],
	"Workflow": {"Status": "RESOLVED"}, "RecordState": "ARCHIVED"}`
	customFinding = `{
	"SchemaVersion": "2018-10-08", "Id": "scan-42", "ProductArn": "arn:aws:securityhub:us-east-1:333333333333:product/333333333333/default",
	"ProductName": "Default", "CompanyName": "Personal", "GeneratorId": "my-scanner", "AwsAccountId": "333333333333", "Region": "us-east-1",
	"Types": ["Unusual Behaviors/User"], "CreatedAt": "2026-11-01T00:00:00.000Z", "UpdatedAt": "2026-11-03T00:00:00.000Z",
	"Severity": {"Label": "INFORMATIONAL", "Normalized": 0}, "Title": "Odd login", "Description": "Seen at night.",
	"Resources": [{"Type": "Other", "Id": "user/bob"}], "Workflow": {"Status": "SUPPRESSED"}, "RecordState": "ACTIVE",
	"UserDefinedFields": {"ticket": "T-1"}, "ProductFields": {"aws/securityhub/FindingId": "x"}}`
)

func TestToOCSF(t *testing.T) {
	cases := []struct {
		name, asff string
		want       map[string]string // OCSF path → its value as JSON ("" absent)
	}{
		{"control finding", controlFinding, map[string]string{
			"class_uid": `2003`, "class_name": `"Compliance Finding"`, "category_uid": `2`, "category_name": `"Findings"`,
			"activity_id": `2`, "activity_name": `"Update"`, "type_uid": `200302`, "type_name": `"Compliance Finding: Update"`,
			"severity_id": `3`, "severity": `"Medium"`, "status_id": `2`, "status": `"In Progress"`,
			"time": `1793613600000`, "time_dt": `"2026-11-02T10:00:00.000Z"`,
			"finding_info.uid":             `"arn:aws:securityhub:us-east-1:111111111111:security-control/S3.1/finding/0b5f"`,
			"finding_info.title":           `"S3 general purpose buckets should block public access"`,
			"finding_info.desc":            `"Checks the bucket."`,
			"finding_info.created_time_dt": `"2026-11-01T10:00:00.000Z"`, "finding_info.modified_time_dt": `"2026-11-02T10:00:00.000Z"`,
			"finding_info.first_seen_time_dt": `"2026-11-01T09:00:00.000Z"`, "finding_info.last_seen_time_dt": `"2026-11-02T09:00:00.000Z"`,
			"finding_info.created_time": `1793527200000`,
			"finding_info.types":        `["Software and Configuration Checks/Industry and Regulatory Standards"]`,
			"finding_info.analytic":     `{"name":"security-control/S3.1","type":"Rule","type_id":1,"uid":"security-control/S3.1"}`,
			"cloud":                     `{"account":{"type":"AWS Account","type_id":10,"uid":"111111111111"},"provider":"AWS","region":"us-east-1"}`,
			"metadata.product":          `{"name":"Security Hub","uid":"arn:aws:securityhub:us-east-1::product/aws/securityhub","vendor_name":"AWS"}`,
			"metadata.version":          `"1.6.0"`,
			"metadata.uid":              `"arn:aws:securityhub:us-east-1::product/aws/securityhub/arn:aws:securityhub:us-east-1:111111111111:security-control/S3.1/finding/0b5f"`,
			"resources":                 `[{"cloud_partition":"aws","region":"us-east-1","type":"AwsAccount","uid":"AWS::::Account:111111111111"}]`,
			"compliance": `{"control":"S3.1","control_parameters":{"maxDays":"90"},"requirements":["CIS AWS Foundations Benchmark v3.0.0/2.1.4"],` +
				`"standards":["standards/aws-foundational-security-best-practices/v/1.0.0"],"status":"Fail","status_detail":"Public access is on.","status_id":3}`,
			"remediation":     `{"desc":"See the docs.","references":["https://docs.example/S3.1"]}`,
			"comment":         `"owner asked"`,
			"vulnerabilities": ``, "confidence_score": ``, "evidences": ``, "vendor_attributes": ``,
			"unmapped.RecordState": `"ACTIVE"`,
		}},
		{"GuardDuty detection", guardDutyFinding, map[string]string{
			"class_uid": `2004`, "class_name": `"Detection Finding"`, "activity_id": `1`, "activity_name": `"Create"`, "type_uid": `200401`,
			"severity_id": `4`, "severity": `"High"`, "status_id": `1`, "status": `"New"`, "confidence_score": `80`,
			"cloud.account.uid": `"222222222222"`, "metadata.product.name": `"GuardDuty"`,
			"resources": `[{"cloud_partition":"aws","data":{"AwsEc2Instance":{"Type":"t3.micro"}},"region":"us-east-1",` +
				`"tags":[{"name":"app","value":"web"},{"name":"env","value":"prod"}],"type":"AwsEc2Instance","uid":"arn:aws:ec2:us-east-1:222222222222:instance/i-0abc"}]`,
			"evidences": `[{"connection_info":{"direction":"Outbound","protocol_name":"UDP"},"dst_endpoint":{"ip":"198.51.100.7","port":53},` +
				`"src_endpoint":{"ip":"10.0.0.5","port":53000}}]`,
			"vendor_attributes": `{"severity":"High","severity_id":4}`,
			"compliance":        ``, "remediation": ``, "comment": ``,
		}},
		{"Inspector vulnerability", inspectorFinding, map[string]string{
			"class_uid": `2002`, "class_name": `"Vulnerability Finding"`, "activity_id": `3`, "activity_name": `"Close"`, "type_uid": `200203`,
			"severity_id": `5`, "severity": `"Critical"`, "status_id": `4`, "status": `"Resolved"`,
			"vulnerabilities": `[{"affected_packages":[{"fixed_in_version":"3.0.9","name":"openssl","package_manager":"OS","version":"3.0.1"}],` +
				`"cve":{"cvss":[{"base_score":9.8,"vector_string":"CVSS:3.1/AV:N","version":"3.1"}],"epss":{"score":"0.42"},"uid":"CVE-2026-0001"},` +
				`"fix_coverage":"Covered","is_exploit_available":false,"is_fix_available":true,"references":["https://nvd.example/CVE-2026-0001"],` +
				`"title":"CVE-2026-0001","vendor_name":"NVD"}]`,
			"compliance": ``,
		}},
		{"custom finding", customFinding, map[string]string{
			"class_uid": `2004`, "class_name": `"Detection Finding"`, "type_uid": `200402`, "severity_id": `1`, "severity": `"Informational"`,
			"status_id": `3`, "status": `"Suppressed"`,
			"metadata.product":   `{"name":"Default","uid":"arn:aws:securityhub:us-east-1:333333333333:product/333333333333/default","vendor_name":"Personal"}`,
			"resources":          `[{"type":"Other","uid":"user/bob"}]`,
			"unmapped":           `{"ProductFields":{"aws/securityhub/FindingId":"x"},"RecordState":"ACTIVE","SchemaVersion":"2018-10-08","UserDefinedFields":{"ticket":"T-1"}}`,
			"finding_info.types": `["Unusual Behaviors/User"]`,
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			asff, err := decode([]byte(c.asff))
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := json.Marshal(ToOCSF(asff))
			var got map[string]any
			json.Unmarshal(raw, &got)
			for path, want := range c.want {
				v := any(got)
				for _, p := range strings.Split(path, ".") {
					m, _ := v.(map[string]any)
					v = m[p]
				}
				if want == "" {
					if v != nil {
						t.Errorf("%s: %v, want it absent", path, v)
					}
					continue
				}
				var w any
				if err := json.Unmarshal([]byte(want), &w); err != nil {
					t.Fatalf("%s: bad expectation %s", path, want)
				}
				if !reflect.DeepEqual(v, w) {
					gotJSON, _ := json.Marshal(v)
					t.Errorf("%s: %s, want %s", path, gotJSON, want)
				}
			}
		})
	}
}

func TestMetadataUID(t *testing.T) {
	for _, c := range []struct{ uid, product, id string }{
		{"arn:aws:securityhub:us-east-1::product/aws/securityhub/arn:aws:securityhub:us-east-1:1:security-control/S3.1/finding/x",
			"arn:aws:securityhub:us-east-1::product/aws/securityhub", "arn:aws:securityhub:us-east-1:1:security-control/S3.1/finding/x"},
		{"arn:aws:securityhub:eu-west-1:333333333333:product/333333333333/default/scan/42",
			"arn:aws:securityhub:eu-west-1:333333333333:product/333333333333/default", "scan/42"},
		{"no-product-here", "", ""},
		{"arn:aws:securityhub:us-east-1::product/aws/securityhub/", "", ""},
	} {
		product, id, ok := splitMetadataUID(c.uid)
		if ok != (c.product != "") || product != c.product || id != c.id {
			t.Errorf("splitMetadataUID(%q) = %q %q %v", c.uid, product, id, ok)
		}
		if ok && MetadataUID(product, id) != c.uid {
			t.Errorf("MetadataUID does not give %q back", c.uid)
		}
	}
}
