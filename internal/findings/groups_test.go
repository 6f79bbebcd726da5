package findings

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/identity"
)

// TestGroupCountsStoreAgreesWithScan checks that the store's own counting (used when every
// filter is a store condition) gives the counts of scanning the documents, and that filters it
// cannot express fall back to the scan.
func TestGroupCountsStoreAgreesWithScan(t *testing.T) {
	clock := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	svc, c := newTestService(t, func() time.Time { return clock })
	importGroupFixture(t, svc, c, clock)
	defer func(batch int) { scanBatch = batch }(scanBatch)
	scanBatch = 4                          // the document scan crosses the store's batches
	clock = clock.Add(35 * 24 * time.Hour) // past the ARCHIVED findings' retention (counted from ProcessedAt)
	cases := []struct {
		filters string
		byStore bool // whether the store can count these filters itself
	}{
		{`{}`, true},
		{`{"SeverityLabel":[{"Value":"HIGH","Comparison":"EQUALS"},{"Value":"LOW","Comparison":"EQUALS"}]}`, true},
		{`{"ResourceType":[{"Value":"AwsEc2","Comparison":"PREFIX"}],"RecordState":[{"Value":"ACTIVE","Comparison":"EQUALS"}]}`, true},
		{`{"Title":[{"Value":"title 1","Comparison":"PREFIX"}],"Type":[{"Value":"a/b1","Comparison":"EQUALS"}]}`, true},
		{`{"ResourceType":[{"Value":"AwsIamRole","Comparison":"NOT_EQUALS"}]}`, false},
		{`{"Title":[{"Value":"1","Comparison":"CONTAINS"}]}`, false},
		{`{"UpdatedAt":[{"DateRange":{"Value":30,"Unit":"DAYS"}}]}`, false},
	}
	for _, tc := range cases {
		compiled, err := compileFilters(doc(t, tc.filters), svc.Clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		if compiled.inexact == tc.byStore {
			t.Errorf("%s: store counting %v, want %v", tc.filters, !compiled.inexact, tc.byStore)
		}
		for _, attribute := range []string{"SeverityLabel", "ResourceType", "ResourceId", "Type", "Title", "GeneratorId", "RecordState", "AwsAccountId"} {
			fast, err := svc.countGroups(ctx, c, compiled, attribute, filterPaths[attribute], svc.Clock.Now(), true, MaxGroups)
			if err != nil {
				t.Fatal(err)
			}
			slow, err := svc.countGroups(ctx, c, compiled, attribute, filterPaths[attribute], svc.Clock.Now(), false, MaxGroups)
			if err != nil {
				t.Fatal(err)
			}
			if len(slow) == 0 && tc.filters == `{}` {
				t.Errorf("%s by %s: no groups", tc.filters, attribute)
			}
			if !reflect.DeepEqual(fast, slow) {
				t.Errorf("%s by %s:\nstore %v\nscan  %v", tc.filters, attribute, fast, slow)
			}
		}
	}
}

// importGroupFixture imports 60 findings of c: four labels, four resource types, some with a
// second resource, some ARCHIVED, updated over the 60 days before clock.
func importGroupFixture(t *testing.T, svc *Service, c identity.Caller, clock time.Time) {
	t.Helper()
	labels := []string{"LOW", "MEDIUM", "HIGH", "CRITICAL"}
	types := []string{"AwsS3Bucket", "AwsEc2Instance", "AwsEc2SecurityGroup", "AwsIamRole"}
	var docs []any
	for i := range 60 {
		state := "ACTIVE"
		if i%7 == 0 {
			state = "ARCHIVED" // gone after 30 days: the clock below moves past them
		}
		updated := clock.Add(-time.Duration(i) * 24 * time.Hour).Format(time.RFC3339)
		second := ""
		if i%3 == 0 { // a second resource, sometimes of the same type
			second = fmt.Sprintf(`,{"Type":"%s","Id":"extra-%d"}`, types[(i/3)%4], i)
		}
		docs = append(docs, doc(t, fmt.Sprintf(`{"SchemaVersion":"2018-10-08","Id":"f-%02d","ProductArn":"%s","GeneratorId":"gen-%d",
			"AwsAccountId":"111111111111","CreatedAt":"%s","UpdatedAt":"%s","Title":"title %d","Description":"d",
			"Resources":[{"Type":"%s","Id":"r-%d"}%s],"Severity":{"Label":"%s"},"Types":["a/b%d"],"RecordState":"%s"}`,
			i, DefaultProductARN(c), i%5, updated, updated, i%4, types[i%4], i, second, labels[i%4], i%2, state)))
	}
	if res, err := svc.Import(ctx, c, docs, 100000); err != nil || res.FailedCount != 0 {
		t.Fatalf("import: %+v %v", res, err)
	}
}

// TestIndexedConditionPlans runs GetFindings with conditions on the multi-valued index under
// both of the store's plans (entries collected first, or checked row by row): same answers.
func TestIndexedConditionPlans(t *testing.T) {
	clock := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	svc, c := newTestService(t, func() time.Time { return clock })
	importGroupFixture(t, svc, c, clock)
	defer func(dense, batch int) { denseAt, scanBatch = dense, batch }(denseAt, scanBatch)
	scanBatch = 3 // pages of 7 cross the store's batches
	for _, filters := range []string{
		`{"ResourceType":[{"Value":"AwsEc2","Comparison":"PREFIX"}]}`,
		`{"ResourceType":[{"Value":"AwsS3Bucket","Comparison":"EQUALS"},{"Value":"AwsIam","Comparison":"PREFIX"}],"SeverityLabel":[{"Value":"LOW","Comparison":"EQUALS"}]}`,
		`{"ResourceId":[{"Value":"extra-","Comparison":"PREFIX"}],"Type":[{"Value":"a/b1","Comparison":"EQUALS"}]}`,
	} {
		var answers [2][]string
		for i, dense := range []int{1 << 30, 1} {
			denseAt = dense
			q := Query{Filters: doc(t, filters), MaxResults: 7}
			for {
				docs, next, err := svc.Get(ctx, c, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, raw := range docs {
					answers[i] = append(answers[i], doc(t, string(raw))["Id"].(string))
				}
				if next == "" {
					break
				}
				q.NextToken = next
			}
		}
		if len(answers[0]) == 0 || !reflect.DeepEqual(answers[0], answers[1]) {
			t.Errorf("%s:\ncollected %v\nrow by row %v", filters, answers[0], answers[1])
		}
	}
}
