package findings

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
)

// SortCriterion is one GetFindings sort key.
type SortCriterion struct {
	Field string
	Desc  bool
}

// Query is a GetFindings request.
type Query struct {
	Filters    map[string]any
	Sort       []SortCriterion
	MaxResults int
	NextToken  string
	// Reserve asks for room for n bytes more of the answer (nil: room enough).
	Reserve func(n int64) bool
	// Tree, when set, filters instead of Filters (GetFindingsV2's composite filters).
	Tree *FilterTree
	// HubRule is the rule the caller's hub must pass (nil: Security Hub CSPM's).
	HubRule HubRule
}

const defaultPage = 100

// cursor is the position a GetFindings token holds: the sort values and sequence of the last
// finding returned (store-sorted queries), or an offset (in-memory sorts by rare keys).
type cursor struct {
	Values []any `json:"v,omitempty"`
	Seq    int64 `json:"s,omitempty"`
	Offset int   `json:"o,omitempty"`
}

// Get returns a page of the findings the caller may see that match q, as stored JSON documents.
func (s *Service) Get(ctx context.Context, c identity.Caller, q Query) ([]json.RawMessage, string, error) {
	found, _, next, err := s.get(ctx, c, q)
	if err != nil {
		return nil, "", err
	}
	out := make([]json.RawMessage, len(found))
	for i, r := range found {
		out[i] = r.Doc
	}
	return out, next, nil
}

// GetDecoded is Get with the findings decoded (numbers as json.Number), as the filters read
// them: GetFindingsV2 maps them without decoding them again.
func (s *Service) GetDecoded(ctx context.Context, c identity.Caller, q Query) ([]Finding, string, error) {
	_, docs, next, err := s.get(ctx, c, q)
	return docs, next, err
}

// get returns a page of matches as records and decoded documents, and the next token.
func (s *Service) get(ctx context.Context, c identity.Caller, q Query) ([]findingRecord, []Finding, string, error) {
	now := s.Clock.Now()
	filters, err := compileQuery(q, now)
	if err != nil {
		return nil, nil, "", err
	}
	sortKeys := q.Sort
	if len(sortKeys) == 0 {
		// AWS does not document its order without SortCriteria: sechub shows the most
		// recently updated findings first.
		sortKeys = []SortCriterion{{Field: "UpdatedAt", Desc: true}}
	}
	var order []findingOrder
	storeSorted := true
	for _, sc := range sortKeys {
		fk, ok := filterPaths[sc.Field]
		if !ok || fk.kind == kindMap || fk.kind == kindKeyword || fk.kind == kindIP {
			return nil, nil, "", apierr.UnsortableField.New(sc.Field)
		}
		col, hot := hotColumns[sc.Field]
		if !hot {
			storeSorted = false
		}
		order = append(order, findingOrder{Column: col, Desc: sc.Desc})
	}
	// The token is bound to the filters and sort it was made for.
	page := paging.Page{Scope: paging.Scope("GetFindings", c.Partition, c.Region, c.AccountID, queryHash(q, sortKeys)),
		NextToken: q.NextToken}
	size := q.MaxResults
	if size <= 0 {
		size = defaultPage
	}
	pos, err := s.Pages.Position(page)
	if err != nil {
		return nil, nil, "", err
	}
	var cur cursor
	if pos != "" {
		dec := json.NewDecoder(strings.NewReader(pos))
		dec.UseNumber()
		if err := dec.Decode(&cur); err != nil || (storeSorted && len(cur.Values) != len(order)) {
			return nil, nil, "", s.Pages.Invalid.New()
		}
		for i, v := range cur.Values {
			if n, ok := v.(json.Number); ok {
				cur.Values[i], _ = n.Int64()
			}
		}
	}
	var found []findingRecord
	var docs []Finding
	var matches []matched
	// Sorting in memory reads every match; filters that narrow nothing may read everything.
	heavy := !storeSorted || filters.scansAll()
	// What the answer holds is reserved as it grows: a sort in memory holds every match
	// decoded (about four times its JSON), a page its documents and their encoding.
	perByte := int64(2)
	if !storeSorted {
		perByte = 5
	}
	hold := newHolder(q.Reserve)
	err = s.Store.View(readContext(ctx, heavy), func(tx store.Tx) error {
		var sq findingQuery
		if storeSorted {
			sq.OrderBy = order
			if pos != "" {
				sq.After, sq.AfterSeq, sq.HasAfter = cur.Values, cur.Seq, true
			}
			if !filters.inexact {
				// Every row read is a match: the page and one more (is there a next page?).
				sq.FirstBatch = size + 1
			}
		}
		return s.scanMatches(tx, c, filters, now, sq, func(r findingRecord, doc Finding) (bool, error) {
			if !hold.add(perByte * int64(len(r.Doc))) {
				return false, apierr.Throttled.New()
			}
			if storeSorted {
				found, docs = append(found, r), append(docs, doc)
				return len(found) <= size, nil
			}
			matches = append(matches, matched{r, doc})
			return true, nil
		})
	})
	if err != nil {
		return nil, nil, "", busyAsThrottled(err)
	}
	var next string
	if !storeSorted {
		sortInMemory(matches, sortKeys)
		start := min(cur.Offset, len(matches))
		end := min(start+size, len(matches))
		for _, m := range matches[start:end] {
			found, docs = append(found, m.rec), append(docs, m.doc)
		}
		if end < len(matches) {
			pos, _ := json.Marshal(cursor{Offset: end})
			next = s.Pages.Token(page, string(pos))
		}
	} else if len(found) > size {
		found, docs = found[:size], docs[:size]
		last := found[len(found)-1]
		pos, _ := json.Marshal(cursor{Values: orderValues(order, last), Seq: last.Seq})
		next = s.Pages.Token(page, string(pos))
	}
	return found, docs, next, nil
}

type matched struct {
	rec findingRecord
	doc Finding
}

// sortKey is a finding's value for a sort field: the minimum (ascending) or maximum
// (descending) of a multi-valued field; ok is false when it has none.
func sortKey(doc Finding, field string, desc bool) (v any, ok bool) {
	fk := filterPaths[field]
	for _, x := range valuesOf(doc, fk.path) {
		var cand any
		switch fk.kind {
		case kindNumber:
			if n, isNum := x.(json.Number); isNum {
				cand, _ = n.Float64()
			}
		case kindDate:
			if s, isStr := x.(string); isStr {
				if t, err := ParseTime(s); err == nil {
					cand = float64(t.UnixMilli())
				}
			}
		case kindBoolean:
			if b, isBool := x.(bool); isBool {
				cand = strconv.FormatBool(b)
			}
		default:
			cand, _ = x.(string)
		}
		if cand == nil {
			continue
		}
		if !ok || less(cand, v) != desc {
			v, ok = cand, true
		}
	}
	return v, ok
}

func less(a, b any) bool {
	switch x := a.(type) {
	case float64:
		return x < b.(float64)
	case string:
		return x < b.(string)
	}
	return false
}

// sortInMemory orders matches by fields the store does not index; missing values last.
func sortInMemory(ms []matched, keys []SortCriterion) {
	sort.SliceStable(ms, func(i, j int) bool {
		for _, k := range keys {
			a, okA := sortKey(ms[i].doc, k.Field, k.Desc)
			b, okB := sortKey(ms[j].doc, k.Field, k.Desc)
			switch {
			case !okA && !okB:
				continue
			case !okA:
				return false
			case !okB:
				return true
			}
			if less(a, b) {
				return !k.Desc
			}
			if less(b, a) {
				return k.Desc
			}
		}
		return ms[i].rec.Seq < ms[j].rec.Seq
	})
}
