package findings

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
)

// HistoryWindow is how far back GetFindingHistory reaches: AWS keeps a finding's history
// for 90 days.
const HistoryWindow = 90 * 24 * time.Hour

// HistoryRecord is one GetFindingHistory record.
type HistoryRecord struct {
	Identifier     Identifier
	UpdateTime     time.Time
	FindingCreated bool
	SourceType     string
	SourceIdentity string
	Updates        []HistoryChange
}

// HistoryChange is one changed field of a history record.
type HistoryChange struct{ Field, OldValue, NewValue string }

// History returns a page of a finding's history, newest first, within [start, end]. A zero
// start is the finding's creation and a zero end is now; either way the window reaches no
// further back than HistoryWindow before its end. A finding the caller cannot see has no
// history.
func (s *Service) History(ctx context.Context, c identity.Caller, id Identifier, start, end time.Time, maxResults int, nextToken string) ([]HistoryRecord, string, error) {
	now := s.Clock.Now()
	if !start.IsZero() && !end.IsZero() && start.After(end) {
		return nil, "", apierr.HistoryStartAfterEnd.New()
	}
	if maxResults <= 0 {
		maxResults = 100
	}
	page := paging.Page{Scope: paging.Scope("GetFindingHistory", c.Partition, c.Region, c.AccountID, id.ProductARN, id.ID), NextToken: nextToken}
	pos, err := s.Pages.Position(page)
	if err != nil {
		return nil, "", err
	}
	var after int64
	if pos != "" {
		if after, err = strconv.ParseInt(pos, 10, 64); err != nil {
			return nil, "", s.Pages.Invalid.New()
		}
	}
	records := []HistoryRecord{}
	var next string
	err = s.Store.View(ctx, func(tx store.Tx) error {
		accounts, err := s.visibleAccounts(tx, c)
		if err != nil {
			return err
		}
		fk := findingKey{Region: domain.Key(c).RegionKey(), ProductARN: id.ProductARN, ID: id.ID}
		rec, err := readFinding(tx, fk)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		if !slices.Contains(accounts, rec.AccountID) || rec.ExpiresAt.Before(now) {
			return nil
		}
		from, to := start, end
		if from.IsZero() {
			from = time.UnixMilli(rec.Numbers[colCreatedAt])
		}
		if to.IsZero() {
			to = now
		}
		if limit := to.Add(-HistoryWindow); from.Before(limit) {
			from = limit
		}
		if origin := decodeMeta(rec.Meta).Origin; origin != "" {
			// The copy of a finding of another region (cross-Region aggregation) shares the
			// finding's history, which is kept in that region while the finding is there.
			originKey := fk
			originKey.Region.Region = origin
			switch _, err := readFinding(tx, originKey); {
			case err == nil:
				fk = originKey
			case !errors.Is(err, store.ErrNotFound):
				return err
			}
		}
		entries, err := readHistory(tx, fk, from, to, after, maxResults+1)
		if err != nil {
			return err
		}
		if len(entries) > maxResults {
			entries = entries[:maxResults]
			next = s.Pages.Token(page, strconv.FormatInt(entries[len(entries)-1].Seq, 10))
		}
		for _, e := range entries {
			var h historyRecord
			if err := json.Unmarshal(e.Body, &h); err != nil {
				return err
			}
			r := HistoryRecord{Identifier: id, UpdateTime: e.At, FindingCreated: h.FindingCreated, SourceType: h.SourceType,
				SourceIdentity: h.Identity, Updates: make([]HistoryChange, len(h.Updates))}
			for i, u := range h.Updates {
				r.Updates[i] = HistoryChange{u.UpdatedField, u.OldValue, u.NewValue}
			}
			records = append(records, r)
		}
		return nil
	})
	return records, next, err
}
