package findings

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// HistoryWindow is how far back finding history reaches (spec §3.5).
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

// History returns a page of a finding's history, newest first, within [start, end] (zero
// times mean the defaults of spec §3.5). A finding the caller cannot see has no history.
func (s *Service) History(ctx context.Context, c identity.Caller, id Identifier, start, end time.Time, maxResults int, nextToken string) ([]HistoryRecord, string, error) {
	now := s.now()
	if !start.IsZero() && !end.IsZero() && start.After(end) {
		return nil, "", apierr.New(apierr.InvalidInput, "Invalid parameter 'StartTime'. StartTime must not be after EndTime.")
	}
	if maxResults <= 0 {
		maxResults = 100
	}
	scope := strings.Join([]string{"GetFindingHistory", c.Partition, c.Region, c.AccountID, id.ProductARN, id.ID}, "|")
	var after int64
	if nextToken != "" {
		pos, err := s.Tokens.Decode(scope, nextToken)
		if err == nil {
			after, err = strconv.ParseInt(pos, 10, 64)
		}
		if err != nil {
			return nil, "", apierr.New(apierr.InvalidInput, "Invalid parameter 'NextToken'. The token is not valid for this request.")
		}
	}
	records := []HistoryRecord{}
	var next string
	err := s.Store.View(ctx, func(tx store.Tx) error {
		accounts, err := s.visibleAccounts(tx, c)
		if err != nil {
			return err
		}
		fk := store.FindingKey{Region: keyOf(c).RegionKey(), ProductARN: id.ProductARN, ID: id.ID}
		rec, err := tx.Finding(fk)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		if !contains(accounts, rec.AccountID) || rec.ExpiresAt.Before(now) {
			return nil
		}
		from, to := start, end
		if from.IsZero() {
			from = time.UnixMilli(rec.Numbers[store.ColCreatedAt])
		}
		if to.IsZero() {
			to = now
		}
		if limit := to.Add(-HistoryWindow); from.Before(limit) {
			from = limit
		}
		entries, err := tx.History(fk, from, to, after, maxResults+1)
		if err != nil {
			return err
		}
		if len(entries) > maxResults {
			entries = entries[:maxResults]
			next = s.Tokens.Encode(scope, strconv.FormatInt(entries[len(entries)-1].Seq, 10))
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

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
