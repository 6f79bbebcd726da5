// Package api holds the Security Hub operation handlers: each decodes its input (already
// validated against the model by the wire layer), calls its domain, and shapes the output.
// Operations live in files named after their domain (hub.go, standards.go, tags.go, ...).
package api

import (
	"time"

	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/insights"
	"github.com/sechub/sechub/internal/members"
	"github.com/sechub/sechub/internal/orgadmin"
	"github.com/sechub/sechub/internal/pagetoken"
	"github.com/sechub/sechub/internal/standards"
	"github.com/sechub/sechub/internal/tags"
	"github.com/sechub/sechub/internal/wire"
)

// Services are the domains the handlers call.
type Services struct {
	Hub       *hub.Service
	Standards *standards.Service
	Tags      *tags.Service
	Members   *members.Service
	OrgAdmin  *orgadmin.Service
	Findings  *findings.Service
	Insights  *insights.Service
	Tokens    pagetoken.Codec
}

// Register implements every operation sechub supports on s.
func Register(s *wire.RestJSON, svc *Services) {
	registerHub(s, svc)
	registerStandards(s, svc)
	registerTags(s, svc)
	registerMembers(s, svc)
	registerOrganization(s, svc)
	registerFindings(s, svc)
	registerInsights(s, svc)
}

// timestamp renders a time as Security Hub does: ISO 8601, UTC, milliseconds, Z.
func timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}
