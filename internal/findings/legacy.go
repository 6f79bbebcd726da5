package findings

import (
	"context"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// UpdateLegacy is the deprecated UpdateFindings (spec §3.4): it sets the Note and/or the
// RecordState of every visible finding that matches filters. Its changes are not recorded in
// history and do not last: the provider's next accepted import undoes them (the note it
// replaced is kept in the finding's bookkeeping for that). No match is a 404.
func (s *Service) UpdateLegacy(ctx context.Context, c identity.Caller, filters map[string]any, note map[string]any, recordState string) error {
	now := s.now()
	compiled, err := compileFilters(filters, now)
	if err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx store.Tx) error {
		key := keyOf(c)
		if err := s.RequireHub(tx, key); err != nil {
			return err
		}
		accounts, err := s.Visible(tx, key)
		if err != nil {
			return err
		}
		var matches []store.FindingRecord
		q := store.FindingQuery{Region: key.RegionKey(), Accounts: accounts, Where: compiled.conds, LiveAt: now}
		err = tx.ScanFindings(q, func(r store.FindingRecord) (bool, error) {
			doc, err := decodeDoc(r.Doc)
			if err == nil && compiled.Matches(doc) {
				matches = append(matches, r)
			}
			return true, err
		})
		if err != nil {
			return err
		}
		if len(matches) == 0 {
			return apierr.NotFoundf("No finding matches the filters.")
		}
		for _, r := range matches {
			doc, err := decodeDoc(r.Doc)
			if err != nil {
				return err
			}
			old := deepCopy(doc).(map[string]any)
			m := decodeMeta(r.Meta)
			if note != nil {
				if !m.LegacyNote {
					m.LegacyNote, m.PriorNote = true, doc["Note"]
				}
				n := deepCopy(note).(map[string]any)
				n["UpdatedAt"] = FormatTime(now)
				doc["Note"] = n
			}
			if recordState != "" {
				doc["RecordState"] = recordState
				autoWorkflow(old, doc)
			}
			rec, err := record(r.Key, doc, m)
			if err != nil {
				return err
			}
			rec.Seq = r.Seq
			if _, err := tx.PutFinding(rec); err != nil {
				return err
			}
		}
		return nil
	})
}
