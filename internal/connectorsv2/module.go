package connectorsv2

import (
	"net/http"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/tags"
)

// Module is the connectors V2 domain: ticketing connectors in the store's generic records,
// tagged through the tags domain, reading findings through the findings domain. It provides
// its *Service to automation rules V2, whose EXTERNAL_INTEGRATION actions deliver through it.
var Module = domain.Module{Name: "connectorsv2", Register: register}

func register(env *domain.Env) error {
	tagSvc := domain.Use[*tags.Service](env)
	svc := &Service{Store: env.Store, Clock: env.Clock, Pages: env.Pages, Findings: domain.Use[*findings.Service](env), Tags: tagSvc,
		Deliverer: &Deliverer{Client: &http.Client{}}}
	tagSvc.Resources[arnResource] = tags.RecordExists(kind, arnResource)
	domain.Provide(env, svc)
	registerHandlers(env.SecurityHub, svc)
	return nil
}
