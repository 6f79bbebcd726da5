package apierr

// Errors of the Security Hub V2 findings and resources operations (GetFindingsV2,
// BatchUpdateFindingsV2, GetFindingStatisticsV2, GetFindingsTrendsV2, GetResourcesV2 and
// their statistics and trends), which answer ValidationException where the CSPM operations
// answer InvalidInputException. The texts are sechub's own: AWS's are not published.
var (
	// V2Invalid is a refused V2 request (argument: what is wrong, naming the parameter).
	V2Invalid = define(SecurityHub, "ValidationException", 400, "%s")
	// V2UnknownField is a filter, sort or group-by field the operation does not know
	// (arguments: the parameter, the field).
	V2UnknownField = define(SecurityHub, "ValidationException", 400, "Invalid parameter '%s'. '%s' is not a field of this operation.")
	// V2TooMany is a list over its limit (arguments: the parameter, the limit, the number given).
	V2TooMany = define(SecurityHub, "ValidationException", 400, "Invalid parameter '%s'. At most %d are allowed; %d were given.")
	// V2NestedTooDeep is a NestedCompositeFilters inside a NestedCompositeFilters: the model
	// allows three layers.
	V2NestedTooDeep = define(SecurityHub, "ValidationException", 400, "Invalid parameter 'Filters'. NestedCompositeFilters cannot be nested again: filters have at most three layers.")
	// V2TimeRange is a trends request whose StartTime is not before its EndTime.
	V2TimeRange = define(SecurityHub, "ValidationException", 400, "Invalid parameter 'StartTime'. StartTime must be before EndTime.")
)

// Errors of the Scopes of the V2 findings and resources reads.
var (
	// V2ScopesNotAdministrator is Scopes from an account that is not the region's delegated
	// administrator (argument: the account).
	V2ScopesNotAdministrator = define(SecurityHub, CodeAccessDenied, 403, "Account %s is not the delegated administrator of its organization: only the delegated administrator can use Scopes.")
	// V2OrganizationNotFound is a scope naming another organization than the administrator's.
	V2OrganizationNotFound = define(SecurityHub, "OrganizationNotFoundException", 400, "Organization %s was not found: Scopes can name only the delegated administrator's organization.")
	// V2OrganizationalUnitNotFound is a scope naming no organizational unit of the organization.
	V2OrganizationalUnitNotFound = define(SecurityHub, "OrganizationalUnitNotFoundException", 400, "Organizational unit %s was not found in organization %s.")
)
