package apierr

// Errors of the standards domain: DescribeStandards, GetEnabledStandards,
// BatchEnableStandards and BatchDisableStandards.
var (
	// StandardNotAvailable is a StandardsArn that names no standard of the region's catalogue.
	StandardNotAvailable = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'StandardsArn'. Standard %s does not exist or is not available in %s.")
	// StandardsSubscriptionNotFound is a subscription ARN the caller does not hold.
	StandardsSubscriptionNotFound = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'StandardsSubscriptionArns'. Subscription %s does not exist.")
)
