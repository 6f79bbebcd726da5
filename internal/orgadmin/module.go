package orgadmin

import (
	"github.com/sechub/sechub/internal/aggregators"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/organizations"
)

// Module is Security Hub's organization administration: the delegated administrator and the
// organization configuration.
var Module = domain.Module{Name: "orgadmin", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Clock: env.Clock, Pages: env.Pages}
	orgs := domain.Use[*organizations.Service](env)
	orgs.Listeners = append(orgs.Listeners, Events{})
	aggs := domain.Use[*aggregators.Service](env)
	aggs.DeleteGuards = append(aggs.DeleteGuards, AggregatorGuard)
	domain.Provide(env, svc)
	env.OnHubDisable(DisableGuard)
	registerHandlers(env.SecurityHub, svc)
	return nil
}
