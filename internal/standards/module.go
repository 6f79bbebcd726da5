package standards

import (
	"errors"

	"github.com/sechub/sechub/internal/domain"
)

// Module is the standards domain: the catalogue of security standards and the accounts' subscriptions to them.
var Module = domain.Module{Name: "standards", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	if env.RequireHub == nil {
		return errors.New("the hub module must be registered before standards: it provides RequireHub")
	}
	svc := &Service{Store: env.Store, Clock: env.Clock, Pages: env.Pages, RequireHub: env.RequireHub}
	env.OnHubDisable(removeAll)
	domain.Provide(env, svc)
	registerHandlers(env.SecurityHub, svc)
	return nil
}
