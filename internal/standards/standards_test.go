package standards

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/storetest"
)

const (
	fsbp = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
	cis  = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
	pci  = "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1"

	pciSubscription  = "arn:aws:securityhub:us-east-1:111111111111:subscription/pci-dss/v/3.2.1"
	fsbpSubscription = "arn:aws:securityhub:us-east-1:111111111111:subscription/aws-foundational-security-best-practices/v/1.0.0"
)

func TestLookup(t *testing.T) {
	cases := []struct {
		partition, region, arn string
		want                   string // the standard's path; "" when there is none
	}{
		{"aws", "us-east-1", fsbp, "standards/aws-foundational-security-best-practices/v/1.0.0"},
		{"aws", "eu-west-1", fsbp, ""}, // a regional ARN of another region
		{"aws", "eu-west-1", "arn:aws:securityhub:eu-west-1::standards/pci-dss/v/3.2.1", "standards/pci-dss/v/3.2.1"},
		{"aws", "us-east-1", cis, "ruleset/cis-aws-foundations-benchmark/v/1.2.0"},
		{"aws", "eu-west-1", cis, "ruleset/cis-aws-foundations-benchmark/v/1.2.0"}, // global in every region
		{"aws", "us-east-1", "arn:aws:securityhub:us-east-1::ruleset/cis-aws-foundations-benchmark/v/1.2.0", ""},
		{"aws-cn", "cn-north-1", "arn:aws-cn:securityhub:cn-north-1::standards/pci-dss/v/4.0.1", "standards/pci-dss/v/4.0.1"},
		{"aws-cn", "us-east-1", fsbp, ""}, // another partition
		{"aws", "us-east-1", "arn:aws:securityhub:us-east-1::standards/nope/v/1", ""},
		{"aws", "us-east-1", "", ""},
	}
	for _, c := range cases {
		d, ok := Lookup(c.partition, c.region, c.arn)
		if ok != (c.want != "") || d.Path != c.want {
			t.Errorf("Lookup(%s, %s, %s) = %q %v, want %q", c.partition, c.region, c.arn, d.Path, ok, c.want)
		}
	}
}

func TestSubscriptionARN(t *testing.T) {
	cases := []struct {
		path, partition, region string
		want                    string
	}{
		{"standards/pci-dss/v/3.2.1", "aws", "us-east-1", pciSubscription},
		// A global standard's subscription is still regional: the account subscribes in a region.
		{"ruleset/cis-aws-foundations-benchmark/v/1.2.0", "aws", "eu-west-1",
			"arn:aws:securityhub:eu-west-1:111111111111:subscription/cis-aws-foundations-benchmark/v/1.2.0"},
		{"standards/nist-800-53/v/5.0.0", "aws-us-gov", "us-gov-west-1",
			"arn:aws-us-gov:securityhub:us-gov-west-1:111111111111:subscription/nist-800-53/v/5.0.0"},
	}
	for _, c := range cases {
		if got := (Definition{Path: c.path}).SubscriptionARN(c.partition, c.region, "111111111111"); got != c.want {
			t.Errorf("SubscriptionARN(%s) = %s, want %s", c.path, got, c.want)
		}
	}
}

func TestCatalogIsConsistent(t *testing.T) {
	seen := map[string]bool{}
	defaults := 0
	for _, d := range Catalog {
		arn := d.ARN("aws", "us-east-1")
		if seen[arn] {
			t.Errorf("%s listed twice", arn)
		}
		seen[arn] = true
		if got, ok := Lookup("aws", "us-east-1", arn); !ok || got.Path != d.Path {
			t.Errorf("Lookup of %s's own ARN = %v %v", d.Path, got, ok)
		}
		if d.Name == "" || d.Description == "" {
			t.Errorf("%s has no name or description", d.Path)
		}
		if d.EnabledByDefault {
			defaults++
		}
	}
	if defaults != 2 {
		t.Errorf("%d default standards, want FSBP and CIS 1.2.0", defaults)
	}
}

func TestOnly(t *testing.T) {
	subs := []Subscription{{SubscriptionARN: "a"}, {SubscriptionARN: "b"}, {SubscriptionARN: "c"}}
	arnsOf := func(subs []Subscription) []string {
		var out []string
		for _, s := range subs {
			out = append(out, s.SubscriptionARN)
		}
		return out
	}
	cases := []struct {
		arns, want []string
	}{
		{nil, []string{"a", "b", "c"}},
		{[]string{"c", "a"}, []string{"a", "c"}}, // in the listing's order
		{[]string{"x"}, nil},
		{[]string{"b", "b"}, []string{"b"}},
	}
	for _, c := range cases {
		if got := arnsOf(only(subs, c.arns)); !slices.Equal(got, c.want) {
			t.Errorf("only(%v) = %v, want %v", c.arns, got, c.want)
		}
	}
}

// fixture is a standards service on a fresh store whose account 111111111111 has its hub on.
type fixture struct {
	t   *testing.T
	svc *Service
	c   identity.Caller
}

func newFixture(t *testing.T) *fixture {
	st := storetest.Open(t, Schema)
	c := identity.Caller{Partition: "aws", Region: "us-east-1", AccountID: "111111111111"}
	svc := &Service{Store: st, Clock: clock.Clock{Source: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 6e6+7, time.UTC) }},
		Pages: domain.SecurityHubPager([]byte("secret")),
		RequireHub: func(_ store.Tx, key store.AccountKey) error {
			if key != domain.Key(c) {
				return apierr.NotSubscribed.New(key.AccountID)
			}
			return nil
		}}
	return &fixture{t: t, svc: svc, c: c}
}

func (f *fixture) enabled() []string {
	f.t.Helper()
	subs, next, err := f.svc.GetEnabled(context.Background(), f.c, nil, 0, "")
	if err != nil || next != "" {
		f.t.Fatalf("GetEnabled: %v %q", err, next)
	}
	var arns []string
	for _, s := range subs {
		if s.Status != sh.StandardsStatusReady || s.Input == nil {
			f.t.Errorf("stored subscription %+v: want READY with an input map", s)
		}
		arns = append(arns, s.StandardsARN)
	}
	return arns
}

func TestBatchEnableAndDisable(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()

	subs, err := f.svc.BatchEnable(ctx, f.c, []EnableRequest{{StandardsARN: pci, Input: map[string]string{"k": "v"}}, {StandardsARN: fsbp}})
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 2 || subs[0].SubscriptionARN != pciSubscription || subs[0].Status != sh.StandardsStatusPending ||
		subs[0].Input["k"] != "v" || subs[1].Input == nil || !subs[0].CreatedAt.Equal(time.Date(2026, 1, 2, 3, 4, 5, 6e6, time.UTC)) {
		t.Fatalf("BatchEnable = %+v", subs)
	}
	if got := f.enabled(); !slices.Equal(got, []string{fsbp, pci}) {
		t.Fatalf("enabled = %v", got)
	}

	// One unknown standard refuses the whole batch before anything is written.
	_, err = f.svc.BatchEnable(ctx, f.c, []EnableRequest{{StandardsARN: cis}, {StandardsARN: "arn:aws:securityhub:us-east-1::standards/nope/v/1"}})
	if !apierr.StandardNotAvailable.Is(err) || err.Error() != "InvalidInputException: Invalid parameter 'StandardsArn'. "+
		"Standard arn:aws:securityhub:us-east-1::standards/nope/v/1 does not exist or is not available in us-east-1." {
		t.Fatalf("unknown standard: %v", err)
	}
	if got := f.enabled(); len(got) != 2 {
		t.Fatalf("a refused batch enabled standards: %v", got)
	}

	// One unknown subscription refuses the whole batch before anything is deleted.
	_, err = f.svc.BatchDisable(ctx, f.c, []string{pciSubscription, "arn:aws:securityhub:us-east-1:111111111111:subscription/nope/v/1"})
	if !apierr.StandardsSubscriptionNotFound.Is(err) {
		t.Fatalf("unknown subscription: %v", err)
	}
	if got := f.enabled(); len(got) != 2 {
		t.Fatalf("a refused batch disabled standards: %v", got)
	}
	subs, err = f.svc.BatchDisable(ctx, f.c, []string{pciSubscription})
	if err != nil || len(subs) != 1 || subs[0].Status != sh.StandardsStatusDeleting {
		t.Fatalf("BatchDisable = %+v %v", subs, err)
	}
	if got := f.enabled(); !slices.Equal(got, []string{fsbp}) {
		t.Fatalf("enabled after disable = %v", got)
	}
}

func TestHubMustBeOn(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	off := identity.Caller{Partition: "aws", Region: "eu-west-1", AccountID: "111111111111"}
	calls := map[string]error{}
	_, _, calls["Describe"] = f.svc.Describe(ctx, off, 0, "")
	_, _, calls["GetEnabled"] = f.svc.GetEnabled(ctx, off, nil, 0, "")
	_, calls["BatchEnable"] = f.svc.BatchEnable(ctx, off, []EnableRequest{{StandardsARN: cis}})
	_, calls["BatchDisable"] = f.svc.BatchDisable(ctx, off, []string{pciSubscription})
	for op, err := range calls {
		if !apierr.NotSubscribed.Is(err) {
			t.Errorf("%s with the hub off: %v", op, err)
		}
	}
}

func TestPaging(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()

	var all []string
	token := ""
	for {
		defs, next, err := f.svc.Describe(ctx, f.c, 3, token)
		if err != nil {
			t.Fatal(err)
		}
		if len(defs) > 3 {
			t.Fatalf("page of %d", len(defs))
		}
		for _, d := range defs {
			all = append(all, d.Path)
		}
		if token = next; token == "" {
			break
		}
	}
	if len(all) != len(Catalog) || all[0] != Catalog[0].Path {
		t.Fatalf("DescribeStandards pages = %v", all)
	}
	if _, _, err := f.svc.Describe(ctx, f.c, 0, "forged"); !apierr.InvalidNextToken.Is(err) {
		t.Errorf("forged token: %v", err)
	}

	if err := f.svc.Store.Update(ctx, func(tx store.Tx) error {
		return SubscribeDefaults(tx, domain.Key(f.c), f.svc.Clock.Now())
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.BatchEnable(ctx, f.c, []EnableRequest{{StandardsARN: pci}}); err != nil {
		t.Fatal(err)
	}
	first, next, err := f.svc.GetEnabled(ctx, f.c, nil, 2, "")
	if err != nil || len(first) != 2 || next == "" {
		t.Fatalf("first page: %d %q %v", len(first), next, err)
	}
	rest, last, err := f.svc.GetEnabled(ctx, f.c, nil, 2, next)
	if err != nil || len(rest) != 1 || last != "" || rest[0].StandardsARN != pci {
		t.Fatalf("second page: %+v %q %v", rest, last, err)
	}
	// A token continues only the listing it was made for: not a filtered one, nor DescribeStandards.
	if _, _, err := f.svc.GetEnabled(ctx, f.c, []string{pciSubscription}, 2, next); !apierr.InvalidNextToken.Is(err) {
		t.Errorf("token with another filter: %v", err)
	}
	if _, _, err := f.svc.Describe(ctx, f.c, 2, next); !apierr.InvalidNextToken.Is(err) {
		t.Errorf("GetEnabledStandards token in DescribeStandards: %v", err)
	}
	filtered, _, err := f.svc.GetEnabled(ctx, f.c, []string{pciSubscription, fsbpSubscription}, 0, "")
	if err != nil || len(filtered) != 2 {
		t.Errorf("filtered: %+v %v", filtered, err)
	}
}

func TestRemoveAll(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	other := store.AccountKey{Partition: "aws", Region: "eu-west-1", AccountID: "111111111111"}
	err := f.svc.Store.Update(ctx, func(tx store.Tx) error {
		if err := SubscribeDefaults(tx, domain.Key(f.c), f.svc.Clock.Now()); err != nil {
			return err
		}
		if err := SubscribeDefaults(tx, other, f.svc.Clock.Now()); err != nil {
			return err
		}
		return removeAll(tx, domain.Key(f.c))
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.enabled(); len(got) != 0 {
		t.Errorf("after removeAll: %v", got)
	}
	var left []Subscription
	if err := f.svc.Store.View(ctx, func(tx store.Tx) (err error) { left, err = Subscriptions(tx, other); return err }); err != nil || len(left) != 2 {
		t.Errorf("another region's subscriptions after removeAll: %d %v", len(left), err)
	}
}

// TestSubscriptionARNWithoutAccount: a subscription ARN with an empty account names the
// caller's subscription (domain.OwnARN); the answers carry the real ARN and errors the ARN
// as given.
func TestSubscriptionARNWithoutAccount(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.svc.BatchEnable(ctx, f.c, []EnableRequest{{StandardsARN: pci}, {StandardsARN: fsbp}}); err != nil {
		t.Fatal(err)
	}
	const accountless = "arn:aws:securityhub:us-east-1::subscription/pci-dss/v/3.2.1"
	cases := []struct {
		arns []string
		want []string
	}{
		{[]string{accountless}, []string{pciSubscription}},
		{[]string{accountless, pciSubscription}, []string{pciSubscription}},
		{[]string{"arn:aws:securityhub:eu-west-1::subscription/pci-dss/v/3.2.1"}, nil},
		{[]string{"arn:aws:securityhub:us-east-1:222222222222:subscription/pci-dss/v/3.2.1"}, nil},
	}
	for _, c := range cases {
		subs, _, err := f.svc.GetEnabled(ctx, f.c, c.arns, 0, "")
		var got []string
		for _, s := range subs {
			got = append(got, s.SubscriptionARN)
		}
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("GetEnabled(%v) = %v %v, want %v", c.arns, got, err, c.want)
		}
	}
	const other = "arn:aws:securityhub:eu-west-1::subscription/pci-dss/v/3.2.1"
	_, err := f.svc.BatchDisable(ctx, f.c, []string{accountless, other})
	if !apierr.StandardsSubscriptionNotFound.Is(err) || !strings.Contains(err.Error(), other) {
		t.Fatalf("BatchDisable of another region's subscription: %v", err)
	}
	subs, err := f.svc.BatchDisable(ctx, f.c, []string{accountless})
	if err != nil || len(subs) != 1 || subs[0].SubscriptionARN != pciSubscription || subs[0].Status != sh.StandardsStatusDeleting {
		t.Fatalf("BatchDisable(%s) = %+v %v", accountless, subs, err)
	}
	if got := f.enabled(); !slices.Equal(got, []string{fsbp}) {
		t.Fatalf("enabled after disable = %v", got)
	}
}
