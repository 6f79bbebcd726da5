package members

import (
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/store"
)

// Module is the members domain: administrators, members and invitations.
var Module = domain.Module{Name: "members", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Clock: env.Clock, Pages: env.Pages,
		MaxInvitationMembers: env.Options.MaxInvitationMembers}
	env.OnHubDisable(DisableGuard)
	env.OnHubDisable(func(tx store.Tx, key store.AccountKey) error { return OnDisable(tx, key, svc.Clock.Now()) })
	registerHandlers(env.SecurityHub, svc)
	return nil
}
