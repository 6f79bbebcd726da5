package apierr

// Errors of the connectors domain (internal/connectors): Security Hub CSPM's Azure
// connectors. Their operations answer with ValidationException, ResourceNotFoundException,
// ConflictException and ServiceQuotaExceededException, as the V2 ones do (their invalid
// parameters are InvalidParameterV2). AWS's texts are unknown; these are sechub's.
var (
	// ConnectorNotFound is a ConnectorId (or connector ARN) that names no connector of the
	// caller.
	ConnectorNotFound = define(SecurityHub, CodeResourceNotFound, 404, "CSPM connector %s not found.")
	// ConnectorNameTaken is a CreateConnector with the name of another connector of the
	// account in the region.
	ConnectorNameTaken = define(SecurityHub, CodeConflict, 409, "A CSPM connector named %s already exists.")
	// ConnectorTokenReused is a CreateConnector whose ClientToken an earlier, different
	// request used.
	ConnectorTokenReused = define(SecurityHub, CodeConflict, 409, "The client token %s was used by another CreateConnector request with different parameters.")
	// ConnectorLimitExceeded is a CreateConnector beyond the quota (argument: the quota).
	ConnectorLimitExceeded = define(SecurityHub, CodeQuotaExceeded, 402, "The account already has the maximum of %d CSPM connectors in this Region.")
)
