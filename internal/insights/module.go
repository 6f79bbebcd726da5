package insights

import (
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/store"
)

// Module is the insights domain: custom and managed insights and their results.
var Module = domain.Module{Name: "insights", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Clock: env.Clock, Pages: env.Pages, Findings: domain.Use[*findings.Service](env)}
	// An account's custom insights go with its hub. AWS deletes a disabled hub's insights
	// 90 days later; sechub deletes them at once, like the hub's configuration (no operation
	// reaches them while the hub is off).
	env.OnHubDisable(func(tx store.Tx, key store.AccountKey) error { return deleteInsights(tx, key) })
	registerHandlers(env.SecurityHub, svc)
	return nil
}
