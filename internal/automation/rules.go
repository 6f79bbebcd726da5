package automation

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/members"
	"github.com/sechub/sechub/internal/store"
)

// actionType is the one action type of automation rules V1.
const actionType = "FINDING_FIELDS_UPDATE"

// checkRule checks a rule's criteria and actions, those given (nil: absent), as they are
// checked before anything is written: the criteria with GetFindings' filter rules and the
// limits of AutomationRulesFindingFilters, the actions as FINDING_FIELDS_UPDATE with fields
// BatchUpdateFindings would take. prefix is the path of the request item the rule is in ("" for
// CreateAutomationRule's request itself), which the errors name.
func checkRule(prefix string, criteria map[string]any, actions []Action, now time.Time) error {
	if criteria != nil {
		if _, err := findings.CompileCriteria(criteria, now); err != nil {
			return inMember(err, prefix)
		}
	}
	for i, a := range actions {
		member := prefix + "Actions[" + strconv.Itoa(i) + "]"
		switch {
		case a.Type != actionType:
			return apierr.RuleActionInvalid.New(member+".Type", "The action type must be "+actionType+".")
		case len(a.Update) == 0:
			return apierr.RuleActionInvalid.New(member+".FindingFieldsUpdate", "A "+actionType+" action sets at least one finding field.")
		}
		if err := findings.CheckFieldsUpdate(a.Update); err != nil {
			return inMember(err, member+".FindingFieldsUpdate.")
		}
	}
	return nil
}

// inMember makes an InvalidInputException about a member of a rule name the member's full
// path: prefix goes before the parameter the message names.
func inMember(err error, prefix string) error {
	if e, ok := err.(*apierr.Error); ok && prefix != "" {
		const start = "Invalid parameter '"
		e.Message = strings.Replace(e.Message, start, start+prefix, 1)
	}
	return err
}

// sameRule reports whether two versions of a rule are alike.
func sameRule(a, b Rule) bool { return reflect.DeepEqual(a, b) }

// inEvaluationOrder sorts rules as they apply: lower Order first, ties by earlier UpdatedAt
// (the rule edited last applies last), then by creation.
func inEvaluationOrder(entries []entry) {
	slices.SortStableFunc(entries, func(a, b entry) int {
		if a.Value.Order != b.Value.Order {
			return a.Value.Order - b.Value.Order
		}
		return a.Value.UpdatedAt.Compare(b.Value.UpdatedAt)
	})
}

// rulesFor returns the enabled rules that act on the findings of key's account, in the order
// they apply: its administrator's when it is an Enabled member, else its own (every account
// without an administrator administers itself). It is findings.Service.Rules.
func (s *Service) rulesFor(tx store.Tx, key store.AccountKey, now time.Time) ([]findings.AutomationRule, error) {
	owner := key
	admin, member, err := members.AdministratorOf(tx, key)
	if err != nil {
		return nil, err
	}
	if member {
		owner.AccountID = admin
	}
	entries, err := rules.List(tx, owner, 0, 0)
	if err != nil {
		return nil, err
	}
	entries = slices.DeleteFunc(entries, func(e entry) bool { return e.Value.Status != Enabled })
	inEvaluationOrder(entries)
	out := make([]findings.AutomationRule, 0, len(entries))
	for _, e := range entries {
		criteria, err := findings.CompileCriteria(e.Value.Criteria, now)
		if err != nil {
			return nil, err // checked when the rule was written: the store holds something else
		}
		var update map[string]any
		if len(e.Value.Actions) > 0 {
			update = e.Value.Actions[0].Update
		}
		out = append(out, findings.AutomationRule{ARN: e.Value.ARN, Criteria: criteria, Update: update, Terminal: e.Value.Terminal})
	}
	return out, nil
}
