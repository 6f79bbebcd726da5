// Package organizations is the part of AWS Organizations that Security Hub setups need:
// organizations, accounts (created, invited through handshakes, removed, closed), organizational
// units, trusted service access and delegated administrators. Organizations is global within a
// partition. Other services (Security Hub) react to its events through Listeners, inside the
// transaction that makes the change.
package organizations

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// Account statuses and join methods (Organizations' enums).
const (
	StatusActive    = "ACTIVE"
	StatusSuspended = "SUSPENDED"
	JoinedCreated   = "CREATED"
	JoinedInvited   = "INVITED"
)

// Handshake states.
const (
	HandshakeOpen     = "OPEN"
	HandshakeAccepted = "ACCEPTED"
	HandshakeDeclined = "DECLINED"
	HandshakeCanceled = "CANCELED"
)

// Listener hears about organization changes that other services act on. Each call runs inside
// the transaction that makes the change; an error aborts it.
type Listener interface {
	AccountJoined(tx store.Tx, org store.Organization, accountID string, now time.Time) error
	AccountLeft(tx store.Tx, org store.Organization, accountID string, now time.Time) error
	AccountClosed(tx store.Tx, org store.Organization, accountID string, now time.Time) error
	DelegatedAdminDeregistered(tx store.Tx, org store.Organization, accountID, servicePrincipal string, now time.Time) error
}

// Service runs the Organizations operations.
type Service struct {
	Store     store.Store
	Now       func() time.Time
	Listeners []Listener
}

// Organizations' messages.
const (
	notInUse           = "Your account is not a member of an organization."
	msgAccountNotFound = "You specified an account that doesn't exist."
	msgAccessDenied    = "You don't have permissions to access this resource."
)

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC().Truncate(time.Millisecond)
	}
	return time.Now().UTC().Truncate(time.Millisecond)
}

const idChars = "abcdefghijklmnopqrstuvwxyz0123456789"

func randomID(n int, chars string) string {
	b := make([]byte, n)
	for i := range b {
		k, _ := rand.Int(rand.Reader, big.NewInt(int64(len(chars))))
		b[i] = chars[k.Int64()]
	}
	return string(b)
}

// OrgOf returns the organization the account belongs to and its membership, or
// AWSOrganizationsNotInUseException.
func OrgOf(tx store.Tx, partition, accountID string) (store.Organization, store.OrgAccount, error) {
	acct, err := tx.OrgAccount(partition, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return store.Organization{}, acct, apierr.New(apierr.OrgNotInUse, notInUse)
	} else if err != nil {
		return store.Organization{}, acct, err
	}
	org, err := tx.Organization(partition, acct.OrgID)
	return org, acct, err
}

// managementOrg returns the caller's organization, requiring the caller to be its management account.
func managementOrg(tx store.Tx, c identity.Caller) (store.Organization, error) {
	org, _, err := OrgOf(tx, c.Partition, c.AccountID)
	if err != nil {
		return org, err
	}
	if org.ManagementAccountID != c.AccountID {
		return org, apierr.New(apierr.AccessDenied, msgAccessDenied)
	}
	return org, nil
}

// readerOrg returns the caller's organization for read operations that the management account
// and delegated administrators may call.
func readerOrg(tx store.Tx, c identity.Caller) (store.Organization, error) {
	org, _, err := OrgOf(tx, c.Partition, c.AccountID)
	if err != nil || org.ManagementAccountID == c.AccountID {
		return org, err
	}
	access, err := tx.ServiceAccesses(c.Partition, org.ID)
	if err != nil {
		return org, err
	}
	for _, a := range access {
		if a.AccountID == c.AccountID {
			return org, nil
		}
	}
	return org, apierr.New(apierr.AccessDenied, msgAccessDenied)
}

// ARNs of Organizations resources.
func orgARN(o store.Organization) string {
	return fmt.Sprintf("arn:%s:organizations::%s:organization/%s", o.Partition, o.ManagementAccountID, o.ID)
}

// AccountARN returns the ARN of an account of an organization.
func AccountARN(o store.Organization, accountID string) string {
	return fmt.Sprintf("arn:%s:organizations::%s:account/%s/%s", o.Partition, o.ManagementAccountID, o.ID, accountID)
}

func rootARN(o store.Organization) string {
	return fmt.Sprintf("arn:%s:organizations::%s:root/%s/%s", o.Partition, o.ManagementAccountID, o.ID, o.RootID)
}

func ouARN(o store.Organization, ouID string) string {
	return fmt.Sprintf("arn:%s:organizations::%s:ou/%s/%s", o.Partition, o.ManagementAccountID, o.ID, ouID)
}

func handshakeARN(o store.Organization, id string) string {
	return fmt.Sprintf("arn:%s:organizations::%s:handshake/%s/invite/%s", o.Partition, o.ManagementAccountID, o.ID, id)
}

// OrganizationView is an organization with its ARNs, as DescribeOrganization shows it.
type OrganizationView struct {
	store.Organization
	ARN, ManagementARN string
}

func view(o store.Organization) OrganizationView {
	return OrganizationView{Organization: o, ARN: orgARN(o), ManagementARN: AccountARN(o, o.ManagementAccountID)}
}

// Create makes the caller the management account of a new organization.
func (s *Service) Create(ctx context.Context, c identity.Caller, featureSet string) (OrganizationView, error) {
	if featureSet == "" {
		featureSet = "ALL"
	}
	now := s.now()
	var org store.Organization
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.OrgAccount(c.Partition, c.AccountID); err == nil {
			return apierr.New(apierr.OrgAlreadyInOrganization, "The AWS account is already a member of an organization.")
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		org = store.Organization{Partition: c.Partition, ID: "o-" + randomID(10, idChars), RootID: "r-" + randomID(4, idChars),
			ManagementAccountID: c.AccountID, ManagementEmail: defaultEmail(c.AccountID), FeatureSet: featureSet, CreatedAt: now}
		if err := tx.PutOrganization(org); err != nil {
			return err
		}
		return tx.PutOrgAccount(store.OrgAccount{Partition: c.Partition, OrgID: org.ID, AccountID: c.AccountID, Name: "management",
			Email: org.ManagementEmail, Status: StatusActive, JoinedMethod: JoinedInvited, JoinedAt: now, ParentID: org.RootID})
	})
	return view(org), err
}

// defaultEmail is the address sechub gives accounts it did not create with one.
func defaultEmail(account string) string { return account + "@example.com" }

// Describe returns the caller's organization.
func (s *Service) Describe(ctx context.Context, c identity.Caller) (OrganizationView, error) {
	var org store.Organization
	err := s.Store.View(ctx, func(tx store.Tx) (err error) {
		org, _, err = OrgOf(tx, c.Partition, c.AccountID)
		return err
	})
	return view(org), err
}

// Delete deletes the caller's organization, which must have no account but the management one.
func (s *Service) Delete(ctx context.Context, c identity.Caller) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		accounts, err := tx.OrgAccounts(c.Partition, org.ID)
		if err != nil {
			return err
		}
		if len(accounts) > 1 {
			return apierr.New(apierr.OrgNotEmpty, "The organization isn't empty. Remove all member accounts before deleting the organization.")
		}
		for _, l := range s.Listeners {
			if err := l.AccountLeft(tx, org, c.AccountID, s.now()); err != nil {
				return err
			}
		}
		return tx.DeleteOrganization(c.Partition, org.ID)
	})
}

// AccountView is an organization account with its ARN.
type AccountView struct {
	store.OrgAccount
	ARN string
}

func accountView(o store.Organization, a store.OrgAccount) AccountView {
	return AccountView{OrgAccount: a, ARN: AccountARN(o, a.AccountID)}
}

// DescribeAccount returns an account of the caller's organization.
func (s *Service) DescribeAccount(ctx context.Context, c identity.Caller, accountID string) (AccountView, error) {
	var out AccountView
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		a, err := accountOf(tx, org, accountID)
		if err != nil {
			return err
		}
		out = accountView(org, a)
		return nil
	})
	return out, err
}

// ListAccounts lists the accounts of the caller's organization, optionally only those under parentID.
func (s *Service) ListAccounts(ctx context.Context, c identity.Caller, parentID string) ([]AccountView, error) {
	var out []AccountView
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		if parentID != "" {
			if err := requireParent(tx, org, parentID, apierr.OrgParentNotFound); err != nil {
				return err
			}
		}
		accounts, err := tx.OrgAccounts(c.Partition, org.ID)
		for _, a := range accounts {
			if parentID == "" || a.ParentID == parentID {
				out = append(out, accountView(org, a))
			}
		}
		return err
	})
	return out, err
}

// requireParent checks that id is the root or an OU of org; code is the error to return.
func requireParent(tx store.Tx, org store.Organization, id, code string) error {
	if id == org.RootID {
		return nil
	}
	units, err := tx.OrgUnits(org.Partition, org.ID)
	if err != nil {
		return err
	}
	for _, u := range units {
		if u.ID == id {
			return nil
		}
	}
	return apierr.New(code, "We can't find a root or OU with the ParentId that you specified.")
}

// join adds an account to org and tells the listeners.
func (s *Service) join(tx store.Tx, org store.Organization, a store.OrgAccount, now time.Time) error {
	if err := tx.PutOrgAccount(a); err != nil {
		return err
	}
	for _, l := range s.Listeners {
		if err := l.AccountJoined(tx, org, a.AccountID, now); err != nil {
			return err
		}
	}
	return nil
}

// CreateAccount creates a new account (a fresh 12-digit id) in the caller's organization. It
// completes at once: the returned status is SUCCEEDED with the new account id.
func (s *Service) CreateAccount(ctx context.Context, c identity.Caller, name, email string) (store.CreateAccountRequest, error) {
	now := s.now()
	var req store.CreateAccountRequest
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		accountID, err := freshAccountID(tx, c.Partition)
		if err != nil {
			return err
		}
		req = store.CreateAccountRequest{Partition: c.Partition, ID: "car-" + randomID(12, idChars), OrgID: org.ID, AccountName: name,
			Email: email, State: "SUCCEEDED", AccountID: accountID, RequestedAt: now, CompletedAt: now}
		if err := tx.PutCreateAccountRequest(req); err != nil {
			return err
		}
		return s.join(tx, org, store.OrgAccount{Partition: c.Partition, OrgID: org.ID, AccountID: accountID, Name: name, Email: email,
			Status: StatusActive, JoinedMethod: JoinedCreated, JoinedAt: now, ParentID: org.RootID}, now)
	})
	return req, err
}

// freshAccountID returns a 12-digit id no organization account has.
func freshAccountID(tx store.Tx, partition string) (string, error) {
	for {
		id := randomID(12, "0123456789")
		if id[0] == '0' {
			continue
		}
		if _, err := tx.OrgAccount(partition, id); errors.Is(err, store.ErrNotFound) {
			return id, nil
		} else if err != nil {
			return "", err
		}
	}
}

// DescribeCreateAccountStatus returns one CreateAccount request of the caller's organization.
func (s *Service) DescribeCreateAccountStatus(ctx context.Context, c identity.Caller, id string) (store.CreateAccountRequest, error) {
	var req store.CreateAccountRequest
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		req, err = tx.CreateAccountRequest(c.Partition, id)
		if errors.Is(err, store.ErrNotFound) || (err == nil && req.OrgID != org.ID) {
			return apierr.New(apierr.OrgCreateAccountNotFound, "We can't find an create account request with the CreateAccountRequestId that you specified.")
		}
		return err
	})
	return req, err
}

// ListCreateAccountStatus lists the organization's CreateAccount requests in the given states (all when empty).
func (s *Service) ListCreateAccountStatus(ctx context.Context, c identity.Caller, states []string) ([]store.CreateAccountRequest, error) {
	var out []store.CreateAccountRequest
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		all, err := tx.CreateAccountRequests(c.Partition, org.ID)
		for _, r := range all {
			if len(states) == 0 || contains(states, r.State) {
				out = append(out, r)
			}
		}
		return err
	})
	return out, err
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// RemoveAccount removes a member account from the caller's organization.
func (s *Service) RemoveAccount(ctx context.Context, c identity.Caller, accountID string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if accountID == org.ManagementAccountID {
			return apierr.New(apierr.OrgMasterCannotLeave, "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization.")
		}
		return s.leave(tx, org, accountID)
	})
}

// Leave takes the caller out of its organization.
func (s *Service) Leave(ctx context.Context, c identity.Caller) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, _, err := OrgOf(tx, c.Partition, c.AccountID)
		if err != nil {
			return err
		}
		if org.ManagementAccountID == c.AccountID {
			return apierr.New(apierr.OrgMasterCannotLeave, "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization.")
		}
		return s.leave(tx, org, c.AccountID)
	})
}

func (s *Service) leave(tx store.Tx, org store.Organization, accountID string) error {
	if _, err := accountOf(tx, org, accountID); err != nil {
		return err
	}
	now := s.now()
	// Leaving ends the account's delegated administrations.
	if err := s.deregisterAll(tx, org, accountID, now); err != nil {
		return err
	}
	for _, l := range s.Listeners {
		if err := l.AccountLeft(tx, org, accountID, now); err != nil {
			return err
		}
	}
	return tx.DeleteOrgAccount(org.Partition, accountID)
}

// CloseAccount closes a member account: it stays in the organization, SUSPENDED.
func (s *Service) CloseAccount(ctx context.Context, c identity.Caller, accountID string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if accountID == org.ManagementAccountID {
			e := apierr.New(apierr.OrgConstraintViolation, "You can't close the management account.")
			e.Reason = "CANNOT_CLOSE_MANAGEMENT_ACCOUNT"
			return e
		}
		a, err := accountOf(tx, org, accountID)
		if err != nil {
			return err
		}
		if a.Status == StatusSuspended {
			return apierr.New(apierr.OrgAccountAlreadyClosed, "You attempted to close an account that is already closed.")
		}
		now := s.now()
		a.Status = StatusSuspended
		if err := tx.PutOrgAccount(a); err != nil {
			return err
		}
		if err := s.deregisterAll(tx, org, accountID, now); err != nil {
			return err
		}
		for _, l := range s.Listeners {
			if err := l.AccountClosed(tx, org, accountID, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// deregisterAll removes the account's delegated administrator registrations.
func (s *Service) deregisterAll(tx store.Tx, org store.Organization, accountID string, now time.Time) error {
	access, err := tx.ServiceAccesses(org.Partition, org.ID)
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

func (s *Service) deregister(tx store.Tx, org store.Organization, accountID, principal string, now time.Time) error {
	if err := tx.DeleteServiceAccess(org.Partition, org.ID, principal, accountID); err != nil {
		return err
	}
	for _, l := range s.Listeners {
		if err := l.DelegatedAdminDeregistered(tx, org, accountID, principal, now); err != nil {
			return err
		}
	}
	return nil
}

// normalizeEmail lowercases an address for comparisons.
func normalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// accountOf returns an account of org, or AccountNotFoundException.
func accountOf(tx store.Tx, org store.Organization, accountID string) (store.OrgAccount, error) {
	a, err := tx.OrgAccount(org.Partition, accountID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && a.OrgID != org.ID) {
		return a, apierr.New(apierr.OrgAccountNotFound, msgAccountNotFound)
	}
	return a, err
}
