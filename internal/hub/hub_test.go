package hub

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/standards"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/storetest"
	"github.com/sechub/sechub/internal/tags"
	"github.com/sechub/sechub/internal/wire"
)

var caller = identity.Caller{Partition: "aws", Region: "us-east-1", AccountID: "111111111111"}

func TestARN(t *testing.T) {
	cases := []struct {
		key  store.AccountKey
		want string
	}{
		{domain.Key(caller), "arn:aws:securityhub:us-east-1:111111111111:hub/default"},
		{store.AccountKey{Partition: "aws-cn", Region: "cn-north-1", AccountID: "222222222222"}, "arn:aws-cn:securityhub:cn-north-1:222222222222:hub/default"},
	}
	for _, c := range cases {
		if got := ARN(c.key); got != c.want {
			t.Errorf("ARN(%v) = %s, want %s", c.key, got, c.want)
		}
		if !validARN(c.want) {
			t.Errorf("validARN(%s) = false", c.want)
		}
	}
}

func TestValidARN(t *testing.T) {
	cases := []struct {
		arn  string
		want bool
	}{
		{"arn:aws:securityhub:us-east-1:111111111111:hub/default", true},
		{"arn:aws-us-gov:securityhub:us-gov-west-1:111111111111:hub/default", true},
		{"not-an-arn", false},
		{"", false},
		{"arn:aws:securityhub:us-east-1:111111111111", false},
		{"arn::securityhub:us-east-1:111111111111:hub/default", false},               // no partition
		{"arn:aws:s3:us-east-1:111111111111:hub/default", false},                     // another service
		{"arn:aws:securityhub::111111111111:hub/default", false},                     // no region
		{"arn:aws:securityhub:us-east-1:11111111111:hub/default", false},             // 11 digits
		{"arn:aws:securityhub:us-east-1:11111111111x:hub/default", false},            // not digits
		{"arn:aws:securityhub:us-east-1:111111111111:hub/other", false},              // hubs are all "default"
		{"arn:aws:securityhub:us-east-1:111111111111:hub/default/extra", false},      // trailing path
		{"arn:aws:securityhub:us-east-1:111111111111:hub/default:x", false},          // trailing part
		{"ARN:aws:securityhub:us-east-1:111111111111:hub/default", false},            // case matters
		{"arn:aws:securityhub:us-east-1:111111111111:insight/111111111111/x", false}, // another resource
	}
	for _, c := range cases {
		if got := validARN(c.arn); got != c.want {
			t.Errorf("validARN(%q) = %v, want %v", c.arn, got, c.want)
		}
	}
}

type noHandlers struct{}

func (noHandlers) Handle(string, wire.Handler) {}

// newEnv builds the tags, hub and standards domains on a fresh store, as the server does,
// with extra OnHubDisable hooks registered after theirs.
func newEnv(t *testing.T, hooks ...func(tx store.Tx, key store.AccountKey) error) (*domain.Env, *Service) {
	t.Helper()
	env := domain.NewEnv()
	env.Store = storetest.Open(t, tags.Schema, Schema, standards.Schema)
	now := time.Date(2026, 1, 2, 3, 4, 5, 678_900_000, time.UTC)
	env.Clock = clock.Clock{Source: func() time.Time { return now }}
	env.SecurityHub = noHandlers{}
	env.Pages = domain.SecurityHubPager([]byte("secret"))
	for _, m := range []domain.Module{tags.Module, Module, standards.Module} {
		if err := m.Register(env); err != nil {
			t.Fatal(err)
		}
	}
	for _, h := range hooks {
		env.OnHubDisable(h)
	}
	return env, domain.Use[*Service](env)
}

// count counts the rows of table that belong to key.
func count(t *testing.T, st store.Store, table string, key store.AccountKey) int {
	t.Helper()
	var n int
	err := st.View(context.Background(), func(tx store.Tx) error {
		return tx.QueryRow(`SELECT COUNT(*) FROM `+table+` WHERE partition = ? AND region = ? AND account_id = ?`,
			key.Partition, key.Region, key.AccountID).Scan(&n)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLifecycle(t *testing.T) {
	env, svc := newEnv(t)
	ctx := context.Background()
	key := domain.Key(caller)

	if _, err := svc.Describe(ctx, caller, ""); !apierr.NotSubscribed.Is(err) {
		t.Fatalf("Describe before Enable: %v", err)
	}
	if err := svc.Disable(ctx, caller); !apierr.HubNotEnabled.Is(err) {
		t.Fatalf("Disable before Enable: %v", err)
	}
	if err := svc.UpdateConfiguration(ctx, caller, new(false), ""); !apierr.NotSubscribed.Is(err) {
		t.Fatalf("UpdateConfiguration before Enable: %v", err)
	}
	if err := svc.Enable(ctx, caller, EnableOptions{Tags: map[string]string{"team": "sec"}, EnableDefaultStandards: true}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Enable(ctx, caller, EnableOptions{}); !apierr.HubAlreadyEnabled.Is(err) {
		t.Fatalf("second Enable: %v", err)
	}
	h, err := svc.Describe(ctx, caller, "")
	want := Hub{Key: key, SubscribedAt: time.Date(2026, 1, 2, 3, 4, 5, 678_000_000, time.UTC), AutoEnableControls: true,
		ControlFindingGenerator: sh.ControlFindingGeneratorSecurityControl}
	if err != nil || h != want {
		t.Fatalf("Describe = %+v %v, want %+v", h, err, want)
	}
	if n := count(t, env.Store, "resource_tags", key); n != 1 {
		t.Errorf("%d tags after Enable, want 1", n)
	}
	if n := count(t, env.Store, "standards_subscriptions", key); n != 2 {
		t.Errorf("%d standards after Enable, want the 2 defaults", n)
	}

	// nil and "" leave a setting as it is.
	if err := svc.UpdateConfiguration(ctx, caller, nil, sh.ControlFindingGeneratorStandardControl); err != nil {
		t.Fatal(err)
	}
	if err := svc.UpdateConfiguration(ctx, caller, new(false), ""); err != nil {
		t.Fatal(err)
	}
	h, _ = svc.Describe(ctx, caller, "")
	if h.AutoEnableControls || h.ControlFindingGenerator != sh.ControlFindingGeneratorStandardControl || !h.SubscribedAt.Equal(want.SubscribedAt) {
		t.Errorf("after updates: %+v", h)
	}

	// Disabling runs the standards and tags hooks: re-enabling starts afresh.
	if err := svc.Disable(ctx, caller); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"hubs", "resource_tags", "standards_subscriptions"} {
		if n := count(t, env.Store, table, key); n != 0 {
			t.Errorf("%d rows left in %s after Disable", n, table)
		}
	}
	if err := svc.Enable(ctx, caller, EnableOptions{ControlFindingGenerator: sh.ControlFindingGeneratorStandardControl}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, env.Store, "standards_subscriptions", key); n != 0 {
		t.Errorf("%d standards after Enable without the defaults", n)
	}
	if h, _ := svc.Describe(ctx, caller, ""); h.ControlFindingGenerator != sh.ControlFindingGeneratorStandardControl || !h.AutoEnableControls {
		t.Errorf("re-enabled hub: %+v", h)
	}
}

func TestDescribeByARN(t *testing.T) {
	_, svc := newEnv(t)
	ctx := context.Background()
	if err := svc.Enable(ctx, caller, EnableOptions{}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		arn  string
		want *apierr.Def
	}{
		{"", nil},
		{"arn:aws:securityhub:us-east-1:111111111111:hub/default", nil},
		{"arn:aws:securityhub:us-east-1:222222222222:hub/default", &apierr.HubNotFound},
		{"arn:aws:securityhub:eu-west-1:111111111111:hub/default", &apierr.HubNotFound},
		{"not-an-arn", &apierr.HubInvalidARN},
		// An empty account is the caller's (domain.OwnARN), as Terraform's provider sends it
		// with skip_requesting_account_id.
		{"arn:aws:securityhub:us-east-1::hub/default", nil},
		{"arn:aws:securityhub:eu-west-1::hub/default", &apierr.HubNotFound},
		{"arn:aws:securityhub:us-east-1::hub/other", &apierr.HubInvalidARN},
		{"arn:aws:securityhub:::hub/default", &apierr.HubInvalidARN},
	}
	for _, c := range cases {
		h, err := svc.Describe(ctx, caller, c.arn)
		if (c.want == nil) != (err == nil) || (c.want != nil && !c.want.Is(err)) {
			t.Errorf("Describe(%q): %v", c.arn, err)
		}
		if c.want == nil && ARN(h.Key) != "arn:aws:securityhub:us-east-1:111111111111:hub/default" {
			t.Errorf("Describe(%q) = the hub of %v", c.arn, h.Key)
		}
		if c.want != nil && !strings.Contains(err.Error(), "'"+c.arn+"'") && !strings.Contains(err.Error(), " "+c.arn) {
			t.Errorf("Describe(%q): the message %q does not name the ARN as given", c.arn, err)
		}
	}
	if _, err := svc.Describe(ctx, caller, "not-an-arn"); err.Error() != "InvalidInputException: Invalid parameter 'HubArn'. 'not-an-arn' is not a valid hub ARN." {
		t.Errorf("message: %v", err)
	}
}

func TestDisableHooks(t *testing.T) {
	refusal := errors.New("refused")
	refuse := false
	var sawHub bool
	env, svc := newEnv(t, func(tx store.Tx, key store.AccountKey) error {
		_, err := Require(tx, key)
		sawHub = err == nil
		if refuse {
			return refusal
		}
		return nil
	})
	ctx := context.Background()
	key := domain.Key(caller)
	if err := svc.Enable(ctx, caller, EnableOptions{Tags: map[string]string{"k": "v"}, EnableDefaultStandards: true}); err != nil {
		t.Fatal(err)
	}

	// A hook that refuses leaves everything as it was, what earlier hooks deleted included.
	refuse = true
	if err := svc.Disable(ctx, caller); !errors.Is(err, refusal) {
		t.Fatalf("Disable with a refusing hook: %v", err)
	}
	if !sawHub {
		t.Error("the hook ran after the hub was deleted")
	}
	for table, want := range map[string]int{"hubs": 1, "resource_tags": 1, "standards_subscriptions": 2} {
		if n := count(t, env.Store, table, key); n != want {
			t.Errorf("%s: %d rows after a refused Disable, want %d", table, n, want)
		}
	}
	refuse = false
	if err := svc.Disable(ctx, caller); err != nil {
		t.Fatal(err)
	}
	if n := count(t, env.Store, "hubs", key); n != 0 {
		t.Errorf("hub left after Disable")
	}
}

func TestTaggableHub(t *testing.T) {
	env, svc := newEnv(t)
	ctx := context.Background()
	tagging := domain.Use[*tags.Service](env)
	hubARN := ARN(domain.Key(caller))
	if _, err := tagging.List(ctx, caller, hubARN); !apierr.TaggedResourceNotFound.Is(err) {
		t.Errorf("tags of a hub that is off: %v", err)
	}
	if err := svc.Enable(ctx, caller, EnableOptions{Tags: map[string]string{"k": "v"}}); err != nil {
		t.Fatal(err)
	}
	if got, err := tagging.List(ctx, caller, hubARN); err != nil || got["k"] != "v" {
		t.Errorf("tags of the hub: %v %v", got, err)
	}
	if _, err := tagging.List(ctx, caller, "arn:aws:securityhub:us-east-1:111111111111:hub/other"); !apierr.TaggedResourceNotFound.Is(err) {
		t.Errorf("tags of hub/other: %v", err)
	}
}
