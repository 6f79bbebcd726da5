package apierr

// Security Hub errors that every domain shares.
var (
	// NotSubscribed is what every core API answers when the caller's hub is off in the region.
	NotSubscribed = define(SecurityHub, CodeInvalidAccess, 401, "Account %s is not subscribed to AWS Security Hub")
	// InvalidNextToken is a NextToken that was not made for this listing (tampered with, or
	// from another operation, caller or filter).
	InvalidNextToken = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'NextToken'. The token is not valid for this request.")
)
