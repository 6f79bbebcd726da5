// Package automationv2 is Security Hub V2's automation rules: an account's rules, whose
// criteria are composite filters on the OCSF fields of findings, with one action each:
// FINDING_FIELDS_UPDATE (severity_id, status_id, a comment) or EXTERNAL_INTEGRATION (a
// ticket through a connector of internal/connectorsv2) (CreateAutomationRuleV2,
// GetAutomationRuleV2, UpdateAutomationRuleV2, DeleteAutomationRuleV2,
// ListAutomationRulesV2). The domain keeps the rules in the store's generic records; apply.go
// says how they act on findings.
package automationv2

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/connectorsv2"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/hubv2"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/tags"
)

// MaxRules is how many automation rules V2 an account may have in a region: the quota of the
// V1 rules, as AWS documents none of its own for V2.
const MaxRules = 100

// The statuses of a rule.
const (
	Enabled  = "ENABLED"
	Disabled = "DISABLED"
)

// The action types.
const (
	FieldsUpdate        = "FINDING_FIELDS_UPDATE"
	ExternalIntegration = "EXTERNAL_INTEGRATION"
)

const (
	// arnResource is what precedes the rule's id in the resource part of its ARN.
	arnResource = "automation-rulev2/"
	// defaultPage is ListAutomationRulesV2's page without MaxResults: the model's maximum.
	defaultPage = 100
	// firstPageToken is the NextToken the API reference tells callers to send first.
	firstPageToken = "NULL"
	// manage is what only an administrator may do (hubv2.RequireAdministrator).
	manage = "manage automation rules V2"
)

// The values of severity_id and status_id an action may set: those ASFF holds (severity
// Informational to Critical, status New to Resolved), as BatchUpdateFindingsV2 sets them.
const (
	minSeverityID, maxSeverityID = 1, 5
	minStatusID, maxStatusID     = 1, 4
)

// Rule is one automation rule V2.
type Rule struct {
	ID          string
	ARN         string
	Name        string
	Description string
	// Order is the rule's place among the account's rules (1 to 1000): lower first.
	Order  float64
	Status string
	// Criteria is the rule's OcsfFindingCriteria, decoded JSON (numbers as json.Number).
	Criteria map[string]any
	Action   Action
	// CreatedAt and UpdatedAt are when the rule was made and last changed.
	CreatedAt, UpdatedAt time.Time
}

// Action is a rule's one action.
type Action struct {
	Type string
	// SeverityID, StatusID and Comment are what FINDING_FIELDS_UPDATE sets (nil, "": not).
	SeverityID *int
	StatusID   *int
	Comment    string
	// ConnectorARN is the connector EXTERNAL_INTEGRATION opens tickets through.
	ConnectorARN string
}

// Change is what UpdateAutomationRuleV2 changes: the members given (nil: left as they are).
type Change struct {
	Name, Description, Status *string
	Order                     *float64
	Criteria                  map[string]any
	Action                    *Action
}

// ARN returns the ARN of rule id of key.
func ARN(key store.AccountKey, id string) string {
	return "arn:" + key.Partition + ":securityhub:" + key.Region + ":" + key.AccountID + ":" + arnResource + id
}

// Service runs the automation rule V2 operations.
type Service struct {
	Store store.Store
	Clock clock.Clock
	Pages paging.Pager
	// Connectors delivers the tickets of EXTERNAL_INTEGRATION actions.
	Connectors *connectorsv2.Service
	// Log hears of the tickets given up.
	Log *slog.Logger
	// wake tells the ticket worker that tickets were queued.
	wake chan struct{}
}

// checkAction checks an action as it is checked before anything is written; member is its
// path in the request.
func checkAction(a Action) error {
	const member = "Actions[0]"
	switch a.Type {
	case FieldsUpdate:
		switch {
		case a.ConnectorARN != "":
			return apierr.InvalidParameterV2.New(member+".ExternalIntegrationConfiguration", "A "+FieldsUpdate+" action takes no ExternalIntegrationConfiguration.")
		case a.SeverityID == nil && a.StatusID == nil && a.Comment == "":
			return apierr.InvalidParameterV2.New(member+".FindingFieldsUpdate", "A "+FieldsUpdate+" action sets at least one of SeverityId, StatusId and Comment.")
		case a.SeverityID != nil && (*a.SeverityID < minSeverityID || *a.SeverityID > maxSeverityID):
			return apierr.InvalidParameterV2.New(member+".FindingFieldsUpdate.SeverityId",
				fmt.Sprintf("Value '%d' is not a severity_id sechub sets: %d (Informational) to %d (Critical).", *a.SeverityID, minSeverityID, maxSeverityID))
		case a.StatusID != nil && (*a.StatusID < minStatusID || *a.StatusID > maxStatusID):
			return apierr.InvalidParameterV2.New(member+".FindingFieldsUpdate.StatusId",
				fmt.Sprintf("Value '%d' is not a status_id sechub sets: %d (New) to %d (Resolved).", *a.StatusID, minStatusID, maxStatusID))
		}
	case ExternalIntegration:
		switch {
		case a.SeverityID != nil || a.StatusID != nil || a.Comment != "":
			return apierr.InvalidParameterV2.New(member+".FindingFieldsUpdate", "An "+ExternalIntegration+" action takes no FindingFieldsUpdate.")
		case a.ConnectorARN == "":
			return apierr.InvalidParameterV2.New(member+".ExternalIntegrationConfiguration.ConnectorArn", "An "+ExternalIntegration+" action names the connector its tickets go through.")
		}
	default:
		return apierr.InvalidParameterV2.New(member+".Type", "Value '"+a.Type+"' is not one of ["+FieldsUpdate+", "+ExternalIntegration+"].")
	}
	return nil
}

// checkConnector checks, in tx, that an EXTERNAL_INTEGRATION action names a connector of key,
// and returns the action with the connector's full ARN.
func checkConnector(tx store.Tx, key store.AccountKey, a Action) (Action, error) {
	if a.Type != ExternalIntegration {
		return a, nil
	}
	c, err := connectorsv2.Lookup(tx, key, a.ConnectorARN)
	if apierr.ConnectorV2NotFound.Is(err) {
		return a, apierr.InvalidParameterV2.New("Actions[0].ExternalIntegrationConfiguration.ConnectorArn", "Connector "+a.ConnectorARN+" not found.")
	}
	if err == nil && c.Provider == connectorsv2.Azure {
		return a, apierr.ConnectorV2NoTickets.New(c.ID)
	}
	a.ConnectorARN = c.ARN
	return a, err
}

// errNoCriteria is the refusal of a Criteria without OcsfFindingCriteria, its one member.
func errNoCriteria() error {
	return apierr.InvalidParameterV2.New("Criteria", "Give the OcsfFindingCriteria.")
}

// checkCriteria checks a rule's criteria as they are checked before anything is written: as
// GetFindingsV2 checks its filters (apply.go compiles them the same way).
func (s *Service) checkCriteria(criteria map[string]any) error {
	if criteria == nil {
		return errNoCriteria()
	}
	_, err := compile(criteria, s.Clock.Now())
	return err
}

// Create makes a rule of key, ENABLED when its status is empty, tagged.
func (s *Service) Create(ctx context.Context, key store.AccountKey, r Rule, tagged map[string]string) (Rule, error) {
	if r.Status == "" {
		r.Status = Enabled
	}
	if err := s.checkCriteria(r.Criteria); err != nil {
		return r, err
	}
	if err := checkAction(r.Action); err != nil {
		return r, err
	}
	now := s.Clock.Now()
	r.ID = uuid.NewString()
	r.ARN, r.CreatedAt, r.UpdatedAt = ARN(key, r.ID), now, now
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if err := hubv2.RequireAdministrator(tx, key, manage); err != nil {
			return err
		}
		n, err := tx.CountRecords(key, kind)
		if err != nil {
			return err
		}
		if n >= MaxRules {
			return apierr.RuleV2LimitExceeded.New(MaxRules)
		}
		if r.Action, err = checkConnector(tx, key, r.Action); err != nil {
			return err
		}
		if err := rules.Insert(tx, key, r.ID, r); err != nil {
			return err
		}
		if len(tagged) > 0 {
			return tags.Add(tx, key, r.ARN, tagged)
		}
		return nil
	})
	return r, err
}

// own returns key's rule that identifier names: its id, or its ARN (one without an account
// names the caller's).
func own(tx store.Tx, key store.AccountKey, identifier string) (Rule, error) {
	if err := hubv2.RequireAdministrator(tx, key, manage); err != nil {
		return Rule{}, err
	}
	return domain.OwnRecord(tx, rules, key, identifier, arnResource, apierr.RuleV2NotFound)
}

// Get returns key's rule that identifier (its id or ARN) names.
func (s *Service) Get(ctx context.Context, key store.AccountKey, identifier string) (Rule, error) {
	var r Rule
	err := s.Store.View(ctx, func(tx store.Tx) (err error) {
		r, err = own(tx, key, identifier)
		return err
	})
	return r, err
}

// Update applies c to key's rule that identifier names.
func (s *Service) Update(ctx context.Context, key store.AccountKey, identifier string, c Change) error {
	if c.Criteria != nil {
		if err := s.checkCriteria(c.Criteria); err != nil {
			return err
		}
	}
	if c.Action != nil {
		if err := checkAction(*c.Action); err != nil {
			return err
		}
	}
	now := s.Clock.Now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		r, err := own(tx, key, identifier)
		if err != nil {
			return err
		}
		if c.Name != nil {
			r.Name = *c.Name
		}
		if c.Description != nil {
			r.Description = *c.Description
		}
		if c.Status != nil {
			r.Status = *c.Status
		}
		if c.Order != nil {
			r.Order = *c.Order
		}
		if c.Criteria != nil {
			r.Criteria = c.Criteria
		}
		if c.Action != nil {
			if r.Action, err = checkConnector(tx, key, *c.Action); err != nil {
				return err
			}
		}
		r.UpdatedAt = now
		return rules.Save(tx, key, r.ID, r)
	})
}

// Delete deletes key's rule that identifier names, with its tags.
func (s *Service) Delete(ctx context.Context, key store.AccountKey, identifier string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		r, err := own(tx, key, identifier)
		if err != nil {
			return err
		}
		if err := tags.DeleteResource(tx, r.ARN); err != nil {
			return err
		}
		if err := forgetTickets(tx, key, r.ID); err != nil {
			return err
		}
		return tx.DeleteRecord(key, kind, r.ID)
	})
}

// List returns a page of key's rules in the order they were created. The token "NULL" is the
// first page, as the API reference says.
func (s *Service) List(ctx context.Context, key store.AccountKey, maxResults int, nextToken string) ([]Rule, string, error) {
	if nextToken == firstPageToken {
		nextToken = ""
	}
	page := paging.Page{Scope: paging.Scope("ListAutomationRulesV2", key.Partition, key.Region, key.AccountID),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultPage}
	var list []Rule
	var next string
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if err := hubv2.RequireAdministrator(tx, key, manage); err != nil {
			return err
		}
		read := func(afterSeq int64, limit int) ([]entry, error) { return rules.List(tx, key, afterSeq, limit) }
		entries, token, err := paging.Created(s.Pages, page, read, func(e entry) int64 { return e.Seq })
		for _, e := range entries {
			list = append(list, e.Value)
		}
		next = token
		return err
	})
	return list, next, err
}

// guardConnector refuses the deletion of a connector one of key's rules delivers to: it is
// connectorsv2.Service's DeleteGuard.
func guardConnector(tx store.Tx, key store.AccountKey, c connectorsv2.Connector) error {
	all, err := rules.List(tx, key, 0, 0)
	for _, e := range all {
		if e.Value.Action.Type == ExternalIntegration && e.Value.Action.ConnectorARN == c.ARN {
			return apierr.ConnectorV2InUse.New(c.ID, e.Value.ARN)
		}
	}
	return err
}
