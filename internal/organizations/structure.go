package organizations

import (
	"context"
	"errors"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// HandshakeView is a handshake with what its answer shows.
type HandshakeView struct {
	store.Handshake
	ARN          string
	Organization store.Organization
}

// Invite sends an invitation (a handshake) to an account, named by id or email.
func (s *Service) Invite(ctx context.Context, c identity.Caller, targetID, targetType string) (HandshakeView, error) {
	now := s.now()
	var out HandshakeView
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if targetType == "ACCOUNT" {
			if !identity.IsAccountID(targetID) {
				return apierr.New(apierr.OrgInvalidInput, "You provided a value that does not match the required pattern.")
			}
			if a, err := tx.OrgAccount(c.Partition, targetID); err == nil && a.OrgID == org.ID {
				return apierr.New(apierr.OrgDuplicateAccount, "That account is already present in the specified destination.")
			}
		} else {
			targetID = normalizeEmail(targetID)
		}
		existing, err := tx.Handshakes(c.Partition)
		if err != nil {
			return err
		}
		for _, h := range existing {
			if h.OrgID == org.ID && h.TargetID == targetID && h.State == HandshakeOpen {
				return apierr.New(apierr.OrgDuplicateHandshake, "A handshake with the same action and target already exists.")
			}
		}
		h := store.Handshake{Partition: c.Partition, ID: "h-" + randomID(10, idChars), OrgID: org.ID, TargetID: targetID,
			TargetType: targetType, State: HandshakeOpen, RequestedAt: now, ExpiresAt: now.Add(15 * 24 * time.Hour)}
		out = HandshakeView{Handshake: h, ARN: handshakeARN(org, h.ID), Organization: org}
		return tx.PutHandshake(h)
	})
	return out, err
}

// handshakeFor returns a handshake the caller may answer: addressed to its account id or email.
func handshakeFor(tx store.Tx, c identity.Caller, id string) (store.Handshake, store.Organization, error) {
	h, err := tx.Handshake(c.Partition, id)
	if err == nil && (h.TargetID == c.AccountID || h.TargetID == defaultEmail(c.AccountID)) {
		org, err := tx.Organization(c.Partition, h.OrgID)
		return h, org, err
	}
	if err == nil || errors.Is(err, store.ErrNotFound) {
		return h, store.Organization{}, apierr.New(apierr.OrgHandshakeNotFound, "We can't find a handshake with the HandshakeId that you specified.")
	}
	return h, store.Organization{}, err
}

// Accept answers an invitation: the caller joins the organization.
func (s *Service) Accept(ctx context.Context, c identity.Caller, id string) (HandshakeView, error) {
	now := s.now()
	var out HandshakeView
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		h, org, err := handshakeFor(tx, c, id)
		if err != nil {
			return err
		}
		if h.State != HandshakeOpen {
			return apierr.New(apierr.OrgHandshakeAlreadyInState, "The specified handshake is already in the requested state.")
		}
		if _, err := tx.OrgAccount(c.Partition, c.AccountID); err == nil {
			e := apierr.New(apierr.OrgHandshakeConstraint, "The account is already a member of an organization.")
			e.Reason = "ALREADY_IN_AN_ORGANIZATION"
			return e
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		h.State = HandshakeAccepted
		if err := tx.PutHandshake(h); err != nil {
			return err
		}
		out = HandshakeView{Handshake: h, ARN: handshakeARN(org, h.ID), Organization: org}
		return s.join(tx, org, store.OrgAccount{Partition: c.Partition, OrgID: org.ID, AccountID: c.AccountID,
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
			return apierr.New(apierr.OrgHandshakeAlreadyInState, "The specified handshake is already in the requested state.")
		}
		h.State = HandshakeDeclined
		out = HandshakeView{Handshake: h, ARN: handshakeARN(org, h.ID), Organization: org}
		return tx.PutHandshake(h)
	})
	return out, err
}

// HandshakesForAccount lists the handshakes addressed to the caller, and those its
// organization sent when it is the management account.
func (s *Service) HandshakesForAccount(ctx context.Context, c identity.Caller) ([]HandshakeView, error) {
	var out []HandshakeView
	err := s.Store.View(ctx, func(tx store.Tx) error {
		all, err := tx.Handshakes(c.Partition)
		if err != nil {
			return err
		}
		mine := ""
		if org, _, err := OrgOf(tx, c.Partition, c.AccountID); err == nil && org.ManagementAccountID == c.AccountID {
			mine = org.ID
		}
		for _, h := range all {
			if h.TargetID == c.AccountID || h.TargetID == defaultEmail(c.AccountID) || h.OrgID == mine {
				org, err := tx.Organization(c.Partition, h.OrgID)
				if err != nil {
					continue // the organization was deleted
				}
				out = append(out, HandshakeView{Handshake: h, ARN: handshakeARN(org, h.ID), Organization: org})
			}
		}
		return nil
	})
	return out, err
}

// EnableServiceAccess trusts a service principal in the caller's organization.
func (s *Service) EnableServiceAccess(ctx context.Context, c identity.Caller, principal string) error {
	now := s.now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		return tx.PutServiceAccess(store.ServiceAccess{Partition: c.Partition, OrgID: org.ID, ServicePrincipal: principal, EnabledAt: now})
	})
}

// EnableServiceAccessIn trusts a service principal inside an existing transaction (Security
// Hub's EnableOrganizationAdminAccount does this for securityhub.amazonaws.com).
func EnableServiceAccessIn(tx store.Tx, org store.Organization, principal string, now time.Time) error {
	return tx.PutServiceAccess(store.ServiceAccess{Partition: org.Partition, OrgID: org.ID, ServicePrincipal: principal, EnabledAt: now})
}

// DisableServiceAccess stops trusting a service principal.
func (s *Service) DisableServiceAccess(ctx context.Context, c identity.Caller, principal string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		return tx.DeleteServiceAccess(c.Partition, org.ID, principal, "")
	})
}

// ServiceAccess lists trusted services (AccountID "") or delegated administrators (AccountID set).
func (s *Service) ServiceAccess(ctx context.Context, c identity.Caller) (store.Organization, []store.ServiceAccess, error) {
	var org store.Organization
	var all []store.ServiceAccess
	err := s.Store.View(ctx, func(tx store.Tx) error {
		var err error
		if org, err = readerOrg(tx, c); err != nil {
			return err
		}
		all, err = tx.ServiceAccesses(c.Partition, org.ID)
		return err
	})
	return org, all, err
}

// RegisterDelegatedAdministrator makes an account of the caller's organization a service's
// delegated administrator.
func (s *Service) RegisterDelegatedAdministrator(ctx context.Context, c identity.Caller, accountID, principal string) error {
	now := s.now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		return RegisterIn(tx, org, accountID, principal, now)
	})
}

// RegisterIn registers a delegated administrator inside an existing transaction.
func RegisterIn(tx store.Tx, org store.Organization, accountID, principal string, now time.Time) error {
	if accountID == org.ManagementAccountID {
		e := apierr.New(apierr.OrgConstraintViolation, "You can't register the management account of your organization as a delegated administrator for an AWS service integrated with Organizations.")
		e.Reason = "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR"
		return e
	}
	if _, err := accountOf(tx, org, accountID); err != nil {
		return err
	}
	if registered, err := isRegistered(tx, org, accountID, principal); err != nil {
		return err
	} else if registered {
		return apierr.New(apierr.OrgAccountAlreadyRegistered, "The provided account is already a delegated administrator for your organization.")
	}
	return tx.PutServiceAccess(store.ServiceAccess{Partition: org.Partition, OrgID: org.ID, ServicePrincipal: principal, AccountID: accountID, EnabledAt: now})
}

// isRegistered reports whether the account is the service's delegated administrator.
func isRegistered(tx store.Tx, org store.Organization, accountID, principal string) (bool, error) {
	access, err := tx.ServiceAccesses(org.Partition, org.ID)
	for _, x := range access {
		if x.ServicePrincipal == principal && x.AccountID == accountID {
			return true, nil
		}
	}
	return false, err
}

// DeregisterDelegatedAdministrator ends an account's delegated administration of a service.
func (s *Service) DeregisterDelegatedAdministrator(ctx context.Context, c identity.Caller, accountID, principal string) error {
	now := s.now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if _, err := accountOf(tx, org, accountID); err != nil {
			return err
		}
		if registered, err := isRegistered(tx, org, accountID, principal); err != nil || !registered {
			if err == nil {
				err = apierr.New(apierr.OrgAccountNotRegistered, "The provided account is not a registered delegated administrator for your organization.")
			}
			return err
		}
		return s.deregister(tx, org, accountID, principal, now)
	})
}

// AccountByID returns an account of the organization, for the delegated administrator lists.
func (s *Service) AccountByID(ctx context.Context, partition, accountID string) (store.OrgAccount, error) {
	var a store.OrgAccount
	err := s.Store.View(ctx, func(tx store.Tx) (err error) {
		a, err = tx.OrgAccount(partition, accountID)
		return err
	})
	return a, err
}

// Roots returns the caller's organization (its single root).
func (s *Service) Roots(ctx context.Context, c identity.Caller) (store.Organization, string, error) {
	var org store.Organization
	err := s.Store.View(ctx, func(tx store.Tx) (err error) {
		org, err = readerOrg(tx, c)
		return err
	})
	return org, rootARN(org), err
}

// OUView is an organizational unit with its ARN.
type OUView struct {
	store.OrgUnit
	ARN string
}

// CreateOU creates an organizational unit under a root or OU.
func (s *Service) CreateOU(ctx context.Context, c identity.Caller, parentID, name string) (OUView, error) {
	var out OUView
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if err := requireParent(tx, org, parentID, apierr.OrgParentNotFound); err != nil {
			return err
		}
		units, err := tx.OrgUnits(c.Partition, org.ID)
		if err != nil {
			return err
		}
		for _, u := range units {
			if u.ParentID == parentID && u.Name == name {
				return apierr.New(apierr.OrgDuplicateOU, "An OU with the same name already exists.")
			}
		}
		u := store.OrgUnit{Partition: c.Partition, OrgID: org.ID, ID: "ou-" + org.RootID[2:] + "-" + randomID(8, idChars), ParentID: parentID, Name: name}
		out = OUView{OrgUnit: u, ARN: ouARN(org, u.ID)}
		return tx.PutOrgUnit(u)
	})
	return out, err
}

// OUsForParent lists the organizational units directly under a parent.
func (s *Service) OUsForParent(ctx context.Context, c identity.Caller, parentID string) ([]OUView, error) {
	var out []OUView
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		if err := requireParent(tx, org, parentID, apierr.OrgParentNotFound); err != nil {
			return err
		}
		units, err := tx.OrgUnits(c.Partition, org.ID)
		for _, u := range units {
			if u.ParentID == parentID {
				out = append(out, OUView{OrgUnit: u, ARN: ouARN(org, u.ID)})
			}
		}
		return err
	})
	return out, err
}

// Parent is a root or OU above a child.
type Parent struct{ ID, Type string }

// Parents returns the parent of an account or OU.
func (s *Service) Parents(ctx context.Context, c identity.Caller, childID string) ([]Parent, error) {
	var out []Parent
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		parent := ""
		if a, err := tx.OrgAccount(c.Partition, childID); err == nil && a.OrgID == org.ID {
			parent = a.ParentID
		} else {
			units, err := tx.OrgUnits(c.Partition, org.ID)
			if err != nil {
				return err
			}
			for _, u := range units {
				if u.ID == childID {
					parent = u.ParentID
				}
			}
		}
		if parent == "" {
			return apierr.New(apierr.OrgChildNotFound, "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.")
		}
		typ := "ORGANIZATIONAL_UNIT"
		if parent == org.RootID {
			typ = "ROOT"
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
			return apierr.New(apierr.OrgAccountNotFound, msgAccountNotFound)
		}
		if sourceID == destinationID {
			return apierr.New(apierr.OrgDuplicateAccount, "That account is already present in the specified destination.")
		}
		a.ParentID = destinationID
		return tx.PutOrgAccount(a)
	})
}
