package hub

import (
	"context"
	"time"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/shapes"

	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/wire"
)

type enableSecurityHubInput struct {
	Tags                    map[string]string `json:"Tags"`
	EnableDefaultStandards  *bool             `json:"EnableDefaultStandards"`
	ControlFindingGenerator string            `json:"ControlFindingGenerator"`
}

type describeHubInput struct {
	HubArn string `json:"HubArn"`
}

type describeHubOutput struct {
	HubArn                  string `json:"HubArn"`
	SubscribedAt            string `json:"SubscribedAt"`
	AutoEnableControls      bool   `json:"AutoEnableControls"`
	ControlFindingGenerator string `json:"ControlFindingGenerator"`
}

type updateSecurityHubConfigurationInput struct {
	AutoEnableControls      *bool  `json:"AutoEnableControls"`
	ControlFindingGenerator string `json:"ControlFindingGenerator"`
}

func registerHandlers(r domain.Registry, svc *Service) {
	r.Handle("EnableSecurityHub", wire.Legacy(func(ctx context.Context, c identity.Caller, in *enableSecurityHubInput) (*shapes.Empty, error) {
		defaults := in.EnableDefaultStandards == nil || *in.EnableDefaultStandards // absent means true
		return nil, svc.Enable(ctx, c, EnableOptions{Tags: in.Tags, EnableDefaultStandards: defaults, ControlFindingGenerator: in.ControlFindingGenerator})
	}))
	r.Handle("DisableSecurityHub", wire.Legacy(func(ctx context.Context, c identity.Caller, _ *shapes.Empty) (*shapes.Empty, error) {
		return nil, svc.Disable(ctx, c)
	}))
	r.Handle("DescribeHub", wire.Legacy(func(ctx context.Context, c identity.Caller, in *describeHubInput) (*describeHubOutput, error) {
		h, err := svc.Describe(ctx, c, in.HubArn)
		if err != nil {
			return nil, err
		}
		return &describeHubOutput{HubArn: ARN(h.Key), SubscribedAt: timestamp(h.SubscribedAt),
			AutoEnableControls: h.AutoEnableControls, ControlFindingGenerator: h.ControlFindingGenerator}, nil
	}))
	r.Handle("UpdateSecurityHubConfiguration", wire.Legacy(func(ctx context.Context, c identity.Caller, in *updateSecurityHubConfigurationInput) (*shapes.Empty, error) {
		return nil, svc.UpdateConfiguration(ctx, c, in.AutoEnableControls, in.ControlFindingGenerator)
	}))
}

// timestamp renders a time as Security Hub does.
func timestamp(t time.Time) string { return shapes.Timestamp(t).String() }
