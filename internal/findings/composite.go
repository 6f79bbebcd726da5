package findings

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// The entry points of GetFindingsV2 and its siblings: boolean trees of filters (the V2
// composite filters), compiled by the same code as AwsSecurityFindingFilters, so that the
// leaves on promoted or indexed keys narrow the store query as GetFindings' filters do.

// HubRule is the rule an account's hub must pass for an operation to read or update its
// findings: hub.Require's for Security Hub CSPM, hubv2.Require for Security Hub V2.
type HubRule func(tx store.Tx, key store.AccountKey) error

// Kinds of a CustomKey's values.
const (
	KindString  = "string"
	KindNumber  = "number"
	KindDate    = "date"
	KindBoolean = "boolean"
	KindMap     = "map"
	KindIP      = "ip"
)

var customKinds = map[string]kind{KindString: kindString, KindNumber: kindNumber, KindDate: kindDate,
	KindBoolean: kindBoolean, KindMap: kindMap, KindIP: kindIP}

// CustomKey is a filter key that AwsSecurityFindingFilters lacks: its values are computed
// from the document (a finding, or any JSON object: GetResourcesV2 filters resources with it).
// Numbers must be json.Number, dates ISO 8601 strings, maps map[string]any.
type CustomKey struct {
	Kind   string
	Values func(doc map[string]any) []any
}

// FilterLeaf is one filter of a FilterTree: Filter is one element of a Filters key's list
// ({"Comparison": "EQUALS", "Value": "x"}, {"Gte": 4}, ...), decoded with json.Number, on
// the AwsSecurityFindingFilters key Key, or on Custom when it is set (Key then names it, and
// must not be an AwsSecurityFindingFilters key: those narrow the store query by their name).
type FilterLeaf struct {
	Key    string         `json:"k"`
	Custom *CustomKey     `json:"-"`
	Filter map[string]any `json:"f"`
}

// FilterTree combines leaves and subtrees with AND (Or false) or OR. An empty tree matches
// every finding.
type FilterTree struct {
	Or       bool         `json:"or,omitempty"`
	Leaves   []FilterLeaf `json:"l,omitempty"`
	Children []FilterTree `json:"c,omitempty"`
}

// compileQuery compiles a query's filters: its tree, else its Filters document.
func compileQuery(q Query, now time.Time) (*compiled, error) {
	var c *compiled
	var err error
	if q.Tree != nil {
		c, err = compileTree(*q.Tree, now)
	} else {
		c, err = compileFilters(q.Filters, now)
	}
	if err != nil {
		return nil, err
	}
	c.hubRule = q.HubRule
	return c, nil
}

// queryHash binds a page token to a query's filters and sort.
func queryHash(q Query, sortKeys []SortCriterion) string {
	if q.Tree != nil {
		return filtersHash(q.Filters, sortKeys, q.Tree)
	}
	return filtersHash(q.Filters, sortKeys)
}

// compileTree compiles a tree into one predicate. The store conditions of the leaves reached
// from the root through AND nodes (or OR nodes of one member) narrow the store query; the
// others are checked on the documents.
func compileTree(t FilterTree, now time.Time) (*compiled, error) {
	c := &compiled{words: true}
	match, err := compileNode(c, t, now, true)
	if err != nil {
		return nil, err
	}
	c.keys = []keyMatcher{{key: "", match: match}}
	return c, nil
}

func compileNode(c *compiled, t FilterTree, now time.Time, narrowing bool) (func(Finding) bool, error) {
	members := len(t.Leaves) + len(t.Children)
	narrowing = narrowing && (!t.Or || members == 1)
	var preds []func(Finding) bool
	for _, l := range t.Leaves {
		fk, ok := filterPaths[l.Key]
		if l.Custom != nil {
			k, known := customKinds[l.Custom.Kind]
			if !known {
				return nil, errUnknownKind(l)
			}
			fk, ok = filterKey{kind: k, values: func(d Finding) []any { return l.Custom.Values(d) }}, true
		}
		if !ok {
			return nil, unknownKey(l.Key)
		}
		target := c
		if !narrowing {
			target = &compiled{words: true} // its store conditions do not hold for every match
		}
		m, err := compileKey(target, l.Key, fk, []any{l.Filter}, now)
		if err != nil {
			return nil, err
		}
		if target.inexact || !narrowing {
			c.inexact = true
		}
		preds = append(preds, m.match)
	}
	for _, child := range t.Children {
		p, err := compileNode(c, child, now, narrowing)
		if err != nil {
			return nil, err
		}
		preds = append(preds, p)
	}
	if t.Or && members > 1 {
		c.inexact = true
		return func(d Finding) bool {
			for _, p := range preds {
				if p(d) {
					return true
				}
			}
			return false
		}, nil
	}
	return func(d Finding) bool {
		for _, p := range preds {
			if !p(d) {
				return false
			}
		}
		return true
	}, nil
}

// Matcher tests documents against a compiled FilterTree.
type Matcher struct{ c *compiled }

// Matches reports whether doc passes the tree.
func (m Matcher) Matches(doc map[string]any) bool { return m.c.Matches(doc) }

// CompileTree validates and compiles a tree to test documents outside the store with
// (GetResourcesV2's resources), at the time now (the reference of date ranges).
func CompileTree(t FilterTree, now time.Time) (Matcher, error) {
	c, err := compileTree(t, now)
	return Matcher{c}, err
}

// CheckTree validates a tree as GetFindingsV2 would compile it.
func (s *Service) CheckTree(t FilterTree) error {
	_, err := compileTree(t, s.Clock.Now())
	return err
}

// GroupCountsTree is GroupCounts for GetFindingStatisticsV2: the findings that pass tree
// (nil: all), under rule, counted by the AwsSecurityFindingFilters key attribute or, when
// custom is set, by its values; every group is returned, the biggest first.
func (s *Service) GroupCountsTree(ctx context.Context, c identity.Caller, rule HubRule, tree *FilterTree, attribute string, custom *CustomKey) ([]GroupCount, error) {
	now := s.Clock.Now()
	compiled, err := compileQuery(Query{Tree: orEmpty(tree), HubRule: rule}, now)
	if err != nil {
		return nil, err
	}
	fk, ok := filterPaths[attribute]
	if custom != nil {
		fk, ok = filterKey{kind: kindString, values: func(d Finding) []any { return custom.Values(d) }}, true
		attribute = "" // not a column
	}
	if !ok {
		return nil, unknownKey(attribute)
	}
	return s.countGroups(ctx, c, compiled, attribute, fk, now, true, 0)
}

// ScanTree streams the caller's visible, unexpired findings that pass tree (nil: all),
// under rule, as decoded documents, until fn returns false.
func (s *Service) ScanTree(ctx context.Context, c identity.Caller, rule HubRule, tree *FilterTree, fn func(doc map[string]any) bool) error {
	now := s.Clock.Now()
	compiled, err := compileQuery(Query{Tree: orEmpty(tree), HubRule: rule}, now)
	if err != nil {
		return err
	}
	err = s.Store.View(readContext(ctx, true), func(tx store.Tx) error {
		return s.scanMatches(tx, c, compiled, now, findingQuery{}, func(_ findingRecord, doc Finding) (bool, error) {
			return fn(doc), nil
		})
	})
	return busyAsThrottled(err)
}

// CreatedCount is how many findings of a severity label ("" for none) were created at or
// before each of the edges given to CountCreated.
type CreatedCount struct {
	Label  string
	Counts []int
}

// CountCreated counts the caller's visible, unexpired findings that pass tree (nil: all),
// under rule, created at or before each edge (ascending), by their severity label. The store
// counts by itself when the tree is all store conditions; else the documents are read.
func (s *Service) CountCreated(ctx context.Context, c identity.Caller, rule HubRule, tree *FilterTree, edges []time.Time) ([]CreatedCount, error) {
	now := s.Clock.Now()
	compiled, err := compileQuery(Query{Tree: orEmpty(tree), HubRule: rule}, now)
	if err != nil || len(edges) == 0 {
		return nil, err
	}
	// perBucket[label][i]: findings created in (edges[i-1], edges[i]].
	perBucket := map[string][]int{}
	add := func(label string, bucket, n int) {
		if perBucket[label] == nil {
			perBucket[label] = make([]int, len(edges))
		}
		perBucket[label][bucket] += n
	}
	bucketOf := func(ms int64) int {
		for i, e := range edges {
			if ms <= store.Millis(e) {
				return i
			}
		}
		return -1
	}
	err = s.Store.View(readContext(ctx, compiled.inexact), func(tx store.Tx) error {
		if compiled.inexact {
			return s.scanMatches(tx, c, compiled, now, findingQuery{}, func(r findingRecord, _ Finding) (bool, error) {
				if ms, ok := r.Numbers[colCreatedAt]; ok {
					if b := bucketOf(ms); b >= 0 {
						add(r.Strings[colSeverityLabel], b, 1)
					}
				}
				return true, nil
			})
		}
		accounts, err := s.visibleUnder(tx, c, compiled.hubRule)
		if err != nil {
			return err
		}
		q := findingQuery{Region: domain.Key(c).RegionKey(), Accounts: accounts, Where: compiled.conds, LiveAt: now}
		where, args, err := findingWhere(q, nil)
		if err != nil {
			return err
		}
		var cases strings.Builder
		cases.WriteString("CASE")
		var caseArgs []any
		for i, e := range edges {
			cases.WriteString(" WHEN f.created_at_ms <= ? THEN ")
			cases.WriteString(strconv.Itoa(i))
			caseArgs = append(caseArgs, store.Millis(e))
		}
		cases.WriteString(" END")
		query := "SELECT COALESCE(f.severity_label, ''), " + cases.String() + " AS bucket, count(*) FROM findings f WHERE " +
			strings.Join(where, " AND ") + " AND f.created_at_ms <= ? GROUP BY 1, 2"
		rows, err := tx.Query(query, append(append(caseArgs, args...), store.Millis(edges[len(edges)-1]))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var label string
			var bucket, n int
			if err := rows.Scan(&label, &bucket, &n); err != nil {
				return err
			}
			add(label, bucket, n)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, busyAsThrottled(err)
	}
	out := make([]CreatedCount, 0, len(perBucket))
	for label, counts := range perBucket {
		for i := 1; i < len(counts); i++ {
			counts[i] += counts[i-1]
		}
		out = append(out, CreatedCount{Label: label, Counts: counts})
	}
	return out, nil
}

func unknownKey(key string) error { return apierr.FilterUnknownKey.New(key) }

func errUnknownKind(l FilterLeaf) error {
	return fmt.Errorf("findings: custom key %q has no kind %q", l.Key, l.Custom.Kind)
}

func orEmpty(t *FilterTree) *FilterTree {
	if t == nil {
		return &FilterTree{}
	}
	return t
}

// containsWord reports whether operand occurs in s as whole words: bounded by the ends of s
// or by characters that are not letters or digits (CONTAINS_WORD of GetFindingsV2).
func containsWord(s, operand string) bool {
	if operand == "" {
		return false
	}
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for from := 0; from <= len(s)-len(operand); {
		i := strings.Index(s[from:], operand)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(operand)
		before := start == 0 || !isWord(lastRune(s[:start]))
		after := end == len(s) || !isWord([]rune(s[end:])[0])
		if before && after {
			return true
		}
		from = start + 1
	}
	return false
}

func lastRune(s string) rune {
	r := []rune(s)
	return r[len(r)-1]
}
