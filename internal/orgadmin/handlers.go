package orgadmin

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/shapes"

	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/wire"
)

type organizationAdminInput struct {
	AdminAccountId string `json:"AdminAccountId"`
	Feature        string `json:"Feature"`
}

type enableOrganizationAdminAccountOutput struct {
	AdminAccountId string `json:"AdminAccountId"`
	Feature        string `json:"Feature"`
}

type adminAccount struct {
	AccountId string `json:"AccountId"`
	Status    string `json:"Status"`
}

type listOrganizationAdminAccountsInput struct {
	Feature string `json:"Feature"`
	pageInput
}

type listOrganizationAdminAccountsOutput struct {
	AdminAccounts []adminAccount `json:"AdminAccounts"`
	Feature       string         `json:"Feature"`
}

type organizationConfiguration struct {
	ConfigurationType string `json:"ConfigurationType,omitempty"`
	Status            string `json:"Status,omitempty"`
}

type describeOrganizationConfigurationOutput struct {
	AutoEnable                bool                      `json:"AutoEnable"`
	MemberAccountLimitReached bool                      `json:"MemberAccountLimitReached"`
	AutoEnableStandards       string                    `json:"AutoEnableStandards"`
	OrganizationConfiguration organizationConfiguration `json:"OrganizationConfiguration"`
}

type updateOrganizationConfigurationInput struct {
	AutoEnable                bool                      `json:"AutoEnable"`
	AutoEnableStandards       string                    `json:"AutoEnableStandards"`
	OrganizationConfiguration organizationConfiguration `json:"OrganizationConfiguration"`
}

// feature is the Feature an organization-admin call is about; the model's default is SecurityHub.
// sechub keeps one administrator per region for both features (designating a CSPM administrator
// makes it the SecurityHubV2 one too).
func feature(f string) string {
	if f == "" {
		return FeatureSecurityHub
	}
	return f
}

func registerHandlers(r domain.Registry, svc *Service) {
	o := svc
	r.Handle("EnableOrganizationAdminAccount", wire.Legacy(func(ctx context.Context, c identity.Caller, in *organizationAdminInput) (*enableOrganizationAdminAccountOutput, error) {
		if err := o.EnableAdmin(ctx, c, in.AdminAccountId); err != nil {
			return nil, err
		}
		return &enableOrganizationAdminAccountOutput{AdminAccountId: in.AdminAccountId, Feature: feature(in.Feature)}, nil
	}))
	r.Handle("DisableOrganizationAdminAccount", wire.Legacy(func(ctx context.Context, c identity.Caller, in *organizationAdminInput) (*shapes.Empty, error) {
		return nil, o.DisableAdmin(ctx, c, in.AdminAccountId)
	}))
	r.Handle("ListOrganizationAdminAccounts", wire.Legacy(func(ctx context.Context, c identity.Caller, in *listOrganizationAdminAccountsInput) (*listOrganizationAdminAccountsOutput, error) {
		admins, err := o.ListAdmins(ctx, c)
		if err != nil {
			return nil, err
		}
		out := &listOrganizationAdminAccountsOutput{AdminAccounts: []adminAccount{}, Feature: feature(in.Feature)}
		for _, a := range admins {
			out.AdminAccounts = append(out.AdminAccounts, adminAccount{AccountId: a.AccountID, Status: a.Status})
		}
		return out, nil
	}))
	r.Handle("DescribeOrganizationConfiguration", wire.Legacy(func(ctx context.Context, c identity.Caller, _ *shapes.Empty) (*describeOrganizationConfigurationOutput, error) {
		cfg, err := o.DescribeConfiguration(ctx, c)
		if err != nil {
			return nil, err
		}
		return &describeOrganizationConfigurationOutput{AutoEnable: cfg.AutoEnable, MemberAccountLimitReached: cfg.MemberAccountLimitReached,
			AutoEnableStandards:       cfg.AutoEnableStandards,
			OrganizationConfiguration: organizationConfiguration{ConfigurationType: cfg.ConfigurationType, Status: cfg.Status}}, nil
	}))
	r.Handle("UpdateOrganizationConfiguration", wire.Legacy(func(ctx context.Context, c identity.Caller, in *updateOrganizationConfigurationInput) (*shapes.Empty, error) {
		return nil, o.UpdateConfiguration(ctx, c, ConfigurationUpdate{AutoEnable: in.AutoEnable,
			AutoEnableStandards: in.AutoEnableStandards, ConfigurationType: in.OrganizationConfiguration.ConfigurationType})
	}))
}

type pageInput struct {
	MaxResults int    `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
}
