package findings

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/store"
)

// laneRecorder is a store that records, read by read, whether the read was marked heavy, and
// can refuse heavy reads as a full lane does.
type laneRecorder struct {
	store.Store
	heavy     []bool
	busyHeavy bool
}

func (r *laneRecorder) View(ctx context.Context, fn func(store.Tx) error) error {
	r.heavy = append(r.heavy, store.IsHeavy(ctx))
	if r.busyHeavy && store.IsHeavy(ctx) {
		return store.ErrBusy
	}
	return r.Store.View(ctx, fn)
}

// TestHeavyReadsAreMarked checks which reads go to the store's lane of heavy reads: those
// that read every finding of the region (filters that narrow nothing, sorts in memory,
// insight results counted from the documents), not those the indexes answer; and that a full
// lane is answered with the throttling error.
func TestHeavyReadsAreMarked(t *testing.T) {
	svc, c := newTestService(t, func() time.Time { return time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC) })
	rec := &laneRecorder{Store: svc.Store}
	svc.Store = rec
	contains := map[string]any{"Title": []any{map[string]any{"Comparison": "CONTAINS", "Value": "x"}}}
	equals := map[string]any{"Id": []any{map[string]any{"Comparison": "EQUALS", "Value": "x"}}}
	for _, tc := range []struct {
		name  string
		read  func() error
		heavy bool
	}{
		{"no filters, stored order", func() error { _, _, err := svc.Get(ctx, c, Query{}); return err }, false},
		{"EQUALS on an indexed key", func() error { _, _, err := svc.Get(ctx, c, Query{Filters: equals}); return err }, false},
		{"CONTAINS only", func() error { _, _, err := svc.Get(ctx, c, Query{Filters: contains}); return err }, true},
		{"sorted in memory", func() error {
			_, _, err := svc.Get(ctx, c, Query{Sort: []SortCriterion{{Field: "ResourceId"}}})
			return err
		}, true},
		{"grouped by the store", func() error { _, err := svc.GroupCounts(ctx, c, equals, "SeverityLabel"); return err }, false},
		{"grouped from the documents", func() error { _, err := svc.GroupCounts(ctx, c, contains, "SeverityLabel"); return err }, true},
	} {
		rec.heavy = nil
		if err := tc.read(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(rec.heavy) != 1 || rec.heavy[0] != tc.heavy {
			t.Errorf("%s: reads marked heavy %v, want [%v]", tc.name, rec.heavy, tc.heavy)
		}
	}
	rec.busyHeavy = true
	if _, _, err := svc.Get(ctx, c, Query{Filters: contains}); !apierr.Throttled.Is(err) {
		t.Errorf("GetFindings refused by a full lane: %v, want TooManyRequestsException", err)
	}
	if _, err := svc.GroupCounts(ctx, c, contains, "SeverityLabel"); !apierr.Throttled.Is(err) {
		t.Errorf("insight results refused by a full lane: %v, want TooManyRequestsException", err)
	}
}

// TestUpdateLengths checks the lengths of a customer's update: ASFF's note text and
// user-defined fields, counted in characters, refused with the member named.
func TestUpdateLengths(t *testing.T) {
	for _, tc := range []struct {
		update map[string]any
		want   string
	}{
		{map[string]any{"Note": map[string]any{"Text": strings.Repeat("é", 512)}}, ""},
		{map[string]any{"Note": map[string]any{"Text": strings.Repeat("é", 513)}}, "Invalid parameter 'Note.Text'. Length '513' is greater than maximum value: 512."},
		{map[string]any{"UserDefinedFields": map[string]any{strings.Repeat("k", 128): strings.Repeat("v", 1024)}}, ""},
		{map[string]any{"UserDefinedFields": map[string]any{strings.Repeat("k", 129): "v"}}, "Invalid parameter 'UserDefinedFields'. Key length '129' is greater than maximum value: 128."},
		{map[string]any{"UserDefinedFields": map[string]any{"a": "v", "b": strings.Repeat("v", 1025)}}, "Invalid parameter 'UserDefinedFields.b'. Length '1025' is greater than maximum value: 1024."},
		{map[string]any{}, ""},
	} {
		err := checkUpdateLengths(tc.update)
		got := ""
		if err != nil {
			got = err.(*apierr.Error).Message
		}
		if got != tc.want {
			t.Errorf("checkUpdateLengths(%.60v): %q, want %q", tc.update, got, tc.want)
		}
	}
}

// TestAnswersReserveTheirMemory checks that GetFindings reserves room for what its answer
// holds, as it reads it, and is throttled when there is none.
func TestAnswersReserveTheirMemory(t *testing.T) {
	svc, c := newTestService(t, func() time.Time { return time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC) })
	var docs []any
	for i := range 20 {
		docs = append(docs, doc(t, `{"SchemaVersion":"2018-10-08","Id":"f`+strings.Repeat("x", i)+`","ProductArn":"`+DefaultProductARN(c)+`",
			"GeneratorId":"g","AwsAccountId":"111111111111","CreatedAt":"2026-01-01T00:00:00Z","UpdatedAt":"2026-01-01T00:00:00Z",
			"Title":"t","Description":"`+strings.Repeat("d", 1000)+`","Resources":[{"Type":"T","Id":"i"}],"Severity":{"Label":"LOW"},"Types":["a/b"]}`))
	}
	if res, err := svc.Import(ctx, c, docs, 100_000); err != nil || res.SuccessCount != 20 {
		t.Fatalf("import: %+v %v", res, err)
	}
	for _, q := range []Query{{}, {Sort: []SortCriterion{{Field: "ResourceId"}}}} {
		var reserved int64
		q.Reserve = func(n int64) bool { reserved += n; return true }
		found, _, err := svc.Get(ctx, c, q)
		if err != nil || len(found) != 20 {
			t.Fatalf("GetFindings %+v: %d found, %v", q.Sort, len(found), err)
		}
		size := 0
		for _, d := range found {
			size += len(d)
		}
		if reserved < 2*int64(size) {
			t.Errorf("GetFindings %+v reserved %d bytes for an answer of %d", q.Sort, reserved, size)
		}
		q.Reserve = func(int64) bool { return false }
		if _, _, err := svc.Get(ctx, c, q); !apierr.Throttled.Is(err) {
			t.Errorf("GetFindings %+v without room: %v, want TooManyRequestsException", q.Sort, err)
		}
	}
}
