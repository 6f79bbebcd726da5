package findingsv2

import (
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
)

// Module is the Security Hub V2 findings and resources domain. It keeps no tables of its
// own: it reads and updates the findings domain's.
var Module = domain.Module{Name: "findingsv2", Register: register}

func register(env *domain.Env) error {
	svc := &Service{Findings: domain.Use[*findings.Service](env), Store: env.Store, Clock: env.Clock, Pages: env.Pages}
	registerHandlers(env.SecurityHub, svc)
	return nil
}
