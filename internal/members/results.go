package members

// ProcessingResult texts of UnprocessedAccounts, in one table so that a text learned from real
// AWS is corrected in one place. Two are verified verbatim against AWS (already a member; more
// than 50); the rest follow the wording GuardDuty and Macie use in the same shared subsystem,
// and a few (marked) are sechub's own where AWS's text is unknown.
//
// ResultNotAMember reads like a template whose placeholders were never filled ("of account the
// current account"), but that is AWS's wording: GuardDuty's API reference lists it verbatim
// (StartMonitoringMembers, StopMonitoringMembers), and terraform-provider-aws quotes it from a
// real UnprocessedAccounts answer (aws_guardduty_member_detector_feature). No filled-in form is
// known from any AWS service, so it stays as AWS writes it: clients may compare against it.
const (
	ResultMaxExceeded           = "Maximum number of results exceeded"
	ResultAlreadyMember         = "The request is rejected because the given account ID is already a member or associated member of the current account."
	ResultInvalidAccountID      = "The request is rejected because an invalid or out-of-range value is specified as an input parameter."
	ResultMemberOfItself        = "The request is rejected because an account cannot become a member of itself."
	ResultCreatorIsMember       = "The request is rejected because the current account cannot create members since it is already an associated member of another master account."
	ResultInviteItself          = "The request is rejected because the current account cannot invite itself."
	ResultInviterIsMember       = "The request is rejected because the current account cannot invite other accounts since it is already an associated member of another master account."
	ResultAlreadyInvited        = "The request is rejected because the current account has already invited or is already the SecurityHub master of the given member account ID."
	ResultMemberElsewhere       = "The request is rejected because the given account ID is already an associated member of another master account."
	ResultQuotaReached          = "The request is rejected because the current account cannot create anymore members since it cannot exceed the maximum number of allowed members."
	ResultNotAMember            = "The request is rejected because the given account ID is not an associated member of account the current account."
	ResultStillAssociated       = "The request is rejected because the current account cannot delete the given member account ID since it is still associated to it."
	ResultOrgAccountNotDeleted  = "The request is rejected because organization accounts cannot be deleted."                                 // sechub's text
	ResultNeverCreated          = "The request is rejected because the given account ID is not a member of the current account."             // sechub's text
	ResultNoPendingInvitation   = "The request is rejected because the current account has no pending invitation from the given account ID." // sechub's text
	ResultInvitationAssociated  = "The request is rejected because the current account cannot delete the invitation from the given master account ID since it is still associated to it or has not declined their invitation yet."
	ResultDeclineWhenAssociated = "The request is rejected because the current account cannot decline the invitation from the given master account ID since it is still associated to it." // sechub's text
	// ResultManagementHubOff is the ProcessingResult of an organization's management account
	// whose hub is off: it must enable Security Hub itself.
	ResultManagementHubOff = "The request is rejected because Security Hub is not enabled in the organization management account." // sechub's text
)
