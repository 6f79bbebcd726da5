package apierr

// Errors of Security Hub's organization administration (the delegated administrator and the
// organization configuration).
var (
	// OrgAdminNotInOrganization is an organization call by an account outside any organization.
	OrgAdminNotInOrganization = define(SecurityHub, CodeAccessDenied, 403, "The request is rejected because the account is not a member of an organization.")
	// OrgAdminNotManagement is an organization call that only the management account (or, for
	// reads, the administrator) may make.
	OrgAdminNotManagement = define(SecurityHub, CodeAccessDenied, 403, "The request is rejected because only the organization management account can perform this action.")
	// OrgAdminAccountNotInOrganization is the designation of an account outside the caller's
	// organization.
	OrgAdminAccountNotInOrganization = define(SecurityHub, CodeInvalidInput, 400, "The request is rejected because the account %s is not a member of the organization.")
	// OrgAdminAlreadyDesignated is the designation of a second administrator in a region.
	OrgAdminAlreadyDesignated = define(SecurityHub, CodeInvalidInput, 400, "The request is rejected because account %s is already the Security Hub administrator for this organization in this Region. You must remove the current account before you can designate a new account.")
	// OrgAdminOtherRegistered is the designation of an account other than the one registered
	// as Security Hub's delegated administrator in AWS Organizations.
	OrgAdminOtherRegistered = define(SecurityHub, CodeInvalidInput, 400, "The request is rejected because account %s is registered as the delegated administrator for Security Hub in AWS Organizations. Designate the same account in every Region.")
	// OrgAdminNotCurrent is DisableOrganizationAdminAccount naming an account that is not the
	// region's administrator.
	OrgAdminNotCurrent = define(SecurityHub, CodeInvalidInput, 400, "The request is rejected because account %s is not the Security Hub administrator for this organization in this Region.")
	// NotOrganizationAdministrator is an organization configuration call by an account that
	// is not the region's administrator.
	NotOrganizationAdministrator = define(SecurityHub, CodeInvalidAccess, 401, "Account %s is not an administrator for this organization")

	// CentralConfigurationManagementAdmin is central configuration asked for while the
	// management account is the delegated administrator.
	CentralConfigurationManagementAdmin = define(SecurityHub, CodeInvalidInput, 400, "Central configuration couldn't be enabled because the organization management account is designated as the delegated Security Hub administrator account. Designate a different account as the delegated administrator, and retry.")
	// CentralConfigurationNeedsAggregator is central configuration asked for without a
	// finding aggregator.
	CentralConfigurationNeedsAggregator = define(SecurityHub, CodeInvalidInput, 400, "Finding Aggregator must be created to enable Central Configuration")
	// CentralConfigurationAutoEnable is central configuration asked for, or kept, with
	// auto-enablement; the text is AWS's (quoted in terraform-aws-mcaf-landing-zone PR 213).
	CentralConfigurationAutoEnable = define(SecurityHub, CodeInvalidInput, 400, "Auto Enable and AutoEnableStandards can not be enabled for Central Configuration")
	// CentralConfigurationNotHomeRegion is central configuration asked for from a region
	// other than the home region of the administrator's finding aggregator (the argument).
	CentralConfigurationNotHomeRegion = define(SecurityHub, CodeInvalidInput, 400, "Central configuration can only be enabled from the home Region of the finding aggregator, %s.")
	// CentralConfigurationInUse is a change of the administrator under central configuration.
	CentralConfigurationInUse = define(SecurityHub, CodeInvalidInput, 400, "You must disable central configuration in order to remove or change the delegated Security Hub administrator.")
)
