package members

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/pagetoken"
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
	st := storetest.Open(t, hub.Schema, Schema)
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := &fixture{t: t, st: st, svc: &Service{Store: st, Tokens: pagetoken.Codec{Secret: []byte("k")},
		Now: func() time.Time { clock = clock.Add(time.Second); return clock }}}
	for _, a := range enabled {
		err := st.Update(context.Background(), func(tx store.Tx) error {
			return hub.Create(tx, store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: a}, clock, hub.SecurityControl, nil, false)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f *fixture) status(adminID, memberID string) string {
	var m store.Membership
	err := f.st.View(context.Background(), func(tx store.Tx) (err error) {
		m, err = tx.Membership(store.RegionKey{Partition: "aws", Region: "us-east-1"}, adminID, memberID)
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
		if inv.AdminID == adminID {
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

// TestStateMachine walks the transitions of spec §3.2 from both sides.
func TestStateMachine(t *testing.T) {
	cases := []struct {
		name    string
		setup   []step
		action  step
		errCode string // request error expected from the action
		result  string // ProcessingResult expected from the action
		status  string // admin-side status of (admin, member) afterwards
	}{
		{"create", nil, create(admin, member), "", "", StatusCreated},
		{"create twice", []step{create(admin, member)}, create(admin, member), "", ResultAlreadyMember, StatusCreated},
		{"create self", nil, create(admin, admin), "", ResultMemberOfItself, "absent"},
		{"create bad id", nil, create(admin, "12"), "", ResultInvalidAccountID, "absent"},
		{"create with hub off", nil, create(other, member), apierr.BadRequest, "", "absent"},
		{"invite created", []step{create(admin, member)}, invite(admin, member), "", "", StatusInvited},
		{"invite never created", nil, invite(admin, member), "", ResultNeverCreated, "absent"},
		{"invite twice", []step{create(admin, member), invite(admin, member)}, invite(admin, member), "", ResultAlreadyInvited, StatusInvited},
		{"accept", []step{create(admin, member), invite(admin, member)}, accept(member, admin), "", "", StatusEnabled},
		{"accept with no invitation", []step{create(admin, member)}, accept(member, admin), apierr.InvalidInput, "", StatusCreated},
		{"decline pending", []step{create(admin, member), invite(admin, member)}, decline(member, admin), "", "", StatusResigned},
		{"decline accepted", []step{create(admin, member), invite(admin, member), accept(member, admin)}, decline(member, admin), "", ResultDeclineWhenAssociated, StatusEnabled},
		{"resign", []step{create(admin, member), invite(admin, member), accept(member, admin)}, resign(member), "", "", StatusResigned},
		{"resign without administrator", nil, resign(member), apierr.ResourceNotFound, "", "absent"},
		{"re-accept after resigning", []step{create(admin, member), invite(admin, member), accept(member, admin), resign(member)}, accept(member, admin), "", "", StatusEnabled},
		{"re-invite after resigning", []step{create(admin, member), invite(admin, member), accept(member, admin), resign(member)}, invite(admin, member), "", "", StatusInvited},
		{"remove created", []step{create(admin, member)}, disassociate(admin, member), "", "", StatusRemoved},
		{"remove invited", []step{create(admin, member), invite(admin, member)}, disassociate(admin, member), "", "", StatusRemoved},
		{"remove enabled", []step{create(admin, member), invite(admin, member), accept(member, admin)}, disassociate(admin, member), "", "", StatusRemoved},
		{"accept after removal", []step{create(admin, member), invite(admin, member), disassociate(admin, member)}, accept(member, admin), apierr.InvalidInput, "", StatusRemoved},
		{"re-invite after removal", []step{create(admin, member), invite(admin, member), accept(member, admin), disassociate(admin, member)}, invite(admin, member), "", "", StatusInvited},
		{"delete created", []step{create(admin, member)}, deleteMember(admin, member), "", "", "absent"},
		{"delete enabled", []step{create(admin, member), invite(admin, member), accept(member, admin)}, deleteMember(admin, member), "", ResultStillAssociated, StatusEnabled},
		{"delete unknown", nil, deleteMember(admin, member), "", ResultNotAMember, "absent"},
		{"member deletes pending invitation", []step{create(admin, member), invite(admin, member)}, deleteInvitation(member, admin), "", "", StatusResigned},
		{"member deletes accepted invitation", []step{create(admin, member), invite(admin, member), accept(member, admin)}, deleteInvitation(member, admin), "", ResultInvitationAssociated, StatusEnabled},
		{"admin withdraws invitation", []step{create(admin, member), invite(admin, member)}, deleteInvitation(admin, member), "", "", StatusCreated},
		{"member of another cannot be invited", []step{create(other, member), invite(other, member), accept(member, other), create(admin, member)}, invite(admin, member), "", ResultMemberElsewhere, StatusCreated},
		{"member cannot create members", []step{create(other, admin), invite(other, admin), accept(admin, other)}, create(admin, member), "", ResultCreatorIsMember, "absent"},
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
			case c.errCode == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case c.errCode != "" && (!errors.As(err, &ae) || ae.Code != c.errCode):
				t.Fatalf("error %v, want %s", err, c.errCode)
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
		})
	}
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
