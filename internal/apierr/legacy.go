package apierr

import "fmt"

// The definitions below are the table's previous form, kept while domains move to Def; they
// go once nothing calls them.

// Legacy error codes.
const (
	InvalidInput                = "InvalidInputException"
	InvalidAccess               = "InvalidAccessException"
	AccessDenied                = "AccessDeniedException"
	ResourceNotFound            = "ResourceNotFoundException"
	ResourceConflict            = "ResourceConflictException"
	LimitExceeded               = "LimitExceededException"
	BadRequest                  = "BadRequestException"
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
)

var legacyStatuses = map[string]int{
	InvalidInput: 400, InvalidAccess: 401, AccessDenied: 403, ResourceNotFound: 404,
	ResourceConflict: 409, LimitExceeded: 429, BadRequest: 400,
}

// Legacy message texts.
const (
	MsgAlreadySubscribed   = "Account is already subscribed to Security Hub"
	MsgNotSubscribedShort  = "Account is not subscribed to Security Hub"
	MsgCannotDisableAdmin  = "Cannot disable Security Hub on the Security Hub administrator"
	MsgCannotDisableMember = "Cannot disable Security Hub on a Security Hub member account"
	MsgNoSuchResource      = "The request is rejected since no such resource found."
	MsgNotOrgAdmin         = "Account %s is not an administrator for this organization"
)

// Newf is the legacy constructor with a formatted message.
func Newf(code, format string, args ...any) *Error { return New(code, fmt.Sprintf(format, args...)) }

// New is the legacy constructor: the status comes from the code.
func New(code, msg string) *Error {
	status, ok := legacyStatuses[code]
	if !ok {
		status = 400
	}
	return &Error{Code: code, Status: status, Message: msg}
}

// InvalidInputf is the legacy 400 InvalidInputException.
func InvalidInputf(format string, args ...any) *Error { return Newf(InvalidInput, format, args...) }

// NotFoundf is the legacy 404 ResourceNotFoundException.
func NotFoundf(format string, args ...any) *Error { return Newf(ResourceNotFound, format, args...) }

// OrgInvalidNextToken is Organizations' answer to a NextToken not made for the listing.
var OrgInvalidNextToken = Def{Service: Organizations, Code: CodeInvalidInput, Status: 400,
	Message: "The requested operation failed because you provided invalid values for one or more of the request parameters.", Reason: "INVALID_PAGINATION_TOKEN"}
