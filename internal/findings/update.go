package findings

import (
	"context"
	"errors"
	"time"

	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// Identifier names a finding in BatchUpdateFindings.
type Identifier struct {
	ID         string `json:"Id"`
	ProductARN string `json:"ProductArn"`
}

// Unprocessed is one UnprocessedFindings entry.
type Unprocessed struct {
	Identifier   Identifier
	ErrorCode    string
	ErrorMessage string
}

// BatchUpdate codes and messages of the model (spec §3.2).
const (
	codeNotFound  = "FindingNotFound"
	msgNotFound   = "Finding Not Found"
	codeDuplicate = "DuplicatedFindingIdentifier"
	msgDuplicate  = "Finding Identifier is duplicated"
	codeInvalid   = "InvalidInput"
	msgInvalid    = "Invalid Input"
	codeTooBig    = "FindingSizeExceeded"
	msgTooBig     = "Finding size exceeded 240 KB"
)

// customerFields are what BatchUpdateFindings may change (spec §3.1).
var customerFields = []string{"Confidence", "Criticality", "Note", "RelatedFindings", "Severity", "Types",
	"UserDefinedFields", "VerificationState", "Workflow"}

// BatchUpdate applies a customer update (the request's update members, decoded) to findings
// the caller may see, in one transaction.
func (s *Service) BatchUpdate(ctx context.Context, c identity.Caller, ids []Identifier, update map[string]any) ([]Identifier, []Unprocessed, error) {
	now := s.now()
	processed := []Identifier{}
	unprocessed := []Unprocessed{}
	count := map[Identifier]int{}
	for _, id := range ids {
		count[id]++
	}
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		processed, unprocessed = processed[:0], unprocessed[:0]
		key := keyOf(c)
		accounts, err := s.visibleAccounts(tx, c)
		if err != nil {
			return err
		}
		visible := map[string]bool{}
		for _, a := range accounts {
			visible[a] = true
		}
		for _, id := range ids {
			if count[id] > 1 {
				unprocessed = append(unprocessed, Unprocessed{id, codeDuplicate, msgDuplicate})
				continue
			}
			fk := store.FindingKey{Region: key.RegionKey(), ProductARN: id.ProductARN, ID: id.ID}
			rec, err := tx.Finding(fk)
			if errors.Is(err, store.ErrNotFound) || (err == nil && (!visible[rec.AccountID] || rec.ExpiresAt.Before(now))) {
				unprocessed = append(unprocessed, Unprocessed{id, codeNotFound, msgNotFound})
				continue
			} else if err != nil {
				return err
			}
			old, err := decodeDoc(rec.Doc)
			if err != nil {
				return err
			}
			n := deepCopy(old).(map[string]any)
			m := decodeMeta(rec.Meta)
			owned := m.owned()
			applyCustomerUpdate(n, update, now)
			if _, ok := update["Note"]; ok {
				m.LegacyNote, m.PriorNote = false, nil // a customer's note is its own
			}
			for _, f := range mirrored {
				if _, ok := update[f]; ok && !owned[f] {
					m.CustomerOwned = append(m.CustomerOwned, f)
				}
			}
			if ud, ok := n["UserDefinedFields"].(map[string]any); ok && len(ud) > 50 {
				unprocessed = append(unprocessed, Unprocessed{id, codeInvalid, msgInvalid})
				continue
			}
			var changes []change
			diff(s.findingShape(), old, n, "", &changes)
			if len(changes) > 0 {
				n["ProcessedAt"] = FormatTime(now)
				r, err := record(fk, n, m)
				if err != nil {
					return err
				}
				if len(r.Doc) > MaxFindingBytes {
					unprocessed = append(unprocessed, Unprocessed{id, codeTooBig, msgTooBig})
					continue
				}
				r.Seq = rec.Seq
				if _, err := tx.PutFindings([]store.FindingRecord{r}); err != nil {
					return err
				}
				if err := s.recordHistory(tx, fk, rec.Seq, old, n, now, "BATCH_UPDATE_FINDINGS", c.Principal); err != nil {
					return err
				}
			}
			processed = append(processed, id)
		}
		return nil
	})
	return processed, unprocessed, err
}

// applyCustomerUpdate sets the customer fields of a BatchUpdateFindings request (spec §3.3):
// Note gets the server's time, Severity keeps what is not given and is completed,
// UserDefinedFields are merged, the others replaced. UpdatedAt never changes.
func applyCustomerUpdate(n Finding, u map[string]any, now time.Time) {
	for _, f := range customerFields {
		v, ok := u[f]
		if !ok || v == nil {
			continue
		}
		switch f {
		case "Note":
			note := deepCopy(v).(map[string]any)
			note["UpdatedAt"] = FormatTime(now)
			n["Note"] = note
		case "Severity":
			sev, _ := n["Severity"].(map[string]any)
			if sev == nil {
				sev = map[string]any{}
			}
			given := v.(map[string]any)
			for k, x := range given {
				sev[k] = x
			}
			_, hasLabel := given["Label"]
			_, hasNorm := given["Normalized"]
			if hasLabel && !hasNorm {
				delete(sev, "Normalized")
			} else if hasNorm && !hasLabel {
				delete(sev, "Label")
			}
			completeSeverity(sev)
			n["Severity"] = sev
		case "UserDefinedFields":
			ud, _ := n["UserDefinedFields"].(map[string]any)
			if ud == nil {
				ud = map[string]any{}
			}
			for k, x := range v.(map[string]any) {
				ud[k] = x
			}
			n["UserDefinedFields"] = ud
		default:
			n[f] = deepCopy(v)
		}
	}
}
