package members

import (
	"context"
	"errors"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
)

// Invitation is a relationship as its member sees it (ListInvitations,
// GetAdministratorAccount).
type Invitation struct {
	AdministratorID string
	// InvitationID is "" for organization relationships, which have no invitation.
	InvitationID string
	InvitedAt    time.Time // zero when never invited
	Status       string
}

// invitationView shows a relationship from the member's side. Organization relationships have
// no invitation, so they show no InvitationId (AWS's answer for them is unknown).
func invitationView(m Membership) Invitation {
	out := Invitation{AdministratorID: m.AdminID, InvitedAt: m.InvitedAt, Status: m.Status}
	if m.Origin == OriginInvitation {
		out.InvitationID = m.InvitationID
	}
	return out
}

// visibleInvitation reports whether a relationship shows in the member's ListInvitations:
// invitation-origin, not declined, deleted or withdrawn, and Invited, Enabled or Resigned.
func visibleInvitation(m Membership) bool {
	if m.Origin != OriginInvitation || !m.MemberVisible {
		return false
	}
	switch m.Status {
	case StatusInvited, StatusEnabled, StatusResigned:
		return true
	}
	return false
}

// invitationsOf returns the invitations the account sees, ordered by administrator id.
func invitationsOf(tx store.Tx, key store.AccountKey) ([]Membership, error) {
	all, err := administratorsOf(tx, key.RegionKey(), key.AccountID)
	if err != nil {
		return nil, err
	}
	visible := all[:0]
	for _, m := range all {
		if visibleInvitation(m) {
			visible = append(visible, m)
		}
	}
	return visible, nil
}

// ListInvitations returns a page of the invitations the caller has received, ordered by
// administrator id.
func (s *Service) ListInvitations(ctx context.Context, c identity.Caller, maxResults int, nextToken string) ([]Invitation, string, error) {
	key := domain.Key(c)
	page := paging.Page{Scope: paging.Scope("ListInvitations", c.Partition, c.Region, c.AccountID),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultListPage}
	ms, next, err := paging.Keyset(s.Pages, page, func(after string, limit int) ([]Membership, error) {
		var out []Membership
		err := s.Store.View(ctx, func(tx store.Tx) error {
			out = nil
			if err := requireHub(tx, key, apierr.MemberHubOff); err != nil {
				return err
			}
			all, err := invitationsOf(tx, key)
			for _, m := range all {
				if m.AdminID > after && len(out) < limit {
					out = append(out, m)
				}
			}
			return err
		})
		return out, err
	}, func(m Membership) string { return m.AdminID })
	if err != nil {
		return nil, "", err
	}
	out := make([]Invitation, len(ms))
	for i, m := range ms {
		out[i] = invitationView(m)
	}
	return out, next, nil
}

// InvitationsCount counts the caller's invitations other than the accepted one.
func (s *Service) InvitationsCount(ctx context.Context, c identity.Caller) (int, error) {
	key := domain.Key(c)
	n := 0
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if err := requireHub(tx, key, apierr.MemberHubOff); err != nil {
			return err
		}
		all, err := invitationsOf(tx, key)
		for _, m := range all {
			if m.Status != StatusEnabled {
				n++
			}
		}
		return err
	})
	return n, err
}

// Accept makes the caller an Enabled member of adminID, answering invitation invitationID.
func (s *Service) Accept(ctx context.Context, c identity.Caller, adminID, invitationID string) error {
	key := domain.Key(c)
	region := key.RegionKey()
	now := s.Clock.Now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if err := requireHub(tx, key, apierr.MemberHubOff); err != nil {
			return err
		}
		noInvitation := apierr.NoPendingInvitation.New()
		m, err := membership(tx, region, adminID, c.AccountID)
		if errors.Is(err, store.ErrNotFound) {
			return noInvitation
		} else if err != nil {
			return err
		}
		if !visibleInvitation(m) || m.InvitationID != invitationID {
			return noInvitation
		}
		if m.Status == StatusEnabled {
			return nil // accepting the accepted invitation again changes nothing
		}
		if _, member, err := isEnabledMember(tx, region, c.AccountID); err != nil {
			return err
		} else if member {
			return apierr.AcceptWhenMember.New()
		}
		own, err := countMembers(tx, region, c.AccountID, "", StatusCreated, StatusInvited, StatusEnabled)
		if err != nil {
			return err
		}
		if own > 0 {
			return apierr.AcceptWhenAdministrator.New()
		}
		if _, adminIsMember, err := isEnabledMember(tx, region, adminID); err != nil {
			return err
		} else if adminIsMember {
			return apierr.InviterIsMember.New()
		}
		m.Status, m.UpdatedAt = StatusEnabled, now
		if err := putMembership(tx, m); errors.Is(err, store.ErrConflict) {
			return apierr.AcceptWhenMember.New()
		} else if err != nil {
			return err
		}
		return nil
	})
}

// Decline turns down invitations from the named administrators: a pending one becomes
// Resigned on the administrator's side, and the invitation leaves the caller's list.
func (s *Service) Decline(ctx context.Context, c identity.Caller, adminIDs []string) ([]Result, error) {
	return s.batch(ctx, c, apierr.MemberHubOff, func(tx store.Tx, key store.AccountKey, now time.Time, reject func(id, text string)) error {
		for _, id := range adminIDs {
			m, err := membership(tx, key.RegionKey(), id, c.AccountID)
			if errors.Is(err, store.ErrNotFound) || (err == nil && !visibleInvitation(m)) {
				reject(id, ResultNoPendingInvitation)
				continue
			} else if err != nil {
				return err
			}
			if m.Status == StatusEnabled {
				reject(id, ResultDeclineWhenAssociated)
				continue
			}
			if m.Status == StatusInvited {
				m.Status, m.UpdatedAt = StatusResigned, now
			}
			m.MemberVisible = false
			if err := putMembership(tx, m); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteInvitations deletes invitations. AWS has described the operation both ways (a member
// deletes invitations it received; an administrator withdraws invitations it sent) and its
// behaviour is unknown, so each id is resolved both ways: a received invitation from the id
// first, else a pending invitation the caller sent to the id.
func (s *Service) DeleteInvitations(ctx context.Context, c identity.Caller, accountIDs []string) ([]Result, error) {
	return s.batch(ctx, c, apierr.MemberHubOff, func(tx store.Tx, key store.AccountKey, now time.Time, reject func(id, text string)) error {
		region := key.RegionKey()
		for _, id := range accountIDs {
			received, err := membership(tx, region, id, c.AccountID)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			if err == nil && visibleInvitation(received) {
				if received.Status == StatusEnabled {
					reject(id, ResultInvitationAssociated)
					continue
				}
				if received.Status == StatusInvited {
					received.Status = StatusResigned
				}
				received.MemberVisible, received.UpdatedAt = false, now
				if err := putMembership(tx, received); err != nil {
					return err
				}
				continue
			}
			sent, err := membership(tx, region, c.AccountID, id)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			if err == nil && sent.Status == StatusInvited && sent.Origin == OriginInvitation {
				sent.Status, sent.InvitationID, sent.InvitedAt, sent.MemberVisible, sent.UpdatedAt = StatusCreated, "", time.Time{}, false, now
				if err := putMembership(tx, sent); err != nil {
					return err
				}
				continue
			}
			reject(id, ResultNoPendingInvitation)
		}
		return nil
	})
}

// Administrator returns the caller's Enabled relationship, or ok=false when it has none.
func (s *Service) Administrator(ctx context.Context, c identity.Caller) (inv Invitation, ok bool, err error) {
	key := domain.Key(c)
	err = s.Store.View(ctx, func(tx store.Tx) error {
		if err := requireHub(tx, key, apierr.MemberHubOff); err != nil {
			return err
		}
		m, enabled, err := isEnabledMember(tx, key.RegionKey(), c.AccountID)
		inv, ok = invitationView(m), enabled
		return err
	})
	return inv, ok, err
}

// DisassociateFromAdministrator ends the caller's Enabled invitation membership (Resigned);
// the invitation stays, and can be accepted again.
func (s *Service) DisassociateFromAdministrator(ctx context.Context, c identity.Caller) error {
	key := domain.Key(c)
	now := s.Clock.Now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if err := requireHub(tx, key, apierr.MemberHubOff); err != nil {
			return err
		}
		m, ok, err := isEnabledMember(tx, key.RegionKey(), c.AccountID)
		if err != nil {
			return err
		}
		if !ok {
			return apierr.NoSuchMembership.New()
		}
		if m.Origin == OriginOrganization {
			return apierr.OrganizationMemberCannotDisassociate.New()
		}
		m.Status, m.UpdatedAt = StatusResigned, now
		return putMembership(tx, m)
	})
}
