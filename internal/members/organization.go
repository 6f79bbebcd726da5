package members

import (
	"database/sql"
	"errors"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/organizations"
	"github.com/sechub/sechub/internal/store"
)

// OrgAdminOf returns the Security Hub administrator an organization designated in a region,
// or ok=false when there is none. Organizations are independent: each has its own.
func OrgAdminOf(tx store.Tx, region store.RegionKey, orgID string) (OrgAdmin, bool, error) {
	a := OrgAdmin{Region: region, OrgID: orgID}
	err := tx.QueryRow(`SELECT account_id, status FROM securityhub_org_admins_by_org WHERE partition = ? AND org_id = ? AND region = ?`,
		region.Partition, orgID, region.Region).Scan(&a.AccountID, &a.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return OrgAdmin{}, false, nil
	}
	return a, err == nil, err
}

// OrgAdminOfAccount returns the Security Hub administrator of an account's organization in a
// region, or ok=false when the account is in no organization or it has none.
func OrgAdminOfAccount(tx store.Tx, region store.RegionKey, accountID string) (OrgAdmin, bool, error) {
	acct, err := organizations.AccountByID(tx, region.Partition, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return OrgAdmin{}, false, nil
	} else if err != nil {
		return OrgAdmin{}, false, err
	}
	return OrgAdminOf(tx, region, acct.OrgID)
}

// orgTarget reports whether CreateMembers by adminID for account id takes the organization
// path: adminID is the region's delegated administrator and id an account of its organization.
func orgTarget(tx store.Tx, region store.RegionKey, adminID, id string) (organizations.Organization, organizations.Account, bool, error) {
	acct, err := organizations.AccountByID(tx, region.Partition, id)
	if errors.Is(err, store.ErrNotFound) {
		return organizations.Organization{}, organizations.Account{}, false, nil
	} else if err != nil {
		return organizations.Organization{}, organizations.Account{}, false, err
	}
	oa, ok, err := OrgAdminOf(tx, region, acct.OrgID)
	if err != nil || !ok || oa.AccountID != adminID {
		return organizations.Organization{}, organizations.Account{}, false, err
	}
	org, err := organizations.OrganizationByID(tx, region.Partition, acct.OrgID)
	return org, acct, err == nil, err
}

// EnableOrgMember makes account an Enabled organization member of adminID in the region,
// switching its hub on (with the default standards if defaultStandards, and the
// administrator's control finding generator) when it is off; an account whose hub is on is
// otherwise left as it is. A suspended account gets AccountSuspended instead. It returns the
// ProcessingResult when the account cannot be enabled, "" otherwise.
func EnableOrgMember(tx store.Tx, region store.RegionKey, org organizations.Organization, adminID string, acct organizations.Account, email string, now time.Time, defaultStandards bool) (string, error) {
	if m, elsewhere, err := isEnabledMember(tx, region, acct.AccountID); err != nil {
		return "", err
	} else if elsewhere && m.AdminID != adminID {
		return ResultMemberElsewhere, nil
	}
	memberKey := store.AccountKey{Partition: region.Partition, Region: region.Region, AccountID: acct.AccountID}
	m := Membership{Region: region, AdminID: adminID, MemberID: acct.AccountID, Origin: OriginOrganization,
		InvitedAt: now, UpdatedAt: now}
	m.Email = email
	if existing, err := membership(tx, region, adminID, acct.AccountID); err == nil && email == "" {
		m.Email = existing.Email
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	if acct.Status == "SUSPENDED" {
		m.Status = StatusAccountSuspended
		return "", putMembership(tx, m)
	}
	if _, err := hub.Require(tx, memberKey); apierr.NotSubscribed.Is(err) {
		if acct.AccountID == org.ManagementAccountID {
			return ResultManagementHubOff, nil // the management account must enable itself
		}
		generator := hub.SecurityControl
		if adminHub, err := hub.Require(tx, store.AccountKey{Partition: region.Partition, Region: region.Region, AccountID: adminID}); err == nil {
			generator = adminHub.ControlFindingGenerator
		}
		if err := hub.Create(tx, memberKey, now, generator, nil, defaultStandards); err != nil {
			return "", err
		}
	} else if err != nil {
		return "", err
	}
	m.Status = StatusEnabled
	if err := putMembership(tx, m); errors.Is(err, store.ErrConflict) {
		return ResultMemberElsewhere, nil
	} else if err != nil {
		return "", err
	}
	return "", nil
}

// CountOrgMembers counts the organization relationships of an administrator in a region,
// whatever their status.
func CountOrgMembers(tx store.Tx, region store.RegionKey, adminID string) (int, error) {
	return countMembers(tx, region, adminID, OriginOrganization)
}

// RemoveOrgMembers deletes the organization relationships of an administrator in a region,
// when its designation ends; its invitation relationships stay.
func RemoveOrgMembers(tx store.Tx, region store.RegionKey, adminID string) error {
	all, err := membersOf(tx, region, adminID, false, "", 0)
	if err != nil {
		return err
	}
	for _, m := range all {
		if m.Origin == OriginOrganization {
			if err := deleteMembership(tx, region, adminID, m.MemberID); err != nil {
				return err
			}
		}
	}
	return nil
}

// RemoveOrgMember deletes the organization relationship of one member with its administrator
// in a region, if there is one: central configuration does so before it switches the
// member's hub off, and makes it a member again when a policy switches it back on.
func RemoveOrgMember(tx store.Tx, region store.RegionKey, adminID, memberID string) error {
	m, err := membership(tx, region, adminID, memberID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && m.Origin != OriginOrganization) {
		return nil
	} else if err != nil {
		return err
	}
	return deleteMembership(tx, region, adminID, memberID)
}

// EndOrgMemberships disassociates an account that left its organization from its
// organization administrators in every region of the partition: the status becomes Removed.
func EndOrgMemberships(tx store.Tx, partition, accountID string, now time.Time) error {
	ms, err := membershipsOfMember(tx, partition, accountID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.Origin != OriginOrganization || m.Status == StatusRemoved {
			continue
		}
		m.Status, m.UpdatedAt, m.MemberVisible = StatusRemoved, now, false
		if err := putMembership(tx, m); err != nil {
			return err
		}
	}
	return nil
}

// DeleteAccountMemberships deletes every relationship of an account, either side, in every
// region of the partition (a closed account).
func DeleteAccountMemberships(tx store.Tx, partition, accountID string) error {
	return deleteAllMembershipsOf(tx, partition, accountID)
}
