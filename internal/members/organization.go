package members

import (
	"errors"
	"time"

	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/store"
)

// Organizations-mode limits and texts.
const (
	ResultManagementHubOff = "The request is rejected because Security Hub is not enabled in the organization management account." // sechub's text
)

// OrgAdminOf returns the Security Hub organization administrator designated in a region, or
// ok=false when there is none.
func OrgAdminOf(tx store.Tx, region store.RegionKey) (store.OrgAdmin, bool, error) {
	admins, err := tx.OrgAdmins(region.Partition)
	if err != nil {
		return store.OrgAdmin{}, false, err
	}
	for _, a := range admins {
		if a.Region == region {
			return a, true, nil
		}
	}
	return store.OrgAdmin{}, false, nil
}

// orgTarget reports whether CreateMembers by adminID for account id takes the organization
// path: adminID is the region's delegated administrator and id an account of its organization.
func orgTarget(tx store.Tx, region store.RegionKey, adminID, id string) (store.Organization, store.OrgAccount, bool, error) {
	oa, ok, err := OrgAdminOf(tx, region)
	if err != nil || !ok || oa.AccountID != adminID {
		return store.Organization{}, store.OrgAccount{}, false, err
	}
	acct, err := tx.OrgAccount(region.Partition, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && acct.OrgID != oa.OrgID) {
		return store.Organization{}, store.OrgAccount{}, false, nil
	} else if err != nil {
		return store.Organization{}, store.OrgAccount{}, false, err
	}
	org, err := tx.Organization(region.Partition, acct.OrgID)
	return org, acct, err == nil, err
}

// EnableOrgMember makes account an Enabled organization member of adminID in the region,
// switching its hub on (with the default standards if defaultStandards, and the
// administrator's control finding generator) when it is off; an account whose hub is on is
// otherwise left as it is. A suspended account gets AccountSuspended instead. It returns the
// ProcessingResult when the account cannot be enabled, "" otherwise.
func EnableOrgMember(tx store.Tx, region store.RegionKey, org store.Organization, adminID string, acct store.OrgAccount, email string, now time.Time, defaultStandards bool) (string, error) {
	if m, elsewhere, err := isEnabledMember(tx, region, acct.AccountID); err != nil {
		return "", err
	} else if elsewhere && m.AdminID != adminID {
		return ResultMemberElsewhere, nil
	}
	memberKey := store.AccountKey{Partition: region.Partition, Region: region.Region, AccountID: acct.AccountID}
	m := store.Membership{Region: region, AdminID: adminID, MemberID: acct.AccountID, Origin: OriginOrganization,
		InvitedAt: now, UpdatedAt: now}
	m.Email = email
	if existing, err := tx.Membership(region, adminID, acct.AccountID); err == nil && email == "" {
		m.Email = existing.Email
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	if acct.Status == "SUSPENDED" {
		m.Status = StatusAccountSuspended
		return "", tx.PutMembership(m)
	}
	if _, err := tx.Hub(memberKey); errors.Is(err, store.ErrNotFound) {
		if acct.AccountID == org.ManagementAccountID {
			return ResultManagementHubOff, nil // the management account must enable itself
		}
		generator := hub.SecurityControl
		if adminHub, err := tx.Hub(store.AccountKey{Partition: region.Partition, Region: region.Region, AccountID: adminID}); err == nil {
			generator = adminHub.ControlFindingGenerator
		}
		if err := hub.Create(tx, memberKey, now, generator, nil, defaultStandards); err != nil {
			return "", err
		}
	} else if err != nil {
		return "", err
	}
	m.Status = StatusEnabled
	if err := tx.PutMembership(m); errors.Is(err, store.ErrConflict) {
		return ResultMemberElsewhere, nil
	} else if err != nil {
		return "", err
	}
	return "", nil
}
