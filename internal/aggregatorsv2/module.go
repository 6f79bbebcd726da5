package aggregatorsv2

import (
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/tags"
)

// Module is the aggregators V2 domain: an account's Security Hub V2 cross-Region aggregation
// configuration, tagged through the tags domain; findings are copied to its home region as
// the CSPM finding aggregator's (findings.Service.AggregateWith).
var Module = domain.Module{Name: "aggregatorsv2", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Clock: env.Clock, Pages: env.Pages}
	domain.Use[*tags.Service](env).Resources[arnResource] = exists
	domain.Use[*findings.Service](env).AggregateWith(table.HomeRegionsOf)
	registerHandlers(env.SecurityHub, svc)
	return nil
}
