package insights

import (
	"encoding/json"
	"fmt"
)

// managed is one of Security Hub's managed insights: its number in
// arn:aws:securityhub:::insight/securityhub/default/N, its name, grouping and filters.
type managed struct {
	n       int
	name    string
	groupBy string
	filters string // JSON, without the standard RecordState/WorkflowStatus filters
	noStd   bool   // the standard filters do not apply
}

// std is the filter every managed insight but one adds: active findings, NEW or NOTIFIED.
const std = `"RecordState":[{"Value":"ACTIVE","Comparison":"EQUALS"}],"WorkflowStatus":[{"Value":"NEW","Comparison":"EQUALS"},{"Value":"NOTIFIED","Comparison":"EQUALS"}]`

func prefix(values ...string) string {
	out := `"Type":[`
	for i, v := range values {
		if i > 0 {
			out += ","
		}
		out += fmt.Sprintf(`{"Value":%q,"Comparison":"PREFIX"}`, v)
	}
	return out + "]"
}

func resourceType(t string) string {
	return fmt.Sprintf(`"ResourceType":[{"Value":%q,"Comparison":"EQUALS"}]`, t)
}

const bestPractices = `"Type":[{"Value":"Software and Configuration Checks/Industry and Regulatory Standards/AWS Security Best Practices","Comparison":"EQUALS"}]`

var reachability = prefix("Software and Configuration Checks/AWS Security Best Practices/Network Reachability") + "," + resourceType("AwsEc2Instance")

var managedInsights = []managed{
	{1, "AWS resources with the most findings", "ResourceId", ``, false},
	{10, "S3 buckets with public write or read permissions", "ResourceId", prefix("Effects/Data Exposure") + "," + resourceType("AwsS3Bucket"), false},
	{3, "AMIs that are generating the most findings", "ResourceAwsEc2InstanceImageId", resourceType("AwsEc2Instance"), false},
	{14, "EC2 instances involved in known Tactics, Techniques, and Procedures (TTPs)", "ResourceId", prefix("TTPs") + "," + resourceType("AwsEc2Instance"), false},
	{9, "AWS principals with suspicious access key activity", "ResourceAwsIamAccessKeyPrincipalName", resourceType("AwsIamAccessKey"), false},
	{6, "AWS resources instances that don't meet security standards / best practices", "ResourceId", bestPractices, false},
	{7, "AWS resources associated with potential data exfiltration", "ResourceId", prefix("Effects/Data Exfiltration/"), false},
	{8, "AWS resources associated with unauthorized resource consumption", "ResourceId", prefix("Effects/Resource Consumption"), false},
	{11, "S3 buckets that don't meet security standards / best practice", "ResourceId", resourceType("AwsS3Bucket") + "," + bestPractices, false},
	{12, "S3 buckets with sensitive data", "ResourceId", resourceType("AwsS3Bucket") + "," + prefix("Sensitive Data Identifications/"), false},
	{13, "Credentials that may have leaked", "ResourceId", prefix("Sensitive Data Identifications/Passwords/"), false},
	{16, "EC2 instances that have missing security patches for important vulnerabilities", "ResourceId", prefix("Software and Configuration Checks/Vulnerabilities/CVE") + "," + resourceType("AwsEc2Instance"), false},
	{17, "EC2 instances with general unusual behavior", "ResourceId", prefix("Unusual Behaviors") + "," + resourceType("AwsEc2Instance"), false},
	{18, "EC2 instances that have ports accessible from the Internet", "ResourceId", reachability, false},
	{19, "EC2 instances that don't meet security standards / best practices", "ResourceId", prefix("Software and Configuration Checks/Industry and Regulatory Standards/", "Software and Configuration Checks/AWS Security Best Practices") + "," + resourceType("AwsEc2Instance"), false},
	{21, "EC2 instances that are open to the Internet", "ResourceId", reachability, false},
	{22, "EC2 instances associated with adversary reconnaissance", "ResourceId", prefix("TTPs/Discovery/Recon") + "," + resourceType("AwsEc2Instance"), false},
	{23, "AWS resources that are associated with malware", "ResourceId", prefix("Effects/Data Exfiltration/Trojan", "TTPs/Initial Access/Trojan", "TTPs/Command and Control/Backdoor", "TTPs/Command and Control/Trojan", "Software and Configuration Checks/Backdoor", "Unusual Behaviors/VM/Backdoor"), false},
	{24, "AWS resources associated with cryptocurrency issues", "ResourceId", prefix("Effects/Resource Consumption/Cryptocurrency", "TTPs/Command and Control/CryptoCurrency"), false},
	{25, "AWS resources with unauthorized access attempts", "ResourceId", prefix("TTPs/Command and Control/UnauthorizedAccess", "TTPs/Initial Access/UnauthorizedAccess", "Effects/Data Exfiltration/UnauthorizedAccess", "Unusual Behaviors/User/UnauthorizedAccess", "Effects/Resource Consumption/UnauthorizedAccess"), false},
	{26, "Threat Intel indicators with the most hits in the last week", "ThreatIntelIndicatorValue", `"CreatedAt":[{"DateRange":{"Value":7,"Unit":"DAYS"}}]`, true},
	{27, "Top accounts by counts of findings", "AwsAccountId", ``, false},
	{28, "Top products by counts of findings", "ProductName", ``, false},
	{29, "Severity by counts of findings", "SeverityLabel", ``, false},
	{30, "Top S3 buckets by counts of findings", "ResourceId", resourceType("AwsS3Bucket"), false},
	{31, "Top EC2 instances by counts of findings", "ResourceId", resourceType("AwsEc2Instance"), false},
	{32, "Top AMIs by counts of findings", "ResourceAwsEc2InstanceImageId", resourceType("AwsEc2Instance"), false},
	{33, "Top IAM users by counts of findings", "ResourceId", resourceType("AwsIamAccessKey"), false},
	{34, "Top resources by counts of failed CIS checks", "ResourceId", `"GeneratorId":[{"Value":"arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule","Comparison":"PREFIX"}],"UpdatedAt":[{"DateRange":{"Value":1,"Unit":"DAYS"}}],"ComplianceStatus":[{"Value":"FAILED","Comparison":"EQUALS"}]`, false},
	{35, "Top integrations by counts of findings", "ProductArn", ``, false},
	{36, "Resources with the most failed security checks", "ResourceId", `"UpdatedAt":[{"DateRange":{"Value":1,"Unit":"DAYS"}}],"ComplianceStatus":[{"Value":"FAILED","Comparison":"EQUALS"}]`, false},
	{37, "IAM users with suspicious activity", "ResourceAwsIamUserUserName", resourceType("AwsIamUser"), false},
}

// managedARN is the ARN of managed insight n (no region, no account: the same everywhere).
func managedARN(partition string, n int) string {
	return fmt.Sprintf("arn:%s:securityhub:::insight/securityhub/default/%d", partition, n)
}

// filters returns the insight's Filters document.
func (m managed) filtersDoc() (map[string]any, error) {
	body := m.filters
	if !m.noStd {
		if body != "" {
			body += ","
		}
		body += std
	}
	dec := json.NewDecoder(bytesReader("{" + body + "}"))
	dec.UseNumber()
	var out map[string]any
	return out, dec.Decode(&out)
}
