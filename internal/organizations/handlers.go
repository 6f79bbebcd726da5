// Package orgsapi holds the AWS Organizations operation handlers (awsJson protocol): each
// decodes its input, calls the organizations domain, and shapes the output.
package organizations

import (
	"context"
	"strconv"
	"strings"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/shapes"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/pagetoken"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/wire"
)

type ts = shapes.EpochTime

type organization struct {
	Id                   string       `json:"Id"`
	Arn                  string       `json:"Arn"`
	FeatureSet           string       `json:"FeatureSet"`
	MasterAccountArn     string       `json:"MasterAccountArn"`
	MasterAccountId      string       `json:"MasterAccountId"`
	MasterAccountEmail   string       `json:"MasterAccountEmail"`
	AvailablePolicyTypes []policyType `json:"AvailablePolicyTypes"`
}

type policyType struct {
	Type   string `json:"Type"`
	Status string `json:"Status"`
}

type account struct {
	Id              string `json:"Id"`
	Arn             string `json:"Arn"`
	Email           string `json:"Email"`
	Name            string `json:"Name"`
	Status          string `json:"Status"`
	State           string `json:"State"`
	JoinedMethod    string `json:"JoinedMethod"`
	JoinedTimestamp ts     `json:"JoinedTimestamp"`
}

type createAccountStatus struct {
	Id                 string `json:"Id"`
	AccountName        string `json:"AccountName"`
	State              string `json:"State"`
	AccountId          string `json:"AccountId,omitempty"`
	FailureReason      string `json:"FailureReason,omitempty"`
	RequestedTimestamp ts     `json:"RequestedTimestamp"`
	CompletedTimestamp *ts    `json:"CompletedTimestamp,omitempty"`
}

type handshakeParty struct {
	Id   string `json:"Id"`
	Type string `json:"Type"`
}

type handshakeResource struct {
	Type  string `json:"Type"`
	Value string `json:"Value"`
}

type handshake struct {
	Id                  string              `json:"Id"`
	Arn                 string              `json:"Arn"`
	Action              string              `json:"Action"`
	State               string              `json:"State"`
	Parties             []handshakeParty    `json:"Parties"`
	Resources           []handshakeResource `json:"Resources"`
	RequestedTimestamp  ts                  `json:"RequestedTimestamp"`
	ExpirationTimestamp ts                  `json:"ExpirationTimestamp"`
}

type root struct {
	Id          string       `json:"Id"`
	Arn         string       `json:"Arn"`
	Name        string       `json:"Name"`
	PolicyTypes []policyType `json:"PolicyTypes"`
}

type ou struct {
	Id   string `json:"Id"`
	Arn  string `json:"Arn"`
	Name string `json:"Name"`
}

type parent struct {
	Id   string `json:"Id"`
	Type string `json:"Type"`
}

type delegatedAdministrator struct {
	account
	DelegationEnabledDate ts `json:"DelegationEnabledDate"`
}

type servicePrincipal struct {
	ServicePrincipal string `json:"ServicePrincipal"`
	DateEnabled      ts     `json:"DateEnabled"`
}

type delegatedService struct {
	ServicePrincipal      string `json:"ServicePrincipal"`
	DelegationEnabledDate ts     `json:"DelegationEnabledDate"`
}

type page struct {
	MaxResults int    `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
}

type empty struct{}

func orgOut(v OrganizationView) organization {
	return organization{Id: v.ID, Arn: v.ARN, FeatureSet: v.FeatureSet, MasterAccountArn: v.ManagementARN,
		MasterAccountId: v.ManagementAccountID, MasterAccountEmail: v.ManagementEmail, AvailablePolicyTypes: []policyType{}}
}

func accountOut(a AccountView) account {
	state := "ACTIVE"
	if a.Status == StatusSuspended {
		state = "SUSPENDED"
	}
	return account{Id: a.AccountID, Arn: a.ARN, Email: a.Email, Name: a.Name, Status: a.Status, State: state,
		JoinedMethod: a.JoinedMethod, JoinedTimestamp: ts(a.JoinedAt)}
}

func createStatusOut(r store.CreateAccountRequest) createAccountStatus {
	out := createAccountStatus{Id: r.ID, AccountName: r.AccountName, State: r.State, AccountId: r.AccountID,
		FailureReason: r.FailureReason, RequestedTimestamp: ts(r.RequestedAt)}
	if !r.CompletedAt.IsZero() {
		c := ts(r.CompletedAt)
		out.CompletedTimestamp = &c
	}
	return out
}

func handshakeOut(h HandshakeView) handshake {
	return handshake{Id: h.ID, Arn: h.ARN, Action: "INVITE", State: h.State,
		Parties: []handshakeParty{{Id: strings.TrimPrefix(h.OrgID, "o-"), Type: "ORGANIZATION"}, {Id: h.TargetID, Type: h.TargetType}},
		Resources: []handshakeResource{
			{Type: "ORGANIZATION", Value: h.OrgID},
			{Type: "MASTER_EMAIL", Value: h.Organization.ManagementEmail},
			{Type: "MASTER_NAME", Value: "management"},
		},
		RequestedTimestamp: ts(h.RequestedAt), ExpirationTimestamp: ts(h.ExpiresAt)}
}

// paginate returns one page of items and the token of the next, bound to the caller and scope.
func paginate[T any](codec pagetoken.Codec, c identity.Caller, scope string, items []T, p page) ([]T, string, error) {
	scope = strings.Join([]string{scope, c.Partition, c.AccountID}, "|")
	start := 0
	if p.NextToken != "" {
		pos, err := codec.Decode(scope, p.NextToken)
		n, convErr := strconv.Atoi(pos)
		if err != nil || convErr != nil || n < 0 {
			e := apierr.New(apierr.OrgInvalidInput, "The requested operation failed because you provided invalid values for one or more of the request parameters.")
			e.Reason = "INVALID_PAGINATION_TOKEN"
			return nil, "", e
		}
		start = min(n, len(items))
	}
	size := p.MaxResults
	if size <= 0 {
		size = 20
	}
	end := min(start+size, len(items))
	next := ""
	if end < len(items) {
		next = codec.Encode(scope, strconv.Itoa(end))
	}
	return items[start:end], next, nil
}

// Register implements the Organizations operations sechub supports on s.
func registerHandlers(r domain.Registry, svc *Service, codec pagetoken.Codec) {
	h := func(name string, fn wire.Handler) { r.Handle(name, fn) }

	h("CreateOrganization", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct{ FeatureSet string }) (*struct{ Organization organization }, error) {
		o, err := svc.Create(ctx, c, in.FeatureSet)
		if err != nil {
			return nil, err
		}
		return &struct{ Organization organization }{orgOut(o)}, nil
	}))
	h("DescribeOrganization", wire.Legacy(func(ctx context.Context, c identity.Caller, _ *empty) (*struct{ Organization organization }, error) {
		o, err := svc.Describe(ctx, c)
		if err != nil {
			return nil, err
		}
		return &struct{ Organization organization }{orgOut(o)}, nil
	}))
	h("DeleteOrganization", wire.Legacy(func(ctx context.Context, c identity.Caller, _ *empty) (*empty, error) {
		return nil, svc.Delete(ctx, c)
	}))
	h("CreateAccount", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct{ AccountName, Email string }) (*struct{ CreateAccountStatus createAccountStatus }, error) {
		r, err := svc.CreateAccount(ctx, c, in.AccountName, in.Email)
		if err != nil {
			return nil, err
		}
		return &struct{ CreateAccountStatus createAccountStatus }{createStatusOut(r)}, nil
	}))
	h("DescribeCreateAccountStatus", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct{ CreateAccountRequestId string }) (*struct{ CreateAccountStatus createAccountStatus }, error) {
		r, err := svc.DescribeCreateAccountStatus(ctx, c, in.CreateAccountRequestId)
		if err != nil {
			return nil, err
		}
		return &struct{ CreateAccountStatus createAccountStatus }{createStatusOut(r)}, nil
	}))
	type listCreateOut struct {
		CreateAccountStatuses []createAccountStatus
		NextToken             string `json:",omitempty"`
	}
	h("ListCreateAccountStatus", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct {
		States []string
		page
	}) (*listCreateOut, error) {
		all, err := svc.ListCreateAccountStatus(ctx, c, in.States)
		if err != nil {
			return nil, err
		}
		items, next, err := paginate(codec, c, "ListCreateAccountStatus|"+strings.Join(in.States, ","), all, in.page)
		if err != nil {
			return nil, err
		}
		out := &listCreateOut{CreateAccountStatuses: []createAccountStatus{}, NextToken: next}
		for _, r := range items {
			out.CreateAccountStatuses = append(out.CreateAccountStatuses, createStatusOut(r))
		}
		return out, nil
	}))
	h("DescribeAccount", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct{ AccountId string }) (*struct{ Account account }, error) {
		a, err := svc.DescribeAccount(ctx, c, in.AccountId)
		if err != nil {
			return nil, err
		}
		return &struct{ Account account }{accountOut(a)}, nil
	}))
	type accountsOut struct {
		Accounts  []account
		NextToken string `json:",omitempty"`
	}
	listAccounts := func(ctx context.Context, c identity.Caller, parentID string, p page) (*accountsOut, error) {
		all, err := svc.ListAccounts(ctx, c, parentID)
		if err != nil {
			return nil, err
		}
		items, next, err := paginate(codec, c, "ListAccounts|"+parentID, all, p)
		if err != nil {
			return nil, err
		}
		out := &accountsOut{Accounts: []account{}, NextToken: next}
		for _, a := range items {
			out.Accounts = append(out.Accounts, accountOut(a))
		}
		return out, nil
	}
	h("ListAccounts", wire.Legacy(func(ctx context.Context, c identity.Caller, in *page) (*accountsOut, error) {
		return listAccounts(ctx, c, "", *in)
	}))
	h("ListAccountsForParent", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct {
		ParentId string
		page
	}) (*accountsOut, error) {
		return listAccounts(ctx, c, in.ParentId, in.page)
	}))
	h("InviteAccountToOrganization", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct{ Target handshakeParty }) (*struct{ Handshake handshake }, error) {
		hs, err := svc.Invite(ctx, c, in.Target.Id, in.Target.Type)
		if err != nil {
			return nil, err
		}
		return &struct{ Handshake handshake }{handshakeOut(hs)}, nil
	}))
	h("AcceptHandshake", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct{ HandshakeId string }) (*struct{ Handshake handshake }, error) {
		hs, err := svc.Accept(ctx, c, in.HandshakeId)
		if err != nil {
			return nil, err
		}
		return &struct{ Handshake handshake }{handshakeOut(hs)}, nil
	}))
	h("DeclineHandshake", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct{ HandshakeId string }) (*struct{ Handshake handshake }, error) {
		hs, err := svc.Decline(ctx, c, in.HandshakeId)
		if err != nil {
			return nil, err
		}
		return &struct{ Handshake handshake }{handshakeOut(hs)}, nil
	}))
	type handshakesOut struct {
		Handshakes []handshake
		NextToken  string `json:",omitempty"`
	}
	h("ListHandshakesForAccount", wire.Legacy(func(ctx context.Context, c identity.Caller, in *page) (*handshakesOut, error) {
		all, err := svc.HandshakesForAccount(ctx, c)
		if err != nil {
			return nil, err
		}
		items, next, err := paginate(codec, c, "ListHandshakesForAccount", all, *in)
		if err != nil {
			return nil, err
		}
		out := &handshakesOut{Handshakes: []handshake{}, NextToken: next}
		for _, hs := range items {
			out.Handshakes = append(out.Handshakes, handshakeOut(hs))
		}
		return out, nil
	}))
	h("RemoveAccountFromOrganization", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct{ AccountId string }) (*empty, error) {
		return nil, svc.RemoveAccount(ctx, c, in.AccountId)
	}))
	h("LeaveOrganization", wire.Legacy(func(ctx context.Context, c identity.Caller, _ *empty) (*empty, error) {
		return nil, svc.Leave(ctx, c)
	}))
	h("CloseAccount", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct{ AccountId string }) (*empty, error) {
		return nil, svc.CloseAccount(ctx, c, in.AccountId)
	}))
	h("EnableAWSServiceAccess", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct{ ServicePrincipal string }) (*empty, error) {
		return nil, svc.EnableServiceAccess(ctx, c, in.ServicePrincipal)
	}))
	h("DisableAWSServiceAccess", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct{ ServicePrincipal string }) (*empty, error) {
		return nil, svc.DisableServiceAccess(ctx, c, in.ServicePrincipal)
	}))
	type servicesOut struct {
		EnabledServicePrincipals []servicePrincipal
		NextToken                string `json:",omitempty"`
	}
	h("ListAWSServiceAccessForOrganization", wire.Legacy(func(ctx context.Context, c identity.Caller, in *page) (*servicesOut, error) {
		_, all, err := svc.ServiceAccess(ctx, c)
		if err != nil {
			return nil, err
		}
		var trusted []servicePrincipal
		for _, a := range all {
			if a.AccountID == "" {
				trusted = append(trusted, servicePrincipal{ServicePrincipal: a.ServicePrincipal, DateEnabled: ts(a.EnabledAt)})
			}
		}
		items, next, err := paginate(codec, c, "ListAWSServiceAccessForOrganization", trusted, *in)
		if err != nil {
			return nil, err
		}
		return &servicesOut{EnabledServicePrincipals: append([]servicePrincipal{}, items...), NextToken: next}, nil
	}))
	h("RegisterDelegatedAdministrator", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct{ AccountId, ServicePrincipal string }) (*empty, error) {
		return nil, svc.RegisterDelegatedAdministrator(ctx, c, in.AccountId, in.ServicePrincipal)
	}))
	h("DeregisterDelegatedAdministrator", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct{ AccountId, ServicePrincipal string }) (*empty, error) {
		return nil, svc.DeregisterDelegatedAdministrator(ctx, c, in.AccountId, in.ServicePrincipal)
	}))
	type delegatedOut struct {
		DelegatedAdministrators []delegatedAdministrator
		NextToken               string `json:",omitempty"`
	}
	h("ListDelegatedAdministrators", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct {
		ServicePrincipal string
		page
	}) (*delegatedOut, error) {
		org, all, err := svc.ServiceAccess(ctx, c)
		if err != nil {
			return nil, err
		}
		var admins []delegatedAdministrator
		seen := map[string]bool{}
		for _, a := range all {
			if a.AccountID == "" || (in.ServicePrincipal != "" && a.ServicePrincipal != in.ServicePrincipal) || seen[a.AccountID] {
				continue
			}
			seen[a.AccountID] = true
			acct, err := svc.AccountByID(ctx, c.Partition, a.AccountID)
			if err != nil {
				continue
			}
			admins = append(admins, delegatedAdministrator{account: accountOut(AccountView{OrgAccount: acct,
				ARN: AccountARN(org, acct.AccountID)}), DelegationEnabledDate: ts(a.EnabledAt)})
		}
		items, next, err := paginate(codec, c, "ListDelegatedAdministrators|"+in.ServicePrincipal, admins, in.page)
		if err != nil {
			return nil, err
		}
		return &delegatedOut{DelegatedAdministrators: append([]delegatedAdministrator{}, items...), NextToken: next}, nil
	}))
	type delegatedServicesOut struct {
		DelegatedServices []delegatedService
		NextToken         string `json:",omitempty"`
	}
	h("ListDelegatedServicesForAccount", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct {
		AccountId string
		page
	}) (*delegatedServicesOut, error) {
		_, all, err := svc.ServiceAccess(ctx, c)
		if err != nil {
			return nil, err
		}
		var services []delegatedService
		for _, a := range all {
			if a.AccountID == in.AccountId {
				services = append(services, delegatedService{ServicePrincipal: a.ServicePrincipal, DelegationEnabledDate: ts(a.EnabledAt)})
			}
		}
		if len(services) == 0 {
			return nil, apierr.New(apierr.OrgAccountNotRegistered, "The provided account is not a registered delegated administrator for your organization.")
		}
		items, next, err := paginate(codec, c, "ListDelegatedServicesForAccount|"+in.AccountId, services, in.page)
		if err != nil {
			return nil, err
		}
		return &delegatedServicesOut{DelegatedServices: items, NextToken: next}, nil
	}))
	h("ListRoots", wire.Legacy(func(ctx context.Context, c identity.Caller, in *page) (*struct{ Roots []root }, error) {
		org, arn, err := svc.Roots(ctx, c)
		if err != nil {
			return nil, err
		}
		return &struct{ Roots []root }{[]root{{Id: org.RootID, Arn: arn, Name: "Root", PolicyTypes: []policyType{}}}}, nil
	}))
	h("CreateOrganizationalUnit", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct{ ParentId, Name string }) (*struct{ OrganizationalUnit ou }, error) {
		u, err := svc.CreateOU(ctx, c, in.ParentId, in.Name)
		if err != nil {
			return nil, err
		}
		return &struct{ OrganizationalUnit ou }{ou{Id: u.ID, Arn: u.ARN, Name: u.Name}}, nil
	}))
	type ousOut struct {
		OrganizationalUnits []ou
		NextToken           string `json:",omitempty"`
	}
	h("ListOrganizationalUnitsForParent", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct {
		ParentId string
		page
	}) (*ousOut, error) {
		all, err := svc.OUsForParent(ctx, c, in.ParentId)
		if err != nil {
			return nil, err
		}
		items, next, err := paginate(codec, c, "ListOrganizationalUnitsForParent|"+in.ParentId, all, in.page)
		if err != nil {
			return nil, err
		}
		out := &ousOut{OrganizationalUnits: []ou{}, NextToken: next}
		for _, u := range items {
			out.OrganizationalUnits = append(out.OrganizationalUnits, ou{Id: u.ID, Arn: u.ARN, Name: u.Name})
		}
		return out, nil
	}))
	h("ListParents", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct{ ChildId string }) (*struct{ Parents []parent }, error) {
		ps, err := svc.Parents(ctx, c, in.ChildId)
		if err != nil {
			return nil, err
		}
		out := &struct{ Parents []parent }{}
		for _, p := range ps {
			out.Parents = append(out.Parents, parent{Id: p.ID, Type: p.Type})
		}
		return out, nil
	}))
	h("MoveAccount", wire.Legacy(func(ctx context.Context, c identity.Caller, in *struct{ AccountId, SourceParentId, DestinationParentId string }) (*empty, error) {
		return nil, svc.MoveAccount(ctx, c, in.AccountId, in.SourceParentId, in.DestinationParentId)
	}))
}
