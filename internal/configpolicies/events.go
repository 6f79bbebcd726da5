package configpolicies

import (
	"errors"
	"slices"
	"time"

	"github.com/sechub/sechub/internal/aggregators"
	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/orgadmin"
	"github.com/sechub/sechub/internal/organizations"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/tags"
)

// events reacts to AWS Organizations changes (it is an organizations.Listener).
type events struct{ svc *Service }

var _ organizations.Listener = events{}

// AccountJoined configures a new account as the policy it inherits says.
func (e events) AccountJoined(tx store.Tx, org organizations.Organization, accountID string, now time.Time) error {
	return e.svc.applyTo(tx, org, accountID, now)
}

// AccountMoved configures an account that moved to another organizational unit as the policy
// it now inherits says.
func (e events) AccountMoved(tx store.Tx, org organizations.Organization, accountID string, now time.Time) error {
	return e.svc.applyTo(tx, org, accountID, now)
}

// AccountLeft forgets what was applied to an account that left the organization; what it
// inherited goes by itself.
func (events) AccountLeft(tx store.Tx, org organizations.Organization, accountID string, _ time.Time) error {
	return removeAppliedEverywhere(tx, org.Partition, accountID)
}

// AccountClosed forgets what was applied to a closed account and, when it administered the
// organization's central configuration, the organization's policies.
func (events) AccountClosed(tx store.Tx, org organizations.Organization, accountID string, _ time.Time) error {
	if err := removeAppliedEverywhere(tx, org.Partition, accountID); err != nil {
		return err
	}
	return forgetAdministrator(tx, org, accountID)
}

// DelegatedAdminDeregistered deletes the organization's policies and associations when its
// Security Hub delegated administrator goes: changing the administrator ends central
// configuration.
func (events) DelegatedAdminDeregistered(tx store.Tx, org organizations.Organization, _, principal string, _ time.Time) error {
	if principal != orgadmin.ServicePrincipal {
		return nil
	}
	return forgetOrganization(tx, org)
}

// forgetAdministrator deletes the organization's policies and associations if accountID
// made the policies.
func forgetAdministrator(tx store.Tx, org organizations.Organization, accountID string) error {
	policies, err := policiesOf(tx, org.Partition, org.ID)
	if err != nil {
		return err
	}
	for _, p := range policies {
		if p.AdminID == accountID {
			return forgetOrganization(tx, org)
		}
	}
	return nil
}

// forgetOrganization deletes an organization's policies, their tags, and its associations.
func forgetOrganization(tx store.Tx, org organizations.Organization) error {
	policies, err := policiesOf(tx, org.Partition, org.ID)
	if err != nil {
		return err
	}
	for _, p := range policies {
		if err := tags.DeleteResource(tx, p.ARN()); err != nil {
			return err
		}
	}
	return removeOrganization(tx, org.Partition, org.ID)
}

// leavingCentral refuses to end central configuration while the organization has policies
// or applied configurations (self-managed ones included), as AWS does.
func leavingCentral(tx store.Tx, partition, orgID string) error {
	policies, err := policiesOf(tx, partition, orgID)
	if err != nil {
		return err
	}
	applied, err := appliedIn(tx, partition, orgID)
	if err != nil {
		return err
	}
	if len(policies) > 0 || len(applied) > 0 {
		return apierr.CentralConfigurationInUseByPolicies.New()
	}
	return clearFailures(tx, partition, orgID)
}

// aggregatorRelinked configures the organization again when its delegated administrator's
// aggregator links other regions: policies take effect in the regions it links.
func (s *Service) aggregatorRelinked(tx store.Tx, before, agg aggregators.Aggregation, now time.Time) error {
	if before.Mode == agg.Mode && slices.Equal(before.Regions, agg.Regions) {
		return nil
	}
	acct, err := organizations.AccountByID(tx, agg.Partition, agg.Account)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	cc, ok, err := orgadmin.Central(tx, agg.Partition, acct.OrgID)
	if err != nil || !ok || cc.AdminID != agg.Account {
		return err
	}
	org, err := organizations.OrganizationByID(tx, agg.Partition, acct.OrgID)
	if err != nil {
		return err
	}
	return s.applyOrganization(tx, org, now)
}
