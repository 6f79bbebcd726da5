package members

import (
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/pagetoken"
)

// Module is the members domain: administrators, members and invitations.
var Module = domain.Module{Name: "members", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Now: env.Clock.Now, Tokens: pagetoken.Codec{Secret: env.Store.Secret()},
		MaxInvitationMembers: env.Options.MaxInvitationMembers}
	env.OnHubDisable(DisableGuard)
	env.OnHubDisable(OnDisable)
	registerHandlers(env.SecurityHub, svc)
	return nil
}
