package members

import (
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/store"
)

// DisableGuard refuses DisableSecurityHub for an Enabled member and for an administrator with
// Enabled members: both must end the relationship first. AWS's text is known only for the
// organization administrator; sechub answers invitation administrators with it too.
func DisableGuard(tx store.Tx, key store.AccountKey) error {
	region := key.RegionKey()
	if _, member, err := isEnabledMember(tx, region, key.AccountID); err != nil {
		return err
	} else if member {
		return apierr.CannotDisableMember.New()
	}
	n, err := countMembers(tx, region, key.AccountID, "", StatusEnabled)
	if err != nil {
		return err
	}
	if n > 0 {
		return apierr.CannotDisableAdministrator.New()
	}
	return nil
}

// OnDisable ends the relationships of an account whose hub is being disabled in a region
// ("your administrator and member account associations are removed", DisableSecurityHub).
//
// As an administrator, its member list goes with its hub (DisableGuard has made sure none of
// them is Enabled).
//
// As a member, the administrator's record stays, and shows how the relationship ended, until
// the administrator deletes it (DeleteMembers): the administrator's own DisassociateMembers
// and DeleteMembers must keep working whatever the order of the two sides' calls (Terraform
// destroys an aws_securityhub_member and its aws_securityhub_invite_accepter in parallel).
// AWS lets an invitation member disable its hub only once it has left (Resigned) or been
// removed (Removed), and those statuses stay; a pending invitation becomes Resigned, as when
// declined (Resigned: "the member account disassociated themselves from the administrator
// account"); a Created record, which the member never saw, stays Created. The member itself
// sees nothing of any of them any more: no invitation, no administrator.
func OnDisable(tx store.Tx, key store.AccountKey, now time.Time) error {
	region := key.RegionKey()
	if err := deleteMembersOf(tx, region, key.AccountID); err != nil {
		return err
	}
	ms, err := administratorsOf(tx, region, key.AccountID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		before := m
		switch m.Status {
		case StatusInvited, StatusEnabled: // Enabled only if a guard let it through
			m.Status, m.UpdatedAt = StatusResigned, now
		}
		m.MemberVisible = false
		if m != before {
			if err := putMembership(tx, m); err != nil {
				return err
			}
		}
	}
	return nil
}

// Visible returns the accounts whose findings key's account may read and update in its
// region: itself and its Enabled members (by invitation or organization). The findings domain
// starts every query from this set.
func Visible(tx store.Tx, key store.AccountKey) ([]string, error) {
	accounts := []string{key.AccountID}
	after := ""
	for {
		page, err := membersOf(tx, key.RegionKey(), key.AccountID, true, after, 1000)
		if err != nil {
			return nil, err
		}
		for _, m := range page {
			accounts = append(accounts, m.MemberID)
		}
		if len(page) < 1000 {
			return accounts, nil
		}
		after = page[len(page)-1].MemberID
	}
}

// AdministratorOf returns the administrator of which key's account is an Enabled member in
// key's region (by invitation or organization), ok=false when it is no one's member.
func AdministratorOf(tx store.Tx, key store.AccountKey) (string, bool, error) {
	m, ok, err := isEnabledMember(tx, key.RegionKey(), key.AccountID)
	return m.AdminID, ok, err
}
