package api

import (
	"context"

	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/members"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/wire"
)

type member struct {
	AccountId       string `json:"AccountId"`
	Email           string `json:"Email,omitempty"`
	MasterId        string `json:"MasterId"`
	AdministratorId string `json:"AdministratorId"`
	MemberStatus    string `json:"MemberStatus"`
	InvitedAt       string `json:"InvitedAt,omitempty"`
	UpdatedAt       string `json:"UpdatedAt"`
}

type result struct {
	AccountId        string `json:"AccountId"`
	ProcessingResult string `json:"ProcessingResult"`
}

type invitation struct {
	AccountId    string `json:"AccountId"`
	InvitationId string `json:"InvitationId,omitempty"`
	InvitedAt    string `json:"InvitedAt,omitempty"`
	MemberStatus string `json:"MemberStatus"`
}

type accountIDsInput struct {
	AccountIds []string `json:"AccountIds"`
}

type createMembersInput struct {
	AccountDetails []struct {
		AccountId string `json:"AccountId"`
		Email     string `json:"Email"`
	} `json:"AccountDetails"`
}

type unprocessedOutput struct {
	UnprocessedAccounts []result `json:"UnprocessedAccounts"`
}

type getMembersOutput struct {
	Members             []member `json:"Members"`
	UnprocessedAccounts []result `json:"UnprocessedAccounts"`
}

type listMembersInput struct {
	OnlyAssociated *bool `json:"OnlyAssociated"`
	pageInput
}

type listMembersOutput struct {
	Members   []member `json:"Members"`
	NextToken string   `json:"NextToken,omitempty"`
}

type listInvitationsOutput struct {
	Invitations []invitation `json:"Invitations"`
	NextToken   string       `json:"NextToken,omitempty"`
}

type invitationsCountOutput struct {
	InvitationsCount int `json:"InvitationsCount"`
}

type acceptAdministratorInvitationInput struct {
	AdministratorId string `json:"AdministratorId"`
	InvitationId    string `json:"InvitationId"`
}

type acceptInvitationInput struct {
	MasterId     string `json:"MasterId"`
	InvitationId string `json:"InvitationId"`
}

type getAdministratorAccountOutput struct {
	Administrator *invitation `json:"Administrator,omitempty"`
}

type getMasterAccountOutput struct {
	Master *invitation `json:"Master,omitempty"`
}

func memberOf(m store.Membership) member {
	out := member{AccountId: m.MemberID, Email: m.Email, MasterId: m.AdminID, AdministratorId: m.AdminID,
		MemberStatus: m.Status, UpdatedAt: timestamp(m.UpdatedAt)}
	if !m.InvitedAt.IsZero() {
		out.InvitedAt = timestamp(m.InvitedAt)
	}
	return out
}

func membersOf(ms []store.Membership) []member {
	out := make([]member, len(ms))
	for i, m := range ms {
		out[i] = memberOf(m)
	}
	return out
}

// invitationOf shows a relationship from the member's side. Organization relationships have
// no invitation, so their InvitationId is left out (spec open question 9).
func invitationOf(m store.Membership) invitation {
	out := invitation{AccountId: m.AdminID, MemberStatus: m.Status}
	if m.Origin == members.OriginInvitation {
		out.InvitationId = m.InvitationID
	}
	if !m.InvitedAt.IsZero() {
		out.InvitedAt = timestamp(m.InvitedAt)
	}
	return out
}

func resultsOf(rs []members.Result) []result {
	out := make([]result, len(rs))
	for i, r := range rs {
		out[i] = result{AccountId: r.AccountID, ProcessingResult: r.ProcessingResult}
	}
	return out
}

func unprocessed(rs []members.Result, err error) (*unprocessedOutput, error) {
	if err != nil {
		return nil, err
	}
	return &unprocessedOutput{UnprocessedAccounts: resultsOf(rs)}, nil
}

func registerMembers(s *wire.RestJSON, svc *Services) {
	m := svc.Members
	s.Handle("CreateMembers", wire.Typed(func(ctx context.Context, c identity.Caller, in *createMembersInput) (*unprocessedOutput, error) {
		details := make([]members.AccountDetail, len(in.AccountDetails))
		for i, d := range in.AccountDetails {
			details[i] = members.AccountDetail{AccountID: d.AccountId, Email: d.Email}
		}
		return unprocessed(m.Create(ctx, c, details))
	}))
	s.Handle("InviteMembers", wire.Typed(func(ctx context.Context, c identity.Caller, in *accountIDsInput) (*unprocessedOutput, error) {
		return unprocessed(m.Invite(ctx, c, in.AccountIds))
	}))
	s.Handle("GetMembers", wire.Typed(func(ctx context.Context, c identity.Caller, in *accountIDsInput) (*getMembersOutput, error) {
		found, rs, err := m.Get(ctx, c, in.AccountIds)
		if err != nil {
			return nil, err
		}
		return &getMembersOutput{Members: membersOf(found), UnprocessedAccounts: resultsOf(rs)}, nil
	}))
	s.Handle("ListMembers", wire.Typed(func(ctx context.Context, c identity.Caller, in *listMembersInput) (*listMembersOutput, error) {
		onlyAssociated := in.OnlyAssociated == nil || *in.OnlyAssociated // absent means true
		page, next, err := m.List(ctx, c, onlyAssociated, in.MaxResults, in.NextToken)
		if err != nil {
			return nil, err
		}
		return &listMembersOutput{Members: membersOf(page), NextToken: next}, nil
	}))
	s.Handle("DeleteMembers", wire.Typed(func(ctx context.Context, c identity.Caller, in *accountIDsInput) (*unprocessedOutput, error) {
		return unprocessed(m.Delete(ctx, c, in.AccountIds))
	}))
	s.Handle("DisassociateMembers", wire.Typed(func(ctx context.Context, c identity.Caller, in *accountIDsInput) (*empty, error) {
		return nil, m.Disassociate(ctx, c, in.AccountIds)
	}))
	s.Handle("ListInvitations", wire.Typed(func(ctx context.Context, c identity.Caller, in *pageInput) (*listInvitationsOutput, error) {
		page, next, err := m.ListInvitations(ctx, c, in.MaxResults, in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &listInvitationsOutput{Invitations: make([]invitation, len(page)), NextToken: next}
		for i, inv := range page {
			out.Invitations[i] = invitationOf(inv)
		}
		return out, nil
	}))
	s.Handle("GetInvitationsCount", wire.Typed(func(ctx context.Context, c identity.Caller, _ *empty) (*invitationsCountOutput, error) {
		n, err := m.InvitationsCount(ctx, c)
		if err != nil {
			return nil, err
		}
		return &invitationsCountOutput{InvitationsCount: n}, nil
	}))
	s.Handle("AcceptAdministratorInvitation", wire.Typed(func(ctx context.Context, c identity.Caller, in *acceptAdministratorInvitationInput) (*empty, error) {
		return nil, m.Accept(ctx, c, in.AdministratorId, in.InvitationId)
	}))
	s.Handle("AcceptInvitation", wire.Typed(func(ctx context.Context, c identity.Caller, in *acceptInvitationInput) (*empty, error) {
		return nil, m.Accept(ctx, c, in.MasterId, in.InvitationId)
	}))
	s.Handle("DeclineInvitations", wire.Typed(func(ctx context.Context, c identity.Caller, in *accountIDsInput) (*unprocessedOutput, error) {
		return unprocessed(m.Decline(ctx, c, in.AccountIds))
	}))
	s.Handle("DeleteInvitations", wire.Typed(func(ctx context.Context, c identity.Caller, in *accountIDsInput) (*unprocessedOutput, error) {
		return unprocessed(m.DeleteInvitations(ctx, c, in.AccountIds))
	}))
	s.Handle("GetAdministratorAccount", wire.Typed(func(ctx context.Context, c identity.Caller, _ *empty) (*getAdministratorAccountOutput, error) {
		adm, ok, err := m.Administrator(ctx, c)
		if err != nil || !ok {
			return &getAdministratorAccountOutput{}, err
		}
		inv := invitationOf(adm)
		return &getAdministratorAccountOutput{Administrator: &inv}, nil
	}))
	s.Handle("GetMasterAccount", wire.Typed(func(ctx context.Context, c identity.Caller, _ *empty) (*getMasterAccountOutput, error) {
		adm, ok, err := m.Administrator(ctx, c)
		if err != nil || !ok {
			return &getMasterAccountOutput{}, err
		}
		inv := invitationOf(adm)
		return &getMasterAccountOutput{Master: &inv}, nil
	}))
	s.Handle("DisassociateFromAdministratorAccount", wire.Typed(func(ctx context.Context, c identity.Caller, _ *empty) (*empty, error) {
		return nil, m.DisassociateFromAdministrator(ctx, c)
	}))
	s.Handle("DisassociateFromMasterAccount", wire.Typed(func(ctx context.Context, c identity.Caller, _ *empty) (*empty, error) {
		return nil, m.DisassociateFromAdministrator(ctx, c)
	}))
}
