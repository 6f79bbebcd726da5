package members

import (
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

// OnDisable removes every relationship of an account whose hub is being disabled, on both
// sides ("your administrator and member account associations are removed").
func OnDisable(tx store.Tx, key store.AccountKey) error {
	return deleteMembershipsOf(tx, key.RegionKey(), key.AccountID)
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
