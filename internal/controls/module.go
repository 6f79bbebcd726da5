package controls

import (
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

func register(env *domain.Env) error {
	cat, err := NewCatalog(catalogue.All())
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
