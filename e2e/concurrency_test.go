package e2e

import (
	"fmt"
	"math/rand"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/sechub/sechub/internal/testenv"
)

// TestMembershipInvariantsUnderConcurrency fires concurrent CreateMembers, InviteMembers,
// Accept, Disassociate and DisassociateFrom calls between many accounts, in both directions
// (many administrators at one member, one administrator at many members, members trying to
// become administrators), then checks that no account has two Enabled administrators, none is
// administrator and member at once, and both sides of every relationship agree.
func TestMembershipInvariantsUnderConcurrency(t *testing.T) {
	membershipStorm(t, testenv.Start(t))
}

// membershipStorm runs the storm through the servers of envs (which share one store), each
// call through the next, and checks the invariants.
func membershipStorm(t *testing.T, envs ...*testenv.Env) {
	const n = 8
	var ids []string
	for i := 0; i < n; i++ {
		ids = append(ids, fmt.Sprintf("90000000000%d", i))
	}
	through := make([]map[string]*account, len(envs)) // an account's client for each server
	for e, env := range envs {
		through[e] = map[string]*account{}
		for _, id := range ids {
			through[e][id] = newAccount(t, env, id, e == 0)
		}
	}
	accts := through[0]
	on := func(id string, i int) *account { return through[i%len(envs)][id] }

	// Accounts 0-3 act mostly as administrators, 4-7 mostly as members; every account sometimes
	// plays the other role, so the "never both" rule is contested too.
	var wg sync.WaitGroup
	for w, id := range ids {
		wg.Add(1)
		go func(w int, id string) {
			defer wg.Done()
			rnd := rand.New(rand.NewSource(int64(w)))
			admin := w < n/2
			for i := 0; i < 60; i++ {
				self := on(id, i+w)
				other := ids[rnd.Intn(n)]
				act := rnd.Intn(10)
				if !admin {
					act = 5 + rnd.Intn(4)  // members mostly accept, sometimes resign...
					if rnd.Intn(12) == 0 { // ...and now and then try to become administrators, then give up
						self.c.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: detailsOf(other)})
						self.c.DeleteMembers(ctx, &securityhub.DeleteMembersInput{AccountIds: []string{other}})
						continue
					}
				}
				switch {
				case act < 2:
					self.c.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: detailsOf(other, ids[rnd.Intn(n)])})
				case act < 4:
					self.c.InviteMembers(ctx, &securityhub.InviteMembersInput{AccountIds: []string{other, ids[rnd.Intn(n)]}})
				case act < 5:
					self.c.DisassociateMembers(ctx, &securityhub.DisassociateMembersInput{AccountIds: []string{other}})
				case act < 8:
					out, err := self.c.ListInvitations(ctx, &securityhub.ListInvitationsInput{})
					if err == nil && len(out.Invitations) > 0 {
						inv := out.Invitations[rnd.Intn(len(out.Invitations))]
						self.c.AcceptAdministratorInvitation(ctx, &securityhub.AcceptAdministratorInvitationInput{
							AdministratorId: inv.AccountId, InvitationId: inv.InvitationId})
					}
				case act < 9 && rnd.Intn(3) == 0:
					self.c.DisassociateFromAdministratorAccount(ctx, &securityhub.DisassociateFromAdministratorAccountInput{})
				case act >= 9:
					self.c.DeleteMembers(ctx, &securityhub.DeleteMembersInput{AccountIds: []string{other}})
				}
			}
		}(w, id)
	}
	// Meanwhile every administrator invites one member, which accepts whatever it sees (with
	// several servers: invited through one, accepted through the other).
	for a, id := range ids[:n/2] {
		wg.Add(1)
		go func(a int, id string) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				admin, target := on(id, a+i), on(ids[n-1], a+i+1)
				admin.c.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: detailsOf(target.id)})
				admin.c.InviteMembers(ctx, &securityhub.InviteMembersInput{AccountIds: []string{target.id}})
				out, err := target.c.ListInvitations(ctx, &securityhub.ListInvitationsInput{})
				if err == nil {
					for _, inv := range out.Invitations {
						target.c.AcceptAdministratorInvitation(ctx, &securityhub.AcceptAdministratorInvitationInput{
							AdministratorId: inv.AccountId, InvitationId: inv.InvitationId})
					}
				}
			}
		}(a, id)
	}
	wg.Wait()

	// Gather both sides.
	adminSide := map[[2]string]string{} // (admin, member) -> status
	for _, id := range ids {
		for _, m := range accts[id].listMembers(aws.Bool(false)) {
			adminSide[[2]string{id, aws.ToString(m.AccountId)}] = aws.ToString(m.MemberStatus)
		}
	}
	enabled := 0
	for _, member := range ids {
		var admins []string
		for pair, status := range adminSide {
			if pair[1] == member && status == "Enabled" {
				admins = append(admins, pair[0])
			}
		}
		if len(admins) > 1 {
			t.Errorf("%s has %d Enabled administrators: %v", member, len(admins), admins)
		}
		adm := accts[member].administrator()
		switch {
		case len(admins) == 0 && adm != nil:
			t.Errorf("%s reports administrator %s the administrator side does not", member, aws.ToString(adm.AccountId))
		case len(admins) == 1 && (adm == nil || aws.ToString(adm.AccountId) != admins[0]):
			t.Errorf("%s: administrator side says %s, member side %+v", member, admins[0], adm)
		}
		if len(admins) == 1 {
			enabled++
			for pair, status := range adminSide {
				if pair[0] == member && (status == "Created" || status == "Invited" || status == "Enabled") {
					t.Errorf("%s is an Enabled member of %s and has member %s (%s)", member, admins[0], pair[1], status)
				}
			}
		}
		// Every invitation the member sees matches the administrator's record.
		for _, inv := range accts[member].invitations() {
			if got := adminSide[[2]string{aws.ToString(inv.AccountId), member}]; got != aws.ToString(inv.MemberStatus) {
				t.Errorf("%s sees %s's invitation as %s, administrator has %q", member, aws.ToString(inv.AccountId), aws.ToString(inv.MemberStatus), got)
			}
		}
	}
	t.Logf("%d relationships, %d Enabled members after the storm", len(adminSide), enabled)
}

func detailsOf(ids ...string) []securityhubAccountDetails {
	out := make([]securityhubAccountDetails, len(ids))
	for i, id := range ids {
		out[i] = securityhubAccountDetails{AccountId: aws.String(id)}
	}
	return out
}
