package findings

import (
	"encoding/json"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// The control findings are Security Hub's own: the controls domain makes them from control
// evaluations and archives them when a control is disabled, each time in the transaction that
// decides it, so that what it reads and what it writes cannot drift apart.

// FindIn returns, in tx, the findings c may see that match filters (GetFindings' filters), as
// decoded documents.
func (s *Service) FindIn(tx store.Tx, c identity.Caller, filters map[string]any, now time.Time) ([]Finding, error) {
	compiled, err := compileFilters(filters, now)
	if err != nil {
		return nil, err
	}
	var out []Finding
	err = s.scanMatches(tx, c, compiled, now, findingQuery{}, func(_ findingRecord, doc Finding) (bool, error) {
		out = append(out, doc)
		return true, nil
	})
	return out, err
}

// ImportControlFindingsIn creates or updates, in tx, control findings of c's account under
// Security Hub's own product, as an import by Security Hub would: a stored finding keeps its
// CreatedAt and FirstObservedAt, and its UpdatedAt moves past the stored one (an import that
// is not newer would be ignored, and two changes may come within a millisecond). Automation
// rules act on them as on any import. An invalid finding is an InvalidInputException.
func (s *Service) ImportControlFindingsIn(tx store.Tx, c identity.Caller, docs []Finding, now time.Time) error {
	key := domain.Key(c)
	rules, err := s.rulesFor(tx, key, now)
	if err != nil {
		return err
	}
	shape := s.findingShape()
	for _, f := range docs {
		f["ProductArn"], f["AwsAccountId"] = SecurityHubProductARN(c), c.AccountID
		id, _ := f["Id"].(string)
		k := findingKey{Region: key.RegionKey(), ProductARN: SecurityHubProductARN(c), ID: id}
		stored, err := storedFindings(tx, []importPlan{{key: k}})
		if err != nil {
			return err
		}
		if old := stored[k]; old != nil {
			before, err := decodeDoc(old.Doc)
			if err != nil {
				return err
			}
			f["CreatedAt"], f["FirstObservedAt"] = before["CreatedAt"], before["FirstObservedAt"]
			if last, err := ParseTime(asString(before["UpdatedAt"])); err == nil && !now.After(last) {
				f["UpdatedAt"] = FormatTime(last.Add(time.Millisecond))
			}
		}
		raw, err := json.Marshal(f)
		if err != nil {
			return err
		}
		if msg := Validate(shape, f, len(raw)); msg != "" {
			return apierr.InvalidParameter.New(msg)
		}
		plans, err := s.automateImports(rules, []importPlan{s.planImport(c, f, k, stored[k], now)}, now)
		if err != nil {
			return err
		}
		if err := s.writeImports(tx, plans, now, nil); err != nil {
			return err
		}
	}
	return nil
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}
