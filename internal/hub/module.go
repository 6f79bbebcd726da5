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
	svc := &Service{Store: env.Store, Now: env.Clock.Now, Disabled: env.HubDisabled}
	env.RequireHub = func(tx store.Tx, key store.AccountKey) error {
		_, err := Require(tx, key)
		return err
	}
	domain.Use[*tags.Service](env).Resources["hub/"] = func(tx store.Tx, key store.AccountKey, arn, resource string) (bool, error) {
		if resource != "hub/default" {
			return false, nil
		}
		_, err := tx.Hub(key)
		if errors.Is(err, store.ErrNotFound) {
			return false, nil
		}
		return err == nil, err
	}
	domain.Provide(env, svc)
	registerHandlers(env.SecurityHub, svc)
	return nil
}
