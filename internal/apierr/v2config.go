package apierr

// Errors of the Security Hub V2 configuration domains: aggregators V2 (internal/aggregatorsv2),
// automation rules V2 (internal/automationv2), connectors V2 and their tickets
// (internal/connectorsv2) and recommended policies (internal/recommendedpolicy). They answer
// with the V2 error shapes (ValidationException, ResourceNotFoundException, ConflictException,
// ServiceQuotaExceededException). AWS's texts are unknown; these are sechub's.
var (
	// InvalidParameterV2 is a V2 request member AWS refuses (arguments: the member's path,
	// why).
	InvalidParameterV2 = define(SecurityHub, CodeValidation, 400, "Invalid parameter '%s'. %s")

	// ConfigV2ByMember is an aggregator, rule or connector operation V2 by an Enabled member
	// of another account (arguments: the member, its administrator, what only the
	// administrator can do).
	ConfigV2ByMember = define(SecurityHub, CodeAccessDenied, 403, "Account %s is a member of the Security Hub administrator %s: only the administrator account can %s.")

	// AggregatorV2Exists is a second CreateAggregatorV2 of an account (arguments: the ARN of
	// the one it has, its home region).
	AggregatorV2Exists = define(SecurityHub, CodeConflict, 409, "An aggregator V2 already exists for this account: %s (home Region %s). Update or delete it from its home Region.")
	// AggregatorV2ARNInvalid is an AggregatorV2Arn that is not an aggregator V2 ARN.
	AggregatorV2ARNInvalid = define(SecurityHub, CodeValidation, 400, "Invalid parameter 'AggregatorV2Arn'. Value '%s' is not an aggregator V2 ARN.")
	// AggregatorV2NotFound is an ARN that names no aggregator V2 of the caller.
	AggregatorV2NotFound = define(SecurityHub, CodeResourceNotFound, 404, "Aggregator V2 %s not found.")
	// AggregatorV2NotHomeRegion is a get, update or delete from a region other than the
	// aggregator's home region.
	AggregatorV2NotHomeRegion = define(SecurityHub, CodeValidation, 400, "The aggregator V2 can only be used from its home Region %s.")

	// RuleV2NotFound is an Identifier that names no automation rule V2 of the caller.
	RuleV2NotFound = define(SecurityHub, CodeResourceNotFound, 404, "Automation rule V2 %s not found.")
	// RuleV2LimitExceeded is a CreateAutomationRuleV2 beyond the quota (argument: the quota).
	RuleV2LimitExceeded = define(SecurityHub, CodeQuotaExceeded, 402, "The account already has the maximum of %d automation rules V2 in this Region.")

	// ConnectorV2NotFound is a ConnectorId (or connector ARN) that names no connector of the
	// caller.
	ConnectorV2NotFound = define(SecurityHub, CodeResourceNotFound, 404, "Connector %s not found.")
	// ConnectorV2NameTaken is a CreateConnectorV2 with the name of another connector of the
	// account in the region.
	ConnectorV2NameTaken = define(SecurityHub, CodeConflict, 409, "A connector named %s already exists.")
	// ConnectorV2NotConnected is a ticket for a connector that is not CONNECTED (arguments:
	// the connector's id, its status).
	ConnectorV2NotConnected = define(SecurityHub, CodeConflict, 409, "Connector %s is %s. Register it with RegisterConnectorV2 before creating tickets.")
	// ConnectorV2InUse is the deletion of a connector an automation rule V2 delivers to
	// (arguments: the connector's id, the rule's ARN).
	ConnectorV2InUse = define(SecurityHub, CodeConflict, 409, "Connector %s is used by automation rule V2 %s. Change or delete the rule first.")
	// ConnectorV2DeliveryFailed is a ticket the connector's endpoint did not accept
	// (arguments: the connector's id, what went wrong).
	ConnectorV2DeliveryFailed = define(SecurityHub, CodeConflict, 409, "Connector %s could not create the ticket: %s")
	// ConnectorV2NoTickets is a ticket, or an automation rule V2 action, for an Azure
	// connector (argument: the connector's id).
	ConnectorV2NoTickets = define(SecurityHub, CodeValidation, 400, "Connector %s is an Azure connector: it opens no tickets.")
	// ConnectorV2LimitExceeded is a CreateConnectorV2 beyond the quota (argument: the quota).
	ConnectorV2LimitExceeded = define(SecurityHub, CodeQuotaExceeded, 402, "The account already has the maximum of %d connectors in this Region.")
	// TicketV2FindingNotFound is a FindingMetadataUid that names no finding of the caller.
	TicketV2FindingNotFound = define(SecurityHub, CodeResourceNotFound, 404, "Finding %s not found.")

	// RecommendedPolicyNotFound is GetRecommendedPolicyV2 before GenerateRecommendedPolicyV2
	// (argument: the MetadataUid).
	RecommendedPolicyNotFound = define(SecurityHub, CodeResourceNotFound, 404, "No recommended policy was generated for finding %s. Call GenerateRecommendedPolicyV2 first.")
	// RecommendedPolicyUnsupported is a finding that is no unused-permission finding
	// (argument: the MetadataUid).
	RecommendedPolicyUnsupported = define(SecurityHub, CodeInvalidInput, 400, "Finding %s is not an unused permission finding (product field findingType UnusedPermission): no policy can be recommended for it.")
)
