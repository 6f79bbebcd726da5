package apierr

// STS (query protocol) names the authentication failures differently.
var (
	STSInvalidClientTokenID  = define(STS, "InvalidClientTokenId", 403, UnrecognizedClient.Message)
	STSSignatureDoesNotMatch = define(STS, "SignatureDoesNotMatch", 403, SignatureMismatch.Message)
	STSMissingAuthToken      = define(STS, "MissingAuthenticationToken", 403, "Request is missing Authentication Token")
	STSMalformedQuery        = define(STS, "MalformedQueryString", 400, "The request body is not a valid query string.")
	STSMissingAction         = define(STS, "InvalidAction", 400, "The request must contain the parameter Action.")
	STSUnknownAction         = define(STS, "InvalidAction", 400, "Could not find operation %s for version 2011-06-15")
)

// ForSTS returns the STS form of an authentication error of the JSON services; other errors
// are returned as they are.
func ForSTS(e *Error) *Error {
	switch e.Code {
	case SignatureMismatch.Code:
		return &Error{Code: STSSignatureDoesNotMatch.Code, Status: e.Status, Message: e.Message}
	case UnrecognizedClient.Code:
		return &Error{Code: STSInvalidClientTokenID.Code, Status: e.Status, Message: e.Message}
	case MissingAuthToken.Code:
		return STSMissingAuthToken.New()
	}
	return e
}
