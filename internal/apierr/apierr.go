// Package apierr holds the AWS error types sechub returns and the exact message texts real
// clients match on. Domain code returns *Error values; the wire layer encodes them. This is the
// one table of codes, HTTP statuses and messages: correct a text here and it is correct everywhere.
package apierr

import "fmt"

// Error is an AWS service error: a code (the x-amzn-ErrorType), an HTTP status and a message.
type Error struct {
	Code    string
	Status  int
	Message string
	// Reason is the extra member some error shapes carry (Organizations'
	// ConstraintViolationException, HandshakeConstraintViolationException).
	Reason string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Error codes. The Security Hub ones with their statuses come from the service model
// (a test checks that they agree); the others are what AWS returns outside the model.
const (
	InvalidInput          = "InvalidInputException"
	InvalidAccess         = "InvalidAccessException"
	AccessDenied          = "AccessDeniedException"
	ResourceNotFound      = "ResourceNotFoundException"
	ResourceConflict      = "ResourceConflictException"
	LimitExceeded         = "LimitExceededException"
	Internal              = "InternalException"
	BadRequest            = "BadRequestException" // not modelled; real AWS uses it on member APIs
	UnknownOperation      = "UnknownOperationException"
	NotImplemented        = "NotImplementedException"
	UnrecognizedClient    = "UnrecognizedClientException"
	InvalidSignature      = "InvalidSignatureException"
	MissingAuthToken      = "MissingAuthenticationTokenException"
	IncompleteSignature   = "IncompleteSignatureException"
	SignatureDoesNotMatch = "SignatureDoesNotMatch"      // STS (query protocol)
	InvalidClientTokenID  = "InvalidClientTokenId"       // STS (query protocol)
	MissingAuthTokenQuery = "MissingAuthenticationToken" // STS (query protocol)
	InvalidAction         = "InvalidAction"              // STS (query protocol)
	RequestEntityTooLarge = "RequestEntityTooLargeException"

	// AWS Organizations (awsJson protocol; HTTP 400 unless listed in Statuses). Organizations
	// shares AccessDeniedException with Security Hub, so sechub sends it with 403 there too;
	// AWS's status for it is not known, and clients key on the code.
	OrgNotInUse                 = "AWSOrganizationsNotInUseException"
	OrgAccountNotFound          = "AccountNotFoundException"
	OrgAlreadyInOrganization    = "AlreadyInOrganizationException"
	OrgDuplicateAccount         = "DuplicateAccountException"
	OrgConstraintViolation      = "ConstraintViolationException"
	OrgNotEmpty                 = "OrganizationNotEmptyException"
	OrgHandshakeNotFound        = "HandshakeNotFoundException"
	OrgHandshakeConstraint      = "HandshakeConstraintViolationException"
	OrgHandshakeAlreadyInState  = "HandshakeAlreadyInStateException"
	OrgDuplicateHandshake       = "DuplicateHandshakeException"
	OrgCreateAccountNotFound    = "CreateAccountStatusNotFoundException"
	OrgAccountAlreadyRegistered = "AccountAlreadyRegisteredException"
	OrgAccountNotRegistered     = "AccountNotRegisteredException"
	OrgAccountAlreadyClosed     = "AccountAlreadyClosedException"
	OrgMasterCannotLeave        = "MasterCannotLeaveOrganizationException"
	OrgParentNotFound           = "ParentNotFoundException"
	OrgChildNotFound            = "ChildNotFoundException"
	OrgSourceParentNotFound     = "SourceParentNotFoundException"
	OrgDestinationNotFound      = "DestinationParentNotFoundException"
	OrgDuplicateOU              = "DuplicateOrganizationalUnitException"
	OrgInvalidInput             = "InvalidInputException"
	UnknownOperationJSON        = "UnknownOperationException"
)

// Statuses maps every code sechub emits to its HTTP status.
var Statuses = map[string]int{
	InvalidInput:          400,
	InvalidAccess:         401,
	AccessDenied:          403,
	ResourceNotFound:      404,
	ResourceConflict:      409,
	LimitExceeded:         429,
	Internal:              500,
	BadRequest:            400,
	UnknownOperation:      404,
	NotImplemented:        501,
	UnrecognizedClient:    403,
	InvalidSignature:      403,
	MissingAuthToken:      403,
	IncompleteSignature:   403,
	SignatureDoesNotMatch: 403,
	InvalidClientTokenID:  403,
	MissingAuthTokenQuery: 403,
	InvalidAction:         400,
	RequestEntityTooLarge: 413,
}

// Message texts that clients (terraform, prowler, AWS scripts) compare against. Placeholders
// are filled with fmt.
const (
	MsgNotSubscribed         = "Account %s is not subscribed to AWS Security Hub"
	MsgNotSubscribedShort    = "Account is not subscribed to Security Hub"
	MsgAlreadySubscribed     = "Account is already subscribed to Security Hub"
	MsgCannotDisableAdmin    = "Cannot disable Security Hub on the Security Hub administrator"
	MsgCannotDisableMember   = "Cannot disable Security Hub on a Security Hub member account"
	MsgNoSuchResource        = "The request is rejected since no such resource found."
	MsgNotOrgAdmin           = "Account %s is not an administrator for this organization"
	MsgUnrecognizedClient    = "The security token included in the request is invalid."
	MsgSignatureMismatch     = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	MsgSignatureExpired      = "Signature expired: %s is now earlier than %s (%s - 15 min.)"
	MsgSignatureNotYetValid  = "Signature not yet current: %s is still later than %s (%s + 15 min.)"
	MsgMissingAuthToken      = "Missing Authentication Token"
	MsgMissingAuthTokenQuery = "Request is missing Authentication Token"
	MsgNotImplemented        = "sechub does not implement the operation %s yet"
	MsgUnknownOperation      = "No operation matches %s %s"
	MsgInternal              = "Internal service error"
	MsgBodyTooLarge          = "Request body is larger than the limit of %d bytes"
)

// Newf returns an error of code with a formatted message; the status comes from Statuses.
func Newf(code, format string, args ...any) *Error {
	return New(code, fmt.Sprintf(format, args...))
}

// New returns an error of code with message; the status comes from Statuses.
func New(code, msg string) *Error {
	status, ok := Statuses[code]
	if !ok {
		status = 400
	}
	return &Error{Code: code, Status: status, Message: msg}
}

// NotSubscribed is the 401 every core API returns when the caller's hub is off in the region.
func NotSubscribed(account string) *Error {
	return Newf(InvalidAccess, MsgNotSubscribed, account)
}

// InvalidInputf is a 400 InvalidInputException with a formatted message.
func InvalidInputf(format string, args ...any) *Error { return Newf(InvalidInput, format, args...) }

// NotFoundf is a 404 ResourceNotFoundException with a formatted message.
func NotFoundf(format string, args ...any) *Error { return Newf(ResourceNotFound, format, args...) }
