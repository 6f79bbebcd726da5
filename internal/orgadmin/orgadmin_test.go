package orgadmin_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/aggregators"
	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/orgadmin"
	"github.com/sechub/sechub/internal/organizations"
	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/storetest"
)

var ctx = context.Background()

const (
	mgmt     = "111111111111"
	da       = "222222222222"
	workload = "333333333333"
	outsider = "999999999999"
)

func caller(account string) identity.Caller {
	return identity.Caller{Partition: "aws", Region: "us-east-1", AccountID: account}
}

// newService returns the service on a store holding one organization: mgmt manages it, da and
// workload are its accounts; outsider belongs to none.
func newService(t *testing.T) *orgadmin.Service {
	t.Helper()
	st := storetest.Open(t, server.Schemas()...)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clk := clock.Clock{Source: func() time.Time { now = now.Add(time.Second); return now }}
	orgs := &organizations.Service{Store: st, Clock: clk}
	spec := organizations.Spec{Partition: "aws", ManagementAccount: mgmt,
		Accounts: []organizations.SpecAccount{{ID: da, Name: "security"}, {ID: workload, Name: "workload"}}}
	if _, err := orgs.Bootstrap(ctx, spec); err != nil {
		t.Fatal(err)
	}
	return &orgadmin.Service{Store: st, Clock: clk, Pages: domain.SecurityHubPager([]byte("k"))}
}

// expect fails the test unless err is an error of want (the zero Def: no error).
func expect(t *testing.T, err error, want apierr.Def) {
	t.Helper()
	var ae *apierr.Error
	switch {
	case want == (apierr.Def{}) && err != nil:
		t.Fatalf("unexpected error %v", err)
	case want != (apierr.Def{}) && (!errors.As(err, &ae) || ae.Code != want.Code || ae.Status != want.Status):
		t.Fatalf("error %v, want %s %d %q", err, want.Code, want.Status, want.Message)
	}
}

func TestAdministratorDesignation(t *testing.T) {
	svc := newService(t)
	steps := []struct {
		name string
		call func() error
		want apierr.Def
	}{
		{"caller outside any organization", func() error { return svc.EnableAdmin(ctx, caller(outsider), da) }, apierr.OrgAdminNotInOrganization},
		{"caller not the management account", func() error { return svc.EnableAdmin(ctx, caller(workload), da) }, apierr.OrgAdminNotManagement},
		{"administrator outside the organization", func() error { return svc.EnableAdmin(ctx, caller(mgmt), outsider) }, apierr.OrgAdminAccountNotInOrganization},
		{"disable with none designated", func() error { return svc.DisableAdmin(ctx, caller(mgmt), da) }, apierr.OrgAdminNotCurrent},
		{"designate", func() error { return svc.EnableAdmin(ctx, caller(mgmt), da) }, apierr.Def{}},
		{"designate again", func() error { return svc.EnableAdmin(ctx, caller(mgmt), da) }, apierr.Def{}},
		{"designate another", func() error { return svc.EnableAdmin(ctx, caller(mgmt), workload) }, apierr.OrgAdminAlreadyDesignated},
		{"disable another", func() error { return svc.DisableAdmin(ctx, caller(mgmt), workload) }, apierr.OrgAdminNotCurrent},
		{"disable by a non-management account", func() error { return svc.DisableAdmin(ctx, caller(da), da) }, apierr.OrgAdminNotManagement},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) { expect(t, s.call(), s.want) })
	}

	// The administrator's hub was switched on, and DisableSecurityHub refuses it.
	err := svc.Store.View(ctx, func(tx store.Tx) error {
		key := store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: da}
		if _, err := hub.Require(tx, key); err != nil {
			return err
		}
		return orgadmin.DisableGuard(tx, key)
	})
	expect(t, err, apierr.CannotDisableAdministrator)

	for _, who := range []string{mgmt, da} {
		admins, next, err := svc.ListAdmins(ctx, caller(who), 0, "")
		if err != nil || next != "" || len(admins) != 1 || admins[0].AccountID != da || admins[0].Status != orgadmin.StatusEnabled {
			t.Fatalf("%s lists %+v %q %v", who, admins, next, err)
		}
	}
	_, _, err = svc.ListAdmins(ctx, caller(workload), 0, "")
	expect(t, err, apierr.OrgAdminNotManagement)
	_, _, err = svc.ListAdmins(ctx, caller(mgmt), 0, "not-a-token")
	expect(t, err, apierr.InvalidNextToken)

	expect(t, svc.DisableAdmin(ctx, caller(mgmt), da), apierr.Def{})
	if admins, _, err := svc.ListAdmins(ctx, caller(mgmt), 0, ""); err != nil || len(admins) != 0 {
		t.Fatalf("after disabling: %+v %v", admins, err)
	}
}

func TestOrganizationConfiguration(t *testing.T) {
	svc := newService(t)
	_, err := svc.DescribeConfiguration(ctx, caller(da))
	expect(t, err, apierr.NotSubscribed) // the administrator-to-be has no hub yet
	expect(t, svc.EnableAdmin(ctx, caller(mgmt), da), apierr.Def{})

	cfg, err := svc.DescribeConfiguration(ctx, caller(da))
	if err != nil || cfg != (orgadmin.Configuration{AutoEnableStandards: orgadmin.StandardsDefault,
		ConfigurationType: orgadmin.ConfigLocal, Status: orgadmin.StatusEnabled}) {
		t.Fatalf("default configuration %+v %v", cfg, err)
	}
	// mgmt's hub is on but it is not the administrator.
	if err := svc.Store.Update(ctx, func(tx store.Tx) error {
		return hub.Create(tx, store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: mgmt}, time.Now(), hub.SecurityControl, nil, false)
	}); err != nil {
		t.Fatal(err)
	}
	_, err = svc.DescribeConfiguration(ctx, caller(mgmt))
	expect(t, err, apierr.NotOrganizationAdministrator)

	updates := []struct {
		name   string
		update orgadmin.ConfigurationUpdate
		want   apierr.Def
		after  orgadmin.Configuration
	}{
		{"auto-enable", orgadmin.ConfigurationUpdate{AutoEnable: true},
			apierr.Def{}, orgadmin.Configuration{AutoEnable: true, AutoEnableStandards: orgadmin.StandardsDefault, ConfigurationType: orgadmin.ConfigLocal, Status: orgadmin.StatusEnabled}},
		{"no standards", orgadmin.ConfigurationUpdate{AutoEnable: true, AutoEnableStandards: orgadmin.StandardsNone},
			apierr.Def{}, orgadmin.Configuration{AutoEnable: true, AutoEnableStandards: orgadmin.StandardsNone, ConfigurationType: orgadmin.ConfigLocal, Status: orgadmin.StatusEnabled}},
		{"central with auto-enable", orgadmin.ConfigurationUpdate{AutoEnable: true, ConfigurationType: orgadmin.ConfigCentral},
			apierr.CentralConfigurationAutoEnable, orgadmin.Configuration{AutoEnable: true, AutoEnableStandards: orgadmin.StandardsNone, ConfigurationType: orgadmin.ConfigLocal, Status: orgadmin.StatusEnabled}},
		{"central without aggregator", orgadmin.ConfigurationUpdate{AutoEnableStandards: orgadmin.StandardsNone, ConfigurationType: orgadmin.ConfigCentral},
			apierr.CentralConfigurationNeedsAggregator, orgadmin.Configuration{AutoEnable: true, AutoEnableStandards: orgadmin.StandardsNone, ConfigurationType: orgadmin.ConfigLocal, Status: orgadmin.StatusEnabled}},
		{"auto-enable off", orgadmin.ConfigurationUpdate{},
			apierr.Def{}, orgadmin.Configuration{AutoEnableStandards: orgadmin.StandardsNone, ConfigurationType: orgadmin.ConfigLocal, Status: orgadmin.StatusEnabled}},
	}
	for _, u := range updates {
		t.Run(u.name, func(t *testing.T) {
			expect(t, svc.UpdateConfiguration(ctx, caller(da), u.update), u.want)
			if cfg, err := svc.DescribeConfiguration(ctx, caller(da)); err != nil || cfg != u.after {
				t.Fatalf("configuration %+v %v, want %+v", cfg, err, u.after)
			}
		})
	}
}

// TestCentralConfigurationWithManagementAdministrator: central configuration needs an
// administrator other than the management account.
func TestCentralConfigurationWithManagementAdministrator(t *testing.T) {
	svc := newService(t)
	if err := svc.Store.Update(ctx, func(tx store.Tx) error {
		return hub.Create(tx, store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: mgmt}, time.Now(), hub.SecurityControl, nil, false)
	}); err != nil {
		t.Fatal(err)
	}
	expect(t, svc.EnableAdmin(ctx, caller(mgmt), mgmt), apierr.Def{})
	expect(t, svc.UpdateConfiguration(ctx, caller(mgmt), orgadmin.ConfigurationUpdate{ConfigurationType: orgadmin.ConfigCentral}),
		apierr.CentralConfigurationManagementAdmin)
}

// TestCentralConfiguration: CENTRAL needs the administrator's aggregator in the caller's
// region; Central reports it; the aggregator cannot be deleted meanwhile; LOCAL asks the
// LeavingCentral guards first.
func TestCentralConfiguration(t *testing.T) {
	svc := newService(t)
	expect(t, svc.EnableAdmin(ctx, caller(mgmt), da), apierr.Def{})
	aggs := &aggregators.Service{Store: svc.Store, Clock: svc.Clock, Pages: svc.Pages}
	westKey := store.AccountKey{Partition: "aws", Region: "us-west-2", AccountID: da}
	if err := svc.Store.Update(ctx, func(tx store.Tx) error {
		return hub.Create(tx, westKey, time.Now(), hub.SecurityControl, nil, false)
	}); err != nil {
		t.Fatal(err)
	}
	agg, err := aggs.Create(ctx, westKey, aggregators.Linking{Mode: aggregators.ModeAllRegions})
	expect(t, err, apierr.Def{})
	central := orgadmin.ConfigurationUpdate{AutoEnableStandards: orgadmin.StandardsNone, ConfigurationType: orgadmin.ConfigCentral}
	expect(t, svc.UpdateConfiguration(ctx, caller(da), central), apierr.CentralConfigurationNotHomeRegion)
	expect(t, aggs.Delete(ctx, westKey, agg.ARN), apierr.Def{})
	agg, err = aggs.Create(ctx, store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: da}, aggregators.Linking{Mode: aggregators.ModeNoRegions})
	expect(t, err, apierr.Def{})

	centralOf := func() (orgadmin.CentralConfiguration, bool) {
		t.Helper()
		var cc orgadmin.CentralConfiguration
		var ok bool
		if err := svc.Store.View(ctx, func(tx store.Tx) error {
			acct, err := organizations.AccountByID(tx, "aws", da)
			if err != nil {
				return err
			}
			cc, ok, err = orgadmin.Central(tx, "aws", acct.OrgID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return cc, ok
	}
	if _, ok := centralOf(); ok {
		t.Fatal("central configuration before CENTRAL")
	}
	expect(t, svc.UpdateConfiguration(ctx, caller(da), central), apierr.Def{})
	if cc, ok := centralOf(); !ok || cc.AdminID != da || cc.Home != (store.RegionKey{Partition: "aws", Region: "us-east-1"}) {
		t.Fatalf("Central = %+v, %v", cc, ok)
	}
	cfg, err := svc.DescribeConfiguration(ctx, caller(da))
	if err != nil || cfg != (orgadmin.Configuration{AutoEnableStandards: orgadmin.StandardsNone, ConfigurationType: orgadmin.ConfigCentral,
		Status: orgadmin.StatusEnabled}) {
		t.Fatalf("configuration under CENTRAL: %+v %v", cfg, err)
	}
	expect(t, svc.UpdateConfiguration(ctx, caller(da), orgadmin.ConfigurationUpdate{AutoEnable: true}), apierr.CentralConfigurationAutoEnable)
	expect(t, svc.UpdateConfiguration(ctx, caller(da), orgadmin.ConfigurationUpdate{AutoEnableStandards: orgadmin.StandardsDefault}),
		apierr.CentralConfigurationAutoEnable)
	aggs.DeleteGuards = append(aggs.DeleteGuards, orgadmin.AggregatorGuard)
	daKey := store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: da}
	expect(t, aggs.Delete(ctx, daKey, agg.ARN), apierr.AggregatorCentralConfiguration)

	local := orgadmin.ConfigurationUpdate{AutoEnableStandards: orgadmin.StandardsNone, ConfigurationType: orgadmin.ConfigLocal}
	refuse := true
	svc.LeavingCentral = append(svc.LeavingCentral, func(store.Tx, string, string) error {
		if refuse {
			return apierr.CentralConfigurationInUseByPolicies.New()
		}
		return nil
	})
	expect(t, svc.UpdateConfiguration(ctx, caller(da), local), apierr.CentralConfigurationInUseByPolicies)
	refuse = false
	expect(t, svc.UpdateConfiguration(ctx, caller(da), local), apierr.Def{})
	if _, ok := centralOf(); ok {
		t.Fatal("central configuration after LOCAL")
	}
	expect(t, aggs.Delete(ctx, daKey, agg.ARN), apierr.Def{})
}
