// Package standards is the catalogue of security standards and the accounts' subscriptions to
// them (DescribeStandards, GetEnabledStandards, BatchEnableStandards, BatchDisableStandards).
package standards

import "strings"

// Definition is one security standard sechub offers.
type Definition struct {
	// Path is the standard's ARN resource, e.g. "standards/pci-dss/v/3.2.1". The ARN is
	// region-scoped unless Global (CIS 1.2.0's legacy "ruleset" ARN has no region).
	Path             string
	Global           bool
	Name             string
	Description      string
	EnabledByDefault bool
}

// Catalog lists the standards in the order DescribeStandards returns them.
var Catalog = []Definition{
	{Path: "standards/aws-foundational-security-best-practices/v/1.0.0", Name: "AWS Foundational Security Best Practices v1.0.0", EnabledByDefault: true,
		Description: "Controls that detect when AWS accounts and deployed resources deviate from AWS security best practices."},
	{Path: "ruleset/cis-aws-foundations-benchmark/v/1.2.0", Global: true, Name: "CIS AWS Foundations Benchmark v1.2.0", EnabledByDefault: true,
		Description: "Center for Internet Security AWS Foundations Benchmark, version 1.2.0."},
	{Path: "standards/cis-aws-foundations-benchmark/v/1.4.0", Name: "CIS AWS Foundations Benchmark v1.4.0",
		Description: "Center for Internet Security AWS Foundations Benchmark, version 1.4.0."},
	{Path: "standards/cis-aws-foundations-benchmark/v/3.0.0", Name: "CIS AWS Foundations Benchmark v3.0.0",
		Description: "Center for Internet Security AWS Foundations Benchmark, version 3.0.0."},
	{Path: "standards/cis-aws-foundations-benchmark/v/5.0.0", Name: "CIS AWS Foundations Benchmark v5.0.0",
		Description: "Center for Internet Security AWS Foundations Benchmark, version 5.0.0."},
	{Path: "standards/nist-800-53/v/5.0.0", Name: "NIST Special Publication 800-53 Revision 5",
		Description: "Controls mapped to NIST SP 800-53 Revision 5."},
	{Path: "standards/nist-800-171/v/2.0.0", Name: "NIST SP 800-171 Revision 2",
		Description: "Controls mapped to NIST SP 800-171 Revision 2."},
	{Path: "standards/pci-dss/v/3.2.1", Name: "PCI DSS v3.2.1",
		Description: "Controls mapped to the Payment Card Industry Data Security Standard, version 3.2.1."},
	{Path: "standards/pci-dss/v/4.0.1", Name: "PCI DSS v4.0.1",
		Description: "Controls mapped to the Payment Card Industry Data Security Standard, version 4.0.1."},
	{Path: "standards/aws-resource-tagging-standard/v/1.0.0", Name: "AWS Resource Tagging Standard v1.0.0",
		Description: "Controls that check whether AWS resources carry tags."},
}

// ARN returns the standard's ARN in a partition and region.
func (d Definition) ARN(partition, region string) string {
	if d.Global {
		return "arn:" + partition + ":securityhub:::" + d.Path
	}
	return "arn:" + partition + ":securityhub:" + region + "::" + d.Path
}

// SubscriptionARN returns the ARN of an account's subscription to the standard.
func (d Definition) SubscriptionARN(partition, region, account string) string {
	return "arn:" + partition + ":securityhub:" + region + ":" + account + ":subscription/" + d.ResourceSuffix()
}

// Lookup finds the standard whose ARN, in partition and region, is arn.
func Lookup(partition, region, arn string) (Definition, bool) {
	for _, d := range Catalog {
		if d.ARN(partition, region) == arn {
			return d, true
		}
	}
	return Definition{}, false
}

// ByPath finds the standard whose ARN resource is path ("standards/pci-dss/v/3.2.1").
func ByPath(path string) (Definition, bool) {
	for _, d := range Catalog {
		if d.Path == path {
			return d, true
		}
	}
	return Definition{}, false
}

// ResourceSuffix is the standard's name and version as the ARNs of its subscriptions and
// controls carry it: the ARN resource without its first part ("pci-dss/v/3.2.1").
func (d Definition) ResourceSuffix() string {
	_, rest, _ := strings.Cut(d.Path, "/")
	return rest
}
