package findings

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestExactPagesMatchCheckedPages: a page whose filters are all store conditions is read with
// a first statement of the page's size and one more row; it must hold the same findings, pages
// and ends as the same query with a filter that matches every finding but is checked on the
// documents (read in full batches). Both walk pages of 7 over findings some of which share an
// UpdatedAt, with batches of 5 rows beyond the first.
func TestExactPagesMatchCheckedPages(t *testing.T) {
	defer func(n int) { scanBatch = n }(scanBatch)
	scanBatch = 5
	now := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	svc, c := newTestService(t, func() time.Time { return now })
	var docs []any
	for i := range 40 {
		docs = append(docs, doc(t, fmt.Sprintf(`{"SchemaVersion":"2018-10-08","Id":"f%02d","ProductArn":"%s","GeneratorId":"g",
			"AwsAccountId":"111111111111","CreatedAt":"2026-01-01T00:00:00Z","UpdatedAt":"2026-01-0%dT00:00:00Z","Title":"t",
			"Description":"d","Resources":[{"Type":"%s","Id":"r"}],"Severity":{"Label":"%s"},"Types":["a/b"]}`,
			i, DefaultProductARN(c), 1+i%4, []string{"AwsS3Bucket", "AwsEc2Instance"}[i%2], []string{"LOW", "HIGH", "LOW"}[i%3])))
	}
	if res, err := svc.Import(ctx, c, docs, 100000); err != nil || res.SuccessCount != len(docs) {
		t.Fatalf("import: %+v %v", res, err)
	}
	pages := func(filters map[string]any) (ids []string, sizes []int) {
		q := Query{Filters: filters, MaxResults: 7, Sort: []SortCriterion{{Field: "UpdatedAt", Desc: true}}}
		for {
			page, next, err := svc.Get(ctx, c, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, raw := range page {
				var f struct{ Id string }
				if err := json.Unmarshal(raw, &f); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, f.Id)
			}
			sizes = append(sizes, len(page))
			if next == "" {
				return ids, sizes
			}
			q.NextToken = next
		}
	}
	everyTitle := []any{map[string]any{"Comparison": "CONTAINS", "Value": "t"}}
	for _, filters := range []map[string]any{
		{"SeverityLabel": []any{map[string]any{"Comparison": "EQUALS", "Value": "LOW"}}},
		{"ResourceType": []any{map[string]any{"Comparison": "PREFIX", "Value": "AwsEc2"}}},
		{},
	} {
		exact, err := compileFilters(filters, now)
		if err != nil || exact.inexact {
			t.Fatalf("%v: want exact filters (%v)", filters, err)
		}
		checked := map[string]any{"Title": everyTitle}
		for k, v := range filters {
			checked[k] = v
		}
		gotIDs, gotSizes := pages(filters)
		wantIDs, wantSizes := pages(checked)
		if len(gotIDs) == 0 || !slices.Equal(gotIDs, wantIDs) || !slices.Equal(gotSizes, wantSizes) {
			t.Errorf("%v: exact pages %v %v, checked pages %v %v", filters, gotSizes, gotIDs, wantSizes, wantIDs)
		}
	}
}
