package configpolicies

import (
	"github.com/sechub/sechub/internal/aggregators"
	"github.com/sechub/sechub/internal/controls"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/orgadmin"
	"github.com/sechub/sechub/internal/organizations"
	"github.com/sechub/sechub/internal/standards"
	"github.com/sechub/sechub/internal/tags"
)

// Module is the configuration policies domain: central configuration's policies and their
// associations. It checks policies against the controls domain's catalogue, keeps the
// organization configuration from leaving CENTRAL while policies are in use, tags policies
// through the tags domain, and follows Organizations' changes.
var Module = domain.Module{Name: "configpolicies", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Clock: env.Clock, Pages: env.Pages, Catalog: domain.Use[*controls.Catalog](env),
		Appliers: Appliers{Hub: domain.Use[*hub.Service](env), Standards: domain.Use[*standards.Service](env), Controls: domain.Use[*controls.Service](env)}}
	org := domain.Use[*orgadmin.Service](env)
	org.LeavingCentral = append(org.LeavingCentral, leavingCentral)
	orgs := domain.Use[*organizations.Service](env)
	orgs.Listeners = append(orgs.Listeners, events{svc})
	aggs := domain.Use[*aggregators.Service](env)
	aggs.Relinked = append(aggs.Relinked, svc.aggregatorRelinked)
	domain.Use[*tags.Service](env).Resources[arnResource] = policyExists
	domain.Provide(env, svc)
	registerHandlers(env.SecurityHub, svc)
	return nil
}
