package findings

import (
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/store"
)

// Automation rules as the findings domain applies them. The automation domain keeps the rules
// and hands them over through Service.Rules; this file evaluates their criteria with the
// filter code of GetFindings and applies their actions as BatchUpdateFindings applies its
// fields, inside the transaction of the import or update that triggered them.

// ruleSource is the history source type of a rule's change. The model knows only
// BATCH_IMPORT_FINDINGS and BATCH_UPDATE_FINDINGS, and a rule's action is a customer update,
// so its records carry BATCH_UPDATE_FINDINGS with the rule's ARN as the identity.
const ruleSource = "BATCH_UPDATE_FINDINGS"

// maxUserDefinedFields is how many UserDefinedFields a finding may have.
const maxUserDefinedFields = 50

// AutomationRule is one enabled automation rule as findings apply it.
type AutomationRule struct {
	ARN      string
	Criteria Criteria
	// Update is the rule's FindingFieldsUpdate, decoded JSON (numbers as json.Number) with
	// the members of BatchUpdateFindings' request.
	Update   map[string]any
	Terminal bool
}

// Criteria are an automation rule's criteria, compiled by the filter code of GetFindings.
type Criteria struct{ filters *compiled }

// Matches reports whether a finding meets the criteria (no criteria: every finding).
func (c Criteria) Matches(doc Finding) bool { return c.filters == nil || c.filters.Matches(doc) }

// criteriaLimits are AutomationRulesFindingFilters' limits: any number of keys, each with at
// most 20 values but AwsAccountId, GeneratorId, Title and ResourceId, which take 100.
var criteriaLimits = filterLimits{maxValues: func(key string) int {
	switch key {
	case "AwsAccountId", "GeneratorId", "Title", "ResourceId":
		return 100
	}
	return maxFilterValues
}}

// CompileCriteria validates and compiles an automation rule's Criteria (the decoded
// AutomationRulesFindingFilters; every key is one of GetFindings' filter keys), with now as
// the reference of date ranges. Its errors name the Criteria parameter.
func CompileCriteria(raw map[string]any, now time.Time) (Criteria, error) {
	c, err := compileWithin(raw, now, criteriaLimits)
	if err != nil {
		if e, ok := err.(*apierr.Error); ok {
			e.Message = strings.Replace(e.Message, "'Filters'", "'Criteria'", 1)
		}
		return Criteria{}, err
	}
	return Criteria{c}, nil
}

// TreeCriteria compiles the criteria of an automation rule V2, a filter tree (the findings V2
// translation of its OCSF filters), with now as the reference of date ranges.
func TreeCriteria(t FilterTree, now time.Time) (Criteria, error) {
	c, err := compileTree(t, now)
	if err != nil {
		return Criteria{}, err
	}
	return Criteria{c}, nil
}

// CheckFieldsUpdate validates an automation rule's FindingFieldsUpdate as BatchUpdateFindings
// checks its fields before it writes anything: the lengths ASFF allows, and no more user-defined
// fields than a finding can have.
func CheckFieldsUpdate(update map[string]any) error {
	if fields, _ := update[userDefinedFieldsArg].(map[string]any); len(fields) > maxUserDefinedFields {
		return apierr.RuleTooManyUserDefinedFields.New(len(fields), maxUserDefinedFields)
	}
	return checkUpdateLengths(update)
}

// rulesFor returns the rules that act on the findings of key's account (none when no domain
// provides them).
func (s *Service) rulesFor(tx store.Tx, key store.AccountKey, now time.Time) ([]AutomationRule, error) {
	if s.Rules == nil {
		return nil, nil
	}
	return s.Rules(tx, key, now)
}

// automate applies rules, in their order, to doc: the finding as an import or an update leaves
// it, with its bookkeeping m. Each rule whose criteria the finding meets at that point updates
// it as BatchUpdateFindings would, and a terminal rule that matches ends the evaluation. It
// returns the finding after the rules and its bookkeeping (doc and m themselves, untouched,
// when no rule changed anything) and the history record of each rule that changed it.
func (s *Service) automate(rules []AutomationRule, doc Finding, m meta, now time.Time) (Finding, meta, [][]byte, error) {
	var history [][]byte
	for _, r := range rules {
		if !r.Criteria.Matches(doc) {
			continue
		}
		next := deepCopy(doc).(map[string]any)
		nm := m
		nm.CustomerOwned = slices.Clone(m.CustomerOwned)
		customerUpdate(next, &nm, r.Update, now)
		// A rule that sets the note the finding already has leaves it as it is: applied again
		// at the next import, it is no new change.
		if prev, _ := doc["Note"].(map[string]any); prev != nil && sameNote(prev, next["Note"]) {
			next["Note"] = prev
		}
		if !tooManyUserDefinedFields(next) {
			body, err := s.historyBody(doc, next, ruleSource, r.ARN)
			if err != nil {
				return nil, meta{}, nil, err
			}
			if body != nil {
				doc, m = next, nm
				history = append(history, body)
			}
		}
		if r.Terminal {
			break
		}
	}
	return doc, m, history, nil
}

// sameNote reports whether a note set by an update has the text and author of prev.
func sameNote(prev map[string]any, set any) bool {
	n, _ := set.(map[string]any)
	return n != nil && reflect.DeepEqual(n["Text"], prev["Text"]) && reflect.DeepEqual(n["UpdatedBy"], prev["UpdatedBy"])
}

// tooManyUserDefinedFields reports whether an update left a finding with more user-defined
// fields than it may have.
func tooManyUserDefinedFields(n Finding) bool {
	ud, _ := n[userDefinedFieldsArg].(map[string]any)
	return len(ud) > maxUserDefinedFields
}

// automateImports returns plans with rules applied to the findings they write: a plan whose
// finding a rule changed writes the changed finding and the rules' history records after its
// own. plans are left as they are (a transaction that is tried again plans from them again).
func (s *Service) automateImports(rules []AutomationRule, plans []importPlan, now time.Time) ([]importPlan, error) {
	if len(rules) == 0 {
		return plans, nil
	}
	out := slices.Clone(plans)
	for i, p := range plans {
		if p.err != nil || p.skip || p.final == nil {
			continue
		}
		doc, m, history, err := s.automate(rules, p.final, p.meta, now)
		if err != nil {
			return nil, err
		}
		if len(history) == 0 {
			continue
		}
		rec, err := record(p.key, doc, m)
		if err != nil {
			return nil, err
		}
		if len(rec.Doc) > MaxFindingBytes {
			continue // the rules' fields do not fit: the finding is imported as it came
		}
		rec.Seq = p.rec.Seq
		out[i].rec, out[i].automated = rec, history
	}
	return out, nil
}

// rulesByAccount returns a lookup of the rules that act on the findings of an account in
// region, each account's read once.
func (s *Service) rulesByAccount(tx store.Tx, region store.RegionKey, now time.Time) func(account string) ([]AutomationRule, error) {
	byAccount := map[string][]AutomationRule{}
	return func(account string) ([]AutomationRule, error) {
		if rules, ok := byAccount[account]; ok {
			return rules, nil
		}
		rules, err := s.rulesFor(tx, store.AccountKey{Partition: region.Partition, Region: region.Region, AccountID: account}, now)
		if err != nil {
			return nil, err
		}
		byAccount[account] = rules
		return rules, nil
	}
}
