package organizations

import (
	"context"
	"strings"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/shapes"
	orgshapes "github.com/sechub/sechub/internal/shapes/organizations"
	"github.com/sechub/sechub/internal/wire"
)

// defaultPageSize is the page length of the list operations when MaxResults is absent (sechub's
// choice: the model does not give one).
const defaultPageSize = 20

type epoch = shapes.EpochTime

func organizationOut(o Organization) *orgshapes.Organization {
	return &orgshapes.Organization{Id: o.ID, Arn: o.ARN(), FeatureSet: o.FeatureSet, MasterAccountArn: o.AccountARN(o.ManagementAccountID),
		MasterAccountId: o.ManagementAccountID, MasterAccountEmail: o.ManagementEmail, AvailablePolicyTypes: availablePolicyTypes(o)}
}

// accountState is the State Organizations shows beside an account's Status.
func accountState(status string) string {
	if status == StatusSuspended {
		return orgshapes.AccountStateSuspended
	}
	return orgshapes.AccountStateActive
}

func accountOut(a AccountView) orgshapes.Account {
	return orgshapes.Account{Id: a.AccountID, Arn: a.ARN, Email: a.Email, Name: a.Name, Status: a.Status, State: accountState(a.Status),
		JoinedMethod: a.JoinedMethod, JoinedTimestamp: epoch(a.JoinedAt)}
}

func accountsOut(accounts []AccountView) []orgshapes.Account {
	out := make([]orgshapes.Account, 0, len(accounts))
	for _, a := range accounts {
		out = append(out, accountOut(a))
	}
	return out
}

func createStatusOut(r CreateAccountRequest) orgshapes.CreateAccountStatus {
	return orgshapes.CreateAccountStatus{Id: r.ID, AccountName: r.AccountName, State: r.State, AccountId: r.AccountID,
		FailureReason: r.FailureReason, RequestedTimestamp: epoch(r.RequestedAt), CompletedTimestamp: epoch(r.CompletedAt)}
}

func handshakeOut(h HandshakeView) *orgshapes.Handshake {
	return &orgshapes.Handshake{Id: h.ID, Arn: h.ARN, Action: HandshakeAction, State: h.State,
		Parties: []orgshapes.HandshakeParty{
			{Id: strings.TrimPrefix(h.OrgID, "o-"), Type: orgshapes.HandshakePartyTypeOrganization},
			{Id: h.TargetID, Type: h.TargetType},
		},
		Resources: []orgshapes.HandshakeResource{
			{Type: orgshapes.HandshakeResourceTypeOrganization, Value: h.OrgID},
			{Type: orgshapes.HandshakeResourceTypeMasterEmail, Value: h.Organization.ManagementEmail},
			{Type: orgshapes.HandshakeResourceTypeMasterName, Value: "management"},
		},
		RequestedTimestamp: epoch(h.RequestedAt), ExpirationTimestamp: epoch(h.ExpiresAt)}
}

func unitOut(u UnitView) orgshapes.OrganizationalUnit {
	return orgshapes.OrganizationalUnit{Id: u.ID, Arn: u.ARN, Name: u.Name}
}

// page is where a list operation's page starts: the listing is the operation's for the
// caller, narrowed by selectors (the inputs that choose what is listed).
func page(op string, c identity.Caller, nextToken string, maxResults *int32, selectors ...string) paging.Page {
	return paging.Page{Scope: paging.Scope(append([]string{op, c.Partition, c.AccountID}, selectors...)...),
		NextToken: nextToken, MaxResults: paging.MaxResults(maxResults), Default: defaultPageSize}
}

// registerHandlers registers the Organizations operations sechub implements.
func registerHandlers(r domain.Registry, svc *Service, pages paging.Pager) {
	r.Handle("CreateOrganization", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.CreateOrganizationRequest) (*orgshapes.CreateOrganizationResponse, error) {
		o, err := svc.Create(ctx, c, in.FeatureSet)
		if err != nil {
			return nil, err
		}
		return &orgshapes.CreateOrganizationResponse{Organization: organizationOut(o)}, nil
	}))
	r.Handle("DescribeOrganization", wire.Typed(func(ctx context.Context, c identity.Caller, _ *shapes.Empty) (*orgshapes.DescribeOrganizationResponse, error) {
		o, err := svc.Describe(ctx, c)
		if err != nil {
			return nil, err
		}
		return &orgshapes.DescribeOrganizationResponse{Organization: organizationOut(o)}, nil
	}))
	r.Handle("DeleteOrganization", wire.Typed(func(ctx context.Context, c identity.Caller, _ *shapes.Empty) (*shapes.Empty, error) {
		return nil, svc.Delete(ctx, c)
	}))

	r.Handle("CreateAccount", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.CreateAccountRequest) (*orgshapes.CreateAccountResponse, error) {
		req, err := svc.CreateAccount(ctx, c, in.AccountName, in.Email, tagsIn(in.Tags)...)
		if err != nil {
			return nil, err
		}
		status := createStatusOut(req)
		return &orgshapes.CreateAccountResponse{CreateAccountStatus: &status}, nil
	}))
	r.Handle("DescribeCreateAccountStatus", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.DescribeCreateAccountStatusRequest) (*orgshapes.DescribeCreateAccountStatusResponse, error) {
		req, err := svc.DescribeCreateAccountStatus(ctx, c, in.CreateAccountRequestId)
		if err != nil {
			return nil, err
		}
		status := createStatusOut(req)
		return &orgshapes.DescribeCreateAccountStatusResponse{CreateAccountStatus: &status}, nil
	}))
	r.Handle("ListCreateAccountStatus", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.ListCreateAccountStatusRequest) (*orgshapes.ListCreateAccountStatusResponse, error) {
		all, err := svc.ListCreateAccountStatus(ctx, c, in.States)
		if err != nil {
			return nil, err
		}
		items, next, err := paging.Offset(pages, page("ListCreateAccountStatus", c, in.NextToken, in.MaxResults, strings.Join(in.States, ",")), all)
		if err != nil {
			return nil, err
		}
		out := &orgshapes.ListCreateAccountStatusResponse{CreateAccountStatuses: make([]orgshapes.CreateAccountStatus, 0, len(items)), NextToken: next}
		for _, req := range items {
			out.CreateAccountStatuses = append(out.CreateAccountStatuses, createStatusOut(req))
		}
		return out, nil
	}))

	r.Handle("DescribeAccount", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.DescribeAccountRequest) (*orgshapes.DescribeAccountResponse, error) {
		a, err := svc.DescribeAccount(ctx, c, in.AccountId)
		if err != nil {
			return nil, err
		}
		acct := accountOut(a)
		return &orgshapes.DescribeAccountResponse{Account: &acct}, nil
	}))
	// listAccounts is ListAccounts (parentID "") and ListAccountsForParent.
	listAccounts := func(ctx context.Context, c identity.Caller, parentID, nextToken string, maxResults *int32) ([]orgshapes.Account, string, error) {
		all, err := svc.ListAccounts(ctx, c, parentID)
		if err != nil {
			return nil, "", err
		}
		items, next, err := paging.Offset(pages, page("ListAccounts", c, nextToken, maxResults, parentID), all)
		return accountsOut(items), next, err
	}
	r.Handle("ListAccounts", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.ListAccountsRequest) (*orgshapes.ListAccountsResponse, error) {
		accounts, next, err := listAccounts(ctx, c, "", in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &orgshapes.ListAccountsResponse{Accounts: accounts, NextToken: next}, nil
	}))
	r.Handle("ListAccountsForParent", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.ListAccountsForParentRequest) (*orgshapes.ListAccountsForParentResponse, error) {
		accounts, next, err := listAccounts(ctx, c, in.ParentId, in.NextToken, in.MaxResults)
		if err != nil {
			return nil, err
		}
		return &orgshapes.ListAccountsForParentResponse{Accounts: accounts, NextToken: next}, nil
	}))

	r.Handle("InviteAccountToOrganization", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.InviteAccountToOrganizationRequest) (*orgshapes.InviteAccountToOrganizationResponse, error) {
		var target orgshapes.HandshakeParty // required by the model: present once validated
		if in.Target != nil {
			target = *in.Target
		}
		h, err := svc.Invite(ctx, c, target.Id, target.Type)
		if err != nil {
			return nil, err
		}
		return &orgshapes.InviteAccountToOrganizationResponse{Handshake: handshakeOut(h)}, nil
	}))
	r.Handle("AcceptHandshake", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.AcceptHandshakeRequest) (*orgshapes.AcceptHandshakeResponse, error) {
		h, err := svc.Accept(ctx, c, in.HandshakeId)
		if err != nil {
			return nil, err
		}
		return &orgshapes.AcceptHandshakeResponse{Handshake: handshakeOut(h)}, nil
	}))
	r.Handle("DeclineHandshake", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.DeclineHandshakeRequest) (*orgshapes.DeclineHandshakeResponse, error) {
		h, err := svc.Decline(ctx, c, in.HandshakeId)
		if err != nil {
			return nil, err
		}
		return &orgshapes.DeclineHandshakeResponse{Handshake: handshakeOut(h)}, nil
	}))
	r.Handle("ListHandshakesForAccount", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.ListHandshakesForAccountRequest) (*orgshapes.ListHandshakesForAccountResponse, error) {
		var filter HandshakeFilter
		if in.Filter != nil {
			filter = HandshakeFilter{Action: in.Filter.ActionType, ParentID: in.Filter.ParentHandshakeId}
		}
		all, err := svc.HandshakesForAccount(ctx, c, filter)
		if err != nil {
			return nil, err
		}
		items, next, err := paging.Offset(pages, page("ListHandshakesForAccount", c, in.NextToken, in.MaxResults, filter.Action, filter.ParentID), all)
		if err != nil {
			return nil, err
		}
		out := &orgshapes.ListHandshakesForAccountResponse{Handshakes: make([]orgshapes.Handshake, 0, len(items)), NextToken: next}
		for _, h := range items {
			out.Handshakes = append(out.Handshakes, *handshakeOut(h))
		}
		return out, nil
	}))

	r.Handle("RemoveAccountFromOrganization", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.RemoveAccountFromOrganizationRequest) (*shapes.Empty, error) {
		return nil, svc.RemoveAccount(ctx, c, in.AccountId)
	}))
	r.Handle("LeaveOrganization", wire.Typed(func(ctx context.Context, c identity.Caller, _ *shapes.Empty) (*shapes.Empty, error) {
		return nil, svc.Leave(ctx, c)
	}))
	r.Handle("CloseAccount", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.CloseAccountRequest) (*shapes.Empty, error) {
		return nil, svc.CloseAccount(ctx, c, in.AccountId)
	}))

	r.Handle("EnableAWSServiceAccess", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.EnableAWSServiceAccessRequest) (*shapes.Empty, error) {
		return nil, svc.EnableServiceAccess(ctx, c, in.ServicePrincipal)
	}))
	r.Handle("DisableAWSServiceAccess", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.DisableAWSServiceAccessRequest) (*shapes.Empty, error) {
		return nil, svc.DisableServiceAccess(ctx, c, in.ServicePrincipal)
	}))
	r.Handle("ListAWSServiceAccessForOrganization", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.ListAWSServiceAccessForOrganizationRequest) (*orgshapes.ListAWSServiceAccessForOrganizationResponse, error) {
		all, err := svc.TrustedServices(ctx, c)
		if err != nil {
			return nil, err
		}
		items, next, err := paging.Offset(pages, page("ListAWSServiceAccessForOrganization", c, in.NextToken, in.MaxResults), all)
		if err != nil {
			return nil, err
		}
		out := &orgshapes.ListAWSServiceAccessForOrganizationResponse{EnabledServicePrincipals: make([]orgshapes.EnabledServicePrincipal, 0, len(items)), NextToken: next}
		for _, a := range items {
			out.EnabledServicePrincipals = append(out.EnabledServicePrincipals, orgshapes.EnabledServicePrincipal{ServicePrincipal: a.ServicePrincipal, DateEnabled: epoch(a.EnabledAt)})
		}
		return out, nil
	}))

	r.Handle("RegisterDelegatedAdministrator", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.RegisterDelegatedAdministratorRequest) (*shapes.Empty, error) {
		return nil, svc.RegisterDelegatedAdministrator(ctx, c, in.AccountId, in.ServicePrincipal)
	}))
	r.Handle("DeregisterDelegatedAdministrator", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.DeregisterDelegatedAdministratorRequest) (*shapes.Empty, error) {
		return nil, svc.DeregisterDelegatedAdministrator(ctx, c, in.AccountId, in.ServicePrincipal)
	}))
	r.Handle("ListDelegatedAdministrators", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.ListDelegatedAdministratorsRequest) (*orgshapes.ListDelegatedAdministratorsResponse, error) {
		all, err := svc.DelegatedAdministrators(ctx, c, in.ServicePrincipal)
		if err != nil {
			return nil, err
		}
		items, next, err := paging.Offset(pages, page("ListDelegatedAdministrators", c, in.NextToken, in.MaxResults, in.ServicePrincipal), all)
		if err != nil {
			return nil, err
		}
		out := &orgshapes.ListDelegatedAdministratorsResponse{DelegatedAdministrators: make([]orgshapes.DelegatedAdministrator, 0, len(items)), NextToken: next}
		for _, d := range items {
			a := accountOut(d.AccountView)
			out.DelegatedAdministrators = append(out.DelegatedAdministrators, orgshapes.DelegatedAdministrator{
				Id: a.Id, Arn: a.Arn, Email: a.Email, Name: a.Name, Status: a.Status, State: a.State,
				JoinedMethod: a.JoinedMethod, JoinedTimestamp: a.JoinedTimestamp, DelegationEnabledDate: epoch(d.Since)})
		}
		return out, nil
	}))
	r.Handle("ListDelegatedServicesForAccount", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.ListDelegatedServicesForAccountRequest) (*orgshapes.ListDelegatedServicesForAccountResponse, error) {
		all, err := svc.DelegatedServices(ctx, c, in.AccountId)
		if err != nil {
			return nil, err
		}
		items, next, err := paging.Offset(pages, page("ListDelegatedServicesForAccount", c, in.NextToken, in.MaxResults, in.AccountId), all)
		if err != nil {
			return nil, err
		}
		out := &orgshapes.ListDelegatedServicesForAccountResponse{DelegatedServices: make([]orgshapes.DelegatedService, 0, len(items)), NextToken: next}
		for _, a := range items {
			out.DelegatedServices = append(out.DelegatedServices, orgshapes.DelegatedService{ServicePrincipal: a.ServicePrincipal, DelegationEnabledDate: epoch(a.EnabledAt)})
		}
		return out, nil
	}))

	r.Handle("ListRoots", wire.Typed(func(ctx context.Context, c identity.Caller, _ *orgshapes.ListRootsRequest) (*orgshapes.ListRootsResponse, error) {
		root, err := svc.Root(ctx, c)
		if err != nil {
			return nil, err
		}
		// An organization has one root: the listing is always one page.
		return &orgshapes.ListRootsResponse{Roots: []orgshapes.Root{*rootOut(root)}}, nil
	}))
	r.Handle("CreateOrganizationalUnit", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.CreateOrganizationalUnitRequest) (*orgshapes.CreateOrganizationalUnitResponse, error) {
		u, err := svc.CreateOU(ctx, c, in.ParentId, in.Name, tagsIn(in.Tags)...)
		if err != nil {
			return nil, err
		}
		ou := unitOut(u)
		return &orgshapes.CreateOrganizationalUnitResponse{OrganizationalUnit: &ou}, nil
	}))
	r.Handle("ListOrganizationalUnitsForParent", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.ListOrganizationalUnitsForParentRequest) (*orgshapes.ListOrganizationalUnitsForParentResponse, error) {
		all, err := svc.OUsForParent(ctx, c, in.ParentId)
		if err != nil {
			return nil, err
		}
		items, next, err := paging.Offset(pages, page("ListOrganizationalUnitsForParent", c, in.NextToken, in.MaxResults, in.ParentId), all)
		if err != nil {
			return nil, err
		}
		out := &orgshapes.ListOrganizationalUnitsForParentResponse{OrganizationalUnits: make([]orgshapes.OrganizationalUnit, 0, len(items)), NextToken: next}
		for _, u := range items {
			out.OrganizationalUnits = append(out.OrganizationalUnits, unitOut(u))
		}
		return out, nil
	}))
	r.Handle("ListParents", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.ListParentsRequest) (*orgshapes.ListParentsResponse, error) {
		parents, err := svc.Parents(ctx, c, in.ChildId)
		if err != nil {
			return nil, err
		}
		// A child has one parent: the listing is always one page.
		out := &orgshapes.ListParentsResponse{Parents: make([]orgshapes.Parent, 0, len(parents))}
		for _, p := range parents {
			out.Parents = append(out.Parents, orgshapes.Parent{Id: p.ID, Type: p.Type})
		}
		return out, nil
	}))
	r.Handle("MoveAccount", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.MoveAccountRequest) (*shapes.Empty, error) {
		return nil, svc.MoveAccount(ctx, c, in.AccountId, in.SourceParentId, in.DestinationParentId)
	}))
	registerPolicyHandlers(r, svc, pages)
}
