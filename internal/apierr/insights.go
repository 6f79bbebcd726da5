package apierr

// Errors of the insights domain: CreateInsight, UpdateInsight, DeleteInsight, GetInsights and
// GetInsightResults. (A refused Filters document answers with the findings domain's errors.)
var (
	// InsightNotGroupable is a GroupByAttribute that is not a string attribute of findings
	// (argument: the attribute).
	InsightNotGroupable = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'GroupByAttribute'. '%s' is not an attribute insights can group by.")
	// InsightLimitExceeded is a CreateInsight beyond AWS's quota of custom insights per
	// account and region (argument: the quota).
	InsightLimitExceeded = define(SecurityHub, CodeLimitExceeded, 429, "You can't create more than %d custom insights.")
	// InsightNotFound is an insight ARN that names neither a managed insight nor one of the
	// caller's custom insights in the region (argument: the ARN).
	InsightNotFound = define(SecurityHub, CodeResourceNotFound, 404, "Insight %s not found")
	// ManagedInsightUpdate is an UpdateInsight of a managed insight.
	ManagedInsightUpdate = define(SecurityHub, CodeInvalidInput, 400, "Managed insights cannot be updated.")
	// ManagedInsightDelete is a DeleteInsight of a managed insight.
	ManagedInsightDelete = define(SecurityHub, CodeInvalidInput, 400, "Managed insights cannot be deleted.")
	// InsightInvalidARN is an UpdateInsight of a value that is not an insight ARN (argument:
	// the value).
	InsightInvalidARN = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'InsightArn'. '%s' is not an insight ARN.")
)
