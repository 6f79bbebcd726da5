package findings

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
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
	now := s.now()
	filters, err := compileFilters(q.Filters, now)
	if err != nil {
		return nil, "", err
	}
	sortKeys := q.Sort
	if len(sortKeys) == 0 {
		sortKeys = []SortCriterion{{Field: "UpdatedAt", Desc: true}} // spec open question 23
	}
	var order []store.FindingOrder
	storeSorted := true
	for _, sc := range sortKeys {
		fk, ok := filterPaths[sc.Field]
		if !ok || fk.kind == kindMap || fk.kind == kindKeyword || fk.kind == kindIP {
			return nil, "", apierr.InvalidInputf("Invalid parameter 'SortCriteria'. '%s' is not a field findings can be sorted by.", sc.Field)
		}
		col, hot := hotColumns[sc.Field]
		if !hot {
			storeSorted = false
		}
		order = append(order, store.FindingOrder{Column: col, Desc: sc.Desc})
	}
	size := q.MaxResults
	if size <= 0 {
		size = defaultPage
	}
	scope := strings.Join([]string{"GetFindings", c.Partition, c.Region, c.AccountID, filtersHash(q.Filters, sortKeys)}, "|")
	var cur cursor
	if q.NextToken != "" {
		pos, err := s.Tokens.Decode(scope, q.NextToken)
		if err == nil {
			dec := json.NewDecoder(strings.NewReader(pos))
			dec.UseNumber()
			err = dec.Decode(&cur)
		}
		if err != nil || (storeSorted && len(cur.Values) != len(order)) {
			return nil, "", apierr.New(apierr.InvalidInput, "Invalid parameter 'NextToken'. The token is not valid for this request.")
		}
		for i, v := range cur.Values {
			if n, ok := v.(json.Number); ok {
				cur.Values[i], _ = n.Int64()
			}
		}
	}
	var page []store.FindingRecord
	var matches []matched
	err = s.Store.View(ctx, func(tx store.Tx) error {
		var sq store.FindingQuery
		if storeSorted {
			sq.OrderBy = order
			if q.NextToken != "" {
				sq.After, sq.AfterSeq, sq.HasAfter = cur.Values, cur.Seq, true
			}
		}
		return s.scanMatches(tx, c, filters, now, sq, func(r store.FindingRecord, doc Finding) (bool, error) {
			if storeSorted {
				page = append(page, r)
				return len(page) <= size, nil
			}
			matches = append(matches, matched{r, doc})
			return true, nil
		})
	})
	if err != nil {
		return nil, "", err
	}
	var next string
	if !storeSorted {
		sortInMemory(matches, sortKeys)
		start := min(cur.Offset, len(matches))
		end := min(start+size, len(matches))
		for _, m := range matches[start:end] {
			page = append(page, m.rec)
		}
		if end < len(matches) {
			pos, _ := json.Marshal(cursor{Offset: end})
			next = s.Tokens.Encode(scope, string(pos))
		}
	} else if len(page) > size {
		page = page[:size]
		last := page[len(page)-1]
		values := make([]any, len(order))
		for i, o := range order {
			values[i] = columnValue(last, o.Column)
		}
		pos, _ := json.Marshal(cursor{Values: values, Seq: last.Seq})
		next = s.Tokens.Encode(scope, string(pos))
	}
	out := make([]json.RawMessage, len(page))
	for i, r := range page {
		out[i] = r.Doc
	}
	return out, next, nil
}

// columnValue is a record's value of a promoted column (nil when absent).
func columnValue(r store.FindingRecord, col string) any {
	switch col {
	case store.ColAccountID:
		return r.AccountID
	case store.ColProductARN:
		return r.Key.ProductARN
	case store.ColID:
		return r.Key.ID
	}
	if v, ok := r.Strings[col]; ok {
		return v
	}
	if v, ok := r.Numbers[col]; ok {
		return v
	}
	return nil
}

type matched struct {
	rec store.FindingRecord
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
