package actiontargets

import (
	"github.com/sechub/sechub/internal/domain"
)

// Module is the action targets domain: an account's custom actions in a region. It keeps them
// in the store's generic records, so it declares no tables.
var Module = domain.Module{Name: "actiontargets", Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Clock: env.Clock, Pages: env.Pages}
	env.OnHubDisable(removeAll)
	registerHandlers(env.SecurityHub, svc)
	return nil
}
