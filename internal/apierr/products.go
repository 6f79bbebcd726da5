package apierr

// Errors of the products domain: DescribeProducts, EnableImportFindingsForProduct,
// DisableImportFindingsForProduct and ListEnabledProductsForImport.
var (
	// ProductNotFound is a ProductArn that names no product offered in the region.
	ProductNotFound = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'ProductArn'. Product %s does not exist or is not available in %s.")
	// ProductAlreadyEnabled is EnableImportFindingsForProduct for a product already enabled.
	ProductAlreadyEnabled = define(SecurityHub, CodeResourceConflict, 409, "Product %s is already enabled")
	// ProductSubscriptionNotFound is a subscription ARN the caller does not hold.
	ProductSubscriptionNotFound = define(SecurityHub, CodeResourceNotFound, 404, "Product subscription %s not found")
)
