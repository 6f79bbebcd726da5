package findings

import (
	"bytes"
	"context"
	"errors"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// Identifier names a finding: its product and its id.
type Identifier struct {
	ID         string
	ProductARN string
	// AccountID, when set, must be the finding's account (BatchUpdateFindingsV2 names it).
	AccountID string
}

// Unprocessed is one UnprocessedFindings entry.
type Unprocessed struct {
	Identifier   Identifier
	ErrorCode    string
	ErrorMessage string
}

// The ErrorCode and ErrorMessage of UnprocessedFindings entries, as AWS answers them.
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

// customerFields are the fields BatchUpdateFindings may change; the others belong to the
// finding's provider.
var customerFields = []string{"Confidence", "Criticality", "Note", "RelatedFindings", "Severity", "Types",
	"UserDefinedFields", "VerificationState", "Workflow"}

// maxUpdateIdentifiers is how many findings one BatchUpdateFindings may name.
const maxUpdateIdentifiers = 100

// BatchUpdate applies a customer update to findings the caller may see, in one transaction.
// update is the request's input document, decoded (numbers as json.Number); only its
// customer fields are read.
func (s *Service) BatchUpdate(ctx context.Context, c identity.Caller, ids []Identifier, update map[string]any) ([]Identifier, []Unprocessed, error) {
	return s.BatchUpdateUnder(ctx, c, nil, ids, update)
}

// BatchUpdateUnder is BatchUpdate under the hub rule of another API (BatchUpdateFindingsV2:
// hubv2.Require; nil: Security Hub CSPM's).
func (s *Service) BatchUpdateUnder(ctx context.Context, c identity.Caller, rule HubRule, ids []Identifier, update map[string]any) ([]Identifier, []Unprocessed, error) {
	switch {
	case len(ids) > maxUpdateIdentifiers:
		return nil, nil, apierr.TooManyFindingIdentifiers.New(len(ids))
	case len(ids) == 0:
		return nil, nil, apierr.NoFindingIdentifiers.New()
	}
	if err := checkUpdateLengths(update); err != nil {
		return nil, nil, err
	}
	now := s.Clock.Now()
	processed := []Identifier{}
	unprocessed := []Unprocessed{}
	count := map[Identifier]int{}
	for _, id := range ids {
		count[id]++
	}
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		processed, unprocessed = processed[:0], unprocessed[:0]
		key := domain.Key(c)
		accounts, err := s.visibleUnder(tx, c, rule)
		if err != nil {
			return err
		}
		visible := map[string]bool{}
		for _, a := range accounts {
			visible[a] = true
		}
		rulesOf := map[store.RegionKey]func(string) ([]AutomationRule, error){}
		// The findings written, told of (changed) once at the end: those of this region, and
		// those of other regions whose copies here were named, which are copied back here.
		var written, writtenElsewhere, refresh []findingRecord
		for _, id := range ids {
			if count[id] > 1 {
				unprocessed = append(unprocessed, Unprocessed{id, codeDuplicate, msgDuplicate})
				continue
			}
			fk := findingKey{Region: key.RegionKey(), ProductARN: id.ProductARN, ID: id.ID}
			rec, err := readFinding(tx, fk)
			if errors.Is(err, store.ErrNotFound) || (err == nil && (!visible[rec.AccountID] || rec.ExpiresAt.Before(now) ||
				(id.AccountID != "" && id.AccountID != rec.AccountID))) {
				unprocessed = append(unprocessed, Unprocessed{id, codeNotFound, msgNotFound})
				continue
			} else if err != nil {
				return err
			}
			// The copy of a finding of another region (cross-Region aggregation) is updated in
			// that region, under its rules, and copied back here. Without the finding (gone
			// from its region), the copy itself is updated, under no rules: the region whose
			// rules applied to it is not this one.
			redirected, orphan := false, false
			copyDoc := rec.Doc
			if origin := decodeMeta(rec.Meta).Origin; origin != "" {
				originKey := fk
				originKey.Region.Region = origin
				switch originRec, err := readFinding(tx, originKey); {
				case err == nil:
					fk, rec, redirected = originKey, originRec, true
				case errors.Is(err, store.ErrNotFound):
					orphan = true
				default:
					return err
				}
			}
			old, err := decodeDoc(rec.Doc)
			if err != nil {
				return err
			}
			n := deepCopy(old).(map[string]any)
			m := decodeMeta(rec.Meta)
			customerUpdate(n, &m, update, now)
			if tooManyUserDefinedFields(n) {
				unprocessed = append(unprocessed, Unprocessed{id, codeInvalid, msgInvalid})
				continue
			}
			var changes []change
			diff(s.findingShape(), old, n, "", &changes)
			if len(changes) == 0 && redirected && !bytes.Equal(copyDoc, rec.Doc) {
				refresh = append(refresh, rec) // a copy left behind (an unlinked region's) catches up
			}
			if len(changes) > 0 {
				n["ProcessedAt"] = FormatTime(now)
				var rules []AutomationRule
				if !orphan {
					rulesIn, ok := rulesOf[fk.Region]
					if !ok {
						rulesIn = s.rulesByAccount(tx, fk.Region, now)
						rulesOf[fk.Region] = rulesIn
					}
					if rules, err = rulesIn(rec.AccountID); err != nil {
						return err
					}
				}
				final, finalMeta, automated, err := s.automate(rules, n, m, now)
				if err != nil {
					return err
				}
				r, err := record(fk, final, finalMeta)
				if err != nil {
					return err
				}
				if len(r.Doc) > MaxFindingBytes {
					unprocessed = append(unprocessed, Unprocessed{id, codeTooBig, msgTooBig})
					continue
				}
				r.Seq = rec.Seq
				if _, _, err := putFindings(tx, []findingRecord{r}); err != nil {
					return err
				}
				if redirected {
					writtenElsewhere = append(writtenElsewhere, r)
				} else {
					written = append(written, r)
				}
				if err := s.recordHistory(tx, fk, rec.Seq, old, n, now, "BATCH_UPDATE_FINDINGS", c.Principal); err != nil {
					return err
				}
				for _, body := range automated {
					if err := appendHistory(tx, historyEntry{Key: fk, FindingSeq: rec.Seq, At: now, Body: body}); err != nil {
						return err
					}
				}
			}
			processed = append(processed, id)
		}
		if err := s.changed(tx, written, ""); err != nil {
			return err
		}
		if err := s.changed(tx, writtenElsewhere, key.Region); err != nil {
			return err
		}
		_, err = writeCopies(tx, copiesIn(refresh, key.Region))
		return err
	})
	return processed, unprocessed, err
}

// customerUpdate applies a customer's update (BatchUpdateFindings' fields, or an automation
// rule's) to n and its bookkeeping m: the fields it sets are the customer's from then on.
func customerUpdate(n Finding, m *meta, update map[string]any, now time.Time) {
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
}

// applyCustomerUpdate sets the customer fields of a BatchUpdateFindings request:
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
