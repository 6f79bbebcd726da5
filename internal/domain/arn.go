package domain

import (
	"errors"
	"slices"
	"strings"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/store"
)

// accountless lists the resource types (the start of an ARN's resource part) that AWS names
// without an account because no account owns them: the products of AWS's integrations
// (arn:aws:securityhub:us-east-1::product/aws/guardduty), the standards
// (arn:aws:securityhub:us-east-1::standards/..., arn:aws:securityhub:::ruleset/...) and the
// managed insights (arn:aws:securityhub:::insight/securityhub/default/1).
var accountless = []string{"product/", "standards/", "ruleset/", "insight/securityhub/"}

// OwnARN is the one "an empty account means the caller's" rule: it returns arn with key's
// account in its account field when arn is a Security Hub ARN of a regional resource whose
// account field is empty, such as arn:aws:securityhub:us-east-1::hub/default, which
// Terraform's hashicorp/aws provider builds when it is told not to look the account up
// (skip_requesting_account_id). Every other arn comes back unchanged: one with an account,
// one that is not a Security Hub ARN, one without a region (no resource of an account is
// global), and those of the resources no account owns (accountless). Domains apply it to the
// ARNs that name the caller's resources (its hub, standards subscriptions, insights, action
// targets, tagged resources) before they check and look them up, and keep arn itself for the
// error messages.
func OwnARN(key store.AccountKey, arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "securityhub" || parts[3] == "" || parts[4] != "" {
		return arn
	}
	for _, prefix := range accountless {
		if strings.HasPrefix(parts[5], prefix) {
			return arn
		}
	}
	parts[4] = key.AccountID
	return strings.Join(parts, ":")
}

// OwnARNs is OwnARN of each of arns, in a new slice (nil when arns is empty).
func OwnARNs(key store.AccountKey, arns []string) []string {
	if len(arns) == 0 {
		return nil
	}
	out := make([]string, len(arns))
	for i, arn := range arns {
		out[i] = OwnARN(key, arn)
	}
	return out
}

// OwnID returns the id of key's resource of a type that identifier names: identifier itself
// when it is no ARN (an id), else the rest of the ARN's resource part after resource (such as
// "connectorv2/") when the ARN is one of key's resources of that type (an ARN without an
// account names the caller's: OwnARN). ok is false for an ARN of another account, region or
// partition, or of another type.
func OwnID(key store.AccountKey, identifier, resource string) (id string, ok bool) {
	if !strings.HasPrefix(identifier, "arn:") {
		return identifier, true
	}
	prefix := "arn:" + key.Partition + ":securityhub:" + key.Region + ":" + key.AccountID + ":" + resource
	id, ok = strings.CutPrefix(OwnARN(key, identifier), prefix)
	return id, ok && id != ""
}

// awsProvider is the provider of every standard and security control sechub holds (the
// model's StandardsProvider and SecurityControlsProvider); Azure's are not in its catalogue.
const awsProvider = "AWS"

// SelectsAWS reports whether a Providers filter of DescribeStandards, GetEnabledStandards or
// ListSecurityControlDefinitions selects AWS's standards and controls: when it is empty or
// names AWS. One that names only Azure selects nothing sechub holds.
func SelectsAWS(providers []string) bool {
	return len(providers) == 0 || slices.Contains(providers, awsProvider)
}

// OwnRecord returns key's value of kind that identifier names: its id, or an ARN of key's
// resources of that type (OwnID). An ARN of another account, region or type, or an id with no
// value, is notFound with identifier as its argument.
func OwnRecord[T any](tx store.Tx, kind store.JSONKind[T], key store.AccountKey, identifier, resource string, notFound apierr.Def) (T, error) {
	var zero T
	id, ok := OwnID(key, identifier, resource)
	if !ok {
		return zero, notFound.New(identifier)
	}
	v, err := kind.Get(tx, key, id)
	if errors.Is(err, store.ErrNotFound) {
		return zero, notFound.New(identifier)
	}
	return v, err
}
