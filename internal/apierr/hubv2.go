package apierr

// Errors of the Security Hub V2 domain. The V2 operations answer with their own error shapes
// (AccessDeniedException, ResourceNotFoundException, ValidationException), not the
// InvalidAccessException of the CSPM operations.
var (
	// HubV2NotFound is DescribeSecurityHubV2 by an account that has not enabled V2.
	HubV2NotFound = define(SecurityHub, CodeResourceNotFound, 404, "Security Hub V2 is not enabled for account %s in %s.")
	// HubV2NotEnabled is every other V2 operation by an account that has not enabled V2.
	HubV2NotEnabled = define(SecurityHub, CodeAccessDenied, 403, "Account %s has not enabled Security Hub V2 in %s. Enable it with EnableSecurityHubV2 first.")
	// FeatureV2NotInPartition is an opt-in feature AWS offers in its commercial partition
	// only, enabled in another (arguments: the feature, the partition).
	FeatureV2NotInPartition = define(SecurityHub, CodeValidation, 400, "The feature %s is not available in the %s partition.")
	// FreeTrialAccountDenied is ListFreeTrialStatusesV2 naming an account that is neither the
	// caller nor, for its organization's delegated administrator, an account of the
	// organization (arguments: the caller, the account).
	FreeTrialAccountDenied = define(SecurityHub, CodeAccessDenied, 403, "Account %s cannot list the free trial status of account %s: only the delegated Security Hub administrator can list the accounts of its organization.")
)
