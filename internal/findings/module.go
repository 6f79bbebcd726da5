package findings

import (
	"context"

	"github.com/sechub/sechub/internal/aggregators"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/members"
)

// Module is the findings domain: importing, querying and updating findings, their history and retention.
var Module = domain.Module{Name: "findings", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Clock: env.Clock, Pages: env.Pages, Model: env.SecurityHubModel, Visible: members.Visible}
	svc.AggregateWith(aggregators.HomeRegionsOf)
	domain.Provide(env, svc)
	env.Background(func(ctx context.Context) { svc.purgeLoop(ctx, env.Options.PurgeEvery, env.Log) })
	// No OnHubDisable hook: an account's findings outlive its hub, as AWS keeps them until
	// their retention runs out (the purge then deletes them); while the hub is off no
	// operation shows them (hub.Require), and re-enabling it within that time shows them again.
	registerHandlers(env.SecurityHub, svc)
	return nil
}
