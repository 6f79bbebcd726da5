package apierr

// Errors of the automation rules domain: CreateAutomationRule, BatchGetAutomationRules,
// BatchUpdateAutomationRules, BatchDeleteAutomationRules and ListAutomationRules. AWS's texts
// are unknown; these are sechub's (docs/aws-differences.md). A rule that a batch cannot find
// is no error: it is listed in the answer's UnprocessedAutomationRules.
var (
	// AutomationByMember is any automation rule operation by an Enabled member account: only
	// administrators (and accounts without an administrator) have rules (arguments: the
	// caller's account, its administrator).
	AutomationByMember = define(SecurityHub, CodeAccessDenied, 403, "Account %s is a member of the Security Hub administrator %s: only the administrator account can manage automation rules.")
	// AutomationRuleLimitExceeded is a CreateAutomationRule beyond AWS's quota of rules per
	// administrator account and region (argument: the quota).
	AutomationRuleLimitExceeded = define(SecurityHub, CodeLimitExceeded, 429, "You can't create more than %d automation rules in a Region.")
	// RuleActionInvalid is an action that is not a FINDING_FIELDS_UPDATE with the fields it
	// updates (arguments: the member, as Actions[0] or UpdateAutomationRulesRequestItems[1].Actions[0],
	// and what is wrong).
	RuleActionInvalid = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter '%s'. %s")
	// RuleTooManyUserDefinedFields is a FindingFieldsUpdate setting more UserDefinedFields
	// than a finding may have (arguments: their number, the limit).
	RuleTooManyUserDefinedFields = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'UserDefinedFields'. %d fields were given; a finding has at most %d.")
)
