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
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
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
	Store store.Store
	Clock clock.Clock
	// Pages cuts ListMembers and ListInvitations into pages.
	Pages paging.Pager
	// MaxInvitationMembers caps an administrator's invitation members; 0 means the AWS quota.
	MaxInvitationMembers int
}

// Result is one UnprocessedAccounts entry.
type Result struct {
	AccountID        string
	ProcessingResult string
}

// Member is a relationship as its administrator sees it (GetMembers, ListMembers).
type Member struct {
	AccountID       string
	Email           string // "" when none was given
	AdministratorID string
	Status          string
	InvitedAt       time.Time // zero until invited
	UpdatedAt       time.Time
}

func memberView(m Membership) Member {
	return Member{AccountID: m.MemberID, Email: m.Email, AdministratorID: m.AdminID, Status: m.Status,
		InvitedAt: m.InvitedAt, UpdatedAt: m.UpdatedAt}
}

func memberViews(ms []Membership) []Member {
	out := make([]Member, len(ms))
	for i, m := range ms {
		out[i] = memberView(m)
	}
	return out
}

// requireHub applies the one "the hub must be enabled" rule (hub.Require) to the caller, but
// answers with the members domain's own error, off, when the hub is off: administrator-side
// APIs answer 400 BadRequestException, member-side APIs 403 AccessDeniedException.
func requireHub(tx store.Tx, key store.AccountKey, off apierr.Def) error {
	_, err := hub.Require(tx, key)
	if apierr.NotSubscribed.Is(err) {
		return off.New()
	}
	return err
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
func isEnabledMember(tx store.Tx, region store.RegionKey, account string) (Membership, bool, error) {
	m, err := enabledAdministrator(tx, region, account)
	if errors.Is(err, store.ErrNotFound) {
		return m, false, nil
	}
	return m, err == nil, err
}

// membershipsByMember fetches admin's relationships with ids in one query, by member id.
// Those the memo keeps are not read again.
func membershipsByMember(tx store.Tx, region store.RegionKey, adminID string, ids []string) (map[string]Membership, error) {
	keys := make([]memberKey, len(ids))
	for i, id := range ids {
		keys[i] = memberKey{region, adminID, id}
	}
	byKey, err := memo(tx).GetMany(tx, keys, func(tx store.Tx, keys []memberKey) (map[memberKey]Membership, error) {
		ids := make([]string, len(keys))
		for i, k := range keys {
			ids[i] = k.MemberID
		}
		list, err := memberships(tx, region, adminID, ids)
		if err != nil {
			return nil, err
		}
		found := make(map[memberKey]Membership, len(list))
		for _, m := range list {
			found[memberKey{region, adminID, m.MemberID}] = m
		}
		return found, nil
	})
	if err != nil {
		return nil, err
	}
	byID := make(map[string]Membership, len(byKey))
	for k, m := range byKey {
		byID[k.MemberID] = m
	}
	return byID, nil
}

// batch runs fn, an operation on a list of accounts, in one write transaction after the
// caller's hub check, and returns the UnprocessedAccounts fn reported through reject.
func (s *Service) batch(ctx context.Context, c identity.Caller, hubOff apierr.Def,
	fn func(tx store.Tx, key store.AccountKey, now time.Time, reject func(id, text string)) error) ([]Result, error) {
	key := domain.Key(c)
	now := s.Clock.Now()
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
	return s.batch(ctx, c, apierr.AdministratorHubOff, func(tx store.Tx, key store.AccountKey, now time.Time, rejectID func(id, text string)) error {
		region := key.RegionKey()
		_, callerIsMember, err := isEnabledMember(tx, region, c.AccountID)
		if err != nil {
			return err
		}
		count, err := countMembers(tx, region, c.AccountID, OriginInvitation)
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
				if n, err := countMembers(tx, region, c.AccountID, OriginOrganization, StatusEnabled, StatusAccountSuspended); err != nil {
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
			m := Membership{Region: region, AdminID: c.AccountID, MemberID: d.AccountID, Email: d.Email,
				Status: StatusCreated, Origin: OriginInvitation, UpdatedAt: now}
			if err := putMembership(tx, m); err != nil {
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
	return s.batch(ctx, c, apierr.AdministratorHubOff, func(tx store.Tx, key store.AccountKey, now time.Time, rejectID func(id, text string)) error {
		region := key.RegionKey()
		_, callerIsMember, err := isEnabledMember(tx, region, c.AccountID)
		if err != nil {
			return err
		}
		outstanding, err := countMembers(tx, region, c.AccountID, OriginInvitation, StatusInvited)
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
			m, err := membership(tx, region, c.AccountID, id)
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
			if err := putMembership(tx, m); err != nil {
				return err
			}
			outstanding++
		}
		return nil
	})
}

// Get returns the caller's relationships with the named accounts.
func (s *Service) Get(ctx context.Context, c identity.Caller, accountIDs []string) ([]Member, []Result, error) {
	key := domain.Key(c)
	var found []Member
	var results []Result
	err := s.Store.View(ctx, func(tx store.Tx) error {
		found, results = []Member{}, []Result{}
		if err := requireHub(tx, key, apierr.AdministratorHubOff); err != nil {
			return err
		}
		byID, err := membershipsByMember(tx, key.RegionKey(), c.AccountID, accountIDs)
		if err != nil {
			return err
		}
		for _, id := range accountIDs {
			if m, ok := byID[id]; ok {
				found = append(found, memberView(m))
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
func (s *Service) List(ctx context.Context, c identity.Caller, onlyAssociated bool, maxResults int, nextToken string) ([]Member, string, error) {
	key := domain.Key(c)
	only := "all"
	if onlyAssociated {
		only = "associated"
	}
	page := paging.Page{Scope: paging.Scope("ListMembers", c.Partition, c.Region, c.AccountID, only),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultListPage}
	ms, next, err := paging.Keyset(s.Pages, page, func(after string, limit int) ([]Membership, error) {
		var out []Membership
		err := s.Store.View(ctx, func(tx store.Tx) (err error) {
			if err := requireHub(tx, key, apierr.AdministratorHubOff); err != nil {
				return err
			}
			out, err = membersOf(tx, key.RegionKey(), c.AccountID, onlyAssociated, after, limit)
			return err
		})
		return out, err
	}, func(m Membership) string { return m.MemberID })
	if err != nil {
		return nil, "", err
	}
	return memberViews(ms), next, nil
}

// Delete removes relationships that are not Enabled and not of an organization.
func (s *Service) Delete(ctx context.Context, c identity.Caller, accountIDs []string) ([]Result, error) {
	return s.batch(ctx, c, apierr.AdministratorHubOff, func(tx store.Tx, key store.AccountKey, _ time.Time, reject func(id, text string)) error {
		region := key.RegionKey()
		for _, id := range accountIDs {
			m, err := membership(tx, region, c.AccountID, id)
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
			if err := deleteMembership(tx, region, c.AccountID, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// Disassociate ends the caller's relationships with the named members (status Removed) and
// withdraws pending invitations; already-ended ones are left alone. Unknown ids are ignored,
// but when none of the ids is a member of the caller the call is a 404
// ResourceNotFoundException. What AWS answers then is unknown; sechub's choice serves
// Terraform, whose aws_securityhub_member treats a 404 as "already gone", where a silent
// success would send it on to a DeleteMembers that fails on the vanished member.
func (s *Service) Disassociate(ctx context.Context, c identity.Caller, accountIDs []string) error {
	_, err := s.batch(ctx, c, apierr.AdministratorHubOff, func(tx store.Tx, key store.AccountKey, now time.Time, _ func(id, text string)) error {
		byID, err := membershipsByMember(tx, key.RegionKey(), c.AccountID, accountIDs)
		if err != nil {
			return err
		}
		if len(byID) == 0 {
			return apierr.NoSuchMembership.New()
		}
		for _, m := range byID {
			switch m.Status {
			case StatusCreated, StatusInvited, StatusEnabled:
				m.Status, m.UpdatedAt, m.MemberVisible = StatusRemoved, now, false
				if err := putMembership(tx, m); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return err
}
