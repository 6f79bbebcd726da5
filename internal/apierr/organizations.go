package apierr

// AWS Organizations errors. The model gives its error shapes no HTTP status, so the awsJson
// protocol's 400 applies, except AccessDeniedException, which sechub sends with 403 like the
// other services' access errors. ConstraintViolationException, HandshakeConstraintViolation
// and InvalidInputException carry a Reason that names the rule broken.
var (
	OrgNotInUse              = define(Organizations, "AWSOrganizationsNotInUseException", 400, "Your account is not a member of an organization.")
	OrgAccessDenied          = define(Organizations, CodeAccessDenied, 403, "You don't have permissions to access this resource.")
	OrgAlreadyInOrganization = define(Organizations, "AlreadyInOrganizationException", 400, "The AWS account is already a member of an organization.")
	OrgNotEmpty              = define(Organizations, "OrganizationNotEmptyException", 400, "The organization isn't empty. Remove all member accounts before deleting the organization.")
	OrgAccountNotFound       = define(Organizations, "AccountNotFoundException", 400, "You specified an account that doesn't exist.")
	OrgAccountAlreadyClosed  = define(Organizations, "AccountAlreadyClosedException", 400, "You attempted to close an account that is already closed.")
	OrgCreateAccountNotFound = define(Organizations, "CreateAccountStatusNotFoundException", 400, "We can't find an create account request with the CreateAccountRequestId that you specified.")
	OrgMasterCannotLeave     = define(Organizations, "MasterCannotLeaveOrganizationException", 400, "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization.")
	OrgCannotCloseManagement = defineWithReason(Organizations, "ConstraintViolationException", 400, "CANNOT_CLOSE_MANAGEMENT_ACCOUNT",
		"You can't close the management account.")
	OrgCannotRegisterManagement = defineWithReason(Organizations, "ConstraintViolationException", 400, "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR",
		"You can't register the management account of your organization as a delegated administrator for an AWS service integrated with Organizations.")
	OrgAccountAlreadyRegistered = define(Organizations, "AccountAlreadyRegisteredException", 400, "The provided account is already a delegated administrator for your organization.")
	OrgAccountNotRegistered     = define(Organizations, "AccountNotRegisteredException", 400, "The provided account is not a registered delegated administrator for your organization.")

	OrgParentNotFound       = define(Organizations, "ParentNotFoundException", 400, "We can't find a root or OU with the ParentId that you specified.")
	OrgSourceParentNotFound = define(Organizations, "SourceParentNotFoundException", 400, "We can't find a root or OU with the ParentId that you specified.")
	OrgDestinationNotFound  = define(Organizations, "DestinationParentNotFoundException", 400, "We can't find a root or OU with the ParentId that you specified.")
	OrgChildNotFound        = define(Organizations, "ChildNotFoundException", 400, "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.")
	OrgDuplicateOU          = define(Organizations, "DuplicateOrganizationalUnitException", 400, "An OU with the same name already exists.")
	OrgDuplicateAccount     = define(Organizations, "DuplicateAccountException", 400, "That account is already present in the specified destination.")

	OrgHandshakeNotFound       = define(Organizations, "HandshakeNotFoundException", 400, "We can't find a handshake with the HandshakeId that you specified.")
	OrgHandshakeAlreadyInState = define(Organizations, "HandshakeAlreadyInStateException", 400, "The specified handshake is already in the requested state.")
	OrgDuplicateHandshake      = define(Organizations, "DuplicateHandshakeException", 400, "A handshake with the same action and target already exists.")
	OrgAlreadyInAnOrganization = defineWithReason(Organizations, "HandshakeConstraintViolationException", 400, "ALREADY_IN_AN_ORGANIZATION",
		"The account is already a member of an organization.")

	// Tags, organizational units and policies.
	OrgTargetNotFound    = define(Organizations, "TargetNotFoundException", 400, "We can't find a root, OU, account, or policy with the TargetId that you specified.")
	OrgDuplicateTagKey   = defineWithReason(Organizations, CodeInvalidInput, 400, "DUPLICATE_TAG_KEY", "Tag keys must be unique among the tags attached to the same entity.")
	OrgSystemTagKey      = defineWithReason(Organizations, CodeInvalidInput, 400, "INVALID_SYSTEM_TAGS_PARAMETER", "You specified a tag key that is a system tag. You can't add, edit, or delete system tag keys because they're reserved for AWS use.")
	OrgMaxTags           = defineWithReason(Organizations, "ConstraintViolationException", 400, "MAX_TAG_LIMIT_EXCEEDED", "You have exceeded the number of tags allowed on this resource.")
	OrgUnitNotFound      = define(Organizations, "OrganizationalUnitNotFoundException", 400, "We can't find an OU with the OrganizationalUnitId that you specified.")
	OrgUnitNotEmpty      = define(Organizations, "OrganizationalUnitNotEmptyException", 400, "The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.")
	OrgRootNotFound      = define(Organizations, "RootNotFoundException", 400, "We can't find a root with the RootId that you specified.")
	OrgPolicyNotFound    = define(Organizations, "PolicyNotFoundException", 400, "We can't find a policy with the PolicyId that you specified.")
	OrgDuplicatePolicy   = define(Organizations, "DuplicatePolicyException", 400, "A policy with the same name already exists.")
	OrgMalformedPolicy   = define(Organizations, "MalformedPolicyDocumentException", 400, "The provided policy document doesn't meet the requirements of the specified policy type. For example, the syntax might be incorrect.")
	OrgPolicyInUse       = define(Organizations, "PolicyInUseException", 400, "The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.")
	OrgPolicyNotAttached = define(Organizations, "PolicyNotAttachedException", 400, "The policy isn't attached to the specified target in the specified root.")
	OrgDuplicateAttach   = define(Organizations, "DuplicatePolicyAttachmentException", 400, "The selected policy is already attached to the specified target.")
	OrgPolicyTypeNotOn   = define(Organizations, "PolicyTypeNotEnabledException", 400, "The specified policy type isn't currently enabled in this root. You can't attach policies of the specified type to entities in a root until you enable that type in the root.")
	OrgPolicyTypeAlready = define(Organizations, "PolicyTypeAlreadyEnabledException", 400, "The specified policy type is already enabled in the specified root.")
	// OrgPolicyTypeNotAvailable is also sechub's answer for the policy types it does not keep.
	OrgPolicyTypeNotAvailable = define(Organizations, "PolicyTypeNotAvailableForOrganizationException", 400, "You can't use the specified policy type with the feature set currently enabled for this organization. For example, you can enable SCPs only after you enable all features in the organization.")
	OrgImmutablePolicy        = defineWithReason(Organizations, CodeInvalidInput, 400, "IMMUTABLE_POLICY", "You specified a policy that is managed by AWS and can't be modified.")
	OrgPolicyContentLimit     = defineWithReason(Organizations, "ConstraintViolationException", 400, "POLICY_CONTENT_LIMIT_EXCEEDED", "You attempted to create a policy that is larger than the maximum size.")
	OrgMaxPolicyAttachments   = defineWithReason(Organizations, "ConstraintViolationException", 400, "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED", "You attempted to exceed the number of policies of a certain type that can be attached to an entity at one time.")
	OrgMinPolicyAttachments   = defineWithReason(Organizations, "ConstraintViolationException", 400, "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED", "You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.")

	// OrgInvalidAccountID is an invitation target of type ACCOUNT that is not a 12-digit id.
	OrgInvalidAccountID = defineWithReason(Organizations, CodeInvalidInput, 400, "INVALID_PATTERN",
		"You provided a value that does not match the required pattern.")
	// OrgInvalidNextToken is Organizations' answer to a NextToken not made for the listing.
	OrgInvalidNextToken = defineWithReason(Organizations, CodeInvalidInput, 400, "INVALID_PAGINATION_TOKEN",
		"The requested operation failed because you provided invalid values for one or more of the request parameters.")
)

// defineWithReason adds an error whose shape carries a Reason to the table.
func defineWithReason(service, code string, status int, reason, message string) Def {
	d := Def{Service: service, Code: code, Status: status, Message: message, Reason: reason}
	all = append(all, d)
	return d
}
