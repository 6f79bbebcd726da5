package members

import (
	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/store"
)

// DisableGuard refuses DisableSecurityHub for an Enabled member and for an administrator with
// Enabled members: both must end the relationship first (spec §4.2; AWS's text is only known
// for the organization administrator, and is reused for invitation administrators).
func DisableGuard(tx store.Tx, key store.AccountKey) error {
	region := key.RegionKey()
	if _, member, err := isEnabledMember(tx, region, key.AccountID); err != nil {
		return err
	} else if member {
		return apierr.New(apierr.InvalidInput, apierr.MsgCannotDisableMember)
	}
	n, err := tx.CountMembers(region, key.AccountID, "", StatusEnabled)
	if err != nil {
		return err
	}
	if n > 0 {
		return apierr.New(apierr.InvalidInput, apierr.MsgCannotDisableAdmin)
	}
	return nil
}

// OnDisable removes every relationship of an account whose hub is being disabled, on both
// sides ("your administrator and member account associations are removed").
func OnDisable(tx store.Tx, key store.AccountKey) error {
	return tx.DeleteMembershipsOf(key.RegionKey(), key.AccountID)
}

// Visible returns the accounts whose findings key's account may read and update in its
// region: itself and its Enabled members (by invitation or organization). The findings domain
// starts every query from this set.
func Visible(tx store.Tx, key store.AccountKey) ([]string, error) {
	accounts := []string{key.AccountID}
	after := ""
	for {
		page, err := tx.MembersOf(key.RegionKey(), key.AccountID, true, after, 1000)
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
