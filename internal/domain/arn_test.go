package domain

import (
	"slices"
	"testing"

	"github.com/sechub/sechub/internal/store"
)

func TestOwnARN(t *testing.T) {
	key := store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: "111111111111"}
	cases := []struct {
		name, arn, want string
	}{
		// An empty account field is the caller's, whatever the resource of an account.
		{"hub", "arn:aws:securityhub:us-east-1::hub/default", "arn:aws:securityhub:us-east-1:111111111111:hub/default"},
		{"standards subscription", "arn:aws:securityhub:us-east-1::subscription/pci-dss/v/3.2.1",
			"arn:aws:securityhub:us-east-1:111111111111:subscription/pci-dss/v/3.2.1"},
		{"custom insight", "arn:aws:securityhub:us-east-1::insight/111111111111/custom/0f1e",
			"arn:aws:securityhub:us-east-1:111111111111:insight/111111111111/custom/0f1e"},
		{"action target", "arn:aws:securityhub:us-east-1::action/custom/Send",
			"arn:aws:securityhub:us-east-1:111111111111:action/custom/Send"},
		{"resource with colons", "arn:aws:securityhub:us-east-1::automation-rule/a:b",
			"arn:aws:securityhub:us-east-1:111111111111:automation-rule/a:b"},
		// Only the account is filled in: another region or partition stays so, and is not the
		// caller's resource for the domain that checks it.
		{"another region", "arn:aws:securityhub:eu-west-1::hub/default", "arn:aws:securityhub:eu-west-1:111111111111:hub/default"},
		{"another partition", "arn:aws-cn:securityhub:cn-north-1::hub/default", "arn:aws-cn:securityhub:cn-north-1:111111111111:hub/default"},
		// An ARN with an account is left alone, the caller's or not.
		{"own account", "arn:aws:securityhub:us-east-1:111111111111:hub/default", "arn:aws:securityhub:us-east-1:111111111111:hub/default"},
		{"another account", "arn:aws:securityhub:us-east-1:222222222222:hub/default", "arn:aws:securityhub:us-east-1:222222222222:hub/default"},
		// Resources no account owns keep their ARN without one.
		{"product", "arn:aws:securityhub:us-east-1::product/aws/guardduty", "arn:aws:securityhub:us-east-1::product/aws/guardduty"},
		{"standard", "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1", "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1"},
		{"global standard", "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
			"arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"},
		{"managed insight", "arn:aws:securityhub:::insight/securityhub/default/1", "arn:aws:securityhub:::insight/securityhub/default/1"},
		{"managed insight with a region", "arn:aws:securityhub:us-east-1::insight/securityhub/default/1",
			"arn:aws:securityhub:us-east-1::insight/securityhub/default/1"},
		// No region: no resource of an account is global.
		{"no region", "arn:aws:securityhub:::hub/default", "arn:aws:securityhub:::hub/default"},
		// Not a Security Hub ARN.
		{"another service", "arn:aws:s3:us-east-1::bucket", "arn:aws:s3:us-east-1::bucket"},
		{"too few fields", "arn:aws:securityhub:us-east-1:", "arn:aws:securityhub:us-east-1:"},
		{"no arn prefix", "aws:securityhub:us-east-1::hub/default:x", "aws:securityhub:us-east-1::hub/default:x"},
		{"not an ARN", "hub/default", "hub/default"},
		{"empty", "", ""},
	}
	for _, c := range cases {
		if got := OwnARN(key, c.arn); got != c.want {
			t.Errorf("%s: OwnARN(%q) = %q, want %q", c.name, c.arn, got, c.want)
		}
	}
}

func TestOwnARNs(t *testing.T) {
	key := store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: "111111111111"}
	cases := []struct {
		name     string
		in, want []string
	}{
		{"nil", nil, nil},
		{"empty", []string{}, nil},
		{"each", []string{"arn:aws:securityhub:us-east-1::hub/default", "arn:aws:securityhub:us-east-1::product/aws/guardduty",
			"arn:aws:securityhub:us-east-1:222222222222:hub/default"},
			[]string{"arn:aws:securityhub:us-east-1:111111111111:hub/default", "arn:aws:securityhub:us-east-1::product/aws/guardduty",
				"arn:aws:securityhub:us-east-1:222222222222:hub/default"}},
	}
	for _, c := range cases {
		in := slices.Clone(c.in)
		if got := OwnARNs(key, in); !slices.Equal(got, c.want) {
			t.Errorf("%s: OwnARNs = %q, want %q", c.name, got, c.want)
		}
		if !slices.Equal(in, c.in) {
			t.Errorf("%s: OwnARNs changed its argument to %q", c.name, in)
		}
	}
}

func TestOwnID(t *testing.T) {
	key := store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: "111111111111"}
	cases := []struct {
		identifier, id string
		ok             bool
	}{
		{"0f0e-1", "0f0e-1", true},
		{"arn:aws:securityhub:us-east-1:111111111111:connectorv2/0f0e-1", "0f0e-1", true},
		{"arn:aws:securityhub:us-east-1::connectorv2/0f0e-1", "0f0e-1", true},
		{"arn:aws:securityhub:us-east-1:222222222222:connectorv2/0f0e-1", "", false},
		{"arn:aws:securityhub:eu-west-1:111111111111:connectorv2/0f0e-1", "", false},
		{"arn:aws:securityhub:us-east-1:111111111111:automation-rulev2/0f0e-1", "", false},
		{"arn:aws:securityhub:us-east-1:111111111111:connectorv2/", "", false},
	}
	for _, c := range cases {
		if id, ok := OwnID(key, c.identifier, "connectorv2/"); id != c.id && c.ok || ok != c.ok {
			t.Errorf("OwnID(%q) = %q, %v; want %q, %v", c.identifier, id, ok, c.id, c.ok)
		}
	}
}
