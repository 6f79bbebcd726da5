package organizations

import (
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/pagetoken"
)

// Module is the AWS Organizations domain: organizations, accounts, organizational units, handshakes and delegated administrators.
var Module = domain.Module{Name: "organizations", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Now: env.Clock.Now}
	domain.Provide(env, svc)
	registerHandlers(env.Organizations, svc, pagetoken.Codec{Secret: env.Store.Secret()})
	return nil
}
