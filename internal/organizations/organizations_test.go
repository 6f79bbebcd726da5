package organizations

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/storetest"
)

var ctx = context.Background()

const (
	mgmt     = "111111111111"
	outsider = "999999999999"
)

func caller(account string) identity.Caller {
	return identity.Caller{Partition: "aws", Region: "us-east-1", AccountID: account}
}

// recorder is a Listener that notes the events it hears.
type recorder struct{ events []string }

func (r *recorder) AccountJoined(_ store.Tx, _ Organization, id string, _ time.Time) error {
	r.events = append(r.events, "joined "+id)
	return nil
}
func (r *recorder) AccountLeft(_ store.Tx, _ Organization, id string, _ time.Time) error {
	r.events = append(r.events, "left "+id)
	return nil
}
func (r *recorder) AccountClosed(_ store.Tx, _ Organization, id string, _ time.Time) error {
	r.events = append(r.events, "closed "+id)
	return nil
}
func (r *recorder) AccountMoved(_ store.Tx, _ Organization, id string, _ time.Time) error {
	r.events = append(r.events, "moved "+id)
	return nil
}
func (r *recorder) DelegatedAdminDeregistered(_ store.Tx, _ Organization, id, principal string, _ time.Time) error {
	r.events = append(r.events, "deregistered "+id+" "+principal)
	return nil
}

func newService(t *testing.T) (*Service, *recorder) {
	t.Helper()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rec := &recorder{}
	svc := &Service{Store: storetest.Open(t, Schema), Clock: clock.Clock{Source: func() time.Time { now = now.Add(time.Second); return now }},
		Listeners: []Listener{rec}}
	return svc, rec
}

// newOrg creates an organization managed by mgmt with n created accounts and returns their ids.
func newOrg(t *testing.T, svc *Service, n int) (Organization, []string) {
	t.Helper()
	org, err := svc.Create(ctx, caller(mgmt), "")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for range n {
		req, err := svc.CreateAccount(ctx, caller(mgmt), "app", "app@example.com")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, req.AccountID)
	}
	return org, ids
}

func expect(t *testing.T, what string, err error, want apierr.Def) {
	t.Helper()
	var e *apierr.Error
	if !errors.As(err, &e) || e.Code != want.Code || e.Status != want.Status || e.Message != want.Message || e.Reason != want.Reason {
		t.Errorf("%s: got %v, want %s %q (reason %q)", what, err, want.Code, want.Message, want.Reason)
	}
}

func TestHandshakeFilter(t *testing.T) {
	for _, tc := range []struct {
		filter HandshakeFilter
		want   bool
	}{
		{HandshakeFilter{}, true},
		{HandshakeFilter{Action: "INVITE"}, true},
		{HandshakeFilter{Action: "ENABLE_ALL_FEATURES"}, false},
		{HandshakeFilter{ParentID: "h-abc"}, false},
		{HandshakeFilter{Action: "INVITE", ParentID: "h-abc"}, false},
	} {
		if got := tc.filter.matches(); got != tc.want {
			t.Errorf("%+v matches = %v, want %v", tc.filter, got, tc.want)
		}
	}
}

func TestAddressedTo(t *testing.T) {
	for _, tc := range []struct {
		target, account string
		want            bool
	}{
		{"222222222222", "222222222222", true},
		{"222222222222@example.com", "222222222222", true},
		{"someone@example.com", "222222222222", false},
		{"333333333333", "222222222222", false},
	} {
		if got := addressedTo(Handshake{TargetID: tc.target}, tc.account); got != tc.want {
			t.Errorf("addressedTo(%s, %s) = %v", tc.target, tc.account, got)
		}
	}
}

func TestARNs(t *testing.T) {
	o := Organization{Partition: "aws", ID: "o-abc", RootID: "r-ab12", ManagementAccountID: mgmt}
	for _, tc := range []struct{ got, want string }{
		{o.ARN(), "arn:aws:organizations::111111111111:organization/o-abc"},
		{o.AccountARN("222222222222"), "arn:aws:organizations::111111111111:account/o-abc/222222222222"},
		{o.RootARN(), "arn:aws:organizations::111111111111:root/o-abc/r-ab12"},
		{o.UnitARN("ou-ab12-x"), "arn:aws:organizations::111111111111:ou/o-abc/ou-ab12-x"},
		{o.HandshakeARN("h-1"), "arn:aws:organizations::111111111111:handshake/o-abc/invite/h-1"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %s, want %s", tc.got, tc.want)
		}
	}
}

// TestAccessRules checks who may call what: the management account everything, a delegated
// administrator the reads, other members and outsiders nothing.
func TestAccessRules(t *testing.T) {
	svc, _ := newService(t)
	_, ids := newOrg(t, svc, 2)
	member, delegated := ids[0], ids[1]
	if err := svc.RegisterDelegatedAdministrator(ctx, caller(mgmt), delegated, "config.amazonaws.com"); err != nil {
		t.Fatal(err)
	}
	read := func(c identity.Caller) error { _, err := svc.ListAccounts(ctx, c, ""); return err }
	write := func(c identity.Caller) error { return svc.EnableServiceAccess(ctx, c, "config.amazonaws.com") }
	for _, tc := range []struct {
		name    string
		account string
		op      func(identity.Caller) error
		want    *apierr.Def
	}{
		{"management reads", mgmt, read, nil},
		{"management writes", mgmt, write, nil},
		{"delegated administrator reads", delegated, read, nil},
		{"delegated administrator writes", delegated, write, &apierr.OrgAccessDenied},
		{"member reads", member, read, &apierr.OrgAccessDenied},
		{"outsider reads", outsider, read, &apierr.OrgNotInUse},
		{"outsider writes", outsider, write, &apierr.OrgNotInUse},
	} {
		err := tc.op(caller(tc.account))
		if tc.want == nil {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		expect(t, tc.name, err, *tc.want)
	}
}

func TestRulesRejectBadChanges(t *testing.T) {
	svc, _ := newService(t)
	org, ids := newOrg(t, svc, 1)
	member := ids[0]
	m := caller(mgmt)
	for _, tc := range []struct {
		name string
		err  error
		want apierr.Def
	}{
		{"second organization", func() error { _, err := svc.Create(ctx, m, "ALL"); return err }(), apierr.OrgAlreadyInOrganization},
		{"delete with members", svc.Delete(ctx, m), apierr.OrgNotEmpty},
		{"management leaves", svc.Leave(ctx, m), apierr.OrgMasterCannotLeave},
		{"management removed", svc.RemoveAccount(ctx, m, mgmt), apierr.OrgMasterCannotLeave},
		{"management closed", svc.CloseAccount(ctx, m, mgmt), apierr.OrgCannotCloseManagement},
		{"management registered", svc.RegisterDelegatedAdministrator(ctx, m, mgmt, "config.amazonaws.com"), apierr.OrgCannotRegisterManagement},
		{"outsider registered", svc.RegisterDelegatedAdministrator(ctx, m, outsider, "config.amazonaws.com"), apierr.OrgAccountNotFound},
		{"unregistered deregistered", svc.DeregisterDelegatedAdministrator(ctx, m, member, "config.amazonaws.com"), apierr.OrgAccountNotRegistered},
		{"invalid account target", func() error { _, err := svc.Invite(ctx, m, "12345", "ACCOUNT"); return err }(), apierr.OrgInvalidAccountID},
		{"member invited", func() error { _, err := svc.Invite(ctx, m, member, "ACCOUNT"); return err }(), apierr.OrgDuplicateAccount},
		{"unknown source", svc.MoveAccount(ctx, m, member, "r-zzzz", org.RootID), apierr.OrgSourceParentNotFound},
		{"unknown destination", svc.MoveAccount(ctx, m, member, org.RootID, "ou-zzzz-zzzzzzzz"), apierr.OrgDestinationNotFound},
		{"move to the same parent", svc.MoveAccount(ctx, m, member, org.RootID, org.RootID), apierr.OrgDuplicateAccount},
		{"unknown parent", func() error { _, err := svc.CreateOU(ctx, m, "r-zzzz", "x"); return err }(), apierr.OrgParentNotFound},
		{"unknown child", func() error { _, err := svc.Parents(ctx, m, "ou-zzzz-zzzzzzzz"); return err }(), apierr.OrgChildNotFound},
		{"unknown request", func() error { _, err := svc.DescribeCreateAccountStatus(ctx, m, "car-x"); return err }(), apierr.OrgCreateAccountNotFound},
		{"no delegated services", func() error { _, err := svc.DelegatedServices(ctx, m, member); return err }(), apierr.OrgAccountNotRegistered},
	} {
		expect(t, tc.name, tc.err, tc.want)
	}
	if _, err := svc.CreateOU(ctx, m, org.RootID, "Workloads"); err != nil {
		t.Fatal(err)
	}
	_, err := svc.CreateOU(ctx, m, org.RootID, "Workloads")
	expect(t, "duplicate OU", err, apierr.OrgDuplicateOU)
	if err := svc.CloseAccount(ctx, m, member); err != nil {
		t.Fatal(err)
	}
	expect(t, "closed twice", svc.CloseAccount(ctx, m, member), apierr.OrgAccountAlreadyClosed)
}

func TestInvitationLifecycle(t *testing.T) {
	svc, rec := newService(t)
	org, _ := newOrg(t, svc, 0)
	const invited = "555555555555"
	h, err := svc.Invite(ctx, caller(mgmt), invited, "ACCOUNT")
	if err != nil || h.State != HandshakeOpen || h.ARN != org.HandshakeARN(h.ID) || !h.ExpiresAt.Equal(h.RequestedAt.Add(handshakeLifetime)) {
		t.Fatalf("Invite: %+v %v", h, err)
	}
	_, err = svc.Invite(ctx, caller(mgmt), invited, "ACCOUNT")
	expect(t, "second invitation", err, apierr.OrgDuplicateHandshake)
	_, err = svc.Accept(ctx, caller(outsider), h.ID)
	expect(t, "accepted by another account", err, apierr.OrgHandshakeNotFound)

	for _, tc := range []struct {
		account string
		filter  HandshakeFilter
		want    int
	}{
		{invited, HandshakeFilter{}, 1},
		{mgmt, HandshakeFilter{}, 1},
		{outsider, HandshakeFilter{}, 0},
		{invited, HandshakeFilter{Action: "ENABLE_ALL_FEATURES"}, 0},
	} {
		got, err := svc.HandshakesForAccount(ctx, caller(tc.account), tc.filter)
		if err != nil || len(got) != tc.want {
			t.Errorf("HandshakesForAccount(%s, %+v) = %d handshakes, %v; want %d", tc.account, tc.filter, len(got), err, tc.want)
		}
	}

	accepted, err := svc.Accept(ctx, caller(invited), h.ID)
	if err != nil || accepted.State != HandshakeAccepted {
		t.Fatalf("Accept: %+v %v", accepted, err)
	}
	_, err = svc.Accept(ctx, caller(invited), h.ID)
	expect(t, "accepted twice", err, apierr.OrgHandshakeAlreadyInState)
	a, err := svc.DescribeAccount(ctx, caller(mgmt), invited)
	if err != nil || a.JoinedMethod != JoinedInvited || a.ParentID != org.RootID {
		t.Fatalf("DescribeAccount: %+v %v", a, err)
	}

	// An account already in an organization cannot accept another invitation.
	again, err := svc.Invite(ctx, caller(mgmt), invited+"@Example.com ", "EMAIL")
	if err != nil || again.TargetID != invited+"@example.com" {
		t.Fatalf("Invite by email: %+v %v", again, err)
	}
	_, err = svc.Accept(ctx, caller(invited), again.ID)
	expect(t, "accepted while in an organization", err, apierr.OrgAlreadyInAnOrganization)
	if err := svc.Leave(ctx, caller(invited)); err != nil {
		t.Fatal(err)
	}
	declined, err := svc.Decline(ctx, caller(invited), again.ID)
	if err != nil || declined.State != HandshakeDeclined {
		t.Fatalf("Decline: %+v %v", declined, err)
	}
	want := []string{"joined " + invited, "left " + invited}
	if !slices.Equal(rec.events, want) {
		t.Errorf("events = %v, want %v", rec.events, want)
	}
}

func TestDelegatedAdministration(t *testing.T) {
	svc, rec := newService(t)
	_, ids := newOrg(t, svc, 2)
	m := caller(mgmt)
	for _, reg := range []struct{ account, principal string }{
		{ids[0], "securityhub.amazonaws.com"}, {ids[0], "config.amazonaws.com"}, {ids[1], "config.amazonaws.com"},
	} {
		if err := svc.RegisterDelegatedAdministrator(ctx, m, reg.account, reg.principal); err != nil {
			t.Fatal(err)
		}
	}
	expect(t, "registered twice", svc.RegisterDelegatedAdministrator(ctx, m, ids[1], "config.amazonaws.com"), apierr.OrgAccountAlreadyRegistered)

	for _, tc := range []struct {
		principal string
		want      []string
	}{
		{"", slices.Sorted(slices.Values(ids))},
		{"config.amazonaws.com", slices.Sorted(slices.Values(ids))},
		{"securityhub.amazonaws.com", []string{ids[0]}},
		{"guardduty.amazonaws.com", nil},
	} {
		admins, err := svc.DelegatedAdministrators(ctx, m, tc.principal)
		var got []string
		for _, a := range admins {
			got = append(got, a.AccountID)
		}
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("DelegatedAdministrators(%q) = %v %v, want %v", tc.principal, got, err, tc.want)
		}
	}
	services, err := svc.DelegatedServices(ctx, m, ids[0])
	if err != nil || len(services) != 2 || services[0].ServicePrincipal != "config.amazonaws.com" {
		t.Fatalf("DelegatedServices: %+v %v", services, err)
	}

	// Closing an account ends its delegated administrations.
	rec.events = nil
	if err := svc.CloseAccount(ctx, m, ids[0]); err != nil {
		t.Fatal(err)
	}
	want := []string{"deregistered " + ids[0] + " config.amazonaws.com", "deregistered " + ids[0] + " securityhub.amazonaws.com", "closed " + ids[0]}
	if !slices.Equal(rec.events, want) {
		t.Errorf("events = %v, want %v", rec.events, want)
	}
	a, err := svc.DescribeAccount(ctx, m, ids[0])
	if err != nil || a.Status != StatusSuspended {
		t.Fatalf("closed account: %+v %v", a, err)
	}
	err = svc.Store.View(ctx, func(tx store.Tx) error {
		org, _, err := OrgOf(tx, "aws", mgmt)
		if err != nil {
			return err
		}
		admins, err := RegisteredAdministrators(tx, org, "config.amazonaws.com")
		if err == nil && !slices.Equal(admins, []string{ids[1]}) {
			t.Errorf("RegisteredAdministrators = %v", admins)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestStructure(t *testing.T) {
	svc, _ := newService(t)
	org, ids := newOrg(t, svc, 2)
	m := caller(mgmt)
	ou, err := svc.CreateOU(ctx, m, org.RootID, "Workloads")
	if err != nil || ou.ARN != org.UnitARN(ou.ID) {
		t.Fatalf("CreateOU: %+v %v", ou, err)
	}
	nested, err := svc.CreateOU(ctx, m, ou.ID, "Prod")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.MoveAccount(ctx, m, ids[0], org.RootID, ou.ID); err != nil {
		t.Fatal(err)
	}
	expect(t, "moved from the wrong parent", svc.MoveAccount(ctx, m, ids[0], org.RootID, ou.ID), apierr.OrgAccountNotFound)
	for _, tc := range []struct {
		child string
		want  Parent
	}{
		{ids[0], Parent{ou.ID, ParentUnit}},
		{ids[1], Parent{org.RootID, ParentRoot}},
		{nested.ID, Parent{ou.ID, ParentUnit}},
		{ou.ID, Parent{org.RootID, ParentRoot}},
	} {
		got, err := svc.Parents(ctx, m, tc.child)
		if err != nil || len(got) != 1 || got[0] != tc.want {
			t.Errorf("Parents(%s) = %v %v, want %v", tc.child, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		parent string
		want   int
	}{{"", 3}, {org.RootID, 2}, {ou.ID, 1}, {nested.ID, 0}} {
		got, err := svc.ListAccounts(ctx, m, tc.parent)
		if err != nil || len(got) != tc.want {
			t.Errorf("ListAccounts(%q) = %d accounts, %v; want %d", tc.parent, len(got), err, tc.want)
		}
	}
	units, err := svc.OUsForParent(ctx, m, org.RootID)
	if err != nil || len(units) != 1 || units[0].ID != ou.ID {
		t.Errorf("OUsForParent: %+v %v", units, err)
	}
}

func TestDeleteOrganization(t *testing.T) {
	svc, rec := newService(t)
	_, ids := newOrg(t, svc, 1)
	m := caller(mgmt)
	if err := svc.RemoveAccount(ctx, m, ids[0]); err != nil {
		t.Fatal(err)
	}
	if err := svc.Delete(ctx, m); err != nil {
		t.Fatal(err)
	}
	_, err := svc.Describe(ctx, m)
	expect(t, "after delete", err, apierr.OrgNotInUse)
	want := []string{"joined " + ids[0], "left " + ids[0], "left " + mgmt}
	if !slices.Equal(rec.events, want) {
		t.Errorf("events = %v, want %v", rec.events, want)
	}
	if _, err := svc.Create(ctx, m, "ALL"); err != nil {
		t.Fatalf("Create after delete: %v", err)
	}
}

func TestCreateAccountStatus(t *testing.T) {
	svc, _ := newService(t)
	_, ids := newOrg(t, svc, 2)
	m := caller(mgmt)
	all, err := svc.ListCreateAccountStatus(ctx, m, nil)
	if err != nil || len(all) != 2 || all[0].AccountID != ids[0] || all[0].State != CreateAccountSucceeded || all[0].CompletedAt.IsZero() {
		t.Fatalf("ListCreateAccountStatus: %+v %v", all, err)
	}
	for _, tc := range []struct {
		states []string
		want   int
	}{{nil, 2}, {[]string{"SUCCEEDED"}, 2}, {[]string{"FAILED", "IN_PROGRESS"}, 0}} {
		got, err := svc.ListCreateAccountStatus(ctx, m, tc.states)
		if err != nil || len(got) != tc.want {
			t.Errorf("ListCreateAccountStatus(%v) = %d, %v; want %d", tc.states, len(got), err, tc.want)
		}
	}
	got, err := svc.DescribeCreateAccountStatus(ctx, m, all[1].ID)
	if err != nil || got != all[1] {
		t.Errorf("DescribeCreateAccountStatus = %+v %v, want %+v", got, err, all[1])
	}
}

func TestBootstrap(t *testing.T) {
	svc, _ := newService(t)
	path := filepath.Join(t.TempDir(), "org.yaml")
	const spec = `managementAccount: "100000000000"
organizationalUnits: [Security, Workloads/Prod]
accounts:
  - {id: "200000000000", name: security, ou: Security}
  - {id: "300000000000", ou: Workloads/Prod, status: SUSPENDED}
trustedServices: [securityhub.amazonaws.com]
delegatedAdministrators:
  - {account: "200000000000", servicePrincipal: securityhub.amazonaws.com}
`
	if err := os.WriteFile(path, []byte(spec), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := LoadSpec(path)
	if err != nil {
		t.Fatal(err)
	}
	if created, err := svc.Bootstrap(ctx, s); !created || err != nil {
		t.Fatalf("Bootstrap: %v %v", created, err)
	}
	if created, err := svc.Bootstrap(ctx, s); created || err != nil {
		t.Fatalf("second Bootstrap: %v %v", created, err)
	}
	m := caller("100000000000")
	accounts, err := svc.ListAccounts(ctx, m, "")
	if err != nil || len(accounts) != 3 {
		t.Fatalf("ListAccounts: %+v %v", accounts, err)
	}
	if a := accounts[2]; a.AccountID != "300000000000" || a.Status != StatusSuspended || a.Name != a.AccountID || a.Email != defaultEmail(a.AccountID) {
		t.Errorf("account with defaults: %+v", a)
	}
	parents, err := svc.Parents(ctx, m, "300000000000")
	if err != nil {
		t.Fatal(err)
	}
	prod, err := svc.Parents(ctx, m, parents[0].ID)
	if err != nil || prod[0].Type != ParentUnit {
		t.Errorf("Workloads/Prod is not nested: %v %v", prod, err)
	}
	trusted, err := svc.TrustedServices(ctx, m)
	if err != nil || len(trusted) != 1 {
		t.Errorf("TrustedServices: %+v %v", trusted, err)
	}
	admins, err := svc.DelegatedAdministrators(ctx, m, "securityhub.amazonaws.com")
	if err != nil || len(admins) != 1 || admins[0].AccountID != "200000000000" {
		t.Errorf("DelegatedAdministrators: %+v %v", admins, err)
	}
}

func TestLoadSpecRejects(t *testing.T) {
	for _, tc := range []struct{ name, spec string }{
		{"bad management account", `managementAccount: "123"`},
		{"duplicate account", "managementAccount: \"100000000000\"\naccounts: [{id: \"100000000000\"}]"},
		{"bad status", "managementAccount: \"100000000000\"\naccounts: [{id: \"200000000000\", status: CLOSED}]"},
		{"unknown field", "managementAccount: \"100000000000\"\nmanagement: x"},
	} {
		path := filepath.Join(t.TempDir(), "org.yaml")
		if err := os.WriteFile(path, []byte(tc.spec), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadSpec(path); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
}
