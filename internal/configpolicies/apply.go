package configpolicies

import (
	"slices"
	"time"

	"github.com/sechub/sechub/internal/aggregators"
	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/controls"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/members"
	"github.com/sechub/sechub/internal/orgadmin"
	"github.com/sechub/sechub/internal/organizations"
	"github.com/sechub/sechub/internal/standards"
	"github.com/sechub/sechub/internal/store"
)

// policyReason is the DisabledReason of the controls a configuration policy disables.
const policyReason = "Disabled by a central configuration policy"

// Appliers are the other domains' writers a policy uses to configure an account, as the
// account's own calls would.
type Appliers struct {
	Hub       *hub.Service
	Standards *standards.Service
	Controls  *controls.Service
}

// applyOrganization configures every account of org as the policy that governs it says,
// inside tx: the effect of associating, disassociating or changing a policy. Self-managed
// accounts are left as they are.
func (s *Service) applyOrganization(tx store.Tx, org organizations.Organization, now time.Time) error {
	cc, ok, err := orgadmin.Central(tx, org.Partition, org.ID)
	if err != nil || !ok {
		return err
	}
	t, err := readTree(tx, org)
	if err != nil {
		return err
	}
	accounts, err := organizations.Accounts(tx, org.Partition, org.ID)
	if err != nil {
		return err
	}
	regions, err := policyRegions(tx, cc)
	if err != nil {
		return err
	}
	policies := map[string]*Policy{}
	for _, a := range accounts {
		as := t.resolve(a.AccountID, TargetAccount, a.ParentID)
		if as.PolicyID == SelfManaged {
			if t.failed[a.AccountID] != "" {
				if err := setFailure(tx, org.Partition, org.ID, a.AccountID, "", now); err != nil {
					return err
				}
			}
			continue
		}
		p, ok := policies[as.PolicyID]
		if !ok {
			loaded, err := loadPolicy(tx, org.Partition, as.PolicyID)
			if err != nil {
				return err
			}
			p, policies[as.PolicyID] = &loaded, &loaded
		}
		if err := s.applyAccount(tx, org, cc, a, p.Settings, regions, t.failed[a.AccountID], now); err != nil {
			return err
		}
	}
	return nil
}

// applyTo configures one account of org as the policy that governs it says (an account that
// joined the organization).
func (s *Service) applyTo(tx store.Tx, org organizations.Organization, accountID string, now time.Time) error {
	e, ok, err := Effective(tx, org.Partition, accountID)
	if err != nil || !ok || e.Policy == nil {
		return err
	}
	acct, err := organizations.AccountByID(tx, org.Partition, accountID)
	if err != nil {
		return err
	}
	regions, err := policyRegions(tx, e.Central)
	if err != nil {
		return err
	}
	previous, err := failureOf(tx, org.Partition, org.ID, accountID)
	if err != nil {
		return err
	}
	return s.applyAccount(tx, org, e.Central, acct, e.Policy.Settings, regions, previous, now)
}

// policyRegions are the regions where an organization's policies take effect: the home region
// and the regions its administrator's finding aggregator links in which the administrator has
// Security Hub on (a region AWS adds later joins when the administrator turns Security Hub on
// there; ALL_REGIONS cannot be listed otherwise).
func policyRegions(tx store.Tx, cc orgadmin.CentralConfiguration) ([]string, error) {
	out := []string{cc.Home.Region}
	agg, ok, err := aggregators.Linked(tx, cc.Home.Partition, cc.AdminID)
	if err != nil || !ok {
		return out, err
	}
	on, err := hub.Regions(tx, cc.Home.Partition, cc.AdminID)
	if err != nil {
		return nil, err
	}
	for _, r := range on {
		if r != cc.Home.Region && agg.Links(r) {
			out = append(out, r)
		}
	}
	return out, nil
}

// applyAccount configures one account in each region as settings say: Security Hub on, as an
// Enabled member of the delegated administrator, with exactly the policy's standards and its
// controls and parameters; or Security Hub off, no longer the administrator's member there
// (except in the delegated administrator). A suspended account, or another administrator's
// member, is left as it is, and its association FAILED with why (previous is why it failed
// before, "" if it did not).
func (s *Service) applyAccount(tx store.Tx, org organizations.Organization, cc orgadmin.CentralConfiguration,
	acct organizations.Account, set Settings, regions []string, previous string, now time.Time) error {
	failure, err := s.configureAccount(tx, org, cc, acct, set, regions, now)
	if err != nil || failure == previous {
		return err
	}
	return setFailure(tx, org.Partition, org.ID, acct.AccountID, failure, now)
}

// configureAccount is applyAccount's work; it returns why the account could not be
// configured, or "".
func (s *Service) configureAccount(tx store.Tx, org organizations.Organization, cc orgadmin.CentralConfiguration,
	acct organizations.Account, set Settings, regions []string, now time.Time) (failure string, err error) {
	for _, region := range regions {
		key := store.AccountKey{Partition: org.Partition, Region: region, AccountID: acct.AccountID}
		_, err := hub.Require(tx, key)
		on := err == nil
		if err != nil && !apierr.NotSubscribed.Is(err) {
			return "", err
		}
		if !set.ServiceEnabled {
			// The delegated administrator keeps Security Hub: it administers the others.
			if on && acct.AccountID != cc.AdminID {
				if err := members.RemoveOrgMember(tx, key.RegionKey(), cc.AdminID, acct.AccountID); err != nil {
					return "", err
				}
				if err := s.Appliers.Hub.DisableIn(tx, key); err != nil {
					return "", err
				}
			}
			continue
		}
		if acct.Status == organizations.StatusSuspended {
			failure = "The account is suspended: the policy cannot be applied to it."
			continue
		}
		if !on {
			if err := hub.Create(tx, key, now, hub.SecurityControl, nil, false); err != nil {
				return "", err
			}
		}
		if acct.AccountID != cc.AdminID {
			result, err := members.EnableOrgMember(tx, key.RegionKey(), org, cc.AdminID, acct, "", now, false)
			if err != nil {
				return "", err
			}
			if result != "" {
				// another administrator's member: not this organization's to configure
				failure = "The account is a member of another Security Hub administrator: the policy cannot be applied to it."
				continue
			}
		}
		if err := s.Appliers.Standards.SetIn(tx, key, standardsOf(org.Partition, set.Standards), now); err != nil {
			return "", err
		}
		if err := s.Appliers.Controls.ApplyIn(tx, key, controlConfiguration(set.Controls), now); err != nil {
			return "", err
		}
	}
	return failure, nil
}

// standardsOf returns the catalogue's standards that a policy's identifiers name.
func standardsOf(partition string, ids []string) []standards.Definition {
	var out []standards.Definition
	for _, id := range ids {
		if d, ok := standardOf(partition, id); ok && !slices.ContainsFunc(out, func(o standards.Definition) bool { return o.Path == d.Path }) {
			out = append(out, d)
		}
	}
	return out
}

// controlConfiguration is what a policy's control settings set of an account's controls.
func controlConfiguration(c *ControlSettings) controls.Configuration {
	conf := controls.Configuration{Enabled: func(string) bool { return true }, Parameters: map[string]map[string]controls.Value{}, Reason: policyReason}
	if c == nil {
		return conf
	}
	conf.Enabled = c.Enabled
	for _, cp := range c.Parameters {
		custom := map[string]controls.Value{}
		for name, p := range cp.Parameters {
			if p.Custom && p.Value != nil {
				custom[name] = *p.Value
			}
		}
		if len(custom) > 0 {
			conf.Parameters[cp.ControlID] = custom
		}
	}
	return conf
}
