package apierr

// filtersParameter starts the message of every refused Filters document (GetFindings,
// UpdateFindings, CreateInsight, UpdateInsight).
const filtersParameter = "Invalid parameter 'Filters'. "

// Errors of the findings domain: BatchImportFindings, GetFindings, BatchUpdateFindings,
// UpdateFindings and GetFindingHistory. (The per-finding failures of BatchImportFindings and
// BatchUpdateFindings are not errors: they are listed in the answer, with the domain's texts.)
var (
	// ImportNotAuthorized is a BatchImportFindings with a finding of another account or
	// product than the caller's default one; nothing is imported (arguments: the caller's
	// principal ARN, the finding's ProductArn).
	ImportNotAuthorized = define(SecurityHub, CodeAccessDenied, 403, "User: %s is not authorized to perform: securityhub:BatchImportFindings on resource: %s")
	// TooManyFindingIdentifiers is a BatchUpdateFindings naming more findings than AWS
	// updates at once (argument: their number; the model states no bound).
	TooManyFindingIdentifiers = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'FindingIdentifiers'. Size '%d' is greater than maximum value: 100.")
	// NoFindingIdentifiers is a BatchUpdateFindings naming no finding.
	NoFindingIdentifiers = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'FindingIdentifiers'. Size '0' is less than minimum value: 1.")
	// NoFindingMatches is an UpdateFindings whose filters match none of the findings the
	// caller may see.
	NoFindingMatches = define(SecurityHub, CodeResourceNotFound, 404, "No finding matches the filters.")
	// UnsortableField is a GetFindings sort criterion on a field findings cannot be sorted
	// by (argument: the field).
	UnsortableField = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'SortCriteria'. '%s' is not a field findings can be sorted by.")
	// HistoryStartAfterEnd is a GetFindingHistory whose StartTime is after its EndTime.
	HistoryStartAfterEnd = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'StartTime'. StartTime must not be after EndTime.")
)

// Refused Filters documents: the rules of AwsSecurityFindingFilters that the model does not
// state. The texts are sechub's own (AWS's are unknown); each names the filter key.
var (
	// FilterTooManyKeys: arguments the limit and the number of keys given.
	FilterTooManyKeys = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"You can filter by up to %d attributes; %d were given.")
	// FilterUnknownKey: argument the key.
	FilterUnknownKey = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"Unknown filter key '%s'.")
	// FilterNotList: argument the key.
	FilterNotList = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The filter '%s' must be a list.")
	// FilterTooManyValues: arguments the key, the number of values and the limit.
	FilterTooManyValues = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The filter '%s' has %d values; at most %d are allowed.")
	// FilterNotObject: argument the key.
	FilterNotObject = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"Each '%s' filter must be an object.")
	// FilterContainsCombined: argument the key.
	FilterContainsCombined = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The filter '%s' cannot combine CONTAINS with other comparisons.")
	// FilterNotContainsCombined: argument the key.
	FilterNotContainsCombined = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The filter '%s' cannot combine NOT_CONTAINS with other comparisons.")
	// FilterEqualsCombined: argument the key.
	FilterEqualsCombined = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The filter '%s' cannot combine EQUALS with NOT_EQUALS or PREFIX_NOT_EQUALS.")
	// FilterStringIncomplete: argument the key.
	FilterStringIncomplete = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The filter '%s' needs a Value and a Comparison.")
	// FilterContainsWord is the comparison only GetFindingsV2 takes.
	FilterContainsWord = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The comparison CONTAINS_WORD is only supported by GetFindingsV2.")
	// FilterUnknownComparison: arguments the comparison and the key.
	FilterUnknownComparison = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"Unknown comparison '%s' for '%s'.")
	// FilterMapIncomplete: argument the key.
	FilterMapIncomplete = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The map filter '%s' needs a Key, a Value and a Comparison.")
	// FilterBoundNotNumber: argument the key.
	FilterBoundNotNumber = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The filter '%s' has a bound that is not a number.")
	// FilterNumberNoBound: argument the key.
	FilterNumberNoBound = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The number filter '%s' needs at least one of Eq, Gt, Gte, Lt, Lte.")
	// FilterDateBothForms: argument the key.
	FilterDateBothForms = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The date filter '%s' takes either Start/End or DateRange, not both.")
	// FilterDateRangeInvalid: argument the key.
	FilterDateRangeInvalid = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The DateRange of '%s' needs a positive Value in DAYS.")
	// FilterStartInvalid: argument the key.
	FilterStartInvalid = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The Start of '%s' is not an ISO 8601 date-time.")
	// FilterEndInvalid: argument the key.
	FilterEndInvalid = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The End of '%s' is not an ISO 8601 date-time.")
	// FilterDateIncomplete: argument the key.
	FilterDateIncomplete = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The date filter '%s' needs Start, End or DateRange.")
	// FilterBooleanIncomplete: argument the key.
	FilterBooleanIncomplete = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The boolean filter '%s' needs a Value.")
	// FilterCIDRInvalid: arguments the value and the key.
	FilterCIDRInvalid = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The Cidr '%s' of '%s' is not a CIDR block or an IP address.")
	// FilterKeywordIncomplete is a Keyword filter without a Value.
	FilterKeywordIncomplete = define(SecurityHub, CodeInvalidInput, 400, filtersParameter+"The keyword filter needs a Value.")
)
