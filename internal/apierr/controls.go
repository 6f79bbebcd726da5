package apierr

// Errors of the controls domain: standards controls, security controls and their
// associations with standards.
var (
	// StandardsControlNotFound is a standards control ARN that names no control of a standard
	// the caller has enabled.
	StandardsControlNotFound = define(SecurityHub, CodeResourceNotFound, 404, "StandardsControl not found")
	// NotAuthorizedOnResource is an ARN of another account's control or subscription: the
	// caller, the operation and the ARN fill it.
	NotAuthorizedOnResource = define(SecurityHub, CodeAccessDenied, 403, "User: %s is not authorized to perform: securityhub:%s on resource: %s")
	// DisabledReasonRequired is UpdateStandardsControl disabling a control without saying why.
	DisabledReasonRequired = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'DisabledReason'. DisabledReason is required when ControlStatus is DISABLED.")
	// DisabledReasonNotAllowed is UpdateStandardsControl enabling a control with a reason.
	DisabledReasonNotAllowed = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'DisabledReason'. DisabledReason can only be given when ControlStatus is DISABLED.")
	// ControlStatusRequired is UpdateStandardsControl without a ControlStatus.
	ControlStatusRequired = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'ControlStatus'. ControlStatus is required.")
	// StandardsSubscriptionMissing is DescribeStandardsControls naming a subscription the caller
	// does not hold.
	StandardsSubscriptionMissing = define(SecurityHub, CodeResourceNotFound, 404, "StandardsSubscription %s not found")
	// SecurityControlNotFound is a security control id or ARN that names no control.
	SecurityControlNotFound = define(SecurityHub, CodeResourceNotFound, 404, "SecurityControl %s not found")
	// SecurityControlIDExpected is GetSecurityControlDefinition given an ARN, which it does
	// not take.
	SecurityControlIDExpected = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'SecurityControlId'. %s is not a security control ID (for example S3.1); an ARN is not accepted here.")
	// SecurityControlUpdating is UpdateSecurityControl while the control's previous update is
	// still being applied.
	SecurityControlUpdating = define(SecurityHub, CodeResourceInUse, 400, "SecurityControl %s is being updated. Try again after its UpdateStatus is READY.")
	// ControlParameterInvalid is an UpdateSecurityControl parameter that the control does not
	// take, or a value its definition refuses; the message says which and why.
	ControlParameterInvalid = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'Parameters'. %s")
	// EvaluationInvalid is a control evaluation sent to sechub's control endpoint that cannot
	// become a control finding; the message says why.
	EvaluationInvalid = define(SecurityHub, CodeInvalidInput, 400, "Invalid control evaluation. %s")
)
