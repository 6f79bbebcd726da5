package apierr

// Errors of the tags domain: TagResource, UntagResource and ListTagsForResource.
var (
	// TagsInvalidResourceARN is a ResourceArn that is not a Security Hub ARN.
	TagsInvalidResourceARN = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'ResourceArn'. '%s' is not a valid Security Hub ARN.")
	// TaggedResourceNotFound is a Security Hub ARN that names no taggable resource of the caller.
	TaggedResourceNotFound = define(SecurityHub, CodeResourceNotFound, 404, "Resource %s not found")
	// TagsLimitExceeded is a TagResource that would leave a resource with more tags than
	// AWS allows (the argument is the limit).
	TagsLimitExceeded = define(SecurityHub, CodeInvalidInput, 400, "Invalid parameter 'Tags'. A resource can have at most %d tags.")
)
