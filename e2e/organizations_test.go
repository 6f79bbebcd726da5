package e2e

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/testenv"
)

const mgmtID = "100000000000"

// orgWorld is an organization with a management account, a delegated administrator and two
// member accounts created through CreateAccount.
type orgWorld struct {
	env            *testenv.Env
	mgmt           *organizations.Client
	mgmtHub        *securityhub.Client
	daID, xID, yID string
	orgID          string
}

func newOrgWorld(t *testing.T) *orgWorld {
	env := testenv.Start(t)
	w := &orgWorld{env: env, mgmt: env.Organizations(mgmtID), mgmtHub: env.SecurityHub(mgmtID, region)}
	org, err := w.mgmt.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll})
	if err != nil {
		t.Fatalf("CreateOrganization: %v", err)
	}
	w.orgID = aws.ToString(org.Organization.Id)
	if aws.ToString(org.Organization.MasterAccountId) != mgmtID {
		t.Fatalf("organization: %+v", org.Organization)
	}
	w.daID, w.xID, w.yID = w.createAccount(t, "security"), w.createAccount(t, "x"), w.createAccount(t, "y")
	return w
}

func (w *orgWorld) createAccount(t *testing.T, name string) string {
	t.Helper()
	out, err := w.mgmt.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String(name), Email: aws.String(name + "@example.com")})
	if err != nil {
		t.Fatalf("CreateAccount: %v", err)
	}
	st, err := w.mgmt.DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: out.CreateAccountStatus.Id})
	if err != nil || st.CreateAccountStatus.State != orgtypes.CreateAccountStateSucceeded || len(aws.ToString(st.CreateAccountStatus.AccountId)) != 12 {
		t.Fatalf("DescribeCreateAccountStatus: %+v %v", st, err)
	}
	return aws.ToString(st.CreateAccountStatus.AccountId)
}

func (w *orgWorld) hub(id string) *securityhub.Client { return w.env.SecurityHub(id, region) }

func (w *orgWorld) designate(t *testing.T) {
	t.Helper()
	out, err := w.mgmtHub.EnableOrganizationAdminAccount(ctx, &securityhub.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(w.daID)})
	if err != nil {
		t.Fatalf("EnableOrganizationAdminAccount: %v", err)
	}
	if aws.ToString(out.AdminAccountId) != w.daID || out.Feature != types.SecurityHubFeatureSecurityHub {
		t.Fatalf("EnableOrganizationAdminAccount answer: %+v", out)
	}
}

func memberStatus(t *testing.T, c *securityhub.Client, id string) string {
	t.Helper()
	out, err := c.GetMembers(ctx, &securityhub.GetMembersInput{AccountIds: []string{id}})
	if err != nil {
		t.Fatalf("GetMembers: %v", err)
	}
	if len(out.Members) == 0 {
		return "absent"
	}
	return aws.ToString(out.Members[0].MemberStatus)
}

func hubOn(t *testing.T, c *securityhub.Client) bool {
	t.Helper()
	_, err := c.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	if err == nil {
		return true
	}
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "")
	return false
}

func TestOrganizationsAPI(t *testing.T) {
	w := newOrgWorld(t)
	_, err := w.env.Organizations("999999999999").DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	testenv.ExpectError(t, err, "AWSOrganizationsNotInUseException", 400, "")
	_, err = w.mgmt.CreateOrganization(ctx, &organizations.CreateOrganizationInput{})
	testenv.ExpectError(t, err, "AlreadyInOrganizationException", 400, "")

	desc, err := w.env.Organizations(w.xID).DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil || aws.ToString(desc.Organization.Id) != w.orgID {
		t.Fatalf("member DescribeOrganization: %+v %v", desc, err)
	}
	accts, err := w.mgmt.ListAccounts(ctx, &organizations.ListAccountsInput{MaxResults: aws.Int32(2)})
	if err != nil || len(accts.Accounts) != 2 || accts.NextToken == nil {
		t.Fatalf("ListAccounts page 1: %+v %v", accts, err)
	}
	more, err := w.mgmt.ListAccounts(ctx, &organizations.ListAccountsInput{NextToken: accts.NextToken})
	if err != nil || len(more.Accounts) != 2 || more.NextToken != nil {
		t.Fatalf("ListAccounts page 2: %+v %v", more, err)
	}
	a, err := w.mgmt.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(w.xID)})
	if err != nil || a.Account.Status != orgtypes.AccountStatusActive || a.Account.JoinedMethod != orgtypes.AccountJoinedMethodCreated || a.Account.JoinedTimestamp == nil {
		t.Fatalf("DescribeAccount: %+v %v", a, err)
	}
	_, err = w.env.Organizations(w.xID).ListAccounts(ctx, &organizations.ListAccountsInput{})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")

	// Invitation handshake.
	const outsider = "555555555555"
	hs, err := w.mgmt.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{
		Target: &orgtypes.HandshakeParty{Id: aws.String(outsider), Type: orgtypes.HandshakePartyTypeAccount}})
	if err != nil || hs.Handshake.State != orgtypes.HandshakeStateOpen {
		t.Fatalf("InviteAccountToOrganization: %+v %v", hs, err)
	}
	out := w.env.Organizations(outsider)
	list, err := out.ListHandshakesForAccount(ctx, &organizations.ListHandshakesForAccountInput{})
	if err != nil || len(list.Handshakes) != 1 {
		t.Fatalf("ListHandshakesForAccount: %+v %v", list, err)
	}
	acc, err := out.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: hs.Handshake.Id})
	if err != nil || acc.Handshake.State != orgtypes.HandshakeStateAccepted {
		t.Fatalf("AcceptHandshake: %+v %v", acc, err)
	}
	_, err = out.AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: hs.Handshake.Id})
	testenv.ExpectError(t, err, "HandshakeAlreadyInStateException", 400, "")

	// OUs, parents, moves.
	roots, err := w.mgmt.ListRoots(ctx, &organizations.ListRootsInput{})
	if err != nil || len(roots.Roots) != 1 {
		t.Fatalf("ListRoots: %+v %v", roots, err)
	}
	rootID := roots.Roots[0].Id
	ou, err := w.mgmt.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: rootID, Name: aws.String("Workloads")})
	if err != nil {
		t.Fatalf("CreateOrganizationalUnit: %v", err)
	}
	ous, err := w.mgmt.ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: rootID})
	if err != nil || len(ous.OrganizationalUnits) != 1 {
		t.Fatalf("ListOrganizationalUnitsForParent: %+v %v", ous, err)
	}
	if _, err := w.mgmt.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(w.xID), SourceParentId: rootID,
		DestinationParentId: ou.OrganizationalUnit.Id}); err != nil {
		t.Fatalf("MoveAccount: %v", err)
	}
	parents, err := w.mgmt.ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String(w.xID)})
	if err != nil || len(parents.Parents) != 1 || aws.ToString(parents.Parents[0].Id) != aws.ToString(ou.OrganizationalUnit.Id) ||
		parents.Parents[0].Type != orgtypes.ParentTypeOrganizationalUnit {
		t.Fatalf("ListParents: %+v %v", parents, err)
	}
	inOU, err := w.mgmt.ListAccountsForParent(ctx, &organizations.ListAccountsForParentInput{ParentId: ou.OrganizationalUnit.Id})
	if err != nil || len(inOU.Accounts) != 1 {
		t.Fatalf("ListAccountsForParent: %+v %v", inOU, err)
	}
	_, err = w.mgmt.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(w.xID), SourceParentId: aws.String("r-zzzz"), DestinationParentId: rootID})
	testenv.ExpectError(t, err, "SourceParentNotFoundException", 400, "")

	// Trusted access and delegated administrators.
	if _, err := w.mgmt.EnableAWSServiceAccess(ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String("config.amazonaws.com")}); err != nil {
		t.Fatal(err)
	}
	svcs, err := w.mgmt.ListAWSServiceAccessForOrganization(ctx, &organizations.ListAWSServiceAccessForOrganizationInput{})
	if err != nil || len(svcs.EnabledServicePrincipals) != 1 {
		t.Fatalf("ListAWSServiceAccessForOrganization: %+v %v", svcs, err)
	}
	if _, err := w.mgmt.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(w.yID), ServicePrincipal: aws.String("config.amazonaws.com")}); err != nil {
		t.Fatal(err)
	}
	_, err = w.mgmt.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(w.yID), ServicePrincipal: aws.String("config.amazonaws.com")})
	testenv.ExpectError(t, err, "AccountAlreadyRegisteredException", 400, "")
	_, err = w.mgmt.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(mgmtID), ServicePrincipal: aws.String("config.amazonaws.com")})
	testenv.ExpectError(t, err, "ConstraintViolationException", 400, "")
	services, err := w.mgmt.ListDelegatedServicesForAccount(ctx, &organizations.ListDelegatedServicesForAccountInput{AccountId: aws.String(w.yID)})
	if err != nil || len(services.DelegatedServices) != 1 {
		t.Fatalf("ListDelegatedServicesForAccount: %+v %v", services, err)
	}
	// A delegated administrator may read the organization.
	if _, err := w.env.Organizations(w.yID).ListAccounts(ctx, &organizations.ListAccountsInput{}); err != nil {
		t.Fatalf("delegated administrator ListAccounts: %v", err)
	}
	if _, err := w.mgmt.DeregisterDelegatedAdministrator(ctx, &organizations.DeregisterDelegatedAdministratorInput{AccountId: aws.String(w.yID), ServicePrincipal: aws.String("config.amazonaws.com")}); err != nil {
		t.Fatal(err)
	}

	// Leaving, removing, closing, deleting.
	_, err = w.mgmt.LeaveOrganization(ctx, &organizations.LeaveOrganizationInput{})
	testenv.ExpectError(t, err, "MasterCannotLeaveOrganizationException", 400, "")
	if _, err := out.LeaveOrganization(ctx, &organizations.LeaveOrganizationInput{}); err != nil {
		t.Fatalf("LeaveOrganization: %v", err)
	}
	if _, err := w.mgmt.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(w.yID)}); err != nil {
		t.Fatalf("CloseAccount: %v", err)
	}
	closed, _ := w.mgmt.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(w.yID)})
	if closed.Account.Status != orgtypes.AccountStatusSuspended {
		t.Fatalf("closed account status %s", closed.Account.Status)
	}
	_, err = w.mgmt.DeleteOrganization(ctx, &organizations.DeleteOrganizationInput{})
	testenv.ExpectError(t, err, "OrganizationNotEmptyException", 400, "")
	for _, id := range []string{w.daID, w.xID, w.yID} {
		if _, err := w.mgmt.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(id)}); err != nil {
			t.Fatalf("RemoveAccountFromOrganization(%s): %v", id, err)
		}
	}
	if _, err := w.mgmt.DeleteOrganization(ctx, &organizations.DeleteOrganizationInput{}); err != nil {
		t.Fatalf("DeleteOrganization: %v", err)
	}
}

// TestOrganizationAdministrator: designating the delegated administrator, its CreateMembers
// of organization accounts (enabled at once, no invitation), and the end of its designation.
func TestOrganizationAdministrator(t *testing.T) {
	w := newOrgWorld(t)
	da, x := w.hub(w.daID), w.hub(w.xID)

	_, err := w.hub(w.xID).EnableOrganizationAdminAccount(ctx, &securityhub.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(w.xID)})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")
	_, err = w.hub("999999999999").ListOrganizationAdminAccounts(ctx, &securityhub.ListOrganizationAdminAccountsInput{})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")

	// Designation: echo, Organizations registration, DA hub on, admin list, default configuration.
	w.designate(t)
	w.designate(t) // idempotent
	_, err = w.mgmtHub.EnableOrganizationAdminAccount(ctx, &securityhub.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(w.xID)})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	das, err := w.mgmt.ListDelegatedAdministrators(ctx, &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String("securityhub.amazonaws.com")})
	if err != nil || len(das.DelegatedAdministrators) != 1 || aws.ToString(das.DelegatedAdministrators[0].Id) != w.daID {
		t.Fatalf("ListDelegatedAdministrators: %+v %v", das, err)
	}
	trusted, _ := w.mgmt.ListAWSServiceAccessForOrganization(ctx, &organizations.ListAWSServiceAccessForOrganizationInput{})
	if len(trusted.EnabledServicePrincipals) != 1 || aws.ToString(trusted.EnabledServicePrincipals[0].ServicePrincipal) != "securityhub.amazonaws.com" {
		t.Fatalf("trusted access: %+v", trusted.EnabledServicePrincipals)
	}
	if !hubOn(t, da) {
		t.Fatal("the delegated administrator's hub is off")
	}
	admins, err := w.mgmtHub.ListOrganizationAdminAccounts(ctx, &securityhub.ListOrganizationAdminAccountsInput{})
	if err != nil || len(admins.AdminAccounts) != 1 || aws.ToString(admins.AdminAccounts[0].AccountId) != w.daID ||
		admins.AdminAccounts[0].Status != types.AdminStatusEnabled {
		t.Fatalf("ListOrganizationAdminAccounts: %+v %v", admins, err)
	}
	cfg, err := da.DescribeOrganizationConfiguration(ctx, &securityhub.DescribeOrganizationConfigurationInput{})
	if err != nil || aws.ToBool(cfg.AutoEnable) || cfg.AutoEnableStandards != types.AutoEnableStandardsDefault ||
		cfg.OrganizationConfiguration.ConfigurationType != types.OrganizationConfigurationConfigurationTypeLocal ||
		cfg.OrganizationConfiguration.Status != types.OrganizationConfigurationStatusEnabled || aws.ToBool(cfg.MemberAccountLimitReached) {
		t.Fatalf("DescribeOrganizationConfiguration: %+v %v", cfg, err)
	}
	if _, err := x.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	_, err = x.UpdateOrganizationConfiguration(ctx, &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(true)})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "Account "+w.xID+" is not an administrator for this organization")
	if _, err := x.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}

	// CreateMembers for an org account whose hub is off: Enabled, hub on with defaults, no invitation.
	un, err := da.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: []types.AccountDetails{{AccountId: aws.String(w.xID)}}})
	if err != nil || len(un.UnprocessedAccounts) != 0 {
		t.Fatalf("org CreateMembers: %+v %v", un, err)
	}
	if s := memberStatus(t, da, w.xID); s != "Enabled" {
		t.Fatalf("org member status %s", s)
	}
	if got := enabledStandards(t, x); len(got) != 2 {
		t.Fatalf("org member's standards: %v", got)
	}
	if invs := (&account{t: t, id: w.xID, c: x}).invitations(); len(invs) != 0 {
		t.Fatalf("org member has invitations: %+v", invs)
	}
	adm := (&account{t: t, id: w.xID, c: x}).administrator()
	if adm == nil || aws.ToString(adm.AccountId) != w.daID || adm.InvitationId != nil {
		t.Fatalf("org member's administrator: %+v", adm)
	}
	_, err = x.DisassociateFromAdministratorAccount(ctx, &securityhub.DisassociateFromAdministratorAccountInput{})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	del, err := da.DeleteMembers(ctx, &securityhub.DeleteMembersInput{AccountIds: []string{w.xID}})
	if err != nil || len(del.UnprocessedAccounts) != 1 {
		t.Fatalf("DeleteMembers of an org member: %+v %v", del, err)
	}
	if _, err := da.DisassociateMembers(ctx, &securityhub.DisassociateMembersInput{AccountIds: []string{w.xID}}); err != nil {
		t.Fatal(err)
	}
	if s := memberStatus(t, da, w.xID); s != "Removed" || !hubOn(t, x) {
		t.Fatalf("after disassociation: %s", s)
	}
	if un, _ := da.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: []types.AccountDetails{{AccountId: aws.String(w.xID)}}}); len(un.UnprocessedAccounts) != 0 {
		t.Fatalf("re-enable: %+v", un.UnprocessedAccounts)
	}
	if s := memberStatus(t, da, w.xID); s != "Enabled" {
		t.Fatalf("re-enabled status %s", s)
	}
	// An org member cannot accept invitations from others.
	other := newAccount(t, w.env, "777777777777", true)
	other.create(w.xID)
	if un := other.invite(w.xID); len(un) != 1 {
		t.Fatalf("inviting an org member: %+v", un)
	}

	// The management account with its hub off is left unprocessed; once on, it is enabled
	// and its standards are not touched.
	un, _ = da.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: []types.AccountDetails{{AccountId: aws.String(mgmtID)}}})
	if len(un.UnprocessedAccounts) != 1 {
		t.Fatalf("management account with hub off: %+v", un.UnprocessedAccounts)
	}
	if _, err := w.mgmtHub.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{EnableDefaultStandards: aws.Bool(false)}); err != nil {
		t.Fatal(err)
	}
	un, _ = da.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: []types.AccountDetails{{AccountId: aws.String(mgmtID)}}})
	if len(un.UnprocessedAccounts) != 0 || memberStatus(t, da, mgmtID) != "Enabled" || len(enabledStandards(t, w.mgmtHub)) != 0 {
		t.Fatalf("management account with hub on: %+v", un.UnprocessedAccounts)
	}

	// The DA cannot disable its hub; DisableOrganizationAdminAccount ends the org memberships.
	_, err = da.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Cannot disable Security Hub on the Security Hub administrator")
	if _, err := w.mgmtHub.DisableOrganizationAdminAccount(ctx, &securityhub.DisableOrganizationAdminAccountInput{AdminAccountId: aws.String(w.daID)}); err != nil {
		t.Fatalf("DisableOrganizationAdminAccount: %v", err)
	}
	admins, _ = w.mgmtHub.ListOrganizationAdminAccounts(ctx, &securityhub.ListOrganizationAdminAccountsInput{})
	if len(admins.AdminAccounts) != 0 {
		t.Fatalf("admin list after disable: %+v", admins.AdminAccounts)
	}
	if s := memberStatus(t, da, w.xID); s != "absent" || !hubOn(t, x) {
		t.Fatalf("after DisableOrganizationAdminAccount: X is %s", s)
	}
	if adm := (&account{t: t, id: w.xID, c: x}).administrator(); adm != nil {
		t.Fatalf("X still has an administrator: %+v", adm)
	}
	// Organizations still has the registration; designating another account is refused.
	_, err = w.mgmtHub.EnableOrganizationAdminAccount(ctx, &securityhub.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(w.yID)})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	w.designate(t)
	// Deregistering in Organizations removes the designation.
	if _, err := w.mgmt.DeregisterDelegatedAdministrator(ctx, &organizations.DeregisterDelegatedAdministratorInput{AccountId: aws.String(w.daID), ServicePrincipal: aws.String("securityhub.amazonaws.com")}); err != nil {
		t.Fatal(err)
	}
	admins, _ = w.mgmtHub.ListOrganizationAdminAccounts(ctx, &securityhub.ListOrganizationAdminAccountsInput{})
	if len(admins.AdminAccounts) != 0 {
		t.Fatalf("admin list after deregistration: %+v", admins.AdminAccounts)
	}
}

func TestOrganizationAutoEnableAndLifecycle(t *testing.T) {
	w := newOrgWorld(t)
	w.designate(t)
	da := w.hub(w.daID)
	if _, err := da.UpdateOrganizationConfiguration(ctx, &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(true),
		AutoEnableStandards: types.AutoEnableStandardsNone}); err != nil {
		t.Fatalf("UpdateOrganizationConfiguration: %v", err)
	}
	cfg, _ := da.DescribeOrganizationConfiguration(ctx, &securityhub.DescribeOrganizationConfigurationInput{})
	if !aws.ToBool(cfg.AutoEnable) || cfg.AutoEnableStandards != types.AutoEnableStandardsNone {
		t.Fatalf("configuration: %+v", cfg)
	}
	// AutoEnableStandards is kept when absent.
	if _, err := da.UpdateOrganizationConfiguration(ctx, &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	cfg, _ = da.DescribeOrganizationConfiguration(ctx, &securityhub.DescribeOrganizationConfigurationInput{})
	if cfg.AutoEnableStandards != types.AutoEnableStandardsNone {
		t.Fatalf("AutoEnableStandards not kept: %s", cfg.AutoEnableStandards)
	}
	_, err := da.UpdateOrganizationConfiguration(ctx, &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(false),
		AutoEnableStandards: types.AutoEnableStandardsNone, OrganizationConfiguration: &types.OrganizationConfiguration{ConfigurationType: types.OrganizationConfigurationConfigurationTypeCentral}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Finding Aggregator must be created to enable Central Configuration")

	// Existing accounts are not touched; a new account (CreateAccount) is enabled with its hub on, no standards.
	if s := memberStatus(t, da, w.xID); s != "absent" {
		t.Fatalf("existing account auto-enabled: %s", s)
	}
	newID := w.createAccount(t, "new")
	if s := memberStatus(t, da, newID); s != "Enabled" {
		t.Fatalf("new account status %s", s)
	}
	if !hubOn(t, w.hub(newID)) || len(enabledStandards(t, w.hub(newID))) != 0 {
		t.Fatal("new account's hub not on, or standards enabled with AutoEnableStandards=NONE")
	}
	// An invited account that accepts is enabled too, with the default standards once DEFAULT.
	if _, err := da.UpdateOrganizationConfiguration(ctx, &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(true),
		AutoEnableStandards: types.AutoEnableStandardsDefault}); err != nil {
		t.Fatal(err)
	}
	const invited = "888888888888"
	hs, err := w.mgmt.InviteAccountToOrganization(ctx, &organizations.InviteAccountToOrganizationInput{
		Target: &orgtypes.HandshakeParty{Id: aws.String(invited), Type: orgtypes.HandshakePartyTypeAccount}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.env.Organizations(invited).AcceptHandshake(ctx, &organizations.AcceptHandshakeInput{HandshakeId: hs.Handshake.Id}); err != nil {
		t.Fatal(err)
	}
	if s := memberStatus(t, da, invited); s != "Enabled" || len(enabledStandards(t, w.hub(invited))) != 2 {
		t.Fatalf("invited account: %s", s)
	}

	// Leaving the organization disassociates (Removed); closing removes the relationship.
	if _, err := w.env.Organizations(invited).LeaveOrganization(ctx, &organizations.LeaveOrganizationInput{}); err != nil {
		t.Fatal(err)
	}
	if s := memberStatus(t, da, invited); s != "Removed" {
		t.Fatalf("after leaving: %s", s)
	}
	if _, err := w.mgmt.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(newID)}); err != nil {
		t.Fatal(err)
	}
	if s := memberStatus(t, da, newID); s != "Removed" {
		t.Fatalf("after removal: %s", s)
	}
	da.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: []types.AccountDetails{{AccountId: aws.String(w.xID)}}})
	if s := memberStatus(t, da, w.xID); s != "Enabled" {
		t.Fatalf("X: %s", s)
	}
	if _, err := w.mgmt.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(w.xID)}); err != nil {
		t.Fatal(err)
	}
	if s := memberStatus(t, da, w.xID); s != "absent" {
		t.Fatalf("after closing: %s", s)
	}
	// A suspended account that the DA enables becomes AccountSuspended.
	da.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: []types.AccountDetails{{AccountId: aws.String(w.xID)}}})
	if s := memberStatus(t, da, w.xID); s != "AccountSuspended" {
		t.Fatalf("suspended account: %s", s)
	}
}

func TestOrgFile(t *testing.T) {
	file := t.TempDir() + "/org.yaml"
	const spec = `managementAccount: "100000000000"
organizationalUnits: [Security, Workloads/Prod]
accounts:
  - {id: "200000000000", name: security, email: sec@example.com, ou: Security}
  - {id: "300000000000", name: prod, ou: Workloads/Prod}
  - {id: "400000000000", name: gone, status: SUSPENDED}
trustedServices: [config.amazonaws.com]
`
	if err := writeFile(file, spec); err != nil {
		t.Fatal(err)
	}
	env := testenv.Start(t, testenv.WithConfig(func(c *server.Config) { c.OrgFile = file }))
	mgmt := env.Organizations("100000000000")
	accts, err := mgmt.ListAccounts(ctx, &organizations.ListAccountsInput{})
	if err != nil || len(accts.Accounts) != 4 {
		t.Fatalf("ListAccounts: %+v %v", accts, err)
	}
	parents, err := mgmt.ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String("300000000000")})
	if err != nil || parents.Parents[0].Type != orgtypes.ParentTypeOrganizationalUnit {
		t.Fatalf("ListParents: %+v %v", parents, err)
	}
	ous, _ := mgmt.ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: parents.Parents[0].Id})
	if len(ous.OrganizationalUnits) != 0 {
		t.Fatalf("Prod has children: %+v", ous)
	}
	// The declared organization works with Security Hub at once.
	hub := env.SecurityHub("100000000000", region)
	if _, err := hub.EnableOrganizationAdminAccount(ctx, &securityhub.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String("200000000000")}); err != nil {
		t.Fatal(err)
	}
	da := env.SecurityHub("200000000000", region)
	un, err := da.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: []types.AccountDetails{
		{AccountId: aws.String("300000000000")}, {AccountId: aws.String("400000000000")}}})
	if err != nil || len(un.UnprocessedAccounts) != 0 {
		t.Fatalf("CreateMembers: %+v %v", un, err)
	}
	if s := memberStatus(t, da, "400000000000"); s != "AccountSuspended" {
		t.Fatalf("suspended account from the file: %s", s)
	}
	// A restart on the same data folder keeps the state and does not create a second organization.
	mgmt.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: parents.Parents[0].Id, Name: aws.String("Extra")})
	env.Restart(t)
	after, err := env.Organizations("100000000000").DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		t.Fatal(err)
	}
	ous, _ = env.Organizations("100000000000").ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: parents.Parents[0].Id})
	if len(ous.OrganizationalUnits) != 1 || aws.ToString(after.Organization.MasterAccountId) != "100000000000" {
		t.Fatalf("after restart: %+v", ous)
	}
}
