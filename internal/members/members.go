// Package members is the administrator/member relationship of Security Hub in invitation mode
// (CreateMembers, InviteMembers, Accept, Decline, Disassociate, Delete...) and the rules that
// keep it consistent: in a region a member has at most one Enabled administrator, and an
// account is never administrator and member at once. Every change that touches both sides
// happens in one store transaction.
package members

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/pagetoken"
	"github.com/sechub/sechub/internal/store"
)

// Member statuses as they appear on the wire (PascalCase since November 2020).
const (
	StatusCreated          = "Created"
	StatusInvited          = "Invited"
	StatusEnabled          = "Enabled"
	StatusRemoved          = "Removed"
	StatusResigned         = "Resigned"
	StatusAccountSuspended = "AccountSuspended"
)

// Origins of a relationship.
const (
	OriginInvitation   = "INVITATION"
	OriginOrganization = "ORGANIZATION"
)

// Limits of AWS Security Hub.
const (
	MaxAccountsPerCall        = 50    // CreateMembers and InviteMembers process this many
	DefaultInvitationMembers  = 1000  // invitation members (and outstanding invitations) per administrator
	DefaultOrganizationMember = 10000 // organization members per delegated administrator
	defaultListPage           = 50    // ListMembers / ListInvitations without MaxResults
)

// Service runs the member and invitation operations.
type Service struct {
	Store  store.Store
	Now    func() time.Time
	Tokens pagetoken.Codec
	// MaxInvitationMembers caps an administrator's invitation members; 0 means the AWS quota.
	MaxInvitationMembers int
}

// Result is one UnprocessedAccounts entry.
type Result struct {
	AccountID        string
	ProcessingResult string
}

// Caller-side errors when the caller's hub is off (spec §11): administrator-side APIs answer
// 400 BadRequestException, member-side APIs 403 AccessDeniedException, both with the same text.
func adminSideHubOff() error  { return apierr.New(apierr.BadRequest, apierr.MsgNoSuchResource) }
func memberSideHubOff() error { return apierr.New(apierr.AccessDenied, apierr.MsgNoSuchResource) }

func keyOf(c identity.Caller) store.AccountKey {
	return store.AccountKey{Partition: c.Partition, Region: c.Region, AccountID: c.AccountID}
}

// requireHub returns hubOff() when the caller has no hub in the region.
func requireHub(tx store.Tx, key store.AccountKey, hubOff func() error) error {
	_, err := tx.Hub(key)
	if errors.Is(err, store.ErrNotFound) {
		return hubOff()
	}
	return err
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC().Truncate(time.Millisecond)
	}
	return time.Now().UTC().Truncate(time.Millisecond)
}

func (s *Service) invitationQuota() int {
	if s.MaxInvitationMembers > 0 {
		return s.MaxInvitationMembers
	}
	return DefaultInvitationMembers
}

// newInvitationID returns 32 lowercase hex characters, the form of AWS invitation ids.
func newInvitationID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// isEnabledMember reports whether account is an Enabled member of anyone in the region.
func isEnabledMember(tx store.Tx, region store.RegionKey, account string) (store.Membership, bool, error) {
	m, err := tx.EnabledAdministrator(region, account)
	if errors.Is(err, store.ErrNotFound) {
		return m, false, nil
	}
	return m, err == nil, err
}

// membershipsByMember fetches admin's relationships with ids in one query, by member id.
func membershipsByMember(tx store.Tx, region store.RegionKey, adminID string, ids []string) (map[string]store.Membership, error) {
	list, err := tx.Memberships(region, adminID, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]store.Membership, len(list))
	for _, m := range list {
		byID[m.MemberID] = m
	}
	return byID, nil
}

// batch runs fn, an operation on a list of accounts, in one write transaction after the
// caller's hub check, and returns the UnprocessedAccounts fn reported through reject.
func (s *Service) batch(ctx context.Context, c identity.Caller, hubOff func() error,
	fn func(tx store.Tx, key store.AccountKey, now time.Time, reject func(id, text string)) error) ([]Result, error) {
	key := keyOf(c)
	now := s.now()
	var results []Result
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		results = []Result{} // a retried transaction starts over
		if err := requireHub(tx, key, hubOff); err != nil {
			return err
		}
		return fn(tx, key, now, func(id, text string) { results = append(results, Result{id, text}) })
	})
	return results, err
}

// AccountDetail is one CreateMembers entry.
type AccountDetail struct {
	AccountID string
	Email     string
}

// Create adds accounts as members of the caller (status Created), all in one transaction.
func (s *Service) Create(ctx context.Context, c identity.Caller, details []AccountDetail) ([]Result, error) {
	return s.batch(ctx, c, adminSideHubOff, func(tx store.Tx, key store.AccountKey, now time.Time, rejectID func(id, text string)) error {
		region := key.RegionKey()
		_, callerIsMember, err := isEnabledMember(tx, region, c.AccountID)
		if err != nil {
			return err
		}
		count, err := tx.CountMembers(region, c.AccountID, OriginInvitation)
		if err != nil {
			return err
		}
		ids := make([]string, 0, len(details))
		for _, d := range details {
			ids = append(ids, d.AccountID)
		}
		existing, err := membershipsByMember(tx, region, c.AccountID, ids)
		if err != nil {
			return err
		}
		for i, d := range details {
			reject := func(text string) { rejectID(d.AccountID, text) }
			switch {
			case i >= MaxAccountsPerCall:
				reject(ResultMaxExceeded)
				continue
			case !identity.IsAccountID(d.AccountID):
				reject(ResultInvalidAccountID)
				continue
			case d.AccountID == c.AccountID:
				reject(ResultMemberOfItself)
				continue
			case callerIsMember:
				reject(ResultCreatorIsMember)
				continue
			}
			prior, exists := existing[d.AccountID]
			org, acct, isOrg, err := orgTarget(tx, region, c.AccountID, d.AccountID)
			if err != nil {
				return err
			}
			// An organization account is (re-)enabled by its delegated administrator unless it
			// already has a live record with it.
			if isOrg && (!exists || prior.Status == StatusRemoved || prior.Status == StatusAccountSuspended) {
				if n, err := tx.CountMembers(region, c.AccountID, OriginOrganization, StatusEnabled, StatusAccountSuspended); err != nil {
					return err
				} else if n >= DefaultOrganizationMember {
					reject(ResultQuotaReached)
					continue
				}
				if text, err := EnableOrgMember(tx, region, org, c.AccountID, acct, d.Email, now, true); err != nil {
					return err
				} else if text != "" {
					reject(text)
				}
				continue
			}
			if exists {
				reject(ResultAlreadyMember)
				continue
			}
			if count >= s.invitationQuota() {
				reject(ResultQuotaReached)
				continue
			}
			m := store.Membership{Region: region, AdminID: c.AccountID, MemberID: d.AccountID, Email: d.Email,
				Status: StatusCreated, Origin: OriginInvitation, UpdatedAt: now}
			if err := tx.PutMembership(m); err != nil {
				return err
			}
			existing[d.AccountID] = m // a repeated id in the same call is a duplicate
			count++
		}
		return nil
	})
}

// Invite sends invitations to accounts the caller has created as members.
func (s *Service) Invite(ctx context.Context, c identity.Caller, accountIDs []string) ([]Result, error) {
	return s.batch(ctx, c, adminSideHubOff, func(tx store.Tx, key store.AccountKey, now time.Time, rejectID func(id, text string)) error {
		region := key.RegionKey()
		_, callerIsMember, err := isEnabledMember(tx, region, c.AccountID)
		if err != nil {
			return err
		}
		outstanding, err := tx.CountMembers(region, c.AccountID, OriginInvitation, StatusInvited)
		if err != nil {
			return err
		}
		for i, id := range accountIDs {
			reject := func(text string) { rejectID(id, text) }
			switch {
			case i >= MaxAccountsPerCall:
				reject(ResultMaxExceeded)
				continue
			case id == c.AccountID:
				reject(ResultInviteItself)
				continue
			case callerIsMember:
				reject(ResultInviterIsMember)
				continue
			}
			m, err := tx.Membership(region, c.AccountID, id)
			if errors.Is(err, store.ErrNotFound) {
				reject(ResultNeverCreated)
				continue
			} else if err != nil {
				return err
			}
			if m.Status == StatusInvited || m.Status == StatusEnabled || m.Origin == OriginOrganization {
				reject(ResultAlreadyInvited)
				continue
			}
			if _, elsewhere, err := isEnabledMember(tx, region, id); err != nil {
				return err
			} else if elsewhere {
				reject(ResultMemberElsewhere)
				continue
			}
			if outstanding >= s.invitationQuota() {
				reject(ResultQuotaReached)
				continue
			}
			m.Status, m.InvitationID, m.InvitedAt, m.UpdatedAt, m.MemberVisible = StatusInvited, newInvitationID(), now, now, true
			if err := tx.PutMembership(m); err != nil {
				return err
			}
			outstanding++
		}
		return nil
	})
}

// Get returns the caller's relationships with the named accounts.
func (s *Service) Get(ctx context.Context, c identity.Caller, accountIDs []string) ([]store.Membership, []Result, error) {
	key := keyOf(c)
	var found []store.Membership
	var results []Result
	err := s.Store.View(ctx, func(tx store.Tx) error {
		found, results = nil, []Result{}
		if err := requireHub(tx, key, adminSideHubOff); err != nil {
			return err
		}
		byID, err := membershipsByMember(tx, key.RegionKey(), c.AccountID, accountIDs)
		if err != nil {
			return err
		}
		for _, id := range accountIDs {
			if m, ok := byID[id]; ok {
				found = append(found, m)
			} else {
				results = append(results, Result{id, ResultNotAMember})
			}
		}
		return nil
	})
	return found, results, err
}

// List returns a page of the caller's members ordered by account id: only Enabled ones when
// onlyAssociated. The NextToken is bound to the caller and the OnlyAssociated choice.
func (s *Service) List(ctx context.Context, c identity.Caller, onlyAssociated bool, maxResults int, nextToken string) ([]store.Membership, string, error) {
	key := keyOf(c)
	return s.listPage(ctx, c, listScope("ListMembers", c, onlyAssociated), adminSideHubOff, maxResults, nextToken,
		func(tx store.Tx, after string, limit int) ([]store.Membership, error) {
			return tx.MembersOf(key.RegionKey(), c.AccountID, onlyAssociated, after, limit)
		},
		func(m store.Membership) string { return m.MemberID })
}

// listPage reads one page of a relationship listing. fetch returns, in order, the entries
// after position after (at least limit of them while that many remain); position says where
// an entry stands. The caller's hub must be on (hubOff otherwise).
func (s *Service) listPage(ctx context.Context, c identity.Caller, scope string, hubOff func() error, maxResults int, nextToken string,
	fetch func(tx store.Tx, after string, limit int) ([]store.Membership, error), position func(store.Membership) string) ([]store.Membership, string, error) {
	after, err := s.decodeToken(scope, nextToken)
	if err != nil {
		return nil, "", err
	}
	if maxResults <= 0 {
		maxResults = defaultListPage
	}
	var page []store.Membership
	err = s.Store.View(ctx, func(tx store.Tx) error {
		if err := requireHub(tx, keyOf(c), hubOff); err != nil {
			return err
		}
		var err error
		page, err = fetch(tx, after, maxResults+1)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	var next string
	if len(page) > maxResults {
		page = page[:maxResults]
		next = s.Tokens.Encode(scope, position(page[len(page)-1]))
	}
	return page, next, nil
}

func listScope(op string, c identity.Caller, onlyAssociated bool) string {
	only := "all"
	if onlyAssociated {
		only = "associated"
	}
	return strings.Join([]string{op, c.Partition, c.Region, c.AccountID, only}, "|")
}

func (s *Service) decodeToken(scope, token string) (string, error) {
	if token == "" {
		return "", nil
	}
	pos, err := s.Tokens.Decode(scope, token)
	if err != nil {
		return "", apierr.New(apierr.InvalidInput, "Invalid parameter 'NextToken'. The token is not valid for this request.")
	}
	return pos, nil
}

// Delete removes relationships that are not Enabled and not of an organization.
func (s *Service) Delete(ctx context.Context, c identity.Caller, accountIDs []string) ([]Result, error) {
	return s.batch(ctx, c, adminSideHubOff, func(tx store.Tx, key store.AccountKey, _ time.Time, reject func(id, text string)) error {
		region := key.RegionKey()
		for _, id := range accountIDs {
			m, err := tx.Membership(region, c.AccountID, id)
			switch {
			case errors.Is(err, store.ErrNotFound):
				reject(id, ResultNotAMember)
				continue
			case err != nil:
				return err
			case m.Origin == OriginOrganization:
				reject(id, ResultOrgAccountNotDeleted)
				continue
			case m.Status == StatusEnabled:
				reject(id, ResultStillAssociated)
				continue
			}
			if err := tx.DeleteMembership(region, c.AccountID, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// Disassociate ends the caller's relationships with the named members (status Removed) and
// withdraws pending invitations; already-ended ones are left alone. Unknown ids are ignored,
// but when none of the ids is a member of the caller the call is a 404
// ResourceNotFoundException (spec open question 7): Terraform's aws_securityhub_member treats
// that as "already gone", where a silent success would send it on to a DeleteMembers that
// fails on the vanished member.
func (s *Service) Disassociate(ctx context.Context, c identity.Caller, accountIDs []string) error {
	_, err := s.batch(ctx, c, adminSideHubOff, func(tx store.Tx, key store.AccountKey, now time.Time, _ func(id, text string)) error {
		byID, err := membershipsByMember(tx, key.RegionKey(), c.AccountID, accountIDs)
		if err != nil {
			return err
		}
		if len(byID) == 0 {
			return apierr.New(apierr.ResourceNotFound, apierr.MsgNoSuchResource)
		}
		for _, m := range byID {
			switch m.Status {
			case StatusCreated, StatusInvited, StatusEnabled:
				m.Status, m.UpdatedAt, m.MemberVisible = StatusRemoved, now, false
				if err := tx.PutMembership(m); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return err
}
