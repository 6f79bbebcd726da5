// Package orgadmin is Security Hub's side of AWS Organizations: the delegated administrator
// designated per region (Enable/Disable/ListOrganizationAdminAccounts), the organization
// configuration (auto-enable, auto-enable standards, LOCAL or CENTRAL), and the effects of
// organization events on memberships (accounts joining, leaving, closing; administrators
// deregistered).
package orgadmin

import (
	"context"
	"errors"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/members"
	"github.com/sechub/sechub/internal/organizations"
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
	FeatureSecurityHub  = "SecurityHub"
	MaxOrganizationSize = members.DefaultOrganizationMember
)

// Messages of this package's errors (spec §4.18–4.22).
const (
	msgNotInOrganization = "The request is rejected because the account is not a member of an organization."
	msgNotManagement     = "The request is rejected because only the organization management account can perform this action."
	msgAdminNotInOrg     = "The request is rejected because the account %s is not a member of the organization."
	msgOtherAdmin        = "The request is rejected because account %s is already the Security Hub administrator for this organization in this Region. You must remove the current account before you can designate a new account."
	msgOtherRegistered   = "The request is rejected because account %s is registered as the delegated administrator for Security Hub in AWS Organizations. Designate the same account in every Region."
	msgNotCurrentAdmin   = "The request is rejected because account %s is not the Security Hub administrator for this organization in this Region."
	msgCentralDA         = "Central configuration couldn't be enabled because the organization management account is designated as the delegated Security Hub administrator account. Designate a different account as the delegated administrator, and retry."
	msgCentralAggregator = "Finding Aggregator must be created to enable Central Configuration"
	msgCentralAutoEnable = "The request is rejected because AutoEnable must be false and AutoEnableStandards must be NONE with central configuration."
	msgCentralDisable    = "You must disable central configuration in order to remove or change the delegated Security Hub administrator."
)

// Service runs the organization operations of Security Hub.
type Service struct {
	Store store.Store
	Now   func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC().Truncate(time.Millisecond)
	}
	return time.Now().UTC().Truncate(time.Millisecond)
}

func regionOf(c identity.Caller) store.RegionKey {
	return store.RegionKey{Partition: c.Partition, Region: c.Region}
}

// management returns the caller's organization, requiring the management account.
func management(tx store.Tx, c identity.Caller) (store.Organization, error) {
	org, _, err := organizations.OrgOf(tx, c.Partition, c.AccountID)
	var ae *apierr.Error
	if errors.As(err, &ae) && ae.Code == apierr.OrgNotInUse {
		return org, apierr.New(apierr.AccessDenied, msgNotInOrganization)
	} else if err != nil {
		return org, err
	}
	if org.ManagementAccountID != c.AccountID {
		return org, apierr.New(apierr.AccessDenied, msgNotManagement)
	}
	return org, nil
}

// EnableAdmin designates adminID as the organization's Security Hub administrator in the
// caller's region, enabling trusted access, registering the delegated administrator in
// Organizations, and switching the administrator's hub on.
func (s *Service) EnableAdmin(ctx context.Context, c identity.Caller, adminID string) error {
	region := regionOf(c)
	now := s.now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := management(tx, c)
		if err != nil {
			return err
		}
		acct, err := tx.OrgAccount(c.Partition, adminID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && acct.OrgID != org.ID) {
			return apierr.InvalidInputf(msgAdminNotInOrg, adminID)
		} else if err != nil {
			return err
		}
		current, ok, err := members.OrgAdminOf(tx, region)
		if err != nil {
			return err
		}
		if ok && current.AccountID == adminID {
			return nil // designating the designated administrator again changes nothing
		}
		if ok {
			return apierr.InvalidInputf(msgOtherAdmin, current.AccountID)
		}
		registered, err := registeredAdmin(tx, org)
		if err != nil {
			return err
		}
		if registered != "" && registered != adminID && adminID != org.ManagementAccountID {
			return apierr.InvalidInputf(msgOtherRegistered, registered)
		}
		if err := organizations.EnableServiceAccessIn(tx, org, ServicePrincipal, now); err != nil {
			return err
		}
		if adminID != org.ManagementAccountID && registered == "" {
			if err := organizations.RegisterIn(tx, org, adminID, ServicePrincipal, now); err != nil {
				return err
			}
		}
		if err := tx.PutOrgAdmin(store.OrgAdmin{Region: region, OrgID: org.ID, AccountID: adminID, Status: StatusEnabled}); err != nil {
			return err
		}
		// The administrator's hub is switched on, with the default standards (spec open
		// question 10); the management account must enable its own.
		adminKey := store.AccountKey{Partition: c.Partition, Region: c.Region, AccountID: adminID}
		if adminID != org.ManagementAccountID {
			if _, err := tx.Hub(adminKey); errors.Is(err, store.ErrNotFound) {
				if err := hub.Create(tx, adminKey, now, hub.SecurityControl, nil, true); err != nil {
					return err
				}
			} else if err != nil {
				return err
			}
		}
		if _, err := tx.OrgConfig(region); errors.Is(err, store.ErrNotFound) {
			return tx.PutOrgConfig(defaultConfig(region, org.ID))
		} else {
			return err
		}
	})
}

func defaultConfig(region store.RegionKey, orgID string) store.OrgConfig {
	return store.OrgConfig{Region: region, OrgID: orgID, AutoEnable: false, AutoEnableStandards: StandardsDefault,
		ConfigurationType: ConfigLocal, Status: StatusEnabled}
}

// registeredAdmin returns the account registered in Organizations as Security Hub's delegated
// administrator, or "".
func registeredAdmin(tx store.Tx, org store.Organization) (string, error) {
	access, err := tx.ServiceAccesses(org.Partition, org.ID)
	if err != nil {
		return "", err
	}
	for _, a := range access {
		if a.ServicePrincipal == ServicePrincipal && a.AccountID != "" {
			return a.AccountID, nil
		}
	}
	return "", nil
}

// DisableAdmin removes the region's administrator designation. Organization members of that
// administrator in the region stop being members (their hubs stay on); its invitation members
// are kept (spec open question 15). Organizations' registration is not touched.
func (s *Service) DisableAdmin(ctx context.Context, c identity.Caller, adminID string) error {
	region := regionOf(c)
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := management(tx, c); err != nil {
			return err
		}
		current, ok, err := members.OrgAdminOf(tx, region)
		if err != nil {
			return err
		}
		if !ok || current.AccountID != adminID {
			return apierr.InvalidInputf(msgNotCurrentAdmin, adminID)
		}
		if cfg, err := tx.OrgConfig(region); err == nil && cfg.ConfigurationType == ConfigCentral {
			return apierr.New(apierr.InvalidInput, msgCentralDisable)
		}
		return removeAdmin(tx, region, adminID)
	})
}

// removeAdmin ends an administrator designation in one region.
func removeAdmin(tx store.Tx, region store.RegionKey, adminID string) error {
	page, err := tx.MembersOf(region, adminID, false, "", 0)
	if err != nil {
		return err
	}
	for _, m := range page {
		if m.Origin == members.OriginOrganization {
			if err := tx.DeleteMembership(region, adminID, m.MemberID); err != nil {
				return err
			}
		}
	}
	if err := tx.DeleteOrgConfig(region); err != nil {
		return err
	}
	return tx.DeleteOrgAdmin(region)
}

// ListAdmins returns the region's administrator (at most one). The management account and the
// delegated administrator may call it (spec open question 14).
func (s *Service) ListAdmins(ctx context.Context, c identity.Caller) ([]store.OrgAdmin, error) {
	region := regionOf(c)
	var out []store.OrgAdmin
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, _, err := organizations.OrgOf(tx, c.Partition, c.AccountID)
		var ae *apierr.Error
		if errors.As(err, &ae) && ae.Code == apierr.OrgNotInUse {
			return apierr.New(apierr.AccessDenied, msgNotInOrganization)
		} else if err != nil {
			return err
		}
		current, ok, err := members.OrgAdminOf(tx, region)
		if err != nil {
			return err
		}
		if org.ManagementAccountID != c.AccountID && (!ok || current.AccountID != c.AccountID) {
			return apierr.New(apierr.AccessDenied, msgNotManagement)
		}
		if ok && current.OrgID == org.ID {
			out = append(out, current)
		}
		return nil
	})
	return out, err
}

// Configuration is DescribeOrganizationConfiguration's answer.
type Configuration struct {
	store.OrgConfig
	MemberAccountLimitReached bool
}

// requireAdmin checks that the caller's hub is on and that it is the region's administrator.
func requireAdmin(tx store.Tx, c identity.Caller) error {
	key := hub.Key(c)
	if _, err := hub.Require(tx, key); err != nil {
		return err
	}
	current, ok, err := members.OrgAdminOf(tx, key.RegionKey())
	if err != nil {
		return err
	}
	if !ok || current.AccountID != c.AccountID {
		return apierr.Newf(apierr.InvalidAccess, apierr.MsgNotOrgAdmin, c.AccountID)
	}
	return nil
}

// DescribeConfiguration returns the region's organization configuration.
func (s *Service) DescribeConfiguration(ctx context.Context, c identity.Caller) (Configuration, error) {
	region := regionOf(c)
	var out Configuration
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if err := requireAdmin(tx, c); err != nil {
			return err
		}
		cfg, err := tx.OrgConfig(region)
		if errors.Is(err, store.ErrNotFound) {
			cfg = defaultConfig(region, "")
		} else if err != nil {
			return err
		}
		n, err := tx.CountMembers(region, c.AccountID, members.OriginOrganization)
		out = Configuration{OrgConfig: cfg, MemberAccountLimitReached: n >= MaxOrganizationSize}
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
	region := regionOf(c)
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if err := requireAdmin(tx, c); err != nil {
			return err
		}
		current, _, err := members.OrgAdminOf(tx, region)
		if err != nil {
			return err
		}
		cfg, err := tx.OrgConfig(region)
		if errors.Is(err, store.ErrNotFound) {
			cfg = defaultConfig(region, current.OrgID)
		} else if err != nil {
			return err
		}
		if u.ConfigurationType == ConfigCentral {
			org, err := tx.Organization(c.Partition, current.OrgID)
			if err != nil {
				return err
			}
			switch {
			case org.ManagementAccountID == c.AccountID:
				return apierr.New(apierr.InvalidInput, msgCentralDA)
			case u.AutoEnable || u.AutoEnableStandards == StandardsDefault:
				return apierr.New(apierr.InvalidInput, msgCentralAutoEnable)
			default:
				// sechub has no finding aggregators yet, so central configuration cannot start.
				return apierr.New(apierr.InvalidInput, msgCentralAggregator)
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
		return tx.PutOrgConfig(cfg)
	})
}

// DisableGuard refuses DisableSecurityHub for the region's organization administrator.
func DisableGuard(tx store.Tx, key store.AccountKey) error {
	current, ok, err := members.OrgAdminOf(tx, key.RegionKey())
	if err != nil {
		return err
	}
	if ok && current.AccountID == key.AccountID {
		return apierr.New(apierr.InvalidInput, apierr.MsgCannotDisableAdmin)
	}
	return nil
}
