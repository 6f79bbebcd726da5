package apierr

// Errors of the action targets domain: CreateActionTarget, DescribeActionTargets,
// UpdateActionTarget and DeleteActionTarget.
var (
	// ActionTargetIDTooLong is an Id longer than AWS allows (arguments: its length, the limit).
	ActionTargetIDTooLong = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'Id'. Length '%d' is greater than maximum value: %d.")
	// ActionTargetIDNotAlphanumeric is an Id with a character other than A-Z, a-z and 0-9.
	ActionTargetIDNotAlphanumeric = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'Id'. Value '%s' does not match pattern '^[A-Za-z0-9]+$'.")
	// ActionTargetNameTooLong is a Name longer than AWS allows (arguments: its length in
	// characters, the limit).
	ActionTargetNameTooLong = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'Name'. Length '%d' is greater than maximum value: %d.")
	// ActionTargetARNInvalid is a value that is not a custom action target ARN (arguments:
	// the member, as ActionTargetArn or ActionTargetArns[1], and the value).
	ActionTargetARNInvalid = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter '%s'. Value '%s' is not a custom action target ARN.")
	// ActionTargetExists is a CreateActionTarget whose Id the account already uses in the
	// region; the text is the one AWS answers with.
	ActionTargetExists = define(SecurityHub, CodeResourceConflict, 409, "Action with Id: %s already exists")
	// ActionTargetLimitExceeded is a CreateActionTarget beyond AWS's quota of custom actions
	// per account and region (the argument is the quota).
	ActionTargetLimitExceeded = define(SecurityHub, CodeLimitExceeded, 429, "You can't create more than %d custom actions in a Region.")
	// ActionTargetNotFound is an action target ARN that names none of the caller's.
	ActionTargetNotFound = define(SecurityHub, CodeResourceNotFound, 404, "Action target %s not found")
)
