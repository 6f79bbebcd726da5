package hub

import (
	"errors"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/tags"
)

// Module is the hub domain: an account's Security Hub subscription in a region.
var Module = domain.Module{Name: "hub", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Clock: env.Clock, Disabled: env.HubDisabled}
	env.RequireHub = func(tx store.Tx, key store.AccountKey) error {
		_, err := Require(tx, key)
		return err
	}
	domain.Use[*tags.Service](env).Resources["hub/"] = exists
	domain.Provide(env, svc)
	registerHandlers(env.SecurityHub, svc)
	return nil
}

// exists tells the tags domain whether a "hub/" resource of key exists: only hub/default,
// while the account's hub is on.
func exists(tx store.Tx, key store.AccountKey, _, resource string) (bool, error) {
	if resource != "hub/default" {
		return false, nil
	}
	_, err := get(tx, key)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}
