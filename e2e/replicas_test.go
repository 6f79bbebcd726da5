package e2e

import (
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/store/storetest"
	"github.com/sechub/sechub/internal/testenv"
)

// TestReplicasShareOneDatabase runs two servers on one PostgreSQL database and sends them
// concurrent, conflicting calls, each call through either: the membership storm (the same
// member invited through one server and accepted through the other), racing organization
// calls, and racing re-imports and updates of the same findings. The invariants hold as with
// one server.
func TestReplicasShareOneDatabase(t *testing.T) {
	if !storetest.OnPostgres() {
		t.Skip("two replicas need a shared store: this test runs in the PostgreSQL run of the suite")
	}
	url := storetest.NewPostgresDatabase(t)
	shared := testenv.WithConfig(func(c *server.Config) { c.StoreURL = url })
	one, two := testenv.Start(t, shared), testenv.Start(t, shared)
	t.Run("members", func(t *testing.T) { membershipStorm(t, one, two) })
	t.Run("organizations", func(t *testing.T) { organizationRace(t, one, two) })
	t.Run("findings", func(t *testing.T) { findingsRace(t, one, two) })
}

// organizationRace: the management account designates two different administrators at once
// through the two servers (one wins), then the winner adds organization accounts as members
// through one server while an outside administrator invites them and they accept through the
// other; every account ends with at most one Enabled administrator, and both sides agree.
func organizationRace(t *testing.T, one, two *testenv.Env) {
	const mgmt, outsider = "700000000000", "800000000000"
	if _, err := one.Organizations(mgmt).CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll}); err != nil {
		t.Fatal(err)
	}
	var accounts []string
	for i := range 6 {
		env := []*testenv.Env{one, two}[i%2]
		out, err := env.Organizations(mgmt).CreateAccount(ctx, &organizations.CreateAccountInput{
			AccountName: aws.String(fmt.Sprintf("acct-%d", i)), Email: aws.String(fmt.Sprintf("acct-%d@example.com", i))})
		if err != nil {
			t.Fatal(err)
		}
		st, err := env.Organizations(mgmt).DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: out.CreateAccountStatus.Id})
		if err != nil {
			t.Fatal(err)
		}
		accounts = append(accounts, aws.ToString(st.CreateAccountStatus.AccountId))
	}
	var wg sync.WaitGroup
	results := make([]error, 2)
	for i, env := range []*testenv.Env{one, two} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, results[i] = env.SecurityHub(mgmt, region).EnableOrganizationAdminAccount(ctx, &securityhub.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(accounts[i])})
		}()
	}
	wg.Wait()
	winner := ""
	for i, err := range results {
		if err == nil {
			if winner != "" {
				t.Fatalf("two organization administrators designated at once: %s and %s", winner, accounts[i])
			}
			winner = accounts[i]
		}
	}
	if winner == "" {
		t.Fatalf("no designation succeeded: %v", results)
	}
	for _, env := range []*testenv.Env{one, two} {
		out, err := env.SecurityHub(mgmt, region).ListOrganizationAdminAccounts(ctx, &securityhub.ListOrganizationAdminAccountsInput{})
		if err != nil || len(out.AdminAccounts) != 1 || aws.ToString(out.AdminAccounts[0].AccountId) != winner {
			t.Fatalf("ListOrganizationAdminAccounts: %+v %v, want %s", out, err, winner)
		}
	}

	targets := accounts[2:]
	da := &account{t: t, id: winner, c: one.SecurityHub(winner, region)}
	out := newAccount(t, two, outsider, true)
	for _, id := range targets {
		newAccount(t, two, id, true)
	}
	for round := range 3 {
		wg.Add(2 + len(targets))
		go func() {
			defer wg.Done()
			da.c.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: detailsOf(targets...)})
			if round < 2 {
				da.c.DisassociateMembers(ctx, &securityhub.DisassociateMembersInput{AccountIds: targets[round:]})
			}
		}()
		go func() {
			defer wg.Done()
			out.c.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: detailsOf(targets...)})
			out.c.InviteMembers(ctx, &securityhub.InviteMembersInput{AccountIds: targets})
		}()
		for i, id := range targets {
			go func() {
				defer wg.Done()
				c := []*testenv.Env{one, two}[(i+round)%2].SecurityHub(id, region)
				if inv, err := c.ListInvitations(ctx, &securityhub.ListInvitationsInput{}); err == nil {
					for _, v := range inv.Invitations {
						c.AcceptAdministratorInvitation(ctx, &securityhub.AcceptAdministratorInvitationInput{AdministratorId: v.AccountId, InvitationId: v.InvitationId})
					}
				}
			}()
		}
		wg.Wait()
	}

	enabledBy := map[string][]string{}
	for _, admin := range []*account{da, out} {
		for _, m := range admin.listMembers(aws.Bool(true)) {
			if aws.ToString(m.MemberStatus) == "Enabled" {
				enabledBy[aws.ToString(m.AccountId)] = append(enabledBy[aws.ToString(m.AccountId)], admin.id)
			}
		}
	}
	for _, id := range targets {
		admins := enabledBy[id]
		if len(admins) > 1 {
			t.Errorf("%s has two Enabled administrators: %v", id, admins)
		}
		got, err := one.SecurityHub(id, region).GetAdministratorAccount(ctx, &securityhub.GetAdministratorAccountInput{})
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case len(admins) == 0 && got.Administrator != nil && aws.ToString(got.Administrator.MemberStatus) == "Enabled":
			t.Errorf("%s reports Enabled administrator %s that lists it not", id, aws.ToString(got.Administrator.AccountId))
		case len(admins) == 1 && (got.Administrator == nil || aws.ToString(got.Administrator.AccountId) != admins[0]):
			t.Errorf("%s: administrators' side says %s, member side %+v", id, admins[0], got.Administrator)
		}
	}
	t.Logf("organization administrator %s; Enabled administrators after the race: %v", winner, enabledBy)
}
