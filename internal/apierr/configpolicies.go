package apierr

// Errors of the configuration policies domain: central configuration's policies and their
// associations with the organization's root, organizational units and accounts. The texts
// of ConfigurationNotCentralAdmin, ConfigurationNotHomeRegion and PolicySemantics are AWS's;
// the others are sechub's (docs/aws-differences.md).
var (
	// ConfigurationNotCentralAdmin is a configuration policy call by an account that is not
	// the delegated administrator of an organization under central configuration.
	ConfigurationNotCentralAdmin = define(SecurityHub, CodeAccessDenied, 403, "Must be a Security Hub delegated administrator with Central Configuration enabled")
	// ConfigurationNotHomeRegion is a configuration policy call by the delegated
	// administrator from a region other than the home region.
	ConfigurationNotHomeRegion = define(SecurityHub, CodeAccessDenied, 403, "Central Configuration APIs can only be called from the aggregation region")
	// PolicySemantics is a policy that enables Security Hub without saying which standards
	// and controls (terraform-provider-aws issue 36739 quotes it).
	PolicySemantics = define(SecurityHub, CodeInvalidInput, 400, "Invalid semantics: Enabled standards and security control configurations must be configured when Security Hub is enabled")
	// PolicyServiceEnabledRequired is a policy without ServiceEnabled.
	PolicyServiceEnabledRequired = define(SecurityHub, CodeInvalidInput, 400, "Invalid semantics: ServiceEnabled must be configured")
	// PolicyControlListsInvalid is a SecurityControlsConfiguration with both or neither of
	// its enabled and disabled lists.
	PolicyControlListsInvalid = define(SecurityHub, CodeInvalidInput, 400, "Invalid semantics: exactly one of EnabledSecurityControlIdentifiers and DisabledSecurityControlIdentifiers must be configured")
	// PolicyStandardInvalid is an EnabledStandardIdentifiers value that names no standard.
	PolicyStandardInvalid = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'EnabledStandardIdentifiers'. %s is not a valid standard ARN.")
	// PolicyControlInvalid is a security control identifier that names no control (arguments:
	// the member, the value).
	PolicyControlInvalid = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter '%s'. %s is not a valid security control ID.")
	// PolicyParameterInvalid is a custom parameter that the control does not take, or a value
	// its definition refuses; the message says which and why.
	PolicyParameterInvalid = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'SecurityControlCustomParameters'. %s")
	// PolicyNameTaken is a policy named like another of the organization's.
	PolicyNameTaken = define(SecurityHub, CodeResourceConflict, 409, "A configuration policy named %s already exists.")
	// PolicyLimitExceeded is a policy beyond the quota of policies per organization.
	PolicyLimitExceeded = define(SecurityHub, CodeLimitExceeded, 429, "You can't create more than %d configuration policies.")
	// PolicyIdentifierInvalid is an Identifier or ConfigurationPolicyIdentifier that is
	// neither a configuration policy ARN nor a UUID (arguments: the member, the value).
	PolicyIdentifierInvalid = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter '%s'. Value '%s' is not a configuration policy ARN or ID.")
	// PolicyNotFound is an identifier that names none of the organization's policies.
	PolicyNotFound = define(SecurityHub, CodeResourceNotFound, 404, "Configuration policy %s not found.")
	// PolicyAssociated is DeleteConfigurationPolicy of a policy still applied to a target.
	PolicyAssociated = define(SecurityHub, CodeResourceConflict, 409, "Configuration policy %s is associated with one or more targets. Disassociate it before deleting it.")
	// AssociationTargetNotFound is a Target that names no root, organizational unit or
	// account of the organization.
	AssociationTargetNotFound = define(SecurityHub, CodeResourceNotFound, 404, "Target %s is not the root, an organizational unit or an account of the organization.")
	// AssociationNotFound is a disassociation of a target that has no configuration applied.
	AssociationNotFound = define(SecurityHub, CodeResourceNotFound, 404, "Target %s has no configuration association to remove.")
	// AssociationOtherPolicy is a disassociation naming a configuration other than the one
	// applied to the target (arguments: the target, the configuration applied to it).
	AssociationOtherPolicy = define(SecurityHub, CodeInvalidInput, 400, "Target %s is associated with %s, not with the configuration given.")
	// CentralConfigurationInUseByPolicies is a switch back to LOCAL while policies exist or
	// targets are associated.
	CentralConfigurationInUseByPolicies = define(SecurityHub, CodeInvalidInput, 400, "Central configuration cannot be disabled while configuration policies exist or the root, organizational units or accounts are associated with a configuration. Disassociate them and delete the policies first.")
)
