package products

import "github.com/sechub/sechub/internal/domain"

// Module is the products domain: the catalogue of integrations and the accounts' product
// subscriptions.
var Module = domain.Module{Name: "products", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Pages: env.Pages}
	env.OnHubDisable(removeAll)
	registerHandlers(env.SecurityHub, svc)
	return nil
}
