package insights

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/standards"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/storetest"
	"github.com/sechub/sechub/internal/tags"
)

var ctx = context.Background()

// newTestService runs the insights domain on a fresh SQLite store; callers is the accounts
// and regions whose hubs are on.
func newTestService(t *testing.T, callers ...identity.Caller) *Service {
	t.Helper()
	st := storetest.Open(t, hub.Schema, standards.Schema, tags.Schema, findings.Schema, Schema)
	now := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	for _, c := range callers {
		if err := st.Update(ctx, func(tx store.Tx) error { return hub.Create(tx, domain.Key(c), now, hub.SecurityControl, nil, false) }); err != nil {
			t.Fatal(err)
		}
	}
	return &Service{Store: st, Pages: domain.SecurityHubPager([]byte("k")),
		Findings: &findings.Service{Store: st, Model: awsmodel.MustLoad("securityhub")}}
}

// TestGetInsightsPages pages through the custom insights and checks that a token continues
// only the listing it was made for.
func TestGetInsightsPages(t *testing.T) {
	a := identity.Caller{Partition: "aws", Region: "us-east-1", AccountID: "111111111111"}
	svc := newTestService(t, a)
	var created []string
	for i := range 5 {
		arn, err := svc.Create(ctx, a, fmt.Sprintf("insight %d", i), map[string]any{}, "SeverityLabel")
		if err != nil {
			t.Fatal(err)
		}
		created = append(created, arn)
	}
	var listed []string
	token := ""
	for {
		page, next, err := svc.Get(ctx, a, nil, 2, token)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) > 2 {
			t.Fatalf("page of %d insights, want at most 2", len(page))
		}
		for _, in := range page {
			listed = append(listed, in.ARN)
		}
		if next == "" {
			break
		}
		token = next
	}
	if !slices.Equal(listed, created) {
		t.Fatalf("listed %v, want %v in creation order", listed, created)
	}
	_, next, err := svc.Get(ctx, a, nil, 2, "")
	if err != nil || next == "" {
		t.Fatalf("first page: %q %v", next, err)
	}
	for _, tc := range []struct {
		name string
		arns []string
	}{
		{"named insights", created[:1]},
		{"other named insights", created[1:]},
	} {
		if _, _, err := svc.Get(ctx, a, tc.arns, 2, next); !apierr.InvalidNextToken.Is(err) {
			t.Errorf("%s with the token of all custom insights: %v, want InvalidNextToken", tc.name, err)
		}
	}
}

// TestHubDisableDeletesTheAccountsInsights checks the OnHubDisable hook: the account's custom
// insights in the region go, those of other accounts and regions stay.
func TestHubDisableDeletesTheAccountsInsights(t *testing.T) {
	a := identity.Caller{Partition: "aws", Region: "us-east-1", AccountID: "111111111111"}
	aElsewhere, b := a, a
	aElsewhere.Region = "eu-west-1"
	b.AccountID = "222222222222"
	svc := newTestService(t, a, aElsewhere, b)
	for _, c := range []identity.Caller{a, a, aElsewhere, b} {
		if _, err := svc.Create(ctx, c, "i", map[string]any{}, "SeverityLabel"); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.Store.Update(ctx, func(tx store.Tx) error { return deleteInsights(tx, domain.Key(a)) }); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		caller identity.Caller
		want   int
	}{
		{"the account in the region", a, 0},
		{"the account in another region", aElsewhere, 1},
		{"another account", b, 1},
	} {
		list, _, err := svc.Get(ctx, tc.caller, nil, 0, "")
		if err != nil || len(list) != tc.want {
			t.Errorf("%s: %d insights, %v; want %d", tc.name, len(list), err, tc.want)
		}
	}
}

// TestInsightARNWithoutAccount: an insight ARN with an empty account names the caller's
// custom insight (domain.OwnARN); answers carry the real ARN, errors the ARN as given, and the
// managed insights (whose ARNs have no account) work as before. (GetInsightResults is in the
// e2e test: it needs the findings domain whole.)
func TestInsightARNWithoutAccount(t *testing.T) {
	a := identity.Caller{Partition: "aws", Region: "us-east-1", AccountID: "111111111111"}
	svc := newTestService(t, a)
	arn, err := svc.Create(ctx, a, "mine", map[string]any{}, "SeverityLabel")
	if err != nil {
		t.Fatal(err)
	}
	accountless := strings.Replace(arn, ":111111111111:", "::", 1)
	if err := svc.Update(ctx, a, accountless, "renamed", nil, ""); err != nil {
		t.Fatalf("Update(%s): %v", accountless, err)
	}
	got, _, err := svc.Get(ctx, a, []string{accountless, "arn:aws:securityhub:::insight/securityhub/default/1"}, 0, "")
	if err != nil || len(got) != 2 || got[0].ARN != arn || got[0].Name != "renamed" ||
		got[1].ARN != "arn:aws:securityhub:::insight/securityhub/default/1" {
		t.Fatalf("Get = %+v %v", got, err)
	}
	for _, c := range []struct {
		arn  string
		want apierr.Def
	}{
		{strings.Replace(arn, "us-east-1:111111111111:", "eu-west-1::", 1), apierr.InsightNotFound},
		{"arn:aws:securityhub:::insight/securityhub/default/1", apierr.ManagedInsightUpdate},
		{"arn:aws:securityhub:us-east-1::hub/default", apierr.InsightInvalidARN},
	} {
		err := svc.Update(ctx, a, c.arn, "x", nil, "")
		if !c.want.Is(err) || (c.want == apierr.InsightNotFound && !strings.Contains(err.Error(), c.arn)) {
			t.Errorf("Update(%s) = %v, want %s", c.arn, err, c.want.Message)
		}
	}
	if _, err := svc.Delete(ctx, a, "arn:aws:securityhub:::insight/securityhub/default/1"); !apierr.ManagedInsightDelete.Is(err) {
		t.Errorf("Delete of a managed insight: %v", err)
	}
	deleted, err := svc.Delete(ctx, a, accountless)
	if err != nil || deleted != arn {
		t.Fatalf("Delete(%s) = %q %v, want %s", accountless, deleted, err, arn)
	}
	if _, _, err := svc.Get(ctx, a, []string{accountless}, 0, ""); !apierr.InsightNotFound.Is(err) {
		t.Errorf("Get after Delete: %v", err)
	}
}
