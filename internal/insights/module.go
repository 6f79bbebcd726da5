package insights

import (
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/pagetoken"
)

// Module is the insights domain: custom and managed insights and their results.
var Module = domain.Module{Name: "insights", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Now: env.Clock.Now, Tokens: pagetoken.Codec{Secret: env.Store.Secret()},
		Findings: domain.Use[*findings.Service](env), RequireHub: env.RequireHub}
	registerHandlers(env.SecurityHub, svc)
	return nil
}
