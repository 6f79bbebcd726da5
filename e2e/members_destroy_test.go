package e2e

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/sechub/sechub/internal/testenv"
)

// Terraform destroys an invited member (aws_securityhub_member, on the administrator's side)
// and its aws_securityhub_invite_accepter (on the member's side) in parallel: the member calls
// DisassociateFromAdministratorAccount then DisableSecurityHub, the administrator
// DisassociateMembers then DeleteMembers. These tests run every order of those four calls,
// then the two sides at once, and check that each call answers as AWS does and that both
// sides end with no trace of the relationship.

const (
	msgNoSuchResource = "The request is rejected since no such resource found."
	// msgNotAMember is AWS's text, placeholders and all (see internal/members/results.go).
	msgNotAMember = "The request is rejected because the given account ID is not an associated member of account the current account."
)

// destroyCall is one of the four calls of a destroy.
type destroyCall string

const (
	memberResign       destroyCall = "member DisassociateFromAdministratorAccount"
	memberDisable      destroyCall = "member DisableSecurityHub"
	adminDisassociate  destroyCall = "admin DisassociateMembers"
	adminDeleteMembers destroyCall = "admin DeleteMembers"
)

var shortName = map[destroyCall]string{memberResign: "member-resigns", memberDisable: "member-disables",
	adminDisassociate: "admin-disassociates", adminDeleteMembers: "admin-deletes"}

// interleavings returns every merge of a and b that keeps each one's own order.
func interleavings(a, b []destroyCall) [][]destroyCall {
	if len(a) == 0 {
		return [][]destroyCall{append([]destroyCall(nil), b...)}
	}
	if len(b) == 0 {
		return [][]destroyCall{append([]destroyCall(nil), a...)}
	}
	var out [][]destroyCall
	for _, rest := range interleavings(a[1:], b) {
		out = append(out, append([]destroyCall{a[0]}, rest...))
	}
	for _, rest := range interleavings(a, b[1:]) {
		out = append(out, append([]destroyCall{b[0]}, rest...))
	}
	return out
}

// enabledPair makes member an Enabled invitation member of admin, both hubs on.
func enabledPair(t *testing.T, env *testenv.Env, adminID, memberID string) (admin, member *account) {
	t.Helper()
	admin = newAccount(t, env, adminID, true)
	member = newAccount(t, env, memberID, true)
	if un := admin.create(memberID); len(un) != 0 {
		t.Fatalf("CreateMembers: %+v", un)
	}
	if un := admin.invite(memberID); len(un) != 0 {
		t.Fatalf("InviteMembers: %+v", un)
	}
	if err := member.accept(adminID, member.invitationFrom(adminID)); err != nil {
		t.Fatalf("AcceptAdministratorInvitation: %v", err)
	}
	if s := admin.status(memberID); s != "Enabled" {
		t.Fatalf("status %s after accepting", s)
	}
	return admin, member
}

// TestMembersDestroyInterleavings runs the six orders of the two sides' calls one call at a
// time, and checks every answer and the administrator's record after each call.
func TestMembersDestroyInterleavings(t *testing.T) {
	env := testenv.Start(t)
	orders := interleavings([]destroyCall{memberResign, memberDisable}, []destroyCall{adminDisassociate, adminDeleteMembers})
	if len(orders) != 6 {
		t.Fatalf("%d interleavings, want 6", len(orders))
	}
	for i, order := range orders {
		adminID, memberID := fmt.Sprintf("71%010d", i), fmt.Sprintf("72%010d", i)
		var steps []string
		for _, call := range order {
			steps = append(steps, shortName[call])
		}
		name := strings.Join(steps, ",")
		t.Run(name, func(t *testing.T) {
			admin, member := enabledPair(t, env, adminID, memberID)
			status := "Enabled" // the administrator's record, as AWS shows it
			for _, call := range order {
				switch call {
				case memberResign:
					_, err := member.c.DisassociateFromAdministratorAccount(ctx, &securityhub.DisassociateFromAdministratorAccountInput{})
					if status == "Enabled" {
						if err != nil {
							t.Fatalf("%s: %v", call, err)
						}
						status = "Resigned"
					} else {
						// No administrator any more: 404, which the invite accepter takes for "already gone".
						testenv.ExpectError(t, err, "ResourceNotFoundException", 404, msgNoSuchResource)
					}
				case memberDisable:
					if _, err := member.c.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{}); err != nil {
						t.Fatalf("%s: %v", call, err)
					}
					// Resigned and Removed stay as they are.
				case adminDisassociate:
					if _, err := admin.c.DisassociateMembers(ctx, &securityhub.DisassociateMembersInput{AccountIds: []string{memberID}}); err != nil {
						t.Fatalf("%s: %v", call, err)
					}
					if status == "Enabled" {
						status = "Removed"
					}
				case adminDeleteMembers:
					out, err := admin.c.DeleteMembers(ctx, &securityhub.DeleteMembersInput{AccountIds: []string{memberID}})
					if err != nil || len(out.UnprocessedAccounts) != 0 {
						t.Fatalf("%s: %v %v", call, unprocessed(out), err)
					}
					status = "absent"
				}
				if got := admin.status(memberID); got != status {
					t.Fatalf("after %s: the administrator sees %s, want %s", call, got, status)
				}
			}
			checkDestroyed(t, admin, member)
		})
	}
}

// TestMembersDestroyConcurrent runs the two sides at once, as Terraform does, again and again:
// the member side as aws_securityhub_invite_accepter and aws_securityhub_account do it, the
// administrator side as aws_securityhub_member does it.
func TestMembersDestroyConcurrent(t *testing.T) {
	env := testenv.Start(t)
	for i := range 30 {
		adminID, memberID := fmt.Sprintf("81%010d", i), fmt.Sprintf("82%010d", i)
		admin, member := enabledPair(t, env, adminID, memberID)
		start := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { // the member's side
			defer wg.Done()
			<-start
			_, err := member.c.DisassociateFromMasterAccount(ctx, &securityhub.DisassociateFromMasterAccountInput{})
			if err != nil {
				if got, ok := testenv.ErrorOf(err); !ok || got.Code != "ResourceNotFoundException" || got.Status != 404 || got.Message != msgNoSuchResource {
					t.Errorf("run %d: DisassociateFromMasterAccount: %v", i, err)
				}
			}
			if _, err := member.c.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{}); err != nil {
				t.Errorf("run %d: member DisableSecurityHub: %v", i, err)
			}
		}()
		go func() { // the administrator's side
			defer wg.Done()
			<-start
			if _, err := admin.c.DisassociateMembers(ctx, &securityhub.DisassociateMembersInput{AccountIds: []string{memberID}}); err != nil {
				t.Errorf("run %d: DisassociateMembers: %v", i, err)
				return
			}
			out, err := admin.c.DeleteMembers(ctx, &securityhub.DeleteMembersInput{AccountIds: []string{memberID}})
			if err != nil || len(out.UnprocessedAccounts) != 0 {
				t.Errorf("run %d: DeleteMembers: %v %v", i, unprocessed(out), err)
			}
		}()
		close(start)
		wg.Wait()
		if t.Failed() {
			t.FailNow()
		}
		checkDestroyed(t, admin, member)
	}
}

// unprocessed lists DeleteMembers' UnprocessedAccounts as "id: text".
func unprocessed(out *securityhub.DeleteMembersOutput) []string {
	if out == nil {
		return nil
	}
	var texts []string
	for _, r := range out.UnprocessedAccounts {
		texts = append(texts, aws.ToString(r.AccountId)+": "+aws.ToString(r.ProcessingResult))
	}
	return texts
}

// checkDestroyed checks that neither side keeps any trace of the relationship: the
// administrator has no such member and may disable its hub; the member's hub is off, and once
// enabled again it has no invitation and no administrator.
func checkDestroyed(t *testing.T, admin, member *account) {
	t.Helper()
	if _, ok := admin.member(member.id); ok {
		t.Fatalf("the administrator still has member %s", member.id)
	}
	got, err := admin.c.GetMembers(ctx, &securityhub.GetMembersInput{AccountIds: []string{member.id}})
	if err != nil || len(got.UnprocessedAccounts) != 1 || aws.ToString(got.UnprocessedAccounts[0].ProcessingResult) != msgNotAMember {
		t.Fatalf("GetMembers of the deleted member: %+v %v", got, err)
	}
	all := false
	if list := admin.listMembers(&all); len(list) != 0 {
		t.Fatalf("the administrator still lists %+v", list)
	}

	_, err = member.c.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "Account "+member.id+" is not subscribed to AWS Security Hub")
	_, err = member.c.ListInvitations(ctx, &securityhub.ListInvitationsInput{})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, msgNoSuchResource)
	_, err = member.c.GetAdministratorAccount(ctx, &securityhub.GetAdministratorAccountInput{})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, msgNoSuchResource)

	if _, err := member.c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatalf("the member enabling its hub again: %v", err)
	}
	if invs := member.invitations(); len(invs) != 0 {
		t.Fatalf("the member still has invitations %+v", invs)
	}
	if n := member.invitationsCount(); n != 0 {
		t.Fatalf("the member counts %d invitations", n)
	}
	if adm := member.administrator(); adm != nil {
		t.Fatalf("the member still has administrator %+v", adm)
	}
	if _, err := admin.c.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{}); err != nil {
		t.Fatalf("the administrator disabling its hub: %v", err)
	}
}
