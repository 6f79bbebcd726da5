package controls

import (
	"sync"
	"time"

	"github.com/sechub/sechub/internal/controls/catalogue"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/standards"
)

// updateSettle is how long a security control stays UPDATING after UpdateSecurityControl.
const updateSettle = time.Second

// Module is the controls domain: the standards' controls, their status per account and
// standard, and the accounts' security control parameters. It provides the *Catalog and its
// *Service.
var Module = domain.Module{Name: "controls", Schema: &Schema, Register: register}

// fullCatalog is the whole catalogue, indexed once per process: indexing parses every
// parameter's bounds and patterns, and a test process starts many servers. Nothing modifies a
// Catalog once made.
var fullCatalog = sync.OnceValues(func() (*Catalog, error) { return NewCatalog(catalogue.All()) })

func register(env *domain.Env) error {
	cat, err := fullCatalog()
	if err != nil {
		return err
	}
	svc := &Service{Store: env.Store, Clock: env.Clock, Pages: env.Pages, Catalog: cat, UpdateSettle: updateSettle,
		Findings: domain.Use[*findings.Service](env)}
	env.OnHubDisable(removeAll)
	domain.Use[*standards.Service](env).OnDisable(svc.standardDisabled)
	domain.Provide(env, cat) // configuration policies check their controls and parameters against it
	domain.Provide(env, svc) // they set the controls of the accounts they govern; the console shows scores (Report)
	registerHandlers(env.SecurityHub, svc)
	registerEndpoints(env, svc)
	return nil
}
