// Package apierr is the one table of the errors sechub answers with: for each, the AWS error
// code (the x-amzn-ErrorType), the HTTP status its service sends it with, and the message text
// that real clients (Terraform, Prowler, AWS scripts) compare against. Domain code returns
// *Error values made from these definitions; the wire layer encodes them. Correct a text here
// and it is correct everywhere.
//
// The definitions are grouped by file: this one holds those of the protocols and of
// authentication, the others one domain's each.
package apierr

import "fmt"

// Error is an AWS service error: a code, an HTTP status and a message.
type Error struct {
	Code    string
	Status  int
	Message string
	// Reason is the extra member some error shapes carry (Organizations'
	// ConstraintViolationException, HandshakeConstraintViolationException).
	Reason string
}

// Error returns the code and the message.
func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Def defines one error: the service that answers with it ("" for every service of its
// protocol), its code, HTTP status and message. A Message with fmt verbs is filled by New's
// arguments.
type Def struct {
	Service string
	Code    string
	Status  int
	Message string
	Reason  string
}

// New returns the error, its message filled with args.
func (d Def) New(args ...any) *Error {
	msg := d.Message
	if len(args) > 0 {
		msg = fmt.Sprintf(d.Message, args...)
	}
	return &Error{Code: d.Code, Status: d.Status, Message: msg, Reason: d.Reason}
}

// Is reports whether err is an error of this definition (same code and status).
func (d Def) Is(err error) bool {
	e, ok := err.(*Error)
	return ok && e.Code == d.Code && e.Status == d.Status
}

var all []Def

// define adds an error to the table.
func define(service, code string, status int, message string) Def {
	d := Def{Service: service, Code: code, Status: status, Message: message}
	all = append(all, d)
	return d
}

// All returns every error definition (the tests check them against the service models).
func All() []Def { return append([]Def(nil), all...) }

// Services whose errors the table holds.
const (
	SecurityHub   = "securityhub"
	Organizations = "organizations"
	STS           = "sts"
)

// Error codes shared by several definitions.
const (
	CodeInvalidInput     = "InvalidInputException"
	CodeInvalidAccess    = "InvalidAccessException"
	CodeAccessDenied     = "AccessDeniedException"
	CodeResourceNotFound = "ResourceNotFoundException"
	CodeResourceConflict = "ResourceConflictException"
	CodeLimitExceeded    = "LimitExceededException"
	CodeResourceInUse    = "ResourceInUseException"
	CodeBadRequest       = "BadRequestException" // not modelled; AWS answers with it on member APIs
	// The V2 operations' own error shapes.
	CodeValidation    = "ValidationException"
	CodeConflict      = "ConflictException"
	CodeQuotaExceeded = "ServiceQuotaExceededException"
)

// Protocol errors of the JSON services (rest-json and awsJson).
var (
	// InvalidParameter is a request that breaks the model's constraints; the message names
	// the member ("Invalid parameter 'MaxResults'. Value '0' is less than minimum value: 1.").
	InvalidParameter = define("", CodeInvalidInput, 400, "%s")
	// InvalidJSON is a body that is not one JSON object.
	InvalidJSON      = define("", CodeInvalidInput, 400, "Request body is not valid JSON: %s")
	BodyNotObject    = define("", CodeInvalidInput, 400, "Request body must be a JSON object")
	BodyTooLarge     = define("", CodeInvalidInput, 400, "Request body is larger than the limit of %d bytes")
	BodyUnreadable   = define("", CodeInvalidInput, 400, "Could not read the request body: %v")
	UnknownOperation = define(SecurityHub, "UnknownOperationException", 404, "No operation matches %s %s")
	UnknownTarget    = define(Organizations, "UnknownOperationException", 400, "Unknown operation %q")
	UnknownService   = define("", "UnknownOperationException", 404, "sechub does not serve the service '%s'")
	NotImplemented   = define("", "NotImplementedException", 501, "sechub does not implement the operation %s yet")
	Internal         = define("", "InternalException", 500, "Internal service error")
)

// Authentication errors of the JSON services (the STS ones are in sts.go).
var (
	UnrecognizedClient   = define("", "UnrecognizedClientException", 403, "The security token included in the request is invalid.")
	SignatureMismatch    = define("", "InvalidSignatureException", 403, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
	SignatureExpired     = define("", "InvalidSignatureException", 403, "Signature expired: %s is now earlier than %s (%s - 15 min.)")
	PresignedExpired     = define("", "InvalidSignatureException", 403, "Signature expired: %s is now earlier than %s")
	SignatureNotYetValid = define("", "InvalidSignatureException", 403, "Signature not yet current: %s is still later than %s (%s + 15 min.)")
	MissingAuthToken     = define("", "MissingAuthenticationTokenException", 403, "Missing Authentication Token")
	IncompleteSignature  = define("", "IncompleteSignatureException", 403, "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.")
	BadSignatureDate     = define("", "IncompleteSignatureException", 403, "Date must be in ISO-8601 'basic format' and match the credential scope.")
	// IncompleteQuerySignature is a presigned request whose query lacks a SigV4 parameter.
	IncompleteQuerySignature = define("", "IncompleteSignatureException", 403, "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders' and 'X-Amz-Expires'. Re-examine the query-string parameters.")
	// PresignedExpiryTooLong is a presigned request valid for longer than SigV4 allows (seven days).
	PresignedExpiryTooLong = define("", "IncompleteSignatureException", 403, "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than %d seconds")
)

// BodyTimeout is a request whose body did not arrive within the server's read timeout
// (--read-timeout); the code is one the SDKs retry.
var BodyTimeout = define("", "RequestTimeoutException", 408, "The request was not received in full within the server's read timeout.")
