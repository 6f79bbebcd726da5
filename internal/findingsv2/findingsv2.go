// Package findingsv2 is Security Hub V2's view of the findings sechub holds: GetFindingsV2
// shows them in OCSF (ocsf.go, OCSF.md) with the V2 filter language, BatchUpdateFindingsV2
// updates them through the findings domain (so the change shows in GetFindings and
// GetFindingHistory too), GetFindingStatisticsV2 and GetFindingsTrendsV2 count them, and the
// resources operations (GetResourcesV2 and its statistics and trends) list the resources
// their Resources name. Every operation needs Security Hub V2 on (hubv2.Require), not the
// CSPM hub; the caller sees its own findings and its members', as with GetFindings.
package findingsv2

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/hubv2"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/store"
)

// Service runs the V2 findings and resources operations.
type Service struct {
	Findings *findings.Service
	Store    store.Store
	Clock    clock.Clock
	Pages    paging.Pager
}

// minPerWorker is how many findings make it worth mapping them on one more core.
const minPerWorker = 16

// hubRule is the rule of every V2 operation: Security Hub V2 must be on.
var hubRule findings.HubRule = hubv2.Require

// v2Error turns the InvalidInputException of the findings domain (its filter and token
// checks) into the ValidationException of the V2 operations.
func v2Error(err error) error {
	var e *apierr.Error
	if errors.As(err, &e) && e.Code == apierr.CodeInvalidInput {
		return apierr.V2Invalid.New(e.Message)
	}
	return err
}

// Sort is one sort criterion on an OCSF field.
type Sort struct {
	Field string
	Desc  bool
}

// FindingsQuery is a GetFindingsV2 request.
type FindingsQuery struct {
	Scopes     []sh.AwsOrganizationScope
	Composites []composite
	Operator   string
	Sort       []Sort
	MaxResults int
	NextToken  string
	Reserve    func(n int64) bool
}

// GetFindings returns a page of the findings the caller sees that pass the query's filters,
// in OCSF, as JSON.
func (s *Service) GetFindings(ctx context.Context, c identity.Caller, q FindingsQuery) ([]json.RawMessage, string, error) {
	t, err := findingTree(q.Composites, q.Operator)
	if err != nil {
		return nil, "", err
	}
	scope, err := s.scopeFilter(ctx, c, q.Scopes)
	if err != nil {
		return nil, "", err
	}
	fq := findings.Query{Tree: within(t, scope), MaxResults: q.MaxResults, NextToken: q.NextToken, Reserve: q.Reserve, HubRule: hubRule}
	if fq.Tree == nil {
		fq.Tree = &findings.FilterTree{}
	}
	for _, sc := range q.Sort {
		key, ok := sortFields[sc.Field]
		if !ok {
			return nil, "", apierr.V2UnknownField.New("SortCriteria", sc.Field)
		}
		fq.Sort = append(fq.Sort, findings.SortCriterion{Field: key, Desc: sc.Desc})
	}
	docs, next, err := s.Findings.GetDecoded(ctx, c, fq)
	if err != nil {
		return nil, "", v2Error(err)
	}
	return mapAll(docs), next, nil
}

// mapAll maps and encodes findings in OCSF, on every core the process may use: what a page
// costs beyond GetFindings' is this work.
func mapAll(docs []findings.Finding) []json.RawMessage {
	out := make([]json.RawMessage, len(docs))
	workers := min(runtime.GOMAXPROCS(0), (len(docs)+minPerWorker-1)/minPerWorker)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(docs); i += workers {
				out[i] = appendJSON(nil, ToOCSF(docs[i]))
			}
		})
	}
	wg.Wait()
	return out
}

func decode(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	return doc, dec.Decode(&doc)
}

// FindingRef names a finding to update: by its identifier parts or, when MetadataUID is
// set, by its metadata.uid.
type FindingRef struct {
	AccountID, ID, ProductARN string
	MetadataUID               string
}

// UpdateV2 is what BatchUpdateFindingsV2 changes (nil: unchanged).
type UpdateV2 struct {
	Comment    *string
	SeverityID *int
	StatusID   *int
}

// UpdateResult is the outcome for one FindingRef: ErrorCode is empty when it was processed.
type UpdateResult struct {
	Ref                     FindingRef
	ErrorCode, ErrorMessage string
}

// BatchUpdateFindingsV2's error codes for the findings it leaves (the model's
// BatchUpdateFindingsV2UnprocessedFindingErrorCode).
const (
	errNotFound   = "ResourceNotFoundException"
	errValidation = "ValidationException"
)

// unprocessedCodes translate the findings domain's BatchUpdateFindings error codes.
var unprocessedCodes = map[string]string{"FindingNotFound": errNotFound, "DuplicatedFindingIdentifier": errValidation,
	"InvalidInput": errValidation, "FindingSizeExceeded": errValidation}

// BatchUpdate applies a V2 update to findings through the findings domain's BatchUpdate: a
// comment becomes the Note (by the caller), severity_id the Severity.Label, status_id the
// Workflow.Status. It returns one result per ref, in order.
func (s *Service) BatchUpdate(ctx context.Context, c identity.Caller, refs []FindingRef, u UpdateV2) ([]UpdateResult, error) {
	update := map[string]any{}
	if u.Comment != nil {
		update["Note"] = map[string]any{"Text": *u.Comment, "UpdatedBy": c.Principal}
	}
	if u.SeverityID != nil {
		label := SeverityLabel(*u.SeverityID)
		if label == "" {
			return nil, apierr.V2Invalid.New("Invalid parameter 'SeverityId'. sechub sets severity_id 1 (Informational) to 5 (Critical), which ASFF holds; " + itoa(*u.SeverityID) + " was given.")
		}
		update["Severity"] = map[string]any{"Label": label}
	}
	if u.StatusID != nil {
		workflow := WorkflowStatus(*u.StatusID)
		if workflow == "" {
			return nil, apierr.V2Invalid.New("Invalid parameter 'StatusId'. sechub sets status_id 1 (New) to 4 (Resolved), which ASFF holds; " + itoa(*u.StatusID) + " was given.")
		}
		update["Workflow"] = map[string]any{"Status": workflow}
	}
	if len(update) == 0 {
		return nil, apierr.V2Invalid.New("Invalid parameter. Give at least one of Comment, SeverityId and StatusId.")
	}
	results := make([]UpdateResult, len(refs))
	var ids []findings.Identifier
	var at []int // the result each identifier is for
	for i, r := range refs {
		results[i].Ref = r
		id := findings.Identifier{ID: r.ID, ProductARN: r.ProductARN, AccountID: r.AccountID}
		if r.MetadataUID != "" {
			product, fid, ok := splitMetadataUID(r.MetadataUID)
			if !ok {
				results[i].ErrorCode, results[i].ErrorMessage = errValidation, "The metadata.uid is not one of a finding."
				continue
			}
			id = findings.Identifier{ID: fid, ProductARN: product}
		}
		ids = append(ids, id)
		at = append(at, i)
	}
	if len(ids) == 0 {
		return results, nil
	}
	_, unprocessed, err := s.Findings.BatchUpdateUnder(ctx, c, hubRule, ids, update)
	if err != nil {
		return nil, v2Error(err)
	}
	failed := map[findings.Identifier]findings.Unprocessed{}
	for _, u := range unprocessed {
		failed[u.Identifier] = u
	}
	for j, id := range ids {
		if u, ok := failed[id]; ok {
			code := unprocessedCodes[u.ErrorCode]
			if code == "" {
				code = errValidation
			}
			results[at[j]].ErrorCode, results[at[j]].ErrorMessage = code, u.ErrorMessage
		}
	}
	return results, nil
}

// GroupCount is one value of a GroupByField and how many findings (or resources) hold it.
type GroupCount struct {
	Value string
	Count int
}

// GroupRule is one GroupByRules entry.
type GroupRule struct {
	Field      string
	Composites []composite
	Operator   string
}

// GroupResult is the counts of one GroupRule.
type GroupResult struct {
	Field  string
	Values []GroupCount
}

// defaultGroups is how many values a statistics answer shows per rule without
// MaxStatisticResults (AWS does not document its default).
const defaultGroups = 100

// Statistics counts the findings the caller sees by each rule's field, within its filters:
// the biggest groups first (asc: the smallest), at most limit values each.
func (s *Service) Statistics(ctx context.Context, c identity.Caller, scopes []sh.AwsOrganizationScope, rules []GroupRule, asc bool, limit int) ([]GroupResult, error) {
	if len(rules) > maxGroupByRules {
		return nil, apierr.V2TooMany.New("GroupByRules", maxGroupByRules, len(rules))
	}
	trees := make([]*findings.FilterTree, len(rules))
	for i, r := range rules {
		if _, ok := groupFields[r.Field]; !ok {
			return nil, apierr.V2UnknownField.New("GroupByRules.GroupByField", r.Field)
		}
		t, err := findingTree(r.Composites, r.Operator)
		if err != nil {
			return nil, err
		}
		trees[i] = t
	}
	scope, err := s.scopeFilter(ctx, c, scopes)
	if err != nil {
		return nil, err
	}
	for i := range trees {
		trees[i] = within(trees[i], scope)
	}
	out := make([]GroupResult, len(rules))
	for i, r := range rules {
		f := groupFields[r.Field]
		var counts []findings.GroupCount
		var err error
		if f.asff != "" {
			counts, err = s.Findings.GroupCountsTree(ctx, c, hubRule, trees[i], f.asff, nil)
		} else {
			cache, path := &ocsfCache{}, splitPath(r.Field)
			counts, err = s.Findings.GroupCountsTree(ctx, c, hubRule, trees[i], r.Field, &findings.CustomKey{Kind: findings.KindString,
				Values: func(doc map[string]any) []any { return valuesAt(cache.of(doc), path) }})
		}
		if err != nil {
			return nil, v2Error(err)
		}
		res := GroupResult{Field: r.Field, Values: []GroupCount{}}
		for _, g := range counts {
			if name, ok := f.ocsfName(g.Value); ok {
				res.Values = append(res.Values, GroupCount{name, g.Count})
			}
		}
		res.Values = ranked(res.Values, asc, limit)
		out[i] = res
	}
	return out, nil
}

// ranked orders counts by count (descending, or ascending with asc), ties by value, and
// keeps at most limit (0: defaultGroups).
func ranked(counts []GroupCount, asc bool, limit int) []GroupCount {
	sort.Slice(counts, func(i, j int) bool {
		if counts[i].Count != counts[j].Count {
			return (counts[i].Count < counts[j].Count) == asc
		}
		return strings.Compare(counts[i].Value, counts[j].Value) < 0
	})
	if limit <= 0 {
		limit = defaultGroups
	}
	if len(counts) > limit {
		counts = counts[:limit]
	}
	return counts
}

// Granularities of the trends answers.
const (
	granularityDaily   = "Daily"
	granularityWeekly  = "Weekly"
	granularityMonthly = "Monthly"
)

// maxTrendPoints bounds how many points one trends request computes (a month apart, that
// is over 80 years).
const maxTrendPoints = 1000

// trendPoints are the times a trend is given at over [start, end]: a day apart for ranges of
// up to 31 days, a week apart up to 183 days, a month apart beyond (OCSF.md, Trends).
func trendPoints(start, end time.Time) (string, []time.Time, error) {
	if !start.Before(end) {
		return "", nil, apierr.V2TimeRange.New()
	}
	granularity, step := granularityMonthly, addMonths
	switch span := end.Sub(start); {
	case span <= 31*24*time.Hour:
		granularity, step = granularityDaily, func(t time.Time, k int) time.Time { return t.AddDate(0, 0, k) }
	case span <= 183*24*time.Hour:
		granularity, step = granularityWeekly, func(t time.Time, k int) time.Time { return t.AddDate(0, 0, 7*k) }
	}
	var points []time.Time
	for k := 0; ; k++ {
		t := step(start, k)
		if t.After(end) || k == maxTrendPoints {
			break
		}
		points = append(points, t)
	}
	return granularity, points, nil
}

// addMonths is t k calendar months later, on the same day or, in a shorter month, its last
// (January 31 is followed by February 28, not March 3).
func addMonths(t time.Time, k int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(k), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

// SeverityCounts are the findings counted at one trend point by OCSF severity name.
type SeverityCounts struct {
	At     time.Time
	Counts map[string]int
}

// TrendsQuery is a GetFindingsTrendsV2 request.
type TrendsQuery struct {
	Start, End time.Time
	Composites []composite
	Operator   string
	MaxResults int
	NextToken  string
}

// defaultTrendPage is the page size of the trends operations without MaxResults.
const defaultTrendPage = 100

// Trends counts, at each point of the range, the findings the caller sees that pass the
// filters and were created at or before it, by their current severity.
func (s *Service) Trends(ctx context.Context, c identity.Caller, q TrendsQuery) (string, []SeverityCounts, string, error) {
	granularity, points, err := trendPoints(q.Start, q.End)
	if err != nil {
		return "", nil, "", err
	}
	t, err := findingTree(q.Composites, q.Operator)
	if err != nil {
		return "", nil, "", err
	}
	hash, _ := json.Marshal([]any{q.Start, q.End, t})
	page := paging.Page{Scope: paging.Scope("GetFindingsTrendsV2", c.Partition, c.Region, c.AccountID, string(hash)),
		NextToken: q.NextToken, MaxResults: q.MaxResults, Default: defaultTrendPage}
	points, next, err := paging.Offset(s.Pages, page, points)
	if err != nil {
		return "", nil, "", v2Error(err)
	}
	counts, err := s.Findings.CountCreated(ctx, c, hubRule, t, points)
	if err != nil {
		return "", nil, "", v2Error(err)
	}
	out := make([]SeverityCounts, len(points))
	for i, p := range points {
		out[i] = SeverityCounts{At: p, Counts: map[string]int{}}
		for _, cc := range counts {
			out[i].Counts[severityOfLabel(cc.Label).Name] += cc.Counts[i]
		}
	}
	return granularity, out, next, nil
}

// checkIdentifiers refuses a BatchUpdateFindingsV2 naming findings both ways or not at all.
func checkIdentifiers(identifiers, metadataUIDs int) error {
	switch {
	case identifiers > 0 && metadataUIDs > 0:
		return apierr.V2Invalid.New("Invalid parameter. Give FindingIdentifiers or MetadataUids, not both.")
	case identifiers == 0 && metadataUIDs == 0:
		return apierr.V2Invalid.New("Invalid parameter. Give FindingIdentifiers or MetadataUids.")
	}
	return nil
}

func unknownTrendsField(name string) error { return apierr.V2UnknownField.New("Filters", name) }

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
