package members

import (
	"errors"
	"fmt"
	"testing"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/store"
)

// TestHubOff checks the one "hub must be enabled" rule as the members domain answers it:
// administrator-side calls 400 BadRequestException, member-side calls 403
// AccessDeniedException.
func TestHubOff(t *testing.T) {
	f := newFixture(t, admin)
	off := caller(member)
	cases := []struct {
		name string
		call func() error
		want apierr.Def
	}{
		{"CreateMembers", func() error { _, err := f.svc.Create(ctx, off, []AccountDetail{{AccountID: admin}}); return err }, apierr.AdministratorHubOff},
		{"InviteMembers", func() error { _, err := f.svc.Invite(ctx, off, []string{admin}); return err }, apierr.AdministratorHubOff},
		{"GetMembers", func() error { _, _, err := f.svc.Get(ctx, off, []string{admin}); return err }, apierr.AdministratorHubOff},
		{"ListMembers", func() error { _, _, err := f.svc.List(ctx, off, true, 0, ""); return err }, apierr.AdministratorHubOff},
		{"DeleteMembers", func() error { _, err := f.svc.Delete(ctx, off, []string{admin}); return err }, apierr.AdministratorHubOff},
		{"DisassociateMembers", func() error { return f.svc.Disassociate(ctx, off, []string{admin}) }, apierr.AdministratorHubOff},
		{"ListInvitations", func() error { _, _, err := f.svc.ListInvitations(ctx, off, 0, ""); return err }, apierr.MemberHubOff},
		{"GetInvitationsCount", func() error { _, err := f.svc.InvitationsCount(ctx, off); return err }, apierr.MemberHubOff},
		{"AcceptAdministratorInvitation", func() error { return f.svc.Accept(ctx, off, admin, "x") }, apierr.MemberHubOff},
		{"DeclineInvitations", func() error { _, err := f.svc.Decline(ctx, off, []string{admin}); return err }, apierr.MemberHubOff},
		{"DeleteInvitations", func() error { _, err := f.svc.DeleteInvitations(ctx, off, []string{admin}); return err }, apierr.MemberHubOff},
		{"GetAdministratorAccount", func() error { _, _, err := f.svc.Administrator(ctx, off); return err }, apierr.MemberHubOff},
		{"DisassociateFromAdministratorAccount", func() error { return f.svc.DisassociateFromAdministrator(ctx, off) }, apierr.MemberHubOff},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ae *apierr.Error
			if err := c.call(); !errors.As(err, &ae) || *ae != *c.want.New() {
				t.Fatalf("error %v, want %+v", err, c.want)
			}
		})
	}
}

// TestListPaging pages ListMembers and ListInvitations by keyset and checks that a token is
// bound to its listing.
func TestListPaging(t *testing.T) {
	f := newFixture(t, admin, member)
	var ids []string
	for i := range 7 {
		ids = append(ids, fmt.Sprintf("5000000000%02d", i))
	}
	var details []AccountDetail
	for _, id := range ids {
		details = append(details, AccountDetail{AccountID: id})
	}
	if r, err := f.svc.Create(ctx, caller(admin), details); err != nil || len(r) != 0 {
		t.Fatal(err, r)
	}
	cases := []struct {
		name      string
		max       int
		wantPages int
	}{
		{"default page", 0, 1},
		{"pages of 3", 3, 3},
		{"pages of 7", 7, 1},
		{"pages of 1", 1, 7},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			token, pages := "", 0
			for {
				page, next, err := f.svc.List(ctx, caller(admin), false, c.max, token)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				for _, m := range page {
					got = append(got, m.AccountID)
				}
				if next == "" {
					break
				}
				token = next
			}
			if pages != c.wantPages || fmt.Sprint(got) != fmt.Sprint(ids) {
				t.Fatalf("%d pages of %v, want %d of %v", pages, got, c.wantPages, ids)
			}
		})
	}

	_, next, err := f.svc.List(ctx, caller(admin), false, 2, "")
	if err != nil || next == "" {
		t.Fatal(err, next)
	}
	misuses := []struct {
		name string
		call func() error
	}{
		{"other OnlyAssociated", func() error { _, _, err := f.svc.List(ctx, caller(admin), true, 2, next); return err }},
		{"other caller", func() error { _, _, err := f.svc.List(ctx, caller(member), false, 2, next); return err }},
		{"other operation", func() error { _, _, err := f.svc.ListInvitations(ctx, caller(admin), 2, next); return err }},
		{"tampered", func() error { _, _, err := f.svc.List(ctx, caller(admin), false, 2, next+"x"); return err }},
	}
	for _, m := range misuses {
		t.Run(m.name, func(t *testing.T) {
			if err := m.call(); !apierr.InvalidNextToken.Is(err) {
				t.Fatalf("error %v, want InvalidNextToken", err)
			}
		})
	}
}

func TestListInvitationsPaging(t *testing.T) {
	admins := []string{"400000000001", "400000000002", "400000000003"}
	f := newFixture(t, append([]string{member}, admins...)...)
	for _, a := range admins {
		for _, s := range []step{create(a, member), invite(a, member)} {
			if err, r := s(f); err != nil || len(r) != 0 {
				t.Fatal(err, r)
			}
		}
	}
	var got []string
	token := ""
	for {
		page, next, err := f.svc.ListInvitations(ctx, caller(member), 2, token)
		if err != nil {
			t.Fatal(err)
		}
		for _, inv := range page {
			if inv.Status != StatusInvited || len(inv.InvitationID) != 32 || inv.InvitedAt.IsZero() {
				t.Errorf("invitation %+v", inv)
			}
			got = append(got, inv.AdministratorID)
		}
		if next == "" {
			break
		}
		token = next
	}
	if fmt.Sprint(got) != fmt.Sprint(admins) {
		t.Fatalf("invitations from %v, want %v", got, admins)
	}
}

// TestDisableGuard checks who may disable Security Hub, and what OnDisable leaves: an
// administrator's member list goes; a member's administrator keeps its record (Resigned, or
// Removed when the administrator ended it) until it deletes it.
func TestDisableGuard(t *testing.T) {
	cases := []struct {
		name    string
		setup   []step
		account string
		want    apierr.Def // zero: allowed
		status  string     // the administrator's record afterwards
	}{
		{"no relationship", nil, admin, apierr.Def{}, "absent"},
		{"administrator of created member", []step{create(admin, member)}, admin, apierr.Def{}, "absent"},
		{"administrator of invited member", []step{create(admin, member), invite(admin, member)}, admin, apierr.Def{}, "absent"},
		{"administrator of resigned member", []step{create(admin, member), invite(admin, member), accept(member, admin), resign(member)}, admin, apierr.Def{}, "absent"},
		{"created member", []step{create(admin, member)}, member, apierr.Def{}, StatusCreated},
		{"invited member", []step{create(admin, member), invite(admin, member)}, member, apierr.Def{}, StatusResigned},
		{"administrator of enabled member", []step{create(admin, member), invite(admin, member), accept(member, admin)}, admin, apierr.CannotDisableAdministrator, StatusEnabled},
		{"enabled member", []step{create(admin, member), invite(admin, member), accept(member, admin)}, member, apierr.CannotDisableMember, StatusEnabled},
		{"resigned member", []step{create(admin, member), invite(admin, member), accept(member, admin), resign(member)}, member, apierr.Def{}, StatusResigned},
		{"removed member", []step{create(admin, member), invite(admin, member), accept(member, admin), disassociate(admin, member)}, member, apierr.Def{}, StatusRemoved},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, admin, member)
			for i, s := range c.setup {
				if err, r := s(f); err != nil || len(r) != 0 {
					t.Fatalf("setup step %d: %v %v", i, err, r)
				}
			}
			key := store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: c.account}
			err := f.st.Update(ctx, func(tx store.Tx) error {
				if err := DisableGuard(tx, key); err != nil {
					return err
				}
				return OnDisable(tx, key, f.svc.Clock.Now())
			})
			var ae *apierr.Error
			switch {
			case c.want == (apierr.Def{}) && err != nil:
				t.Fatalf("refused: %v", err)
			case c.want != (apierr.Def{}) && (!errors.As(err, &ae) || *ae != *c.want.New()):
				t.Fatalf("error %v, want %+v", err, c.want)
			}
			if got := f.status(admin, member); got != c.status {
				t.Fatalf("status %s after disabling, want %s", got, c.status)
			}
			if err == nil && c.account == member {
				if got := f.memberSees(member); got != "" {
					t.Fatalf("the member still sees %s after disabling", got)
				}
			}
		})
	}
}

// TestOneEnabledAdministrator checks that the store refuses a second Enabled administrator of
// one member (the unique index), whatever the domain rules let through.
func TestOneEnabledAdministrator(t *testing.T) {
	f := newFixture(t)
	region := store.RegionKey{Partition: "aws", Region: "us-east-1"}
	err := f.st.Update(ctx, func(tx store.Tx) error {
		if err := putMembership(tx, Membership{Region: region, AdminID: admin, MemberID: member, Status: StatusEnabled, Origin: OriginInvitation}); err != nil {
			return err
		}
		if err := putMembership(tx, Membership{Region: region, AdminID: other, MemberID: member, Status: StatusEnabled, Origin: OriginInvitation}); !errors.Is(err, store.ErrConflict) {
			return fmt.Errorf("second Enabled administrator: %v, want ErrConflict", err)
		}
		// The transaction is still usable after the refused write.
		return putMembership(tx, Membership{Region: region, AdminID: other, MemberID: member, Status: StatusInvited, Origin: OriginInvitation})
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.status(other, member); got != StatusInvited {
		t.Fatalf("status %s", got)
	}
}

// TestOrgAdmins checks the designation of organization administrators per organization and
// region: another organization's administrator in the same region is independent.
func TestOrgAdmins(t *testing.T) {
	f := newFixture(t)
	east := store.RegionKey{Partition: "aws", Region: "us-east-1"}
	west := store.RegionKey{Partition: "aws", Region: "us-west-2"}
	err := f.st.Update(ctx, func(tx store.Tx) error {
		for _, a := range []OrgAdmin{{Region: west, OrgID: "o-1", AccountID: admin, Status: "ENABLED"},
			{Region: east, OrgID: "o-1", AccountID: other, Status: "ENABLED"},
			{Region: east, OrgID: "o-1", AccountID: admin, Status: "ENABLED"},
			{Region: east, OrgID: "o-2", AccountID: other, Status: "ENABLED"}} {
			if err := PutOrgAdmin(tx, a); err != nil {
				return err
			}
		}
		if a, ok, err := OrgAdminOf(tx, east, "o-1"); err != nil || !ok || a.AccountID != admin {
			return fmt.Errorf("east: %+v %v %v", a, ok, err)
		}
		if a, ok, err := OrgAdminOf(tx, east, "o-2"); err != nil || !ok || a.AccountID != other {
			return fmt.Errorf("east, o-2: %+v %v %v", a, ok, err)
		}
		if err := DeleteOrgAdmin(tx, west, "o-1"); err != nil {
			return err
		}
		if a, ok, err := OrgAdminOf(tx, west, "o-1"); err != nil || ok {
			return fmt.Errorf("west after delete: %+v %v %v", a, ok, err)
		}
		all, err := OrgAdmins(tx, "aws")
		if err != nil || len(all) != 2 || all[0].Region != east || all[1].Region != east {
			return fmt.Errorf("all: %+v %v", all, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
