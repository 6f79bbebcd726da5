package events

import (
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/members"
)

// Module is the events domain: the outbox of EventBridge events and their delivery to
// --events-url, and custom actions. It provides its *Service (CustomAction) to the domains
// registered after it.
var Module = domain.Module{Name: "events", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Clock: env.Clock, Log: env.Log, URL: env.Options.EventsURL,
		Findings: domain.Use[*findings.Service](env), AdministratorOf: members.AdministratorOf}
	svc.init()
	domain.Provide(env, svc)
	env.Endpoint("events/custom-action", svc.customActionEndpoint)
	if !svc.Enabled() {
		return nil // no hook: no event is written
	}
	svc.Findings.OnChanged(svc.findingsChanged)
	env.Background(svc.run)
	return nil
}
