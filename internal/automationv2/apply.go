package automationv2

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/findingsv2"
	"github.com/sechub/sechub/internal/hubv2"
	"github.com/sechub/sechub/internal/members"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/store"
)

// How rules V2 act on findings. They act where the V1 rules act, on the findings of the
// rule's account and of its Enabled members, in the rule's region, as they are imported or
// updated, while the rule's account has Security Hub V2 on:
//
//   - FINDING_FIELDS_UPDATE rules join the V1 rules the findings domain applies
//     (findings.Service.Rules), after them, lower RuleOrder first (ties: the rule changed
//     last applies last). Their criteria are compiled by the findings V2 filter translation
//     (findingsv2.RuleCriteria), severity_id and status_id become Severity.Label and
//     Workflow.Status as BatchUpdateFindingsV2 sets them, the comment the Note, by the rule.
//   - EXTERNAL_INTEGRATION rules are evaluated on each finding as the write leaves it
//     (findings.Service.OnChanged): a finding that meets the criteria is queued, in the write's
//     transaction, for one ticket per rule (tickets.go), which a worker delivers through the
//     rule's connector.

// compile compiles a rule's stored criteria (its OcsfFindingCriteria) with now as the
// reference of date ranges; its errors are the V2 operations' ValidationExceptions.
func compile(criteria map[string]any, now time.Time) (findings.Criteria, error) {
	c, err := compileAll([]map[string]any{criteria}, now)
	if err != nil {
		return findings.Criteria{}, err
	}
	return c[0], nil
}

// compileAll compiles the criteria of rules that are evaluated on the same findings one
// after the other (they share the OCSF form of the finding: findingsv2.RuleCriteria).
func compileAll(list []map[string]any, now time.Time) ([]findings.Criteria, error) {
	filters := make([]*sh.OcsfFindingFilters, len(list))
	for i, criteria := range list {
		filters[i] = &sh.OcsfFindingFilters{}
		if err := fill(criteria, filters[i]); err != nil {
			return nil, err
		}
	}
	trees, err := findingsv2.RuleCriteria(filters)
	out := make([]findings.Criteria, len(list))
	for i := 0; err == nil && i < len(trees); i++ {
		if trees[i] == nil {
			trees[i] = &findings.FilterTree{}
		}
		out[i], err = findings.TreeCriteria(*trees[i], now)
	}
	var e *apierr.Error
	if errors.As(err, &e) && e.Code == apierr.CodeInvalidInput {
		return nil, apierr.V2Invalid.New(e.Message)
	}
	return out, err
}

// fieldsUpdate is a FINDING_FIELDS_UPDATE action as BatchUpdateFindings' fields.
func fieldsUpdate(a Action, ruleARN string) map[string]any {
	u := map[string]any{}
	if a.Comment != "" {
		u["Note"] = map[string]any{"Text": a.Comment, "UpdatedBy": ruleARN}
	}
	if a.SeverityID != nil {
		u["Severity"] = map[string]any{"Label": findingsv2.SeverityLabel(*a.SeverityID)}
	}
	if a.StatusID != nil {
		u["Workflow"] = map[string]any{"Status": findingsv2.WorkflowStatus(*a.StatusID)}
	}
	return u
}

// ownerOf returns whose rules act on the findings of key's account: its administrator's when
// it is an Enabled member, else its own; on=false when that account has Security Hub V2 off,
// and its rules rest.
func ownerOf(tx store.Tx, key store.AccountKey) (owner store.AccountKey, on bool, err error) {
	admin, member, err := members.AdministratorOf(tx, key)
	if err != nil {
		return key, false, err
	}
	if member {
		key.AccountID = admin
	}
	err = hubv2.Require(tx, key)
	if apierr.HubV2NotEnabled.Is(err) {
		return key, false, nil
	}
	return key, err == nil, err
}

// enabled returns owner's enabled rules with an action of type, in the order they apply.
func enabled(tx store.Tx, owner store.AccountKey, actionType string) ([]Rule, error) {
	entries, err := rules.List(tx, owner, 0, 0)
	if err != nil {
		return nil, err
	}
	var out []Rule
	for _, e := range entries {
		if e.Value.Status == Enabled && e.Value.Action.Type == actionType {
			out = append(out, e.Value)
		}
	}
	inEvaluationOrder(out)
	return out, nil
}

// inEvaluationOrder sorts rules as they apply: lower RuleOrder first, ties by earlier
// UpdatedAt (the rule changed last applies last), then in creation order.
func inEvaluationOrder(list []Rule) {
	slices.SortStableFunc(list, func(a, b Rule) int {
		if a.Order != b.Order {
			if a.Order < b.Order {
				return -1
			}
			return 1
		}
		return a.UpdatedAt.Compare(b.UpdatedAt)
	})
}

// withV2Rules returns the findings domain's Rules hook with this domain's FINDING_FIELDS_UPDATE
// rules after those of v1 (the V1 automation rules' hook; nil: none).
func withV2Rules(v1 func(tx store.Tx, key store.AccountKey, now time.Time) ([]findings.AutomationRule, error)) func(tx store.Tx, key store.AccountKey, now time.Time) ([]findings.AutomationRule, error) {
	return func(tx store.Tx, key store.AccountKey, now time.Time) ([]findings.AutomationRule, error) {
		var out []findings.AutomationRule
		if v1 != nil {
			var err error
			if out, err = v1(tx, key, now); err != nil {
				return nil, err
			}
		}
		owner, on, err := ownerOf(tx, key)
		if err != nil || !on {
			return out, err
		}
		list, err := enabled(tx, owner, FieldsUpdate)
		if err != nil {
			return nil, err
		}
		criteria, err := compileAll(criteriaOf(list), now)
		if err != nil {
			return nil, err // checked when the rules were written: the store holds something else
		}
		for i, r := range list {
			out = append(out, findings.AutomationRule{ARN: r.ARN, Criteria: criteria[i], Update: fieldsUpdate(r.Action, r.ARN)})
		}
		return out, nil
	}
}

// criteriaOf returns the criteria of rules.
func criteriaOf(list []Rule) []map[string]any {
	out := make([]map[string]any, len(list))
	for i, r := range list {
		out[i] = r.Criteria
	}
	return out
}

// decodeFinding decodes a stored finding as the findings filters read documents.
func decodeFinding(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	return m, dec.Decode(&m)
}

// queueTickets is the findings domain's OnChanged hook that queues the tickets of the
// EXTERNAL_INTEGRATION rules whose criteria the changed findings meet.
func (s *Service) queueTickets(tx store.Tx, key store.AccountKey, changes []findings.Change) error {
	owner, on, err := ownerOf(tx, key)
	if err != nil || !on {
		return err
	}
	list, err := enabled(tx, owner, ExternalIntegration)
	if err != nil || len(list) == 0 {
		return err
	}
	now := s.Clock.Now()
	docs := make([]map[string]any, len(changes))
	for i, ch := range changes {
		if docs[i], err = decodeFinding(ch.Doc); err != nil {
			return err
		}
	}
	criteria, err := compileAll(criteriaOf(list), now)
	if err != nil {
		return err
	}
	queued := false
	for j, r := range list {
		for i, ch := range changes {
			if !criteria[j].Matches(docs[i]) {
				continue
			}
			added, err := queueTicket(tx, owner, r, findingsv2.MetadataUID(ch.ProductARN, ch.ID), ch.Doc, now)
			if err != nil {
				return err
			}
			queued = queued || added
		}
	}
	if queued {
		s.poke()
	}
	return nil
}
