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
	"slices"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
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

// CreateAccountSucceeded is the state of a CreateAccount request that made its account; sechub
// makes accounts at once, so every request is in it.
const CreateAccountSucceeded = "SUCCEEDED"

// handshakeLifetime is when an invitation expires, as its ExpirationTimestamp shows; sechub
// does not move open handshakes to EXPIRED.
const handshakeLifetime = 15 * 24 * time.Hour

// Listener hears about organization changes that other services act on. Each call runs inside
// the transaction that makes the change; an error aborts it.
type Listener interface {
	AccountJoined(tx store.Tx, org Organization, accountID string, now time.Time) error
	AccountLeft(tx store.Tx, org Organization, accountID string, now time.Time) error
	AccountClosed(tx store.Tx, org Organization, accountID string, now time.Time) error
	AccountMoved(tx store.Tx, org Organization, accountID string, now time.Time) error
	DelegatedAdminDeregistered(tx store.Tx, org Organization, accountID, servicePrincipal string, now time.Time) error
}

// Service runs the Organizations operations.
type Service struct {
	Store     store.Store
	Clock     clock.Clock
	Listeners []Listener
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

// newOrganization returns a new organization managed by account, with fresh ids.
func newOrganization(partition, account, email, featureSet string, now time.Time) Organization {
	if email == "" {
		email = defaultEmail(account)
	}
	return Organization{Partition: partition, ID: "o-" + randomID(10, idChars), RootID: "r-" + randomID(4, idChars),
		ManagementAccountID: account, ManagementEmail: email, FeatureSet: featureSet, CreatedAt: now}
}

// managementAccount returns the membership of an organization's management account.
func managementAccount(o Organization) Account {
	return Account{Partition: o.Partition, OrgID: o.ID, AccountID: o.ManagementAccountID, Name: "management",
		Email: o.ManagementEmail, Status: StatusActive, JoinedMethod: JoinedInvited, JoinedAt: o.CreatedAt, ParentID: o.RootID}
}

// newUnitID returns a fresh organizational unit id under an organization's root.
func newUnitID(o Organization) string { return "ou-" + o.RootID[2:] + "-" + randomID(8, idChars) }

// defaultEmail is the address sechub gives accounts it did not create with one.
func defaultEmail(account string) string { return account + "@example.com" }

// normalizeEmail lowercases an address for comparisons.
func normalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// OrgOf returns the organization the account belongs to and its membership, or
// AWSOrganizationsNotInUseException.
func OrgOf(tx store.Tx, partition, accountID string) (Organization, Account, error) {
	acct, err := AccountByID(tx, partition, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return Organization{}, acct, apierr.OrgNotInUse.New()
	} else if err != nil {
		return Organization{}, acct, err
	}
	org, err := OrganizationByID(tx, partition, acct.OrgID)
	return org, acct, err
}

// managementOrg returns the caller's organization, requiring the caller to be its management account.
func managementOrg(tx store.Tx, c identity.Caller) (Organization, error) {
	org, _, err := OrgOf(tx, c.Partition, c.AccountID)
	if err != nil {
		return org, err
	}
	if org.ManagementAccountID != c.AccountID {
		return org, apierr.OrgAccessDenied.New()
	}
	return org, nil
}

// readerOrg returns the caller's organization for read operations, which the management
// account and the delegated administrators of any service may call.
func readerOrg(tx store.Tx, c identity.Caller) (Organization, error) {
	org, _, err := OrgOf(tx, c.Partition, c.AccountID)
	if err != nil || org.ManagementAccountID == c.AccountID {
		return org, err
	}
	access, err := serviceAccesses(tx, c.Partition, org.ID)
	if err != nil {
		return org, err
	}
	for _, a := range access {
		if a.AccountID == c.AccountID {
			return org, nil
		}
	}
	return org, apierr.OrgAccessDenied.New()
}

// accountOf returns an account of org, or AccountNotFoundException.
func accountOf(tx store.Tx, org Organization, accountID string) (Account, error) {
	a, err := AccountByID(tx, org.Partition, accountID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && a.OrgID != org.ID) {
		return a, apierr.OrgAccountNotFound.New()
	}
	return a, err
}

// ARN returns the organization's ARN.
func (o Organization) ARN() string {
	return fmt.Sprintf("arn:%s:organizations::%s:organization/%s", o.Partition, o.ManagementAccountID, o.ID)
}

// AccountARN returns the ARN of an account of the organization.
func (o Organization) AccountARN(accountID string) string {
	return fmt.Sprintf("arn:%s:organizations::%s:account/%s/%s", o.Partition, o.ManagementAccountID, o.ID, accountID)
}

// RootARN returns the ARN of the organization's root.
func (o Organization) RootARN() string {
	return fmt.Sprintf("arn:%s:organizations::%s:root/%s/%s", o.Partition, o.ManagementAccountID, o.ID, o.RootID)
}

// UnitARN returns the ARN of an organizational unit of the organization.
func (o Organization) UnitARN(unitID string) string {
	return fmt.Sprintf("arn:%s:organizations::%s:ou/%s/%s", o.Partition, o.ManagementAccountID, o.ID, unitID)
}

// HandshakeARN returns the ARN of an invitation the organization sent.
func (o Organization) HandshakeARN(handshakeID string) string {
	return fmt.Sprintf("arn:%s:organizations::%s:handshake/%s/invite/%s", o.Partition, o.ManagementAccountID, o.ID, handshakeID)
}

// Create makes the caller the management account of a new organization.
func (s *Service) Create(ctx context.Context, c identity.Caller, featureSet string) (Organization, error) {
	if featureSet == "" {
		featureSet = "ALL"
	}
	org := newOrganization(c.Partition, c.AccountID, "", featureSet, s.Clock.Now())
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := AccountByID(tx, c.Partition, c.AccountID); err == nil {
			return apierr.OrgAlreadyInOrganization.New()
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := putOrganization(tx, org); err != nil {
			return err
		}
		return putAccount(tx, managementAccount(org))
	})
	return org, err
}

// Describe returns the caller's organization.
func (s *Service) Describe(ctx context.Context, c identity.Caller) (Organization, error) {
	var org Organization
	err := s.Store.View(ctx, func(tx store.Tx) (err error) {
		org, _, err = OrgOf(tx, c.Partition, c.AccountID)
		return err
	})
	return org, err
}

// Delete deletes the caller's organization, which must have no account but the management one.
func (s *Service) Delete(ctx context.Context, c identity.Caller) error {
	now := s.Clock.Now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		accounts, err := Accounts(tx, c.Partition, org.ID)
		if err != nil {
			return err
		}
		if len(accounts) > 1 {
			return apierr.OrgNotEmpty.New()
		}
		for _, l := range s.Listeners {
			if err := l.AccountLeft(tx, org, c.AccountID, now); err != nil {
				return err
			}
		}
		return deleteOrganization(tx, c.Partition, org.ID)
	})
}

// AccountView is an organization account with its ARN.
type AccountView struct {
	Account
	ARN string
}

func accountView(o Organization, a Account) AccountView {
	return AccountView{Account: a, ARN: o.AccountARN(a.AccountID)}
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

// ListAccounts lists the accounts of the caller's organization, ordered by id; only those
// directly under parentID unless it is "".
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
		accounts, err := Accounts(tx, c.Partition, org.ID)
		if err != nil {
			return err
		}
		for _, a := range accounts {
			if parentID == "" || a.ParentID == parentID {
				out = append(out, accountView(org, a))
			}
		}
		return nil
	})
	return out, err
}

// requireParent checks that id is the root or an organizational unit of org; notFound is the
// error when it is neither.
func requireParent(tx store.Tx, org Organization, id string, notFound apierr.Def) error {
	if id == org.RootID {
		return nil
	}
	all, err := Units(tx, org.Partition, org.ID)
	if err != nil {
		return err
	}
	for _, u := range all {
		if u.ID == id {
			return nil
		}
	}
	return notFound.New()
}

// join adds an account to org, with FullAWSAccess while SCPs are enabled, and tells the
// listeners.
func (s *Service) join(tx store.Tx, org Organization, a Account, now time.Time) error {
	if err := putAccount(tx, a); err != nil {
		return err
	}
	if err := attachDefaults(tx, org, a.AccountID); err != nil {
		return err
	}
	for _, l := range s.Listeners {
		if err := l.AccountJoined(tx, org, a.AccountID, now); err != nil {
			return err
		}
	}
	return nil
}

// CreateAccount creates a new account (a fresh 12-digit id) in the caller's organization, with
// tags. It completes at once: the returned request is SUCCEEDED with the new account id.
func (s *Service) CreateAccount(ctx context.Context, c identity.Caller, name, email string, tags ...Tag) (CreateAccountRequest, error) {
	now := s.Clock.Now()
	var req CreateAccountRequest
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		accountID, err := freshAccountID(tx, c.Partition)
		if err != nil {
			return err
		}
		req = CreateAccountRequest{Partition: c.Partition, ID: "car-" + randomID(12, idChars), OrgID: org.ID, AccountName: name,
			Email: email, State: CreateAccountSucceeded, AccountID: accountID, RequestedAt: now, CompletedAt: now}
		if err := putCreateAccountRequest(tx, req); err != nil {
			return err
		}
		if err := tagIn(tx, org, accountID, tags); err != nil {
			return err
		}
		return s.join(tx, org, Account{Partition: c.Partition, OrgID: org.ID, AccountID: accountID, Name: name, Email: email,
			Status: StatusActive, JoinedMethod: JoinedCreated, JoinedAt: now, ParentID: org.RootID}, now)
	})
	return req, err
}

// freshAccountID returns a 12-digit id, not starting with 0, that no organization account has.
func freshAccountID(tx store.Tx, partition string) (string, error) {
	for {
		id := randomID(12, "0123456789")
		if id[0] == '0' {
			continue
		}
		if _, err := AccountByID(tx, partition, id); errors.Is(err, store.ErrNotFound) {
			return id, nil
		} else if err != nil {
			return "", err
		}
	}
}

// DescribeCreateAccountStatus returns one CreateAccount request of the caller's organization.
func (s *Service) DescribeCreateAccountStatus(ctx context.Context, c identity.Caller, id string) (CreateAccountRequest, error) {
	var req CreateAccountRequest
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		req, err = createAccountRequest(tx, c.Partition, id)
		if errors.Is(err, store.ErrNotFound) || (err == nil && req.OrgID != org.ID) {
			return apierr.OrgCreateAccountNotFound.New()
		}
		return err
	})
	return req, err
}

// ListCreateAccountStatus lists the organization's CreateAccount requests in the given states
// (all when none is given), oldest first.
func (s *Service) ListCreateAccountStatus(ctx context.Context, c identity.Caller, states []string) ([]CreateAccountRequest, error) {
	var out []CreateAccountRequest
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		all, err := createAccountRequests(tx, c.Partition, org.ID)
		for _, r := range all {
			if len(states) == 0 || slices.Contains(states, r.State) {
				out = append(out, r)
			}
		}
		return err
	})
	return out, err
}

// RemoveAccount removes a member account from the caller's organization.
func (s *Service) RemoveAccount(ctx context.Context, c identity.Caller, accountID string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if accountID == org.ManagementAccountID {
			return apierr.OrgMasterCannotLeave.New()
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
			return apierr.OrgMasterCannotLeave.New()
		}
		return s.leave(tx, org, c.AccountID)
	})
}

func (s *Service) leave(tx store.Tx, org Organization, accountID string) error {
	if _, err := accountOf(tx, org, accountID); err != nil {
		return err
	}
	now := s.Clock.Now()
	// Leaving ends the account's delegated administrations.
	if err := s.deregisterAll(tx, org, accountID, now); err != nil {
		return err
	}
	for _, l := range s.Listeners {
		if err := l.AccountLeft(tx, org, accountID, now); err != nil {
			return err
		}
	}
	if err := forgetResource(tx, org, accountID); err != nil {
		return err
	}
	return deleteAccount(tx, org.Partition, accountID)
}

// CloseAccount closes a member account: it stays in the organization, SUSPENDED, and loses
// its delegated administrations.
func (s *Service) CloseAccount(ctx context.Context, c identity.Caller, accountID string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if accountID == org.ManagementAccountID {
			return apierr.OrgCannotCloseManagement.New()
		}
		a, err := accountOf(tx, org, accountID)
		if err != nil {
			return err
		}
		if a.Status == StatusSuspended {
			return apierr.OrgAccountAlreadyClosed.New()
		}
		now := s.Clock.Now()
		a.Status = StatusSuspended
		if err := putAccount(tx, a); err != nil {
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
