package aggregators

import "github.com/sechub/sechub/internal/domain"

// Module is the finding aggregators domain: an account's cross-Region aggregation
// configuration. It provides its *Service so that central configuration can guard the
// aggregator's deletion.
var Module = domain.Module{Name: "aggregators", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Clock: env.Clock, Pages: env.Pages}
	env.OnHubDisable(removeOnHubDisable)
	domain.Provide(env, svc)
	registerHandlers(env.SecurityHub, svc)
	return nil
}
