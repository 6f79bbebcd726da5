package apierr

// Errors of the hub domain: EnableSecurityHub, DisableSecurityHub, DescribeHub and
// UpdateSecurityHubConfiguration.
var (
	// HubAlreadyEnabled answers EnableSecurityHub when the account's hub is on in the region.
	HubAlreadyEnabled = define(SecurityHub, CodeResourceConflict, 409, "Account is already subscribed to Security Hub")
	// HubNotEnabled answers DisableSecurityHub when there is no hub to disable. The other
	// operations answer NotSubscribed instead.
	HubNotEnabled = define(SecurityHub, CodeResourceNotFound, 404, "Account is not subscribed to Security Hub")
	// HubInvalidARN is a HubArn that is not of the form arn:<partition>:securityhub:<region>:<account>:hub/default.
	HubInvalidARN = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'HubArn'. '%s' is not a valid hub ARN.")
	// HubNotFound is a well-formed HubArn that is not the caller's hub.
	HubNotFound = define(SecurityHub, CodeResourceNotFound, 404, "Hub %s not found")
)
