package orgadmin

import (
	"time"

	"github.com/sechub/sechub/internal/members"
	"github.com/sechub/sechub/internal/organizations"
	"github.com/sechub/sechub/internal/store"
)

// Events reacts to AWS Organizations changes (it is an organizations.Listener).
type Events struct{}

var _ organizations.Listener = Events{}

// AccountJoined enables a new organization account as a member in every region whose
// configuration auto-enables (LOCAL, AutoEnable), with the default standards when
// AutoEnableStandards is DEFAULT. Accounts that are members elsewhere are left alone.
func (Events) AccountJoined(tx store.Tx, org organizations.Organization, accountID string, now time.Time) error {
	admins, err := members.OrgAdmins(tx, org.Partition)
	if err != nil {
		return err
	}
	acct, err := organizations.AccountByID(tx, org.Partition, accountID)
	if err != nil {
		return err
	}
	for _, admin := range admins {
		if admin.OrgID != org.ID || admin.AccountID == accountID {
			continue
		}
		cfg, err := loadConfig(tx, admin.Region, org.ID)
		if err != nil || !cfg.AutoEnable || cfg.ConfigurationType != ConfigLocal {
			continue
		}
		if _, err := members.EnableOrgMember(tx, admin.Region, org, admin.AccountID, acct, "", now,
			cfg.AutoEnableStandards == StandardsDefault); err != nil {
			return err
		}
	}
	return nil
}

// AccountLeft disassociates an account that leaves (or is removed from) the organization from
// its organization administrators, in every region: the status becomes Removed.
func (Events) AccountLeft(tx store.Tx, org organizations.Organization, accountID string, now time.Time) error {
	return members.EndOrgMemberships(tx, org.Partition, accountID, now)
}

// AccountMoved changes nothing: where an account sits in the tree matters to central
// configuration only.
func (Events) AccountMoved(store.Tx, organizations.Organization, string, time.Time) error { return nil }

// AccountClosed removes a closed account's relationships, both sides, in every region, and
// its administrator designations.
func (Events) AccountClosed(tx store.Tx, org organizations.Organization, accountID string, now time.Time) error {
	if err := removeAdminEverywhere(tx, org, accountID); err != nil {
		return err
	}
	return members.DeleteAccountMemberships(tx, org.Partition, accountID)
}

// DelegatedAdminDeregistered ends Security Hub's administrator designation of the account in
// every region when Organizations deregisters it for Security Hub.
func (Events) DelegatedAdminDeregistered(tx store.Tx, org organizations.Organization, accountID, principal string, now time.Time) error {
	if principal != ServicePrincipal {
		return nil
	}
	return removeAdminEverywhere(tx, org, accountID)
}

func removeAdminEverywhere(tx store.Tx, org organizations.Organization, accountID string) error {
	admins, err := members.OrgAdmins(tx, org.Partition)
	if err != nil {
		return err
	}
	for _, a := range admins {
		if a.OrgID == org.ID && a.AccountID == accountID {
			if err := removeAdmin(tx, a.Region, org.ID, accountID); err != nil {
				return err
			}
		}
	}
	return nil
}
