package organizations

import (
	"github.com/sechub/sechub/internal/domain"
)

// Module is the AWS Organizations domain: organizations, accounts, organizational units,
// handshakes, trusted services and delegated administrators.
var Module = domain.Module{Name: "organizations", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Clock: env.Clock}
	domain.Provide(env, svc)
	registerHandlers(env.Organizations, svc, env.OrganizationsPages)
	return nil
}
