package apierr

// The errors of sechub's events (the events domain): its operator endpoint for custom actions.
var (
	// CustomActionInvalid is a custom action request that cannot be sent; the message says
	// why.
	CustomActionInvalid = define(SecurityHub, CodeInvalidInput, 400, "Invalid custom action. %s")
	// CustomActionFindingNotFound is a finding of a custom action that the caller cannot see.
	CustomActionFindingNotFound = define(SecurityHub, CodeResourceNotFound, 404, "Finding %s of product %s not found")
	// EventsNotConfigured is a custom action sent to a server that sends no events.
	EventsNotConfigured = define(SecurityHub, CodeInvalidInput, 400, "Invalid custom action. This sechub sends no events: start it with --events-url (SECHUB_EVENTS_URL).")
)
