package automationv2

import (
	"github.com/sechub/sechub/internal/connectorsv2"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/tags"
)

// Module is the automation rules V2 domain. It keeps the rules in the store's generic records
// and the tickets of their EXTERNAL_INTEGRATION actions in its table, tags them through the
// tags domain, keeps the connectors their actions name from being deleted, and applies them
// through the findings domain's hooks (Rules, after the V1 rules; OnChanged) and a background worker that delivers the tickets (apply.go, tickets.go).
var Module = domain.Module{Name: "automationv2", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	conn := domain.Use[*connectorsv2.Service](env)
	svc := &Service{Store: env.Store, Clock: env.Clock, Pages: env.Pages, Connectors: conn, Log: env.Log, wake: make(chan struct{}, 1)}
	domain.Use[*tags.Service](env).Resources[arnResource] = tags.RecordExists(kind, arnResource)
	conn.DeleteGuards = append(conn.DeleteGuards, guardConnector)
	fs := domain.Use[*findings.Service](env)
	fs.Rules = withV2Rules(fs.Rules)
	fs.OnChanged(svc.queueTickets)
	env.Background(svc.runTickets)
	registerHandlers(env.SecurityHub, svc)
	return nil
}
