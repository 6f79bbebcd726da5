package members

import (
	"context"
	"time"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/shapes"

	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/wire"
)

type wireMember struct {
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
	Members             []wireMember `json:"Members"`
	UnprocessedAccounts []result     `json:"UnprocessedAccounts"`
}

type listMembersInput struct {
	OnlyAssociated *bool `json:"OnlyAssociated"`
	pageInput
}

type listMembersOutput struct {
	Members   []wireMember `json:"Members"`
	NextToken string       `json:"NextToken,omitempty"`
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

func memberOf(m store.Membership) wireMember {
	out := wireMember{AccountId: m.MemberID, Email: m.Email, MasterId: m.AdminID, AdministratorId: m.AdminID,
		MemberStatus: m.Status, UpdatedAt: timestamp(m.UpdatedAt)}
	if !m.InvitedAt.IsZero() {
		out.InvitedAt = timestamp(m.InvitedAt)
	}
	return out
}

func membersOf(ms []store.Membership) []wireMember {
	out := make([]wireMember, len(ms))
	for i, m := range ms {
		out[i] = memberOf(m)
	}
	return out
}

// invitationOf shows a relationship from the member's side. Organization relationships have
// no invitation, so their InvitationId is left out (spec open question 9).
func invitationOf(m store.Membership) invitation {
	out := invitation{AccountId: m.AdminID, MemberStatus: m.Status}
	if m.Origin == OriginInvitation {
		out.InvitationId = m.InvitationID
	}
	if !m.InvitedAt.IsZero() {
		out.InvitedAt = timestamp(m.InvitedAt)
	}
	return out
}

func resultsOf(rs []Result) []result {
	out := make([]result, len(rs))
	for i, r := range rs {
		out[i] = result{AccountId: r.AccountID, ProcessingResult: r.ProcessingResult}
	}
	return out
}

func unprocessed(rs []Result, err error) (*unprocessedOutput, error) {
	if err != nil {
		return nil, err
	}
	return &unprocessedOutput{UnprocessedAccounts: resultsOf(rs)}, nil
}

func registerHandlers(r domain.Registry, svc *Service) {
	m := svc
	r.Handle("CreateMembers", wire.Legacy(func(ctx context.Context, c identity.Caller, in *createMembersInput) (*unprocessedOutput, error) {
		details := make([]AccountDetail, len(in.AccountDetails))
		for i, d := range in.AccountDetails {
			details[i] = AccountDetail{AccountID: d.AccountId, Email: d.Email}
		}
		return unprocessed(m.Create(ctx, c, details))
	}))
	r.Handle("InviteMembers", wire.Legacy(func(ctx context.Context, c identity.Caller, in *accountIDsInput) (*unprocessedOutput, error) {
		return unprocessed(m.Invite(ctx, c, in.AccountIds))
	}))
	r.Handle("GetMembers", wire.Legacy(func(ctx context.Context, c identity.Caller, in *accountIDsInput) (*getMembersOutput, error) {
		found, rs, err := m.Get(ctx, c, in.AccountIds)
		if err != nil {
			return nil, err
		}
		return &getMembersOutput{Members: membersOf(found), UnprocessedAccounts: resultsOf(rs)}, nil
	}))
	r.Handle("ListMembers", wire.Legacy(func(ctx context.Context, c identity.Caller, in *listMembersInput) (*listMembersOutput, error) {
		onlyAssociated := in.OnlyAssociated == nil || *in.OnlyAssociated // absent means true
		page, next, err := m.List(ctx, c, onlyAssociated, in.MaxResults, in.NextToken)
		if err != nil {
			return nil, err
		}
		return &listMembersOutput{Members: membersOf(page), NextToken: next}, nil
	}))
	r.Handle("DeleteMembers", wire.Legacy(func(ctx context.Context, c identity.Caller, in *accountIDsInput) (*unprocessedOutput, error) {
		return unprocessed(m.Delete(ctx, c, in.AccountIds))
	}))
	r.Handle("DisassociateMembers", wire.Legacy(func(ctx context.Context, c identity.Caller, in *accountIDsInput) (*shapes.Empty, error) {
		return nil, m.Disassociate(ctx, c, in.AccountIds)
	}))
	r.Handle("ListInvitations", wire.Legacy(func(ctx context.Context, c identity.Caller, in *pageInput) (*listInvitationsOutput, error) {
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
	r.Handle("GetInvitationsCount", wire.Legacy(func(ctx context.Context, c identity.Caller, _ *shapes.Empty) (*invitationsCountOutput, error) {
		n, err := m.InvitationsCount(ctx, c)
		if err != nil {
			return nil, err
		}
		return &invitationsCountOutput{InvitationsCount: n}, nil
	}))
	r.Handle("AcceptAdministratorInvitation", wire.Legacy(func(ctx context.Context, c identity.Caller, in *acceptAdministratorInvitationInput) (*shapes.Empty, error) {
		return nil, m.Accept(ctx, c, in.AdministratorId, in.InvitationId)
	}))
	r.Handle("AcceptInvitation", wire.Legacy(func(ctx context.Context, c identity.Caller, in *acceptInvitationInput) (*shapes.Empty, error) {
		return nil, m.Accept(ctx, c, in.MasterId, in.InvitationId)
	}))
	r.Handle("DeclineInvitations", wire.Legacy(func(ctx context.Context, c identity.Caller, in *accountIDsInput) (*unprocessedOutput, error) {
		return unprocessed(m.Decline(ctx, c, in.AccountIds))
	}))
	r.Handle("DeleteInvitations", wire.Legacy(func(ctx context.Context, c identity.Caller, in *accountIDsInput) (*unprocessedOutput, error) {
		return unprocessed(m.DeleteInvitations(ctx, c, in.AccountIds))
	}))
	r.Handle("GetAdministratorAccount", wire.Legacy(func(ctx context.Context, c identity.Caller, _ *shapes.Empty) (*getAdministratorAccountOutput, error) {
		adm, ok, err := m.Administrator(ctx, c)
		if err != nil || !ok {
			return &getAdministratorAccountOutput{}, err
		}
		inv := invitationOf(adm)
		return &getAdministratorAccountOutput{Administrator: &inv}, nil
	}))
	r.Handle("GetMasterAccount", wire.Legacy(func(ctx context.Context, c identity.Caller, _ *shapes.Empty) (*getMasterAccountOutput, error) {
		adm, ok, err := m.Administrator(ctx, c)
		if err != nil || !ok {
			return &getMasterAccountOutput{}, err
		}
		inv := invitationOf(adm)
		return &getMasterAccountOutput{Master: &inv}, nil
	}))
	r.Handle("DisassociateFromAdministratorAccount", wire.Legacy(func(ctx context.Context, c identity.Caller, _ *shapes.Empty) (*shapes.Empty, error) {
		return nil, m.DisassociateFromAdministrator(ctx, c)
	}))
	r.Handle("DisassociateFromMasterAccount", wire.Legacy(func(ctx context.Context, c identity.Caller, _ *shapes.Empty) (*shapes.Empty, error) {
		return nil, m.DisassociateFromAdministrator(ctx, c)
	}))
}

type pageInput struct {
	MaxResults int    `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
}

// timestamp renders a time as Security Hub does.
func timestamp(t time.Time) string { return shapes.Timestamp(t).String() }
