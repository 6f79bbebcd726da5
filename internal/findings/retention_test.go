package findings

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/standards"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/storetest"
	"github.com/sechub/sechub/internal/tags"
)

var ctx = context.Background()

// newTestService runs the findings domain on a fresh SQLite store, for one account with its
// hub on.
func newTestService(t *testing.T, now func() time.Time) (*Service, identity.Caller) {
	t.Helper()
	st := storetest.Open(t, hub.Schema, standards.Schema, tags.Schema, Schema)
	c := identity.Caller{AccountID: "111111111111", Region: "us-east-1", Partition: "aws"}
	key := store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: c.AccountID}
	svc := &Service{Store: st, Clock: clock.Clock{Source: now}, Pages: domain.SecurityHubPager([]byte("k")),
		Model:   awsmodel.MustLoad("securityhub"),
		Visible: func(store.Tx, store.AccountKey) ([]string, error) { return []string{c.AccountID}, nil }}
	if err := st.Update(ctx, func(tx store.Tx) error { return hub.Create(tx, key, now(), hub.SecurityControl, nil, false) }); err != nil {
		t.Fatal(err)
	}
	return svc, c
}

// TestRetention moves an injectable clock: ACTIVE findings disappear 90 days and ARCHIVED ones
// 30 days after their last update, and Purge deletes them.
func TestRetention(t *testing.T) {
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	svc, c := newTestService(t, func() time.Time { return clock })
	finding := func(id, state string) any {
		return doc(t, `{"SchemaVersion":"2018-10-08","Id":"`+id+`","ProductArn":"`+DefaultProductARN(c)+`","GeneratorId":"g",
			"AwsAccountId":"111111111111","CreatedAt":"2026-01-01T00:00:00Z","UpdatedAt":"2026-01-01T00:00:00Z","Title":"t",
			"Description":"d","Resources":[{"Type":"T","Id":"i"}],"Severity":{"Label":"LOW"},"Types":["a/b"],"RecordState":"`+state+`"}`)
	}
	res, err := svc.Import(ctx, c, []any{finding("active", "ACTIVE"), finding("archived", "ARCHIVED")}, 1000)
	if err != nil || res.SuccessCount != 2 {
		t.Fatalf("import: %+v %v", res, err)
	}
	count := func() int {
		docs, _, err := svc.Get(ctx, c, Query{})
		if err != nil {
			t.Fatal(err)
		}
		return len(docs)
	}
	clock = clock.Add(31 * 24 * time.Hour)
	if n := count(); n != 1 {
		t.Fatalf("after 31 days %d findings, want the ACTIVE one", n)
	}
	if n, err := svc.Purge(ctx); err != nil || n != 1 {
		t.Fatalf("purge after 31 days: %d %v", n, err)
	}
	clock = clock.Add(60 * 24 * time.Hour)
	if n := count(); n != 0 {
		t.Fatalf("after 91 days %d findings", n)
	}
	if n, err := svc.Purge(ctx); err != nil || n != 1 {
		t.Fatalf("purge after 91 days: %d %v", n, err)
	}
	err = svc.Store.View(ctx, func(tx store.Tx) error {
		_, err := readFinding(tx, findingKey{Region: store.RegionKey{Partition: "aws", Region: "us-east-1"}, ProductARN: DefaultProductARN(c), ID: "active"})
		return err
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("purged finding still stored: %v", err)
	}
}
