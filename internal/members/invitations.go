package members

import (
	"context"
	"errors"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// visibleInvitation reports whether a relationship shows in the member's ListInvitations:
// invitation-origin, not declined, deleted or withdrawn, and Invited, Enabled or Resigned.
func visibleInvitation(m store.Membership) bool {
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
func invitationsOf(tx store.Tx, key store.AccountKey) ([]store.Membership, error) {
	all, err := tx.AdministratorsOf(key.RegionKey(), key.AccountID)
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

// ListInvitations returns a page of the invitations the caller has received.
func (s *Service) ListInvitations(ctx context.Context, c identity.Caller, maxResults int, nextToken string) ([]store.Membership, string, error) {
	return s.listPage(ctx, c, listScope("ListInvitations", c, false), memberSideHubOff, maxResults, nextToken,
		func(tx store.Tx, after string, _ int) ([]store.Membership, error) {
			all, err := invitationsOf(tx, keyOf(c))
			var page []store.Membership
			for _, m := range all {
				if m.AdminID > after {
					page = append(page, m)
				}
			}
			return page, err
		},
		func(m store.Membership) string { return m.AdminID })
}

// InvitationsCount counts the caller's invitations other than the accepted one.
func (s *Service) InvitationsCount(ctx context.Context, c identity.Caller) (int, error) {
	key := keyOf(c)
	n := 0
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if err := requireHub(tx, key, memberSideHubOff); err != nil {
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
	key := keyOf(c)
	region := key.RegionKey()
	now := s.now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if err := requireHub(tx, key, memberSideHubOff); err != nil {
			return err
		}
		noInvitation := apierr.New(apierr.InvalidInput, MsgNoPendingInvitation)
		m, err := tx.Membership(region, adminID, c.AccountID)
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
			return apierr.New(apierr.InvalidInput, MsgAcceptWhenMember)
		}
		own, err := tx.CountMembers(region, c.AccountID, "", StatusCreated, StatusInvited, StatusEnabled)
		if err != nil {
			return err
		}
		if own > 0 {
			return apierr.New(apierr.InvalidInput, MsgAcceptWhenAdmin)
		}
		if _, adminIsMember, err := isEnabledMember(tx, region, adminID); err != nil {
			return err
		} else if adminIsMember {
			return apierr.New(apierr.InvalidInput, MsgInviterIsMember)
		}
		m.Status, m.UpdatedAt = StatusEnabled, now
		if err := tx.PutMembership(m); errors.Is(err, store.ErrConflict) {
			return apierr.New(apierr.InvalidInput, MsgAcceptWhenMember)
		} else if err != nil {
			return err
		}
		return nil
	})
}

// Decline turns down invitations from the named administrators: a pending one becomes
// Resigned on the administrator's side, and the invitation leaves the caller's list.
func (s *Service) Decline(ctx context.Context, c identity.Caller, adminIDs []string) ([]Result, error) {
	return s.batch(ctx, c, memberSideHubOff, func(tx store.Tx, key store.AccountKey, now time.Time, reject func(id, text string)) error {
		for _, id := range adminIDs {
			m, err := tx.Membership(key.RegionKey(), id, c.AccountID)
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
			if err := tx.PutMembership(m); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteInvitations deletes invitations. The documentation disagrees on the direction (older
// docs: a member deletes invitations it received; current docs: an administrator withdraws
// invitations it sent), so each id is resolved both ways (spec open question 3): a received
// invitation from the id first, else a pending invitation the caller sent to the id.
func (s *Service) DeleteInvitations(ctx context.Context, c identity.Caller, accountIDs []string) ([]Result, error) {
	return s.batch(ctx, c, memberSideHubOff, func(tx store.Tx, key store.AccountKey, now time.Time, reject func(id, text string)) error {
		region := key.RegionKey()
		for _, id := range accountIDs {
			received, err := tx.Membership(region, id, c.AccountID)
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
				if err := tx.PutMembership(received); err != nil {
					return err
				}
				continue
			}
			sent, err := tx.Membership(region, c.AccountID, id)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			if err == nil && sent.Status == StatusInvited && sent.Origin == OriginInvitation {
				sent.Status, sent.InvitationID, sent.InvitedAt, sent.MemberVisible, sent.UpdatedAt = StatusCreated, "", time.Time{}, false, now
				if err := tx.PutMembership(sent); err != nil {
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
func (s *Service) Administrator(ctx context.Context, c identity.Caller) (m store.Membership, ok bool, err error) {
	key := keyOf(c)
	err = s.Store.View(ctx, func(tx store.Tx) error {
		if err := requireHub(tx, key, memberSideHubOff); err != nil {
			return err
		}
		var e error
		m, ok, e = isEnabledMember(tx, key.RegionKey(), c.AccountID)
		return e
	})
	return m, ok, err
}

// DisassociateFromAdministrator ends the caller's Enabled invitation membership (Resigned);
// the invitation stays, and can be accepted again.
func (s *Service) DisassociateFromAdministrator(ctx context.Context, c identity.Caller) error {
	key := keyOf(c)
	now := s.now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if err := requireHub(tx, key, memberSideHubOff); err != nil {
			return err
		}
		m, ok, err := isEnabledMember(tx, key.RegionKey(), c.AccountID)
		if err != nil {
			return err
		}
		if !ok {
			return apierr.New(apierr.ResourceNotFound, apierr.MsgNoSuchResource)
		}
		if m.Origin == OriginOrganization {
			return apierr.New(apierr.InvalidInput, MsgOrgMemberDisassociate)
		}
		m.Status, m.UpdatedAt = StatusResigned, now
		return tx.PutMembership(m)
	})
}
