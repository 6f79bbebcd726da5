package apierr

// Throttling: what each service answers a client that asks more than it serves (the
// --throttle aws request rates, a server at its memory bound, too many heavy reads at once).
// The AWS SDKs retry all of them, after a pause.
var (
	// Throttled is Security Hub's: its API gateway answers 429 TooManyRequestsException,
	// which is not in the service model.
	Throttled = define(SecurityHub, "TooManyRequestsException", 429, "Too Many Requests")
	// OrgThrottled is the modelled error of AWS Organizations (awsJson: 400).
	OrgThrottled = define(Organizations, "TooManyRequestsException", 400, "Rate exceeded")
	// STSThrottled is STS's (query protocol).
	STSThrottled = define(STS, "Throttling", 400, "Rate exceeded")
)

// Server faults the fault injector (--fault-rate) answers with; the SDKs retry a 500.
var (
	// OrgServiceFault is AWS Organizations' internal error (InternalException is Security
	// Hub's).
	OrgServiceFault = define(Organizations, "ServiceException", 500,
		"AWS Organizations can't complete your request because of an internal service error. Try again later.")
)

// Lengths the model leaves unbounded and AWS documents (or sechub chose: see each use).
var (
	// MemberTooLong is a string member longer than its limit (arguments: the member's path,
	// its length in characters, the limit), worded as the model's own length violations.
	MemberTooLong = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter '%s'. Length '%d' is greater than maximum value: %d.")
	// MapKeyTooLong is a key of a map member longer than its limit (arguments: the member,
	// the key's length, the limit).
	MapKeyTooLong = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter '%s'. Key length '%d' is greater than maximum value: %d.")
	// InsightFiltersTooLarge is an insight whose Filters document is larger than sechub keeps
	// (arguments: its size as JSON, the limit).
	InsightFiltersTooLarge = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'Filters'. The filters take %d bytes as JSON; an insight's may take %d.")
)
