package e2e

import (
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/testenv"
)

// movableClock is a server clock a test moves forward.
type movableClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *movableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *movableClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func featureOf(t *testing.T, c *securityhub.Client, name string) types.FeatureDetail {
	t.Helper()
	desc, err := c.DescribeSecurityHubV2(ctx, &securityhub.DescribeSecurityHubV2Input{})
	if err != nil {
		t.Fatalf("DescribeSecurityHubV2: %v", err)
	}
	f, ok := desc.Features[name]
	if !ok {
		t.Fatalf("DescribeSecurityHubV2 lists no feature %s: %+v", name, desc.Features)
	}
	return f
}

// TestSecurityHubV2Features switches network scanning on and off: it needs V2, is idempotent
// (switching to the status it has keeps its UpdatedAt), is the account's own, is off again
// after V2 is disabled and enabled, and is refused outside the commercial partition.
func TestSecurityHubV2Features(t *testing.T) {
	clock := &movableClock{now: time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)}
	env := testenv.Start(t, testenv.WithConfig(func(c *server.Config) { c.Now = clock.Now }))
	a, b := env.SecurityHub(acctA, region), env.SecurityHub(acctB, region)
	scanning := &securityhub.EnableSecurityHubFeatureV2Input{FeatureName: types.FeatureNameNetworkScanning}
	_, err := a.EnableSecurityHubFeatureV2(ctx, scanning)
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")
	_, err = a.DisableSecurityHubFeatureV2(ctx, &securityhub.DisableSecurityHubFeatureV2Input{FeatureName: types.FeatureNameNetworkScanning})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")
	for _, c := range []*securityhub.Client{a, b} {
		if _, err := c.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
			t.Fatal(err)
		}
	}
	if f := featureOf(t, a, "NETWORK_SCANNING"); f.FeatureStatus != types.FeatureStatusDisabled || f.UpdatedAt != nil {
		t.Fatalf("network scanning before it was enabled: %+v", f)
	}

	if _, err := a.EnableSecurityHubFeatureV2(ctx, scanning); err != nil {
		t.Fatalf("EnableSecurityHubFeatureV2: %v", err)
	}
	enabledAt := clock.Now()
	clock.advance(time.Hour)
	if _, err := a.EnableSecurityHubFeatureV2(ctx, scanning); err != nil {
		t.Fatalf("enabling again: %v", err)
	}
	if f := featureOf(t, a, "NETWORK_SCANNING"); f.FeatureStatus != types.FeatureStatusEnabled || f.UpdatedAt == nil || !f.UpdatedAt.Equal(enabledAt) {
		t.Fatalf("network scanning enabled at %v: %+v", enabledAt, f)
	}
	if f := featureOf(t, b, "NETWORK_SCANNING"); f.FeatureStatus != types.FeatureStatusDisabled {
		t.Fatalf("another account's network scanning: %+v", f)
	}

	if _, err := a.DisableSecurityHubFeatureV2(ctx, &securityhub.DisableSecurityHubFeatureV2Input{FeatureName: types.FeatureNameNetworkScanning}); err != nil {
		t.Fatalf("DisableSecurityHubFeatureV2: %v", err)
	}
	if f := featureOf(t, a, "NETWORK_SCANNING"); f.FeatureStatus != types.FeatureStatusDisabled || f.UpdatedAt == nil || !f.UpdatedAt.Equal(clock.Now()) {
		t.Fatalf("network scanning disabled at %v: %+v", clock.Now(), f)
	}
	if _, err := a.DisableSecurityHubFeatureV2(ctx, &securityhub.DisableSecurityHubFeatureV2Input{FeatureName: types.FeatureNameNetworkScanning}); err != nil {
		t.Fatalf("disabling again: %v", err)
	}
	_, err = a.EnableSecurityHubFeatureV2(ctx, &securityhub.EnableSecurityHubFeatureV2Input{FeatureName: "MALWARE_SCANNING"})
	testenv.ExpectError(t, err, "ValidationException", 400, "")

	// Disabling V2 turns its features off.
	if _, err := a.EnableSecurityHubFeatureV2(ctx, scanning); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DisableSecurityHubV2(ctx, &securityhub.DisableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}
	if f := featureOf(t, a, "NETWORK_SCANNING"); f.FeatureStatus != types.FeatureStatusDisabled || f.UpdatedAt != nil {
		t.Fatalf("network scanning after V2 was disabled and enabled: %+v", f)
	}

	// Network scanning is AWS's commercial partition's alone.
	cn := env.SecurityHub(acctA, "cn-north-1")
	if _, err := cn.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}
	_, err = cn.EnableSecurityHubFeatureV2(ctx, scanning)
	testenv.ExpectError(t, err, "ValidationException", 400, "The feature NETWORK_SCANNING is not available in the aws-cn partition.")
}

// TestFreeTrialStatusesV2 follows an account's free trials: Security Hub V2's from its first
// enablement, Azure's from its first Azure connector, each active for 30 days, kept across
// disabling and enabling, filtered by status, and never another account's.
func TestFreeTrialStatusesV2(t *testing.T) {
	start := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	clock := &movableClock{now: start}
	env := testenv.Start(t, testenv.WithConfig(func(c *server.Config) { c.Now = clock.Now }))
	a := env.SecurityHub(acctA, region)
	list := func(in *securityhub.ListFreeTrialStatusesV2Input) []types.FreeTrialStatus {
		t.Helper()
		out, err := a.ListFreeTrialStatusesV2(ctx, in)
		if err != nil {
			t.Fatalf("ListFreeTrialStatusesV2: %v", err)
		}
		if len(out.AccountFreeTrialStatuses) != 1 || aws.ToString(out.AccountFreeTrialStatuses[0].AccountId) != acctA ||
			out.AccountFreeTrialStatuses[0].EvaluatedAt == nil || !out.AccountFreeTrialStatuses[0].EvaluatedAt.Equal(clock.Now()) {
			t.Fatalf("ListFreeTrialStatusesV2: %+v", out.AccountFreeTrialStatuses)
		}
		return out.AccountFreeTrialStatuses[0].FreeTrialStatuses
	}
	// An account that never enabled V2 has no trial to report, and needs no V2 to ask.
	if got := list(&securityhub.ListFreeTrialStatusesV2Input{}); len(got) != 0 {
		t.Fatalf("trials before V2: %+v", got)
	}
	if _, err := a.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}
	got := list(&securityhub.ListFreeTrialStatusesV2Input{})
	if len(got) != 1 || got[0].FeatureType != types.FreeTrialTypeSecurityHubV2 || got[0].Status != types.FreeTrialStatusValueActive ||
		!got[0].StartedAt.Equal(start) || !got[0].ExpiresAt.Equal(start.Add(30*24*time.Hour)) {
		t.Fatalf("trials after V2: %+v", got)
	}

	clock.advance(10 * 24 * time.Hour)
	azureAt := clock.Now()
	ensureHub(t, a)
	if _, err := a.CreateConnector(ctx, &securityhub.CreateConnectorInput{Name: aws.String("azure"),
		Provider: azureProvider(acctA, types.ScopeTypeTenant, nil, "eastus")}); err != nil {
		t.Fatal(err)
	}
	// Disabling and enabling V2 again restarts no trial.
	if _, err := a.DisableSecurityHubV2(ctx, &securityhub.DisableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}
	clock.advance(21 * 24 * time.Hour)
	if _, err := a.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}
	got = list(&securityhub.ListFreeTrialStatusesV2Input{AccountIds: []string{acctA}})
	if len(got) != 2 || got[0].FeatureType != types.FreeTrialTypeSecurityHubV2 || got[0].Status != types.FreeTrialStatusValueInactive || !got[0].StartedAt.Equal(start) ||
		got[1].FeatureType != types.FreeTrialTypeSecurityHubV2MultiCloudAzure || got[1].Status != types.FreeTrialStatusValueActive || !got[1].StartedAt.Equal(azureAt) {
		t.Fatalf("trials 31 days on: %+v", got)
	}
	if got := list(&securityhub.ListFreeTrialStatusesV2Input{Statuses: []types.FreeTrialStatusValue{types.FreeTrialStatusValueActive}}); len(got) != 1 ||
		got[0].FeatureType != types.FreeTrialTypeSecurityHubV2MultiCloudAzure {
		t.Fatalf("active trials: %+v", got)
	}
	if got := list(&securityhub.ListFreeTrialStatusesV2Input{Statuses: []types.FreeTrialStatusValue{types.FreeTrialStatusValueInactive}}); len(got) != 1 ||
		got[0].FeatureType != types.FreeTrialTypeSecurityHubV2 {
		t.Fatalf("inactive trials: %+v", got)
	}

	_, err := a.ListFreeTrialStatusesV2(ctx, &securityhub.ListFreeTrialStatusesV2Input{AccountIds: []string{acctA, acctB}})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")
	_, err = a.ListFreeTrialStatusesV2(ctx, &securityhub.ListFreeTrialStatusesV2Input{AccountIds: []string{"not-an-account"}})
	testenv.ExpectError(t, err, "ValidationException", 400, "")
	_, err = a.ListFreeTrialStatusesV2(ctx, &securityhub.ListFreeTrialStatusesV2Input{Statuses: []types.FreeTrialStatusValue{"EXPIRED"}})
	testenv.ExpectError(t, err, "ValidationException", 400, "")
}

// TestFreeTrialStatusesV2Organization lets the delegated administrator list the free trials
// of its organization's accounts, a page at a time, and no other account's; a member lists
// only its own.
func TestFreeTrialStatusesV2Organization(t *testing.T) {
	w := newOrgWorld(t)
	w.designate(t)
	if _, err := w.hub(w.xID).EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}
	admin := w.hub(w.daID)
	var seen []string
	var token *string
	for page := 0; ; page++ {
		out, err := admin.ListFreeTrialStatusesV2(ctx, &securityhub.ListFreeTrialStatusesV2Input{MaxResults: aws.Int32(3), NextToken: token})
		if err != nil || len(out.AccountFreeTrialStatuses) > 3 || page > 2 {
			t.Fatalf("ListFreeTrialStatusesV2 page %d: %+v %v", page, out, err)
		}
		for _, a := range out.AccountFreeTrialStatuses {
			seen = append(seen, aws.ToString(a.AccountId))
			if trials := a.FreeTrialStatuses; (aws.ToString(a.AccountId) == w.xID) != (len(trials) == 1) {
				t.Errorf("trials of %s: %+v", aws.ToString(a.AccountId), trials)
			}
		}
		if token = out.NextToken; token == nil {
			break
		}
	}
	if len(seen) != 4 {
		t.Fatalf("the delegated administrator listed %v, want the 4 accounts of the organization", seen)
	}
	out, err := admin.ListFreeTrialStatusesV2(ctx, &securityhub.ListFreeTrialStatusesV2Input{AccountIds: []string{w.xID}})
	if err != nil || len(out.AccountFreeTrialStatuses) != 1 || aws.ToString(out.AccountFreeTrialStatuses[0].AccountId) != w.xID {
		t.Fatalf("the delegated administrator asking for %s: %+v %v", w.xID, out, err)
	}
	_, err = admin.ListFreeTrialStatusesV2(ctx, &securityhub.ListFreeTrialStatusesV2Input{AccountIds: []string{acctB}})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")
	_, err = w.hub(w.xID).ListFreeTrialStatusesV2(ctx, &securityhub.ListFreeTrialStatusesV2Input{AccountIds: []string{w.yID}})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")
	if out, err := w.hub(w.yID).ListFreeTrialStatusesV2(ctx, &securityhub.ListFreeTrialStatusesV2Input{}); err != nil ||
		len(out.AccountFreeTrialStatuses) != 1 || aws.ToString(out.AccountFreeTrialStatuses[0].AccountId) != w.yID {
		t.Fatalf("a member's own listing: %+v %v", out, err)
	}
}
