package organizations

import (
	"context"
	"errors"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// HandshakeView is a handshake with the organization that sent it and its ARN.
type HandshakeView struct {
	Handshake
	ARN          string
	Organization Organization
}

func handshakeView(org Organization, h Handshake) HandshakeView {
	return HandshakeView{Handshake: h, ARN: org.HandshakeARN(h.ID), Organization: org}
}

// HandshakeAction is the action of every handshake sechub makes: an invitation to join.
const HandshakeAction = "INVITE"

// Invite sends an invitation (a handshake) to an account, named by id (targetType ACCOUNT) or
// email address (EMAIL).
func (s *Service) Invite(ctx context.Context, c identity.Caller, targetID, targetType string) (HandshakeView, error) {
	now := s.Clock.Now()
	var out HandshakeView
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if targetType == "ACCOUNT" {
			if !identity.IsAccountID(targetID) {
				return apierr.OrgInvalidAccountID.New()
			}
			if a, err := AccountByID(tx, c.Partition, targetID); err == nil && a.OrgID == org.ID {
				return apierr.OrgDuplicateAccount.New()
			}
		} else {
			targetID = normalizeEmail(targetID)
		}
		existing, err := handshakes(tx, c.Partition)
		if err != nil {
			return err
		}
		for _, h := range existing {
			if h.OrgID == org.ID && h.TargetID == targetID && h.State == HandshakeOpen {
				return apierr.OrgDuplicateHandshake.New()
			}
		}
		h := Handshake{Partition: c.Partition, ID: "h-" + randomID(10, idChars), OrgID: org.ID, TargetID: targetID,
			TargetType: targetType, State: HandshakeOpen, RequestedAt: now, ExpiresAt: now.Add(handshakeLifetime)}
		out = handshakeView(org, h)
		return putHandshake(tx, h)
	})
	return out, err
}

// addressedTo reports whether a handshake invites the account, by id or by sechub's address
// for it.
func addressedTo(h Handshake, accountID string) bool {
	return h.TargetID == accountID || h.TargetID == defaultEmail(accountID)
}

// handshakeFor returns a handshake the caller may answer: one addressed to it.
func handshakeFor(tx store.Tx, c identity.Caller, id string) (Handshake, Organization, error) {
	h, err := handshake(tx, c.Partition, id)
	if err == nil && addressedTo(h, c.AccountID) {
		org, err := OrganizationByID(tx, c.Partition, h.OrgID)
		return h, org, err
	}
	if err == nil || errors.Is(err, store.ErrNotFound) {
		return h, Organization{}, apierr.OrgHandshakeNotFound.New()
	}
	return h, Organization{}, err
}

// Accept answers an invitation: the caller joins the organization.
func (s *Service) Accept(ctx context.Context, c identity.Caller, id string) (HandshakeView, error) {
	now := s.Clock.Now()
	var out HandshakeView
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		h, org, err := handshakeFor(tx, c, id)
		if err != nil {
			return err
		}
		if h.State != HandshakeOpen {
			return apierr.OrgHandshakeAlreadyInState.New()
		}
		if _, err := AccountByID(tx, c.Partition, c.AccountID); err == nil {
			return apierr.OrgAlreadyInAnOrganization.New()
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		h.State = HandshakeAccepted
		if err := putHandshake(tx, h); err != nil {
			return err
		}
		out = handshakeView(org, h)
		return s.join(tx, org, Account{Partition: c.Partition, OrgID: org.ID, AccountID: c.AccountID,
			Name: c.AccountID, Email: defaultEmail(c.AccountID), Status: StatusActive, JoinedMethod: JoinedInvited,
			JoinedAt: now, ParentID: org.RootID}, now)
	})
	return out, err
}

// Decline turns an invitation down.
func (s *Service) Decline(ctx context.Context, c identity.Caller, id string) (HandshakeView, error) {
	var out HandshakeView
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		h, org, err := handshakeFor(tx, c, id)
		if err != nil {
			return err
		}
		if h.State != HandshakeOpen {
			return apierr.OrgHandshakeAlreadyInState.New()
		}
		h.State = HandshakeDeclined
		out = handshakeView(org, h)
		return putHandshake(tx, h)
	})
	return out, err
}

// HandshakeFilter selects handshakes by action and parent handshake ("" selects any).
type HandshakeFilter struct {
	Action   string
	ParentID string
}

// matches reports whether an invitation passes the filter: invitations have no parent.
func (f HandshakeFilter) matches() bool {
	return (f.Action == "" || f.Action == HandshakeAction) && f.ParentID == ""
}

// HandshakesForAccount lists the handshakes addressed to the caller, and those its
// organization sent when it is the management account, ordered by id.
func (s *Service) HandshakesForAccount(ctx context.Context, c identity.Caller, filter HandshakeFilter) ([]HandshakeView, error) {
	var out []HandshakeView
	if !filter.matches() {
		return out, nil
	}
	err := s.Store.View(ctx, func(tx store.Tx) error {
		all, err := handshakes(tx, c.Partition)
		if err != nil {
			return err
		}
		mine := ""
		if org, _, err := OrgOf(tx, c.Partition, c.AccountID); err == nil && org.ManagementAccountID == c.AccountID {
			mine = org.ID
		}
		for _, h := range all {
			if addressedTo(h, c.AccountID) || h.OrgID == mine {
				org, err := OrganizationByID(tx, c.Partition, h.OrgID)
				if errors.Is(err, store.ErrNotFound) {
					continue // the organization was deleted
				} else if err != nil {
					return err
				}
				out = append(out, handshakeView(org, h))
			}
		}
		return nil
	})
	return out, err
}

// EnableServiceAccess trusts a service principal in the caller's organization.
func (s *Service) EnableServiceAccess(ctx context.Context, c identity.Caller, principal string) error {
	now := s.Clock.Now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		return EnableServiceAccessIn(tx, org, principal, now)
	})
}

// EnableServiceAccessIn trusts a service principal inside an existing transaction (Security
// Hub's EnableOrganizationAdminAccount does this for securityhub.amazonaws.com). A service
// already trusted keeps its date.
func EnableServiceAccessIn(tx store.Tx, org Organization, principal string, now time.Time) error {
	return putServiceAccess(tx, ServiceAccess{Partition: org.Partition, OrgID: org.ID, ServicePrincipal: principal, EnabledAt: now})
}

// DisableServiceAccess stops trusting a service principal.
func (s *Service) DisableServiceAccess(ctx context.Context, c identity.Caller, principal string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		return deleteServiceAccess(tx, c.Partition, org.ID, principal, "")
	})
}

// TrustedServices lists the service principals the caller's organization trusts, ordered by
// principal.
func (s *Service) TrustedServices(ctx context.Context, c identity.Caller) ([]ServiceAccess, error) {
	var out []ServiceAccess
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		all, err := serviceAccesses(tx, c.Partition, org.ID)
		for _, a := range all {
			if a.AccountID == "" {
				out = append(out, a)
			}
		}
		return err
	})
	return out, err
}

// RegisterDelegatedAdministrator makes an account of the caller's organization a service's
// delegated administrator.
func (s *Service) RegisterDelegatedAdministrator(ctx context.Context, c identity.Caller, accountID, principal string) error {
	now := s.Clock.Now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		return RegisterIn(tx, org, accountID, principal, now)
	})
}

// RegisterIn registers a delegated administrator inside an existing transaction.
func RegisterIn(tx store.Tx, org Organization, accountID, principal string, now time.Time) error {
	if accountID == org.ManagementAccountID {
		return apierr.OrgCannotRegisterManagement.New()
	}
	if _, err := accountOf(tx, org, accountID); err != nil {
		return err
	}
	if registered, err := isRegistered(tx, org, accountID, principal); err != nil {
		return err
	} else if registered {
		return apierr.OrgAccountAlreadyRegistered.New()
	}
	return putServiceAccess(tx, ServiceAccess{Partition: org.Partition, OrgID: org.ID, ServicePrincipal: principal, AccountID: accountID, EnabledAt: now})
}

// RegisteredAdministrators returns the accounts registered as a service's delegated
// administrators in org, ordered by id.
func RegisteredAdministrators(tx store.Tx, org Organization, principal string) ([]string, error) {
	access, err := serviceAccesses(tx, org.Partition, org.ID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, a := range access {
		if a.ServicePrincipal == principal && a.AccountID != "" {
			out = append(out, a.AccountID)
		}
	}
	return out, nil
}

// isRegistered reports whether the account is the service's delegated administrator.
func isRegistered(tx store.Tx, org Organization, accountID, principal string) (bool, error) {
	admins, err := RegisteredAdministrators(tx, org, principal)
	for _, a := range admins {
		if a == accountID {
			return true, nil
		}
	}
	return false, err
}

// DeregisterDelegatedAdministrator ends an account's delegated administration of a service.
func (s *Service) DeregisterDelegatedAdministrator(ctx context.Context, c identity.Caller, accountID, principal string) error {
	now := s.Clock.Now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if _, err := accountOf(tx, org, accountID); err != nil {
			return err
		}
		if registered, err := isRegistered(tx, org, accountID, principal); err != nil {
			return err
		} else if !registered {
			return apierr.OrgAccountNotRegistered.New()
		}
		return s.deregister(tx, org, accountID, principal, now)
	})
}

// deregisterAll removes the account's delegated administrator registrations.
func (s *Service) deregisterAll(tx store.Tx, org Organization, accountID string, now time.Time) error {
	access, err := serviceAccesses(tx, org.Partition, org.ID)
	if err != nil {
		return err
	}
	for _, a := range access {
		if a.AccountID == accountID {
			if err := s.deregister(tx, org, accountID, a.ServicePrincipal, now); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Service) deregister(tx store.Tx, org Organization, accountID, principal string, now time.Time) error {
	if err := deleteServiceAccess(tx, org.Partition, org.ID, principal, accountID); err != nil {
		return err
	}
	for _, l := range s.Listeners {
		if err := l.DelegatedAdminDeregistered(tx, org, accountID, principal, now); err != nil {
			return err
		}
	}
	return nil
}

// DelegatedAdministrator is an account registered as a delegated administrator, with the
// time of its first registration in the listing.
type DelegatedAdministrator struct {
	AccountView
	Since time.Time
}

// DelegatedAdministrators lists the accounts registered as delegated administrators of the
// service principal in the caller's organization (of any service when principal is ""), each
// once, ordered by the principal they administer and then by id.
func (s *Service) DelegatedAdministrators(ctx context.Context, c identity.Caller, principal string) ([]DelegatedAdministrator, error) {
	var out []DelegatedAdministrator
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		all, err := serviceAccesses(tx, c.Partition, org.ID)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, a := range all {
			if a.AccountID == "" || (principal != "" && a.ServicePrincipal != principal) || seen[a.AccountID] {
				continue
			}
			seen[a.AccountID] = true
			acct, err := accountOf(tx, org, a.AccountID)
			if apierr.OrgAccountNotFound.Is(err) {
				continue
			} else if err != nil {
				return err
			}
			out = append(out, DelegatedAdministrator{AccountView: accountView(org, acct), Since: a.EnabledAt})
		}
		return nil
	})
	return out, err
}

// DelegatedServices lists the services an account of the caller's organization is the
// delegated administrator of, ordered by principal; AccountNotRegisteredException when none.
func (s *Service) DelegatedServices(ctx context.Context, c identity.Caller, accountID string) ([]ServiceAccess, error) {
	var out []ServiceAccess
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		all, err := serviceAccesses(tx, c.Partition, org.ID)
		if err != nil {
			return err
		}
		for _, a := range all {
			if a.AccountID == accountID {
				out = append(out, a)
			}
		}
		if len(out) == 0 {
			return apierr.OrgAccountNotRegistered.New()
		}
		return nil
	})
	return out, err
}

// UnitView is an organizational unit with its ARN.
type UnitView struct {
	OrganizationalUnit
	ARN string
}

// CreateOU creates an organizational unit under a root or OU, with tags; names are unique
// under a parent.
func (s *Service) CreateOU(ctx context.Context, c identity.Caller, parentID, name string, tags ...Tag) (UnitView, error) {
	var out UnitView
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if err := requireParent(tx, org, parentID, apierr.OrgParentNotFound); err != nil {
			return err
		}
		all, err := Units(tx, c.Partition, org.ID)
		if err != nil {
			return err
		}
		for _, u := range all {
			if u.ParentID == parentID && u.Name == name {
				return apierr.OrgDuplicateOU.New()
			}
		}
		u := OrganizationalUnit{Partition: c.Partition, OrgID: org.ID, ID: newUnitID(org), ParentID: parentID, Name: name}
		out = UnitView{OrganizationalUnit: u, ARN: org.UnitARN(u.ID)}
		if err := putUnit(tx, u); err != nil {
			return err
		}
		if err := tagIn(tx, org, u.ID, tags); err != nil {
			return err
		}
		return attachDefaults(tx, org, u.ID)
	})
	return out, err
}

// OUsForParent lists the organizational units directly under a parent, ordered by id.
func (s *Service) OUsForParent(ctx context.Context, c identity.Caller, parentID string) ([]UnitView, error) {
	var out []UnitView
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		if err := requireParent(tx, org, parentID, apierr.OrgParentNotFound); err != nil {
			return err
		}
		all, err := Units(tx, c.Partition, org.ID)
		if err != nil {
			return err
		}
		for _, u := range all {
			if u.ParentID == parentID {
				out = append(out, UnitView{OrganizationalUnit: u, ARN: org.UnitARN(u.ID)})
			}
		}
		return nil
	})
	return out, err
}

// Parent types.
const (
	ParentRoot = "ROOT"
	ParentUnit = "ORGANIZATIONAL_UNIT"
)

// Parent is the root or organizational unit directly above a child.
type Parent struct{ ID, Type string }

// Parents returns the parent of an account or organizational unit.
func (s *Service) Parents(ctx context.Context, c identity.Caller, childID string) ([]Parent, error) {
	var out []Parent
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		parent := ""
		if a, err := AccountByID(tx, c.Partition, childID); err == nil && a.OrgID == org.ID {
			parent = a.ParentID
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		} else {
			all, err := Units(tx, c.Partition, org.ID)
			if err != nil {
				return err
			}
			for _, u := range all {
				if u.ID == childID {
					parent = u.ParentID
				}
			}
		}
		if parent == "" {
			return apierr.OrgChildNotFound.New()
		}
		typ := ParentUnit
		if parent == org.RootID {
			typ = ParentRoot
		}
		out = []Parent{{ID: parent, Type: typ}}
		return nil
	})
	return out, err
}

// MoveAccount moves an account from one parent to another.
func (s *Service) MoveAccount(ctx context.Context, c identity.Caller, accountID, sourceID, destinationID string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if err := requireParent(tx, org, sourceID, apierr.OrgSourceParentNotFound); err != nil {
			return err
		}
		if err := requireParent(tx, org, destinationID, apierr.OrgDestinationNotFound); err != nil {
			return err
		}
		a, err := accountOf(tx, org, accountID)
		if err != nil {
			return err
		}
		if a.ParentID != sourceID {
			return apierr.OrgAccountNotFound.New()
		}
		if sourceID == destinationID {
			return apierr.OrgDuplicateAccount.New()
		}
		a.ParentID = destinationID
		if err := putAccount(tx, a); err != nil {
			return err
		}
		for _, l := range s.Listeners {
			if err := l.AccountMoved(tx, org, accountID, s.Clock.Now()); err != nil {
				return err
			}
		}
		return nil
	})
}
