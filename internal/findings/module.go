package findings

import (
	"context"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/members"
	"github.com/sechub/sechub/internal/pagetoken"
)

// Module is the findings domain: importing, querying and updating findings, their history and retention.
var Module = domain.Module{Name: "findings", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Now: env.Clock.Now, Tokens: pagetoken.Codec{Secret: env.Store.Secret()},
		Model: env.SecurityHubModel, Visible: members.Visible, RequireHub: env.RequireHub}
	domain.Provide(env, svc)
	env.Background(func(ctx context.Context) { svc.purgeLoop(ctx, env.Options.PurgeEvery, env.Log) })
	registerHandlers(env.SecurityHub, svc)
	return nil
}
