// Package orgadmin is Security Hub's side of AWS Organizations: the delegated administrator
// designated per region (Enable/Disable/ListOrganizationAdminAccounts), the organization
// configuration (auto-enable, auto-enable standards, LOCAL or CENTRAL), and the effects of
// organization events on memberships (accounts joining, leaving, closing; administrators
// deregistered).
package orgadmin

import (
	"context"
	"errors"

	"github.com/sechub/sechub/internal/aggregators"
	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/members"
	"github.com/sechub/sechub/internal/organizations"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
)

// ServicePrincipal is Security Hub's service principal in Organizations.
const ServicePrincipal = "securityhub.amazonaws.com"

// Values of the organization configuration.
const (
	StatusEnabled       = "ENABLED"
	StandardsDefault    = "DEFAULT"
	StandardsNone       = "NONE"
	ConfigLocal         = "LOCAL"
	ConfigCentral       = "CENTRAL"
	MaxOrganizationSize = members.DefaultOrganizationMember
)

// Service runs the organization operations of Security Hub.
type Service struct {
	Store store.Store
	Clock clock.Clock
	// Pages cuts ListOrganizationAdminAccounts into pages.
	Pages paging.Pager
	// LeavingCentral may refuse, inside the transaction, to switch an organization from
	// CENTRAL to LOCAL: configuration policies register one (AWS wants every policy
	// disassociated and deleted first).
	LeavingCentral []func(tx store.Tx, partition, orgID string) error
}

// management returns the caller's organization, requiring the management account.
func management(tx store.Tx, c identity.Caller) (organizations.Organization, error) {
	org, err := organizationOf(tx, c)
	if err != nil {
		return org, err
	}
	if org.ManagementAccountID != c.AccountID {
		return org, apierr.OrgAdminNotManagement.New()
	}
	return org, nil
}

// organizationOf returns the caller's organization, or AccessDeniedException when the caller
// belongs to none.
func organizationOf(tx store.Tx, c identity.Caller) (organizations.Organization, error) {
	acct, err := organizations.AccountByID(tx, c.Partition, c.AccountID)
	if errors.Is(err, store.ErrNotFound) {
		return organizations.Organization{}, apierr.OrgAdminNotInOrganization.New()
	} else if err != nil {
		return organizations.Organization{}, err
	}
	return organizations.OrganizationByID(tx, c.Partition, acct.OrgID)
}

// EnableAdmin designates adminID as the organization's Security Hub administrator in the
// caller's region, enabling trusted access, registering the delegated administrator in
// Organizations, and switching the administrator's hub on.
func (s *Service) EnableAdmin(ctx context.Context, c identity.Caller, adminID string) error {
	region := domain.Key(c).RegionKey()
	now := s.Clock.Now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := management(tx, c)
		if err != nil {
			return err
		}
		acct, err := organizations.AccountByID(tx, c.Partition, adminID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && acct.OrgID != org.ID) {
			return apierr.OrgAdminAccountNotInOrganization.New(adminID)
		} else if err != nil {
			return err
		}
		current, ok, err := members.OrgAdminOf(tx, region, org.ID)
		if err != nil {
			return err
		}
		if ok && current.AccountID == adminID {
			return nil // designating the designated administrator again changes nothing
		}
		if ok {
			return apierr.OrgAdminAlreadyDesignated.New(current.AccountID)
		}
		registered, err := registeredAdmin(tx, org)
		if err != nil {
			return err
		}
		if registered != "" && registered != adminID && adminID != org.ManagementAccountID {
			return apierr.OrgAdminOtherRegistered.New(registered)
		}
		if err := organizations.EnableServiceAccessIn(tx, org, ServicePrincipal, now); err != nil {
			return err
		}
		if adminID != org.ManagementAccountID && registered == "" {
			if err := organizations.RegisterIn(tx, org, adminID, ServicePrincipal, now); err != nil {
				return err
			}
		}
		if err := members.PutOrgAdmin(tx, members.OrgAdmin{Region: region, OrgID: org.ID, AccountID: adminID, Status: StatusEnabled}); err != nil {
			return err
		}
		// Whether AWS switches the administrator's hub on is unknown; sechub does, with the
		// default standards, so that the administrator can act at once. The management
		// account must enable its own.
		adminKey := store.AccountKey{Partition: c.Partition, Region: c.Region, AccountID: adminID}
		if adminID != org.ManagementAccountID {
			if _, err := hub.Require(tx, adminKey); apierr.NotSubscribed.Is(err) {
				if err := hub.Create(tx, adminKey, now, hub.SecurityControl, nil, true); err != nil {
					return err
				}
			} else if err != nil {
				return err
			}
		}
		if _, err := loadConfig(tx, region, org.ID); errors.Is(err, store.ErrNotFound) {
			return saveConfig(tx, defaultConfig(region, org.ID))
		} else {
			return err
		}
	})
}

func defaultConfig(region store.RegionKey, orgID string) orgConfig {
	return orgConfig{Region: region, OrgID: orgID, AutoEnable: false, AutoEnableStandards: StandardsDefault,
		ConfigurationType: ConfigLocal, Status: StatusEnabled}
}

// registeredAdmin returns the account registered in Organizations as Security Hub's delegated
// administrator, or "".
func registeredAdmin(tx store.Tx, org organizations.Organization) (string, error) {
	admins, err := organizations.RegisteredAdministrators(tx, org, ServicePrincipal)
	if err != nil || len(admins) == 0 {
		return "", err
	}
	return admins[0], nil
}

// DisableAdmin removes the region's administrator designation. Organization members of that
// administrator in the region stop being members (their hubs stay on); its invitation members
// are kept, since they chose the administrator themselves (AWS's behaviour is unknown).
// Organizations' registration is not touched.
func (s *Service) DisableAdmin(ctx context.Context, c identity.Caller, adminID string) error {
	region := domain.Key(c).RegionKey()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := management(tx, c)
		if err != nil {
			return err
		}
		current, ok, err := members.OrgAdminOf(tx, region, org.ID)
		if err != nil {
			return err
		}
		if !ok || current.AccountID != adminID {
			return apierr.OrgAdminNotCurrent.New(adminID)
		}
		if cfg, err := loadConfig(tx, region, org.ID); err == nil && cfg.ConfigurationType == ConfigCentral {
			return apierr.CentralConfigurationInUse.New()
		}
		return removeAdmin(tx, region, org.ID, adminID)
	})
}

// removeAdmin ends an organization's administrator designation in one region.
func removeAdmin(tx store.Tx, region store.RegionKey, orgID, adminID string) error {
	if err := members.RemoveOrgMembers(tx, region, adminID); err != nil {
		return err
	}
	if err := deleteConfig(tx, region, orgID); err != nil {
		return err
	}
	return members.DeleteOrgAdmin(tx, region, orgID)
}

// AdminAccount is a region's organization administrator as ListOrganizationAdminAccounts
// shows it.
type AdminAccount struct {
	AccountID string
	Status    string
}

// defaultAdminPage is ListOrganizationAdminAccounts' page size without MaxResults.
const defaultAdminPage = 10

// ListAdmins returns a page of the region's administrators (there is at most one). The
// management account and the delegated administrator may call it; AWS documents only the
// management account.
func (s *Service) ListAdmins(ctx context.Context, c identity.Caller, maxResults int, nextToken string) ([]AdminAccount, string, error) {
	region := domain.Key(c).RegionKey()
	var all []AdminAccount
	err := s.Store.View(ctx, func(tx store.Tx) error {
		all = []AdminAccount{}
		org, err := organizationOf(tx, c)
		if err != nil {
			return err
		}
		current, ok, err := members.OrgAdminOf(tx, region, org.ID)
		if err != nil {
			return err
		}
		if org.ManagementAccountID != c.AccountID && (!ok || current.AccountID != c.AccountID) {
			return apierr.OrgAdminNotManagement.New()
		}
		if ok && current.OrgID == org.ID {
			all = append(all, AdminAccount{AccountID: current.AccountID, Status: current.Status})
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	page := paging.Page{Scope: paging.Scope("ListOrganizationAdminAccounts", c.Partition, c.Region, c.AccountID),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultAdminPage}
	return paging.Offset(s.Pages, page, all)
}

// Configuration is a region's organization configuration as
// DescribeOrganizationConfiguration shows it.
type Configuration struct {
	AutoEnable          bool
	AutoEnableStandards string
	ConfigurationType   string
	Status              string
	// StatusMessage explains a FAILED status; sechub's changes never fail, so it is empty.
	StatusMessage             string
	MemberAccountLimitReached bool
}

// requireAdmin checks that the caller's hub is on and that it is its organization's
// administrator in the region, and returns the organization's id.
func requireAdmin(tx store.Tx, c identity.Caller) (string, error) {
	key := domain.Key(c)
	if _, err := hub.Require(tx, key); err != nil {
		return "", err
	}
	current, ok, err := members.OrgAdminOfAccount(tx, key.RegionKey(), c.AccountID)
	if err != nil {
		return "", err
	}
	if !ok || current.AccountID != c.AccountID {
		return "", apierr.NotOrganizationAdministrator.New(c.AccountID)
	}
	return current.OrgID, nil
}

// DescribeConfiguration returns the region's organization configuration.
func (s *Service) DescribeConfiguration(ctx context.Context, c identity.Caller) (Configuration, error) {
	region := domain.Key(c).RegionKey()
	var out Configuration
	err := s.Store.View(ctx, func(tx store.Tx) error {
		orgID, err := requireAdmin(tx, c)
		if err != nil {
			return err
		}
		cfg, err := loadConfig(tx, region, orgID)
		if errors.Is(err, store.ErrNotFound) {
			cfg = defaultConfig(region, orgID)
		} else if err != nil {
			return err
		}
		n, err := members.CountOrgMembers(tx, region, c.AccountID)
		out = Configuration{AutoEnable: cfg.AutoEnable, AutoEnableStandards: cfg.AutoEnableStandards,
			ConfigurationType: cfg.ConfigurationType, Status: cfg.Status, MemberAccountLimitReached: n >= MaxOrganizationSize}
		return err
	})
	return out, err
}

// ConfigurationUpdate is UpdateOrganizationConfiguration's input; "" leaves a value as it is.
type ConfigurationUpdate struct {
	AutoEnable          bool
	AutoEnableStandards string
	ConfigurationType   string
}

// UpdateConfiguration changes the region's organization configuration.
func (s *Service) UpdateConfiguration(ctx context.Context, c identity.Caller, u ConfigurationUpdate) error {
	region := domain.Key(c).RegionKey()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		orgID, err := requireAdmin(tx, c)
		if err != nil {
			return err
		}
		current, _, err := members.OrgAdminOf(tx, region, orgID)
		if err != nil {
			return err
		}
		cfg, err := loadConfig(tx, region, orgID)
		if errors.Is(err, store.ErrNotFound) {
			cfg = defaultConfig(region, current.OrgID)
		} else if err != nil {
			return err
		}
		central := u.ConfigurationType == ConfigCentral || u.ConfigurationType == "" && cfg.ConfigurationType == ConfigCentral
		if central && (u.AutoEnable || u.AutoEnableStandards == StandardsDefault) {
			return apierr.CentralConfigurationAutoEnable.New()
		}
		if u.ConfigurationType == ConfigCentral && cfg.ConfigurationType != ConfigCentral {
			if err := startCentral(tx, c, current); err != nil {
				return err
			}
		}
		if central {
			// Central configuration leaves enabling accounts to the policies.
			u.AutoEnableStandards = StandardsNone
		}
		if u.ConfigurationType == ConfigLocal && cfg.ConfigurationType == ConfigCentral {
			for _, guard := range s.LeavingCentral {
				if err := guard(tx, c.Partition, current.OrgID); err != nil {
					return err
				}
			}
		}
		cfg.AutoEnable = u.AutoEnable
		if u.AutoEnableStandards != "" {
			cfg.AutoEnableStandards = u.AutoEnableStandards
		}
		if u.ConfigurationType != "" {
			cfg.ConfigurationType = u.ConfigurationType
		}
		cfg.Status = StatusEnabled
		return saveConfig(tx, cfg)
	})
}

// startCentral checks that the region's administrator c may switch its organization to
// central configuration: an administrator other than the management account, with a finding
// aggregator whose home region is c's region.
func startCentral(tx store.Tx, c identity.Caller, admin members.OrgAdmin) error {
	org, err := organizations.OrganizationByID(tx, c.Partition, admin.OrgID)
	if err != nil {
		return err
	}
	if org.ManagementAccountID == c.AccountID {
		return apierr.CentralConfigurationManagementAdmin.New()
	}
	agg, ok, err := aggregators.Linked(tx, c.Partition, c.AccountID)
	if err != nil {
		return err
	}
	if !ok {
		return apierr.CentralConfigurationNeedsAggregator.New()
	}
	if agg.Home != c.Region {
		return apierr.CentralConfigurationNotHomeRegion.New(agg.Home)
	}
	return nil
}

// CentralConfiguration is an organization's central configuration: its home region and the
// delegated administrator who configures the organization from there.
type CentralConfiguration struct {
	OrgID   string
	Home    store.RegionKey
	AdminID string
}

// Central returns the central configuration of an organization, ok=false when it uses local
// configuration.
func Central(tx store.Tx, partition, orgID string) (CentralConfiguration, bool, error) {
	region, ok, err := centralRegion(tx, partition, orgID)
	if err != nil || !ok {
		return CentralConfiguration{}, false, err
	}
	admin, ok, err := members.OrgAdminOf(tx, region, orgID)
	if err != nil || !ok {
		return CentralConfiguration{}, false, err
	}
	return CentralConfiguration{OrgID: orgID, Home: region, AdminID: admin.AccountID}, true, nil
}

// AggregatorGuard refuses to delete the finding aggregator that an organization's central
// configuration stands on: the delegated administrator's, in the organization's home region.
func AggregatorGuard(tx store.Tx, agg aggregators.Aggregation) error {
	acct, err := organizations.AccountByID(tx, agg.Partition, agg.Account)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	cc, ok, err := Central(tx, agg.Partition, acct.OrgID)
	if err != nil || !ok {
		return err
	}
	if cc.AdminID == agg.Account && cc.Home.Region == agg.Home {
		return apierr.AggregatorCentralConfiguration.New()
	}
	return nil
}

// DisableGuard refuses DisableSecurityHub for its organization's administrator in the region.
func DisableGuard(tx store.Tx, key store.AccountKey) error {
	current, ok, err := members.OrgAdminOfAccount(tx, key.RegionKey(), key.AccountID)
	if err != nil {
		return err
	}
	if ok && current.AccountID == key.AccountID {
		return apierr.CannotDisableAdministrator.New()
	}
	return nil
}
