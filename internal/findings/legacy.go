package findings

import (
	"context"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// Note is the note UpdateFindings sets.
type Note struct{ Text, UpdatedBy string }

// UpdateLegacy is the deprecated UpdateFindings: it sets the Note and/or the RecordState of
// every visible finding that matches filters (nil note, "" recordState: unchanged). Its
// changes are not recorded in history and do not last: the provider's next accepted import
// undoes them (the note it replaced is kept in the finding's bookkeeping for that). No match
// is a 404.
func (s *Service) UpdateLegacy(ctx context.Context, c identity.Caller, filters map[string]any, note *Note, recordState string) error {
	if note != nil {
		if err := checkLength("Note.Text", note.Text, maxNoteText); err != nil {
			return err
		}
	}
	now := s.Clock.Now()
	compiled, err := compileFilters(filters, now)
	if err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx store.Tx) error {
		var matches []matched
		err := s.scanMatches(tx, c, compiled, now, findingQuery{}, func(r findingRecord, doc Finding) (bool, error) {
			matches = append(matches, matched{r, doc})
			return true, nil
		})
		if err != nil {
			return err
		}
		if len(matches) == 0 {
			return apierr.NoFindingMatches.New()
		}
		var written []findingRecord
		for _, match := range matches {
			r, doc := match.rec, match.doc
			old := deepCopy(doc).(map[string]any)
			m := decodeMeta(r.Meta)
			if note != nil {
				if !m.LegacyNote {
					m.LegacyNote, m.PriorNote = true, doc["Note"]
				}
				doc["Note"] = map[string]any{"Text": note.Text, "UpdatedBy": note.UpdatedBy, "UpdatedAt": FormatTime(now)}
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
			if _, _, err := putFindings(tx, []findingRecord{rec}); err != nil {
				return err
			}
			written = append(written, rec)
		}
		// Copies in home regions follow (cross-Region aggregation); this deprecated operation
		// sends no events.
		_, err = s.replicate(tx, written, "")
		return err
	})
}
