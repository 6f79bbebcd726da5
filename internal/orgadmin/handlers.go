package orgadmin

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/wire"
)

// feature is the Feature an organization-admin call is about; the model's default is
// SecurityHub. sechub keeps one administrator per region for both features (designating a
// CSPM administrator makes it the SecurityHubV2 one too).
func feature(f string) string {
	if f == "" {
		return sh.SecurityHubFeatureSecurityhub
	}
	return f
}

func registerHandlers(r domain.Registry, o *Service) {
	r.Handle("EnableOrganizationAdminAccount", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.EnableOrganizationAdminAccountRequest) (*sh.EnableOrganizationAdminAccountResponse, error) {
		if err := o.EnableAdmin(ctx, c, in.AdminAccountId); err != nil {
			return nil, err
		}
		return &sh.EnableOrganizationAdminAccountResponse{AdminAccountId: in.AdminAccountId, Feature: feature(in.Feature)}, nil
	}))
	r.Handle("DisableOrganizationAdminAccount", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DisableOrganizationAdminAccountRequest) (*sh.DisableOrganizationAdminAccountResponse, error) {
		return nil, o.DisableAdmin(ctx, c, in.AdminAccountId)
	}))
	r.Handle("ListOrganizationAdminAccounts", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.ListOrganizationAdminAccountsRequest) (*sh.ListOrganizationAdminAccountsResponse, error) {
		admins, next, err := o.ListAdmins(ctx, c, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &sh.ListOrganizationAdminAccountsResponse{AdminAccounts: make([]sh.AdminAccount, len(admins)),
			Feature: feature(in.Feature), NextToken: next}
		for i, a := range admins {
			out.AdminAccounts[i] = sh.AdminAccount{AccountId: a.AccountID, Status: a.Status}
		}
		return out, nil
	}))
	r.Handle("DescribeOrganizationConfiguration", wire.Typed(func(ctx context.Context, c identity.Caller, _ *sh.DescribeOrganizationConfigurationRequest) (*sh.DescribeOrganizationConfigurationResponse, error) {
		cfg, err := o.DescribeConfiguration(ctx, c)
		if err != nil {
			return nil, err
		}
		return &sh.DescribeOrganizationConfigurationResponse{AutoEnable: new(cfg.AutoEnable),
			MemberAccountLimitReached: new(cfg.MemberAccountLimitReached), AutoEnableStandards: cfg.AutoEnableStandards,
			OrganizationConfiguration: &sh.OrganizationConfiguration{ConfigurationType: cfg.ConfigurationType, Status: cfg.Status,
				StatusMessage: cfg.StatusMessage}}, nil
	}))
	r.Handle("UpdateOrganizationConfiguration", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.UpdateOrganizationConfigurationRequest) (*sh.UpdateOrganizationConfigurationResponse, error) {
		u := ConfigurationUpdate{AutoEnable: in.AutoEnable != nil && *in.AutoEnable, AutoEnableStandards: in.AutoEnableStandards}
		if in.OrganizationConfiguration != nil {
			u.ConfigurationType = in.OrganizationConfiguration.ConfigurationType
		}
		return nil, o.UpdateConfiguration(ctx, c, u)
	}))
}
