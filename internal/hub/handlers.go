package hub

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/shapes"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/wire"
)

func registerHandlers(r domain.Registry, svc *Service) {
	r.Handle("EnableSecurityHub", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.EnableSecurityHubRequest) (*sh.EnableSecurityHubResponse, error) {
		return nil, svc.Enable(ctx, c, EnableOptions{
			Tags:                    in.Tags,
			EnableDefaultStandards:  in.EnableDefaultStandards == nil || *in.EnableDefaultStandards, // absent means true
			ControlFindingGenerator: in.ControlFindingGenerator,
		})
	}))
	r.Handle("DisableSecurityHub", wire.Typed(func(ctx context.Context, c identity.Caller, _ *sh.DisableSecurityHubRequest) (*sh.DisableSecurityHubResponse, error) {
		return nil, svc.Disable(ctx, c)
	}))
	r.Handle("DescribeHub", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DescribeHubRequest) (*sh.DescribeHubResponse, error) {
		h, err := svc.Describe(ctx, c, in.HubArn)
		if err != nil {
			return nil, err
		}
		return &sh.DescribeHubResponse{
			HubArn:                  ARN(h.Key),
			SubscribedAt:            shapes.Timestamp(h.SubscribedAt).String(), // a string member in the model
			AutoEnableControls:      new(h.AutoEnableControls),
			ControlFindingGenerator: h.ControlFindingGenerator,
		}, nil
	}))
	r.Handle("UpdateSecurityHubConfiguration", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.UpdateSecurityHubConfigurationRequest) (*sh.UpdateSecurityHubConfigurationResponse, error) {
		return nil, svc.UpdateConfiguration(ctx, c, in.AutoEnableControls, in.ControlFindingGenerator)
	}))
}
