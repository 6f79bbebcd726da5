package connectors

import (
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/tags"
)

// Module is the connectors domain: Azure connectors in the store's generic records, tagged
// through the tags domain, gone with the account's hub.
var Module = domain.Module{Name: "connectors", Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Clock: env.Clock, Pages: env.Pages}
	domain.Use[*tags.Service](env).Resources[arnResource] = tags.RecordExists(kind, arnResource)
	env.OnHubDisable(removeAll)
	registerHandlers(env.SecurityHub, svc)
	return nil
}
