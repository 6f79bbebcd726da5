package automation

import (
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/tags"
)

// Module is the automation rules domain. It keeps the rules in the store's generic records
// (no table of its own), hands them to the findings domain, which applies them on every import
// and update, and tags them through the tags domain. An account's rules go when it disables
// its hub in the region.
var Module = domain.Module{Name: "automation", Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Clock: env.Clock, Pages: env.Pages, RequireHub: env.RequireHub}
	domain.Use[*findings.Service](env).Rules = svc.rulesFor
	domain.Use[*tags.Service](env).Resources[arnResource] = exists
	env.OnHubDisable(removeAll)
	registerHandlers(env.SecurityHub, svc)
	return nil
}
