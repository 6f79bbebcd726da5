package members

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/organizations"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/storetest"
)

const (
	admin  = "111111111111"
	member = "222222222222"
	other  = "333333333333"
)

func caller(account string) identity.Caller {
	return identity.Caller{AccountID: account, Region: "us-east-1", Partition: "aws"}
}

type fixture struct {
	t   *testing.T
	svc *Service
	st  store.Store
}

func newFixture(t *testing.T, enabled ...string) *fixture {
	st := storetest.Open(t, hub.Schema, organizations.Schema, Schema)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := &fixture{t: t, st: st, svc: &Service{Store: st, Pages: domain.SecurityHubPager([]byte("k")),
		Clock: clock.Clock{Source: func() time.Time { now = now.Add(time.Second); return now }}}}
	for _, a := range enabled {
		err := st.Update(context.Background(), func(tx store.Tx) error {
			return hub.Create(tx, store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: a}, now, hub.SecurityControl, nil, false)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f *fixture) status(adminID, memberID string) string {
	var m Membership
	err := f.st.View(context.Background(), func(tx store.Tx) (err error) {
		m, err = membership(tx, store.RegionKey{Partition: "aws", Region: "us-east-1"}, adminID, memberID)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return "absent"
	}
	if err != nil {
		f.t.Fatal(err)
	}
	return m.Status
}

func (f *fixture) invitationID(adminID, memberID string) string {
	invs, _, err := f.svc.ListInvitations(context.Background(), caller(memberID), 0, "")
	if err != nil {
		f.t.Fatal(err)
	}
	for _, inv := range invs {
		if inv.AdministratorID == adminID {
			return inv.InvitationID
		}
	}
	return "none"
}

// step is one call in a scenario; it returns the request error (or nil) and any unprocessed
// results' texts.
type step func(f *fixture) (error, []Result)

var ctx = context.Background()

func create(by, id string) step {
	return func(f *fixture) (error, []Result) {
		r, err := f.svc.Create(ctx, caller(by), []AccountDetail{{AccountID: id}})
		return err, r
	}
}
func invite(by, id string) step {
	return func(f *fixture) (error, []Result) {
		r, err := f.svc.Invite(ctx, caller(by), []string{id})
		return err, r
	}
}
func accept(by, from string) step {
	return func(f *fixture) (error, []Result) {
		return f.svc.Accept(ctx, caller(by), from, f.invitationID(from, by)), nil
	}
}
func decline(by, from string) step {
	return func(f *fixture) (error, []Result) {
		r, err := f.svc.Decline(ctx, caller(by), []string{from})
		return err, r
	}
}
func resign(by string) step {
	return func(f *fixture) (error, []Result) { return f.svc.DisassociateFromAdministrator(ctx, caller(by)), nil }
}
func disassociate(by, id string) step {
	return func(f *fixture) (error, []Result) { return f.svc.Disassociate(ctx, caller(by), []string{id}), nil }
}
func deleteMember(by, id string) step {
	return func(f *fixture) (error, []Result) {
		r, err := f.svc.Delete(ctx, caller(by), []string{id})
		return err, r
	}
}
func deleteInvitation(by, id string) step {
	return func(f *fixture) (error, []Result) {
		r, err := f.svc.DeleteInvitations(ctx, caller(by), []string{id})
		return err, r
	}
}

// disableHub runs what DisableSecurityHub does to the members domain, in one transaction: the
// guard, OnDisable, and the hub's removal.
func disableHub(by string) step {
	return func(f *fixture) (error, []Result) {
		key := store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: by}
		return f.st.Update(ctx, func(tx store.Tx) error {
			if err := DisableGuard(tx, key); err != nil {
				return err
			}
			if err := OnDisable(tx, key, f.svc.Clock.Now()); err != nil {
				return err
			}
			return tx.Exec(`DELETE FROM hubs WHERE partition = ? AND region = ? AND account_id = ?`, key.Partition, key.Region, key.AccountID)
		}), nil
	}
}

func enableHub(by string) step {
	return func(f *fixture) (error, []Result) {
		key := store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: by}
		return f.st.Update(ctx, func(tx store.Tx) error {
			return hub.Create(tx, key, f.svc.Clock.Now(), hub.SecurityControl, nil, false)
		}), nil
	}
}

// memberSees describes the relationships the account sees from its own side (its invitations
// and its administrator), "" when none, whether its hub is on or off.
func (f *fixture) memberSees(account string) string {
	key := store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: account}
	var seen []string
	err := f.st.View(ctx, func(tx store.Tx) error {
		invs, err := invitationsOf(tx, key)
		if err != nil {
			return err
		}
		for _, m := range invs {
			seen = append(seen, "invitation from "+m.AdminID+" ("+m.Status+")")
		}
		m, ok, err := isEnabledMember(tx, key.RegionKey(), account)
		if ok {
			seen = append(seen, "administrator "+m.AdminID)
		}
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return strings.Join(seen, ", ")
}

// TestStateMachine walks the transitions of a relationship from both sides: Created, Invited,
// Enabled, Resigned, Removed, and deleted.
func TestStateMachine(t *testing.T) {
	var none apierr.Def
	cases := []struct {
		name   string
		setup  []step
		action step
		err    apierr.Def // request error expected from the action (zero: none)
		result string     // ProcessingResult expected from the action
		status string     // admin-side status of (admin, member) afterwards
	}{
		{"create", nil, create(admin, member), none, "", StatusCreated},
		{"create twice", []step{create(admin, member)}, create(admin, member), none, ResultAlreadyMember, StatusCreated},
		{"create self", nil, create(admin, admin), none, ResultMemberOfItself, "absent"},
		{"create bad id", nil, create(admin, "12"), none, ResultInvalidAccountID, "absent"},
		{"create with hub off", nil, create(other, member), apierr.AdministratorHubOff, "", "absent"},
		{"invite created", []step{create(admin, member)}, invite(admin, member), none, "", StatusInvited},
		{"invite never created", nil, invite(admin, member), none, ResultNeverCreated, "absent"},
		{"invite twice", []step{create(admin, member), invite(admin, member)}, invite(admin, member), none, ResultAlreadyInvited, StatusInvited},
		{"accept", []step{create(admin, member), invite(admin, member)}, accept(member, admin), none, "", StatusEnabled},
		{"accept with no invitation", []step{create(admin, member)}, accept(member, admin), apierr.NoPendingInvitation, "", StatusCreated},
		{"decline pending", []step{create(admin, member), invite(admin, member)}, decline(member, admin), none, "", StatusResigned},
		{"decline accepted", []step{create(admin, member), invite(admin, member), accept(member, admin)}, decline(member, admin), none, ResultDeclineWhenAssociated, StatusEnabled},
		{"resign", []step{create(admin, member), invite(admin, member), accept(member, admin)}, resign(member), none, "", StatusResigned},
		{"resign without administrator", nil, resign(member), apierr.NoSuchMembership, "", "absent"},
		{"re-accept after resigning", []step{create(admin, member), invite(admin, member), accept(member, admin), resign(member)}, accept(member, admin), none, "", StatusEnabled},
		{"re-invite after resigning", []step{create(admin, member), invite(admin, member), accept(member, admin), resign(member)}, invite(admin, member), none, "", StatusInvited},
		{"remove created", []step{create(admin, member)}, disassociate(admin, member), none, "", StatusRemoved},
		{"remove invited", []step{create(admin, member), invite(admin, member)}, disassociate(admin, member), none, "", StatusRemoved},
		{"remove enabled", []step{create(admin, member), invite(admin, member), accept(member, admin)}, disassociate(admin, member), none, "", StatusRemoved},
		{"accept after removal", []step{create(admin, member), invite(admin, member), disassociate(admin, member)}, accept(member, admin), apierr.NoPendingInvitation, "", StatusRemoved},
		{"re-invite after removal", []step{create(admin, member), invite(admin, member), accept(member, admin), disassociate(admin, member)}, invite(admin, member), none, "", StatusInvited},
		{"delete created", []step{create(admin, member)}, deleteMember(admin, member), none, "", "absent"},
		{"delete enabled", []step{create(admin, member), invite(admin, member), accept(member, admin)}, deleteMember(admin, member), none, ResultStillAssociated, StatusEnabled},
		{"delete unknown", nil, deleteMember(admin, member), none, ResultNotAMember, "absent"},
		{"member deletes pending invitation", []step{create(admin, member), invite(admin, member)}, deleteInvitation(member, admin), none, "", StatusResigned},
		{"member deletes accepted invitation", []step{create(admin, member), invite(admin, member), accept(member, admin)}, deleteInvitation(member, admin), none, ResultInvitationAssociated, StatusEnabled},
		{"admin withdraws invitation", []step{create(admin, member), invite(admin, member)}, deleteInvitation(admin, member), none, "", StatusCreated},
		{"member of another cannot be invited", []step{create(other, member), invite(other, member), accept(member, other), create(admin, member)}, invite(admin, member), none, ResultMemberElsewhere, StatusCreated},
		{"member cannot create members", []step{create(other, admin), invite(other, admin), accept(admin, other)}, create(admin, member), none, ResultCreatorIsMember, "absent"},

		// DisableSecurityHub by the member keeps the administrator's record, with how the
		// relationship ended, until the administrator deletes it; the member sees nothing.
		{"member disables after resigning", append(enabled(), resign(member)), disableHub(member), none, "", StatusResigned},
		{"member disables after removal", append(enabled(), disassociate(admin, member)), disableHub(member), none, "", StatusRemoved},
		{"member disables with a pending invitation", []step{create(admin, member), invite(admin, member)}, disableHub(member), none, "", StatusResigned},
		{"member disables with a created record", []step{create(admin, member)}, disableHub(member), none, "", StatusCreated},
		{"enabled member cannot disable", enabled(), disableHub(member), apierr.CannotDisableMember, "", StatusEnabled},
		{"administrator disassociates a member that disabled", append(enabled(), resign(member), disableHub(member)), disassociate(admin, member), none, "", StatusResigned},
		{"administrator deletes a member that disabled", append(enabled(), resign(member), disableHub(member)), deleteMember(admin, member), none, "", "absent"},
		{"administrator deletes a removed member that disabled", append(enabled(), disassociate(admin, member), disableHub(member)), deleteMember(admin, member), none, "", "absent"},
		{"member resigns after removal", append(enabled(), disassociate(admin, member)), resign(member), apierr.NoSuchMembership, "", StatusRemoved},
		{"member resigns after deletion", append(enabled(), disassociate(admin, member), deleteMember(admin, member)), resign(member), apierr.NoSuchMembership, "", "absent"},
		{"member disables after deletion", append(enabled(), disassociate(admin, member), deleteMember(admin, member)), disableHub(member), none, "", "absent"},
		{"re-enabled member has no invitation to accept", append(enabled(), resign(member), disableHub(member), enableHub(member)), accept(member, admin), apierr.NoPendingInvitation, "", StatusResigned},
		{"re-invite after the member disabled", append(enabled(), resign(member), disableHub(member), enableHub(member)), invite(admin, member), none, "", StatusInvited},
		{"administrator disables", append(enabled(), resign(member)), disableHub(admin), none, "", "absent"},
	}
	// What the member sees from its side after these actions ("" for nothing).
	memberSees := map[string]string{
		"member disables after resigning":                      "",
		"member disables after removal":                        "",
		"member disables with a pending invitation":            "",
		"member disables with a created record":                "",
		"enabled member cannot disable":                        "invitation from " + admin + " (Enabled), administrator " + admin,
		"administrator disassociates a member that disabled":   "",
		"administrator deletes a member that disabled":         "",
		"re-enabled member has no invitation to accept":        "",
		"re-invite after the member disabled":                  "invitation from " + admin + " (Invited)",
		"administrator disables":                               "",
		"administrator deletes a removed member that disabled": "",
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, admin, member, "333333333333")
			if c.name == "create with hub off" {
				f = newFixture(t, admin, member)
			}
			for i, s := range c.setup {
				if err, r := s(f); err != nil || len(r) != 0 {
					t.Fatalf("setup step %d: %v %v", i, err, r)
				}
			}
			err, results := c.action(f)
			var ae *apierr.Error
			switch {
			case c.err == none && err != nil:
				t.Fatalf("unexpected error %v", err)
			case c.err != none && (!errors.As(err, &ae) || *ae != *c.err.New()):
				t.Fatalf("error %v, want %+v", err, c.err)
			}
			gotResult := ""
			if len(results) > 0 {
				gotResult = results[0].ProcessingResult
			}
			if gotResult != c.result {
				t.Errorf("result %q, want %q", gotResult, c.result)
			}
			if got := f.status(admin, member); got != c.status {
				t.Errorf("status %s, want %s", got, c.status)
			}
			if want, ok := memberSees[c.name]; ok {
				if got := f.memberSees(member); got != want {
					t.Errorf("the member sees %q, want %q", got, want)
				}
			}
		})
	}
}

// enabled returns the steps that make member an Enabled member of admin.
func enabled() []step {
	return []step{create(admin, member), invite(admin, member), accept(member, admin)}
}

func TestVisible(t *testing.T) {
	f := newFixture(t, admin, member, other)
	for _, s := range []step{create(admin, member), create(admin, other), invite(admin, member), invite(admin, other), accept(member, admin)} {
		if err, r := s(f); err != nil || len(r) != 0 {
			t.Fatal(err, r)
		}
	}
	var got []string
	f.st.View(ctx, func(tx store.Tx) (err error) {
		got, err = Visible(tx, store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: admin})
		return err
	})
	if len(got) != 2 || got[0] != admin || got[1] != member {
		t.Fatalf("admin sees %v, want itself and its Enabled member only", got)
	}
	f.st.View(ctx, func(tx store.Tx) (err error) {
		got, err = Visible(tx, store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: member})
		return err
	})
	if len(got) != 1 || got[0] != member {
		t.Fatalf("member sees %v, want itself", got)
	}
}
