package api

import (
	"context"

	"github.com/sechub/sechub/internal/hub"
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

type empty struct{}

func registerHub(s *wire.RestJSON, svc *Services) {
	s.Handle("EnableSecurityHub", wire.Typed(func(ctx context.Context, c identity.Caller, in *enableSecurityHubInput) (*empty, error) {
		defaults := in.EnableDefaultStandards == nil || *in.EnableDefaultStandards // absent means true
		return nil, svc.Hub.Enable(ctx, c, hub.EnableOptions{Tags: in.Tags, EnableDefaultStandards: defaults, ControlFindingGenerator: in.ControlFindingGenerator})
	}))
	s.Handle("DisableSecurityHub", wire.Typed(func(ctx context.Context, c identity.Caller, _ *empty) (*empty, error) {
		return nil, svc.Hub.Disable(ctx, c)
	}))
	s.Handle("DescribeHub", wire.Typed(func(ctx context.Context, c identity.Caller, in *describeHubInput) (*describeHubOutput, error) {
		h, err := svc.Hub.Describe(ctx, c, in.HubArn)
		if err != nil {
			return nil, err
		}
		return &describeHubOutput{HubArn: hub.ARN(h.Key), SubscribedAt: timestamp(h.SubscribedAt),
			AutoEnableControls: h.AutoEnableControls, ControlFindingGenerator: h.ControlFindingGenerator}, nil
	}))
	s.Handle("UpdateSecurityHubConfiguration", wire.Typed(func(ctx context.Context, c identity.Caller, in *updateSecurityHubConfigurationInput) (*empty, error) {
		return nil, svc.Hub.UpdateConfiguration(ctx, c, in.AutoEnableControls, in.ControlFindingGenerator)
	}))
}
