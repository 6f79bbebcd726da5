package apierr

// Errors of the finding aggregators domain: CreateFindingAggregator, GetFindingAggregator,
// UpdateFindingAggregator, DeleteFindingAggregator and ListFindingAggregators. AWS's texts
// are known only for AggregatorByMember; the others are sechub's (docs/aws-differences.md).
var (
	// AggregatorByMember is CreateFindingAggregator by an Enabled member account. AWS answers
	// it with status 401 although the model gives InvalidInputException 400: observed in a
	// real answer (terraform-aws-secure-baseline issue 254).
	AggregatorByMember = define(SecurityHub, CodeInvalidInput, 401, "A finding aggregator cannot be created by a member account.")
	// AggregatorExists is a second CreateFindingAggregator of an account (arguments: the
	// existing aggregator's ARN and home region).
	AggregatorExists = define(SecurityHub, CodeInvalidInput, 400, "A finding aggregator already exists for this account: %s (home Region %s). Update or delete it from its home Region.")
	// AggregatorModeInvalid is a RegionLinkingMode that is none of the four (arguments: the
	// value, the modes).
	AggregatorModeInvalid = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'RegionLinkingMode'. Value '%s' is not one of [%s].")
	// AggregatorRegionsWithNoRegions is Regions given with NO_REGIONS, which the API
	// reference says is an InvalidInputException.
	AggregatorRegionsWithNoRegions = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'Regions'. Regions cannot be specified when RegionLinkingMode is NO_REGIONS.")
	// AggregatorRegionsRequired is a *_SPECIFIED mode without Regions (argument: the mode).
	AggregatorRegionsRequired = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'Regions'. Regions must be specified when RegionLinkingMode is %s.")
	// AggregatorRegionInvalid is a value of Regions that is not a region name.
	AggregatorRegionInvalid = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'Regions'. Value '%s' is not a valid Region.")
	// AggregatorHomeRegionListed is the home region among the Regions.
	AggregatorHomeRegionListed = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'Regions'. The home Region %s cannot be a linked or excluded Region.")
	// AggregatorARNInvalid is a FindingAggregatorArn that is not a finding aggregator ARN.
	AggregatorARNInvalid = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'FindingAggregatorArn'. Value '%s' is not a finding aggregator ARN.")
	// AggregatorNotFound is an ARN that names no aggregator of the caller.
	AggregatorNotFound = define(SecurityHub, CodeResourceNotFound, 404, "Finding aggregator %s not found.")
	// AggregatorNotHomeRegion is a get, update or delete from a region other than the
	// aggregator's home region (the argument).
	AggregatorNotHomeRegion = define(SecurityHub, CodeInvalidInput, 400, "The finding aggregator can only be used from its home Region %s.")
	// AggregatorCentralConfiguration is the deletion of the aggregator whose home region is the
	// organization's home region under central configuration.
	AggregatorCentralConfiguration = define(SecurityHub, CodeInvalidInput, 400, "The finding aggregator cannot be deleted while central configuration is enabled. Change the organization configuration to LOCAL first.")
)
