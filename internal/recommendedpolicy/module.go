package recommendedpolicy

import (
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
)

// Module is the recommended policies domain: recommendations kept in the store's generic
// records, computed from the findings of the findings domain.
var Module = domain.Module{Name: "recommendedpolicy", Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Clock: env.Clock, Pages: env.Pages, Findings: domain.Use[*findings.Service](env)}
	registerHandlers(env.SecurityHub, svc)
	return nil
}
