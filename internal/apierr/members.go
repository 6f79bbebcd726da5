package apierr

// membersNoSuchResource is the text AWS answers with for a member API that finds nothing to act on,
// and for any member API called by an account whose hub is off.
const membersNoSuchResource = "The request is rejected since no such resource found."

// Errors of the members domain: administrators, members and invitations.
var (
	// AdministratorHubOff is the answer of the administrator-side member APIs (CreateMembers,
	// InviteMembers, GetMembers, ListMembers, DeleteMembers, DisassociateMembers) when the
	// caller's hub is off.
	AdministratorHubOff = define(SecurityHub, CodeBadRequest, 400, membersNoSuchResource)
	// MemberHubOff is the answer of the member-side APIs (invitations, the administrator
	// account) when the caller's hub is off.
	MemberHubOff = define(SecurityHub, CodeAccessDenied, 403, membersNoSuchResource)
	// NoSuchMembership is DisassociateMembers naming no member of the caller, and
	// DisassociateFromAdministratorAccount by an account with no Enabled administrator.
	NoSuchMembership = define(SecurityHub, CodeResourceNotFound, 404, membersNoSuchResource)

	// NoPendingInvitation is an accept of an invitation the caller does not have.
	NoPendingInvitation = define(SecurityHub, CodeInvalidInput, 400, "The request is rejected because the current account has no pending invitation from the given master account ID or is already an associated member of another master account.")
	// AcceptWhenMember is an accept by an account that is already an Enabled member.
	AcceptWhenMember = define(SecurityHub, CodeInvalidInput, 400, "The request is rejected because the current account cannot accept invitations since it is already an associated member of some master account.")
	// AcceptWhenAdministrator is an accept by an account that has members of its own.
	AcceptWhenAdministrator = define(SecurityHub, CodeInvalidInput, 400, "The request is rejected because the current account cannot accept invitations since it has created, invited or associated members.")
	// InviterIsMember is an accept of an invitation whose sender has become a member itself.
	InviterIsMember = define(SecurityHub, CodeInvalidInput, 400, "The request is rejected because the current account cannot accept an invitation from the given account ID since the latter is a member of another master account.")
	// OrganizationMemberCannotDisassociate is DisassociateFromAdministratorAccount by a member
	// of the organization administrator (sechub's text: AWS's is unknown).
	OrganizationMemberCannotDisassociate = define(SecurityHub, CodeInvalidInput, 400, "Organization member accounts cannot disassociate from the administrator account.")

	// CannotDisableMember is DisableSecurityHub by an Enabled member.
	CannotDisableMember = define(SecurityHub, CodeInvalidInput, 400, "Cannot disable Security Hub on a Security Hub member account")
	// CannotDisableAdministrator is DisableSecurityHub by an administrator with Enabled members
	// or by the organization's administrator.
	CannotDisableAdministrator = define(SecurityHub, CodeInvalidInput, 400, "Cannot disable Security Hub on the Security Hub administrator")
)
