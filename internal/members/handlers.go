package members

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/shapes"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/wire"
)

// memberOut is a member on the wire. MasterId is the deprecated name of AdministratorId; AWS
// still sends both.
func memberOut(m Member) sh.Member {
	return sh.Member{AccountId: m.AccountID, Email: m.Email, MasterId: m.AdministratorID, AdministratorId: m.AdministratorID,
		MemberStatus: m.Status, InvitedAt: shapes.Timestamp(m.InvitedAt), UpdatedAt: shapes.Timestamp(m.UpdatedAt)}
}

// membersOut answers a list of members, [] when there is none.
func membersOut(ms []Member) []sh.Member {
	out := make([]sh.Member, len(ms))
	for i, m := range ms {
		out[i] = memberOut(m)
	}
	return out
}

func invitationOut(inv Invitation) sh.Invitation {
	return sh.Invitation{AccountId: inv.AdministratorID, InvitationId: inv.InvitationID,
		InvitedAt: shapes.Timestamp(inv.InvitedAt), MemberStatus: inv.Status}
}

// resultsOut answers UnprocessedAccounts, [] when every account was processed.
func resultsOut(rs []Result) []sh.Result {
	out := make([]sh.Result, len(rs))
	for i, r := range rs {
		out[i] = sh.Result{AccountId: r.AccountID, ProcessingResult: r.ProcessingResult}
	}
	return out
}

func registerHandlers(r domain.Registry, m *Service) {
	r.Handle("CreateMembers", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.CreateMembersRequest) (*sh.CreateMembersResponse, error) {
		details := make([]AccountDetail, len(in.AccountDetails))
		for i, d := range in.AccountDetails {
			details[i] = AccountDetail{AccountID: d.AccountId, Email: d.Email}
		}
		rs, err := m.Create(ctx, c, details)
		if err != nil {
			return nil, err
		}
		return &sh.CreateMembersResponse{UnprocessedAccounts: resultsOut(rs)}, nil
	}))
	r.Handle("InviteMembers", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.InviteMembersRequest) (*sh.InviteMembersResponse, error) {
		rs, err := m.Invite(ctx, c, in.AccountIds)
		if err != nil {
			return nil, err
		}
		return &sh.InviteMembersResponse{UnprocessedAccounts: resultsOut(rs)}, nil
	}))
	r.Handle("GetMembers", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.GetMembersRequest) (*sh.GetMembersResponse, error) {
		found, rs, err := m.Get(ctx, c, in.AccountIds)
		if err != nil {
			return nil, err
		}
		return &sh.GetMembersResponse{Members: membersOut(found), UnprocessedAccounts: resultsOut(rs)}, nil
	}))
	r.Handle("ListMembers", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.ListMembersRequest) (*sh.ListMembersResponse, error) {
		onlyAssociated := in.OnlyAssociated == nil || *in.OnlyAssociated // absent means true
		page, next, err := m.List(ctx, c, onlyAssociated, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		return &sh.ListMembersResponse{Members: membersOut(page), NextToken: next}, nil
	}))
	r.Handle("DeleteMembers", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DeleteMembersRequest) (*sh.DeleteMembersResponse, error) {
		rs, err := m.Delete(ctx, c, in.AccountIds)
		if err != nil {
			return nil, err
		}
		return &sh.DeleteMembersResponse{UnprocessedAccounts: resultsOut(rs)}, nil
	}))
	r.Handle("DisassociateMembers", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DisassociateMembersRequest) (*sh.DisassociateMembersResponse, error) {
		return nil, m.Disassociate(ctx, c, in.AccountIds)
	}))
	r.Handle("ListInvitations", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.ListInvitationsRequest) (*sh.ListInvitationsResponse, error) {
		page, next, err := m.ListInvitations(ctx, c, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &sh.ListInvitationsResponse{Invitations: make([]sh.Invitation, len(page)), NextToken: next}
		for i, inv := range page {
			out.Invitations[i] = invitationOut(inv)
		}
		return out, nil
	}))
	r.Handle("GetInvitationsCount", wire.Typed(func(ctx context.Context, c identity.Caller, _ *sh.GetInvitationsCountRequest) (*sh.GetInvitationsCountResponse, error) {
		n, err := m.InvitationsCount(ctx, c)
		if err != nil {
			return nil, err
		}
		return &sh.GetInvitationsCountResponse{InvitationsCount: new(int32(n))}, nil
	}))
	r.Handle("AcceptAdministratorInvitation", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.AcceptAdministratorInvitationRequest) (*sh.AcceptAdministratorInvitationResponse, error) {
		return nil, m.Accept(ctx, c, in.AdministratorId, in.InvitationId)
	}))
	r.Handle("AcceptInvitation", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.AcceptInvitationRequest) (*sh.AcceptInvitationResponse, error) {
		return nil, m.Accept(ctx, c, in.MasterId, in.InvitationId)
	}))
	r.Handle("DeclineInvitations", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DeclineInvitationsRequest) (*sh.DeclineInvitationsResponse, error) {
		rs, err := m.Decline(ctx, c, in.AccountIds)
		if err != nil {
			return nil, err
		}
		return &sh.DeclineInvitationsResponse{UnprocessedAccounts: resultsOut(rs)}, nil
	}))
	r.Handle("DeleteInvitations", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DeleteInvitationsRequest) (*sh.DeleteInvitationsResponse, error) {
		rs, err := m.DeleteInvitations(ctx, c, in.AccountIds)
		if err != nil {
			return nil, err
		}
		return &sh.DeleteInvitationsResponse{UnprocessedAccounts: resultsOut(rs)}, nil
	}))
	r.Handle("GetAdministratorAccount", wire.Typed(func(ctx context.Context, c identity.Caller, _ *sh.GetAdministratorAccountRequest) (*sh.GetAdministratorAccountResponse, error) {
		adm, ok, err := m.Administrator(ctx, c)
		if err != nil || !ok {
			return &sh.GetAdministratorAccountResponse{}, err
		}
		return &sh.GetAdministratorAccountResponse{Administrator: new(invitationOut(adm))}, nil
	}))
	r.Handle("GetMasterAccount", wire.Typed(func(ctx context.Context, c identity.Caller, _ *sh.GetMasterAccountRequest) (*sh.GetMasterAccountResponse, error) {
		adm, ok, err := m.Administrator(ctx, c)
		if err != nil || !ok {
			return &sh.GetMasterAccountResponse{}, err
		}
		return &sh.GetMasterAccountResponse{Master: new(invitationOut(adm))}, nil
	}))
	r.Handle("DisassociateFromAdministratorAccount", wire.Typed(func(ctx context.Context, c identity.Caller, _ *sh.DisassociateFromAdministratorAccountRequest) (*sh.DisassociateFromAdministratorAccountResponse, error) {
		return nil, m.DisassociateFromAdministrator(ctx, c)
	}))
	r.Handle("DisassociateFromMasterAccount", wire.Typed(func(ctx context.Context, c identity.Caller, _ *sh.DisassociateFromMasterAccountRequest) (*sh.DisassociateFromMasterAccountResponse, error) {
		return nil, m.DisassociateFromAdministrator(ctx, c)
	}))
}
