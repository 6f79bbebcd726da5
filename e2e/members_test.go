package e2e

import (
	"fmt"
	"regexp"
	"sort"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

const msgAlreadyMember = "The request is rejected because the given account ID is already a member or associated member of the current account."

// account is one account's Security Hub client in the test region.
type account struct {
	t  *testing.T
	id string
	c  *securityhub.Client
}

func newAccount(t *testing.T, env *testenv.Env, id string, enable bool) *account {
	a := &account{t: t, id: id, c: env.SecurityHub(id, region)}
	if enable {
		if _, err := a.c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
			t.Fatalf("%s EnableSecurityHub: %v", id, err)
		}
	}
	return a
}

func (a *account) create(ids ...string) []types.Result {
	a.t.Helper()
	var details []types.AccountDetails
	for _, id := range ids {
		details = append(details, types.AccountDetails{AccountId: aws.String(id)})
	}
	out, err := a.c.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: details})
	if err != nil {
		a.t.Fatalf("%s CreateMembers: %v", a.id, err)
	}
	return out.UnprocessedAccounts
}

func (a *account) invite(ids ...string) []types.Result {
	a.t.Helper()
	out, err := a.c.InviteMembers(ctx, &securityhub.InviteMembersInput{AccountIds: ids})
	if err != nil {
		a.t.Fatalf("%s InviteMembers: %v", a.id, err)
	}
	return out.UnprocessedAccounts
}

func (a *account) member(id string) (types.Member, bool) {
	a.t.Helper()
	out, err := a.c.GetMembers(ctx, &securityhub.GetMembersInput{AccountIds: []string{id}})
	if err != nil {
		a.t.Fatalf("%s GetMembers: %v", a.id, err)
	}
	if len(out.Members) == 0 {
		if len(out.UnprocessedAccounts) != 1 || aws.ToString(out.UnprocessedAccounts[0].AccountId) != id {
			a.t.Fatalf("GetMembers(%s): no member and unprocessed %+v", id, out.UnprocessedAccounts)
		}
		return types.Member{}, false
	}
	return out.Members[0], true
}

func (a *account) status(id string) string {
	a.t.Helper()
	m, ok := a.member(id)
	if !ok {
		return "absent"
	}
	return aws.ToString(m.MemberStatus)
}

func (a *account) listMembers(onlyAssociated *bool) []types.Member {
	a.t.Helper()
	var all []types.Member
	p := securityhub.NewListMembersPaginator(a.c, &securityhub.ListMembersInput{OnlyAssociated: onlyAssociated})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			a.t.Fatalf("%s ListMembers: %v", a.id, err)
		}
		all = append(all, page.Members...)
	}
	return all
}

func (a *account) invitations() []types.Invitation {
	a.t.Helper()
	out, err := a.c.ListInvitations(ctx, &securityhub.ListInvitationsInput{})
	if err != nil {
		a.t.Fatalf("%s ListInvitations: %v", a.id, err)
	}
	return out.Invitations
}

func (a *account) invitationsCount() int32 {
	a.t.Helper()
	out, err := a.c.GetInvitationsCount(ctx, &securityhub.GetInvitationsCountInput{})
	if err != nil {
		a.t.Fatalf("%s GetInvitationsCount: %v", a.id, err)
	}
	return aws.ToInt32(out.InvitationsCount)
}

func (a *account) invitationFrom(admin string) string {
	a.t.Helper()
	for _, inv := range a.invitations() {
		if aws.ToString(inv.AccountId) == admin {
			return aws.ToString(inv.InvitationId)
		}
	}
	a.t.Fatalf("%s has no invitation from %s", a.id, admin)
	return ""
}

func (a *account) accept(admin, invitationID string) error {
	_, err := a.c.AcceptAdministratorInvitation(ctx, &securityhub.AcceptAdministratorInvitationInput{
		AdministratorId: aws.String(admin), InvitationId: aws.String(invitationID)})
	return err
}

func (a *account) administrator() *types.Invitation {
	a.t.Helper()
	out, err := a.c.GetAdministratorAccount(ctx, &securityhub.GetAdministratorAccountInput{})
	if err != nil {
		a.t.Fatalf("%s GetAdministratorAccount: %v", a.id, err)
	}
	return out.Administrator
}

var invitationIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// TestInvitationLifecycle walks invitations through every status, seen from both sides:
// invite, accept, decline, resign, remove, re-invite.
func TestInvitationLifecycle(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	b := newAccount(t, env, acctB, true)

	// 3. CreateMembers: Created, no Email, no InvitedAt, MasterId = AdministratorId = A.
	if un := a.create(acctB); len(un) != 0 {
		t.Fatalf("CreateMembers: unprocessed %+v", un)
	}
	m, _ := a.member(acctB)
	if aws.ToString(m.MemberStatus) != "Created" || m.Email != nil || m.InvitedAt != nil || m.UpdatedAt == nil ||
		aws.ToString(m.MasterId) != acctA || aws.ToString(m.AdministratorId) != acctA {
		t.Fatalf("created member: %+v", m)
	}
	if un := a.create(acctB); len(un) != 1 || aws.ToString(un[0].ProcessingResult) != msgAlreadyMember {
		t.Fatalf("CreateMembers twice: %+v", un)
	}
	if len(b.invitations()) != 0 {
		t.Fatal("an invitation before InviteMembers")
	}

	// 4. InviteMembers: Invited with InvitedAt; B sees a 32-hex invitation; count 1.
	if un := a.invite(acctB); len(un) != 0 {
		t.Fatalf("InviteMembers: %+v", un)
	}
	m, _ = a.member(acctB)
	if aws.ToString(m.MemberStatus) != "Invited" || m.InvitedAt == nil {
		t.Fatalf("invited member: %+v", m)
	}
	invs := b.invitations()
	if len(invs) != 1 || aws.ToString(invs[0].AccountId) != acctA || aws.ToString(invs[0].MemberStatus) != "Invited" ||
		!invitationIDPattern.MatchString(aws.ToString(invs[0].InvitationId)) || invs[0].InvitedAt == nil {
		t.Fatalf("B's invitations: %+v", invs)
	}
	if n := b.invitationsCount(); n != 1 {
		t.Fatalf("GetInvitationsCount = %d", n)
	}
	if un := a.invite(acctB); len(un) != 1 {
		t.Fatalf("second InviteMembers processed: %+v", un)
	}
	invitationID := aws.ToString(invs[0].InvitationId)

	// 5. Accept: wrong id refused; right id makes B Enabled.
	testenv.ExpectError(t, b.accept(acctA, "00000000000000000000000000000000"), "InvalidInputException", 400, "")
	if err := b.accept(acctA, invitationID); err != nil {
		t.Fatalf("accept: %v", err)
	}
	if list := a.listMembers(nil); len(list) != 1 || aws.ToString(list[0].MemberStatus) != "Enabled" {
		t.Fatalf("A ListMembers (OnlyAssociated default): %+v", list)
	}
	adm := b.administrator()
	if adm == nil || aws.ToString(adm.AccountId) != acctA || aws.ToString(adm.MemberStatus) != "Enabled" || aws.ToString(adm.InvitationId) != invitationID {
		t.Fatalf("B GetAdministratorAccount: %+v", adm)
	}
	master, err := b.c.GetMasterAccount(ctx, &securityhub.GetMasterAccountInput{})
	if err != nil || master.Master == nil || aws.ToString(master.Master.AccountId) != acctA {
		t.Fatalf("B GetMasterAccount: %+v %v", master, err)
	}
	if n := b.invitationsCount(); n != 0 {
		t.Fatalf("GetInvitationsCount after accept = %d", n)
	}
	if invs := b.invitations(); len(invs) != 1 || aws.ToString(invs[0].MemberStatus) != "Enabled" {
		t.Fatalf("accepted invitation listed as %+v", invs)
	}
	if err := b.accept(acctA, invitationID); err != nil {
		t.Fatalf("re-accepting the accepted invitation: %v", err)
	}

	// 6. B cannot disable while Enabled; B resigns; A sees Resigned; B re-accepts.
	_, err = b.c.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	_, err = a.c.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Cannot disable Security Hub on the Security Hub administrator")
	if _, err := b.c.DisassociateFromAdministratorAccount(ctx, &securityhub.DisassociateFromAdministratorAccountInput{}); err != nil {
		t.Fatalf("DisassociateFromAdministratorAccount: %v", err)
	}
	if s := a.status(acctB); s != "Resigned" {
		t.Fatalf("after resigning: %s", s)
	}
	if adm := b.administrator(); adm != nil {
		t.Fatalf("administrator after resigning: %+v", adm)
	}
	_, err = b.c.DisassociateFromMasterAccount(ctx, &securityhub.DisassociateFromMasterAccountInput{})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	if len(a.listMembers(nil)) != 0 {
		t.Fatal("a Resigned member is listed as associated")
	}
	if _, err := b.c.AcceptInvitation(ctx, &securityhub.AcceptInvitationInput{MasterId: aws.String(acctA), InvitationId: aws.String(invitationID)}); err != nil {
		t.Fatalf("re-accepting with the deprecated AcceptInvitation: %v", err)
	}
	if s := a.status(acctB); s != "Enabled" {
		t.Fatalf("after re-accepting: %s", s)
	}

	// 7. Delete while Enabled refused; disassociate → Removed; delete → gone; create again → Created.
	del, err := a.c.DeleteMembers(ctx, &securityhub.DeleteMembersInput{AccountIds: []string{acctB}})
	if err != nil || len(del.UnprocessedAccounts) != 1 {
		t.Fatalf("DeleteMembers of an Enabled member: %+v %v", del, err)
	}
	if _, err := a.c.DisassociateMembers(ctx, &securityhub.DisassociateMembersInput{AccountIds: []string{acctB, "999999999999"}}); err != nil {
		t.Fatalf("DisassociateMembers: %v", err)
	}
	if s := a.status(acctB); s != "Removed" {
		t.Fatalf("after DisassociateMembers: %s", s)
	}
	if adm := b.administrator(); adm != nil {
		t.Fatalf("B still has an administrator: %+v", adm)
	}
	if len(b.invitations()) != 0 {
		t.Fatal("B still lists the invitation after being removed")
	}
	testenv.ExpectError(t, b.accept(acctA, invitationID), "InvalidInputException", 400, "")
	del, err = a.c.DeleteMembers(ctx, &securityhub.DeleteMembersInput{AccountIds: []string{acctB}})
	if err != nil || len(del.UnprocessedAccounts) != 0 {
		t.Fatalf("DeleteMembers: %+v %v", del, err)
	}
	f := false
	if all := a.listMembers(&f); len(all) != 0 {
		t.Fatalf("deleted member still listed: %+v", all)
	}
	if _, ok := a.member(acctB); ok {
		t.Fatal("deleted member still returned by GetMembers")
	}
	if un := a.create(acctB); len(un) != 0 {
		t.Fatalf("re-creating: %+v", un)
	}
	m, _ = a.member(acctB)
	if aws.ToString(m.MemberStatus) != "Created" || m.InvitedAt != nil {
		t.Fatalf("re-created member: %+v", m)
	}
	a.invite(acctB)
	if id := b.invitationFrom(acctA); id == invitationID {
		t.Fatal("a new invitation reused the old id")
	}

	// 9. Decline a pending invitation: A sees Resigned; B's list is empty.
	dec, err := b.c.DeclineInvitations(ctx, &securityhub.DeclineInvitationsInput{AccountIds: []string{acctA, "999999999999"}})
	if err != nil || len(dec.UnprocessedAccounts) != 1 || aws.ToString(dec.UnprocessedAccounts[0].AccountId) != "999999999999" {
		t.Fatalf("DeclineInvitations: %+v %v", dec, err)
	}
	if s := a.status(acctB); s != "Resigned" {
		t.Fatalf("after decline: %s", s)
	}
	if len(b.invitations()) != 0 || b.invitationsCount() != 0 {
		t.Fatal("declined invitation still listed")
	}
}

// TestCreateMembersUnprocessed: the caller's own id, and the entries after the 50th, come back
// as unprocessed.
func TestCreateMembersUnprocessed(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	ids := []string{acctA, "12345", "not-an-id"}
	for i := 0; i < 51; i++ {
		ids = append(ids, fmt.Sprintf("5000000000%02d", i))
	}
	un := a.create(ids...)
	byID := map[string]string{}
	for _, r := range un {
		byID[aws.ToString(r.AccountId)] = aws.ToString(r.ProcessingResult)
	}
	want := map[string]string{
		acctA:          "The request is rejected because an account cannot become a member of itself.",
		"12345":        "The request is rejected because an invalid or out-of-range value is specified as an input parameter.",
		"not-an-id":    "The request is rejected because an invalid or out-of-range value is specified as an input parameter.",
		"500000000047": "Maximum number of results exceeded",
		"500000000048": "Maximum number of results exceeded",
		"500000000049": "Maximum number of results exceeded",
		"500000000050": "Maximum number of results exceeded",
	}
	if len(un) != len(want) {
		t.Fatalf("unprocessed: %+v", un)
	}
	for id, text := range want {
		if byID[id] != text {
			t.Errorf("%s: %q, want %q", id, byID[id], text)
		}
	}
	f := false
	if n := len(a.listMembers(&f)); n != 47 {
		t.Fatalf("created %d members, want 47", n)
	}

	// InviteMembers: only created members can be invited; self refused.
	un = a.invite(acctA, "500000000000", "700000000000")
	if len(un) != 2 {
		t.Fatalf("InviteMembers unprocessed: %+v", un)
	}
}

func TestMemberRules(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	b := newAccount(t, env, acctB, true)
	c := newAccount(t, env, "333333333333", true)

	// B is invited by both A and C: two pending invitations, one can be accepted.
	a.create(acctB)
	a.invite(acctB)
	c.create(acctB)
	c.invite(acctB)
	if n := b.invitationsCount(); n != 2 {
		t.Fatalf("two invitations counted as %d", n)
	}
	if err := b.accept(acctA, b.invitationFrom(acctA)); err != nil {
		t.Fatal(err)
	}
	testenv.ExpectError(t, b.accept(c.id, b.invitationFrom(c.id)), "InvalidInputException", 400,
		"The request is rejected because the current account cannot accept invitations since it is already an associated member of some master account.")
	// An Enabled member cannot become an administrator.
	un := b.create("444444444444")
	if len(un) != 1 || aws.ToString(un[0].ProcessingResult) != "The request is rejected because the current account cannot create members since it is already an associated member of another master account." {
		t.Fatalf("member creating members: %+v", un)
	}
	// A third administrator cannot invite B while B is Enabled under A.
	d := newAccount(t, env, "555555555555", true)
	d.create(acctB)
	if un := d.invite(acctB); len(un) != 1 || aws.ToString(un[0].ProcessingResult) != "The request is rejected because the given account ID is already an associated member of another master account." {
		t.Fatalf("inviting a member of another: %+v", un)
	}

	// An administrator with members cannot accept an invitation.
	e := newAccount(t, env, "666666666666", true)
	e.create(acctA)
	e.invite(acctA)
	testenv.ExpectError(t, a.accept(e.id, a.invitationFrom(e.id)), "InvalidInputException", 400,
		"The request is rejected because the current account cannot accept invitations since it has created, invited or associated members.")

	// DeleteInvitations from the administrator's side withdraws a pending invitation.
	del, err := e.c.DeleteInvitations(ctx, &securityhub.DeleteInvitationsInput{AccountIds: []string{acctA}})
	if err != nil || len(del.UnprocessedAccounts) != 0 {
		t.Fatalf("admin-side DeleteInvitations: %+v %v", del, err)
	}
	if s := e.status(acctA); s != "Created" {
		t.Fatalf("withdrawn invitation leaves status %s", s)
	}
	// From the member's side, the accepted invitation cannot be deleted; C's pending one can.
	del, err = b.c.DeleteInvitations(ctx, &securityhub.DeleteInvitationsInput{AccountIds: []string{acctA, c.id}})
	if err != nil || len(del.UnprocessedAccounts) != 1 || aws.ToString(del.UnprocessedAccounts[0].AccountId) != acctA {
		t.Fatalf("member-side DeleteInvitations: %+v %v", del, err)
	}
	if s := c.status(acctB); s != "Resigned" {
		t.Fatalf("deleted pending invitation leaves %s", s)
	}

	// A member disabling its hub is refused; after A removes it, it can: A keeps the Removed
	// record until it deletes it (members_destroy_test.go runs every order of those calls).
	if _, err := a.c.DisassociateMembers(ctx, &securityhub.DisassociateMembersInput{AccountIds: []string{acctB}}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.c.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{}); err != nil {
		t.Fatalf("disable after removal: %v", err)
	}
	if s := a.status(acctB); s != "Removed" {
		t.Fatalf("after the member's DisableSecurityHub the administrator sees %s, want Removed", s)
	}
}

// TestMembersRegionIsolation: regions are isolated; an invitation is accepted in the region
// where it was sent.
func TestMembersRegionIsolation(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	b := newAccount(t, env, acctB, true)
	a.create(acctB)
	a.invite(acctB)
	id := b.invitationFrom(acctA)

	bWest := env.SecurityHub(acctB, "eu-west-1")
	aWest := env.SecurityHub(acctA, "eu-west-1")
	for _, c := range []*securityhub.Client{aWest, bWest} {
		if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := bWest.ListInvitations(ctx, &securityhub.ListInvitationsInput{}); err != nil || len(out.Invitations) != 0 {
		t.Fatalf("invitation visible in another region: %+v %v", out, err)
	}
	_, err := bWest.AcceptAdministratorInvitation(ctx, &securityhub.AcceptAdministratorInvitationInput{AdministratorId: aws.String(acctA), InvitationId: aws.String(id)})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	if out, err := aWest.ListMembers(ctx, &securityhub.ListMembersInput{OnlyAssociated: aws.Bool(false)}); err != nil || len(out.Members) != 0 {
		t.Fatalf("members visible in another region: %+v %v", out, err)
	}
	if err := b.accept(acctA, id); err != nil {
		t.Fatalf("accept in the sending region: %v", err)
	}
	out, err := bWest.GetAdministratorAccount(ctx, &securityhub.GetAdministratorAccountInput{})
	if err != nil || out.Administrator != nil {
		t.Fatalf("administrator in another region: %+v %v", out, err)
	}
}

// TestMemberAPIsWithHubOff checks what each member API answers when the caller's hub is off:
// administrator-side APIs and member-side APIs answer with different errors.
func TestMemberAPIsWithHubOff(t *testing.T) {
	env := testenv.Start(t)
	c := env.SecurityHub(acctA, region)
	const msg = "The request is rejected since no such resource found."
	adminSide := map[string]func() error{
		"CreateMembers": func() error {
			_, err := c.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: []types.AccountDetails{{AccountId: aws.String(acctB)}}})
			return err
		},
		"InviteMembers": func() error {
			_, err := c.InviteMembers(ctx, &securityhub.InviteMembersInput{AccountIds: []string{acctB}})
			return err
		},
		"GetMembers": func() error {
			_, err := c.GetMembers(ctx, &securityhub.GetMembersInput{AccountIds: []string{acctB}})
			return err
		},
		"ListMembers": func() error { _, err := c.ListMembers(ctx, &securityhub.ListMembersInput{}); return err },
		"DeleteMembers": func() error {
			_, err := c.DeleteMembers(ctx, &securityhub.DeleteMembersInput{AccountIds: []string{acctB}})
			return err
		},
		"DisassociateMembers": func() error {
			_, err := c.DisassociateMembers(ctx, &securityhub.DisassociateMembersInput{AccountIds: []string{acctB}})
			return err
		},
	}
	memberSide := map[string]func() error{
		"GetAdministratorAccount": func() error { _, err := c.GetAdministratorAccount(ctx, nil); return err },
		"GetMasterAccount":        func() error { _, err := c.GetMasterAccount(ctx, nil); return err },
		"ListInvitations":         func() error { _, err := c.ListInvitations(ctx, nil); return err },
		"GetInvitationsCount":     func() error { _, err := c.GetInvitationsCount(ctx, nil); return err },
		"AcceptAdministratorInvitation": func() error {
			_, err := c.AcceptAdministratorInvitation(ctx, &securityhub.AcceptAdministratorInvitationInput{AdministratorId: aws.String(acctB), InvitationId: aws.String("x")})
			return err
		},
		"DeclineInvitations": func() error {
			_, err := c.DeclineInvitations(ctx, &securityhub.DeclineInvitationsInput{AccountIds: []string{acctB}})
			return err
		},
		"DeleteInvitations": func() error {
			_, err := c.DeleteInvitations(ctx, &securityhub.DeleteInvitationsInput{AccountIds: []string{acctB}})
			return err
		},
		"DisassociateFromAdministratorAccount": func() error { _, err := c.DisassociateFromAdministratorAccount(ctx, nil); return err },
	}
	names := func(m map[string]func() error) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	for _, name := range names(adminSide) {
		t.Run(name, func(t *testing.T) { testenv.ExpectError(t, adminSide[name](), "BadRequestException", 400, msg) })
	}
	for _, name := range names(memberSide) {
		t.Run(name, func(t *testing.T) { testenv.ExpectError(t, memberSide[name](), "AccessDeniedException", 403, msg) })
	}
}

func TestListMembersPagination(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	var ids []string
	for i := 0; i < 120; i++ {
		ids = append(ids, fmt.Sprintf("7000000%05d", i))
	}
	for i := 0; i < len(ids); i += 50 {
		if un := a.create(ids[i:min(i+50, len(ids))]...); len(un) != 0 {
			t.Fatal(un)
		}
	}
	var got []string
	var token *string
	pages := 0
	for {
		out, err := a.c.ListMembers(ctx, &securityhub.ListMembersInput{OnlyAssociated: aws.Bool(false), MaxResults: aws.Int32(50), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, m := range out.Members {
			got = append(got, aws.ToString(m.AccountId))
		}
		if out.NextToken == nil {
			break
		}
		token = out.NextToken
		// A token bound to OnlyAssociated=false is refused with OnlyAssociated=true, and by another account.
		_, err = a.c.ListMembers(ctx, &securityhub.ListMembersInput{OnlyAssociated: aws.Bool(true), NextToken: token})
		testenv.ExpectError(t, err, "InvalidInputException", 400, "")
		other := newAccount(t, env, fmt.Sprintf("88888888888%d", pages), true)
		_, err = other.c.ListMembers(ctx, &securityhub.ListMembersInput{OnlyAssociated: aws.Bool(false), NextToken: token})
		testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	}
	if pages != 3 || len(got) != 120 || !sort.StringsAreSorted(got) || got[0] != ids[0] {
		t.Fatalf("%d pages, %d members, sorted %v", pages, len(got), sort.StringsAreSorted(got))
	}
	_, err := a.c.ListMembers(ctx, &securityhub.ListMembersInput{NextToken: aws.String("tampered.token")})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	_, err = a.c.ListMembers(ctx, &securityhub.ListMembersInput{MaxResults: aws.Int32(51)})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
}

// DisassociateMembers ignores unknown ids, but answers 404 when none of them is a member, so
// Terraform's member deletion treats a vanished member as already gone.
func TestDisassociateUnknownMembers(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	_, err := a.c.DisassociateMembers(ctx, &securityhub.DisassociateMembersInput{AccountIds: []string{acctB}})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "The request is rejected since no such resource found.")
	a.create(acctB)
	if _, err := a.c.DisassociateMembers(ctx, &securityhub.DisassociateMembersInput{AccountIds: []string{acctB, "999999999999"}}); err != nil {
		t.Fatalf("mixed ids: %v", err)
	}
	if s := a.status(acctB); s != "Removed" {
		t.Fatalf("status %s", s)
	}
}
