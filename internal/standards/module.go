package standards

import (
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/pagetoken"
)

// Module is the standards domain: the catalogue of security standards and the accounts' subscriptions to them.
var Module = domain.Module{Name: "standards", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Now: env.Clock.Now, RequireHub: env.RequireHub}
	svc.Tokens = pagetoken.Codec{Secret: env.Store.Secret()}
	registerHandlers(env.SecurityHub, svc)
	return nil
}
