package findings

import (
	"fmt"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
)

// TestTokensAreBoundToTheirListing checks that a GetFindings or GetFindingHistory NextToken
// continues the listing it was made for and is refused, with InvalidNextToken, for any other
// (other filters, sort, caller, finding or operation) and when tampered with.
func TestTokensAreBoundToTheirListing(t *testing.T) {
	clock := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	svc, c := newTestService(t, func() time.Time { return clock })
	importGroupFixture(t, svc, c, clock)
	low := doc(t, `{"SeverityLabel":[{"Value":"LOW","Comparison":"EQUALS"}]}`)
	byTitle := []SortCriterion{{Field: "Title"}}
	byDescription := []SortCriterion{{Field: "Description"}} // sorted in memory: an offset token
	first := func(q Query) string {
		t.Helper()
		_, next, err := svc.Get(ctx, c, q)
		if err != nil || next == "" {
			t.Fatalf("first page of %+v: next %q, %v", q, next, err)
		}
		return next
	}
	lowNext := first(Query{Filters: low, MaxResults: 2})
	memoryNext := first(Query{Sort: byDescription, MaxResults: 2})
	for _, id := range []string{"f-00", "f-01"} {
		if _, _, err := svc.BatchUpdate(ctx, c, []Identifier{{ID: id, ProductARN: DefaultProductARN(c)}},
			map[string]any{"Note": map[string]any{"Text": "a", "UpdatedBy": "b"}}); err != nil {
			t.Fatal(err)
		}
	}
	history := func(c identity.Caller, id, token string) (string, error) {
		_, next, err := svc.History(ctx, c, Identifier{ID: id, ProductARN: DefaultProductARN(c)}, time.Time{}, time.Time{}, 1, token)
		return next, err
	}
	historyNext, err := history(c, "f-00", "")
	if err != nil || historyNext == "" {
		t.Fatalf("first history page: %q %v", historyNext, err)
	}
	other := c
	other.AccountID = "222222222222"
	get := func(c identity.Caller, q Query) error {
		_, _, err := svc.Get(ctx, c, q)
		return err
	}
	cases := []struct {
		name  string
		run   func() error
		valid bool
	}{
		{"the same listing", func() error { return get(c, Query{Filters: low, MaxResults: 2, NextToken: lowNext}) }, true},
		{"a page size of its own", func() error { return get(c, Query{Filters: low, MaxResults: 5, NextToken: lowNext}) }, true},
		{"an in-memory sort", func() error { return get(c, Query{Sort: byDescription, MaxResults: 2, NextToken: memoryNext}) }, true},
		{"the same history", func() error { _, err := history(c, "f-00", historyNext); return err }, true},
		{"other filters", func() error { return get(c, Query{MaxResults: 2, NextToken: lowNext}) }, false},
		{"another sort", func() error { return get(c, Query{Filters: low, Sort: byTitle, NextToken: lowNext}) }, false},
		{"another caller", func() error { return get(other, Query{Filters: low, NextToken: lowNext}) }, false},
		{"tampered", func() error { return get(c, Query{Filters: low, NextToken: "x" + lowNext}) }, false},
		{"not a token", func() error { return get(c, Query{Filters: low, NextToken: "garbage"}) }, false},
		{"a history token in GetFindings", func() error { return get(c, Query{NextToken: historyNext}) }, false},
		{"a GetFindings token in history", func() error { _, err := history(c, "f-00", lowNext); return err }, false},
		{"another finding's history", func() error { _, err := history(c, "f-01", historyNext); return err }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			switch {
			case tc.valid && err != nil:
				t.Fatalf("refused: %v", err)
			case !tc.valid && !apierr.InvalidNextToken.Is(err):
				t.Fatalf("got %v, want InvalidNextToken", err)
			}
		})
	}
}

// TestBatchUpdateIdentifierBounds checks the number of findings one BatchUpdateFindings may
// name (the model states no bound; AWS's is 1 to 100).
func TestBatchUpdateIdentifierBounds(t *testing.T) {
	clock := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	svc, c := newTestService(t, func() time.Time { return clock })
	ids := func(n int) []Identifier {
		out := make([]Identifier, n)
		for i := range out {
			out[i] = Identifier{ID: fmt.Sprintf("missing-%d", i), ProductARN: DefaultProductARN(c)}
		}
		return out
	}
	for _, tc := range []struct {
		n    int
		want *apierr.Error // nil: accepted
	}{
		{0, apierr.NoFindingIdentifiers.New()},
		{1, nil},
		{100, nil},
		{101, apierr.TooManyFindingIdentifiers.New(101)},
	} {
		processed, unprocessed, err := svc.BatchUpdate(ctx, c, ids(tc.n), map[string]any{})
		if tc.want != nil {
			if e, ok := err.(*apierr.Error); !ok || *e != *tc.want {
				t.Errorf("%d identifiers: got %v, want %v", tc.n, err, tc.want)
			}
			continue
		}
		if err != nil || len(processed) != 0 || len(unprocessed) != tc.n {
			t.Errorf("%d identifiers: %d processed, %d unprocessed, %v; want all unprocessed (not found)", tc.n, len(processed), len(unprocessed), err)
		}
	}
}
