package findings

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// MaxGroups is how many values an insight's results show at most.
const MaxGroups = 100

// GroupCount is one insight result: a value of the grouping attribute and how many matching
// findings hold it.
type GroupCount struct {
	Value string
	Count int
}

// CheckFilters validates a Filters document as GetFindings does.
func (s *Service) CheckFilters(filters map[string]any) error {
	_, err := compileFilters(filters, s.Clock.Now())
	return err
}

// Groupable reports whether findings can be grouped by the filter key (string-typed keys).
func Groupable(attribute string) bool {
	fk, ok := filterPaths[attribute]
	return ok && fk.kind == kindString
}

// GroupCounts counts the caller's visible findings matching filters by the values of
// attribute: a finding counts once for each distinct value it holds, findings without one are
// not counted. The biggest groups come first (ties by value), at most MaxGroups.
func (s *Service) GroupCounts(ctx context.Context, c identity.Caller, filters map[string]any, attribute string) ([]GroupCount, error) {
	now := s.Clock.Now()
	compiled, err := compileFilters(filters, now)
	if err != nil {
		return nil, err
	}
	return s.countGroups(ctx, c, compiled, attribute, filterPaths[attribute], now, true, MaxGroups)
}

// countGroups counts matches by attribute; the store counts by itself when byStore allows it
// and the filters are all store conditions, else the documents are scanned.
// fk says where the attribute's values are; at most limit groups are returned (0: all).
func (s *Service) countGroups(ctx context.Context, c identity.Caller, compiled *compiled, attribute string, fk filterKey, now time.Time,
	byStore bool, limit int) ([]GroupCount, error) {
	counts := map[string]int{}
	column, indexKey := hotColumns[attribute], ""
	if column == "" && isIndexed(attribute) {
		column, indexKey = colIndexed, attribute
	}
	// The store counts by itself from its indexes; else every match is read and decoded.
	countedByStore := byStore && column != "" && !compiled.inexact
	err := s.Store.View(readContext(ctx, !countedByStore), func(tx store.Tx) error {
		if countedByStore {
			// The store can count by itself: no document is read.
			accounts, err := s.visibleUnder(tx, c, compiled.hubRule)
			if err != nil {
				return err
			}
			q := findingQuery{Region: domain.Key(c).RegionKey(), Accounts: accounts, Where: compiled.conds, LiveAt: now}
			found, err := countFindings(tx, q, column, indexKey)
			for _, f := range found {
				counts[f.Value] = f.Count
			}
			return err
		}
		return s.scanMatches(tx, c, compiled, now, findingQuery{}, func(_ findingRecord, doc Finding) (bool, error) {
			seen := map[string]bool{}
			for _, v := range stringsOf(fk.of(doc)) {
				if !seen[v] {
					seen[v] = true
					counts[v]++
				}
			}
			return true, nil
		})
	})
	if err != nil {
		return nil, busyAsThrottled(err)
	}
	out := make([]GroupCount, 0, len(counts))
	for v, n := range counts {
		out = append(out, GroupCount{v, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return strings.Compare(out[i].Value, out[j].Value) < 0
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
