package standards

import (
	"context"

	"github.com/sechub/sechub/internal/domain"

	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/wire"
)

type standardsManagedBy struct {
	Company string `json:"Company,omitempty"`
	Product string `json:"Product,omitempty"`
}

type standard struct {
	StandardsArn       string             `json:"StandardsArn"`
	Name               string             `json:"Name"`
	Description        string             `json:"Description,omitempty"`
	EnabledByDefault   bool               `json:"EnabledByDefault"`
	StandardsManagedBy standardsManagedBy `json:"StandardsManagedBy"`
}

type standardsSubscription struct {
	StandardsSubscriptionArn   string            `json:"StandardsSubscriptionArn"`
	StandardsArn               string            `json:"StandardsArn"`
	StandardsInput             map[string]string `json:"StandardsInput"`
	StandardsStatus            string            `json:"StandardsStatus"`
	StandardsControlsUpdatable string            `json:"StandardsControlsUpdatable,omitempty"`
}

type describeStandardsOutput struct {
	Standards []standard `json:"Standards"`
	NextToken string     `json:"NextToken,omitempty"`
}

type getEnabledStandardsInput struct {
	StandardsSubscriptionArns []string `json:"StandardsSubscriptionArns"`
	pageInput
}

type standardsSubscriptionsOutput struct {
	StandardsSubscriptions []standardsSubscription `json:"StandardsSubscriptions"`
	NextToken              string                  `json:"NextToken,omitempty"`
}

type batchEnableStandardsInput struct {
	StandardsSubscriptionRequests []struct {
		StandardsArn   string            `json:"StandardsArn"`
		StandardsInput map[string]string `json:"StandardsInput"`
	} `json:"StandardsSubscriptionRequests"`
}

type batchDisableStandardsInput struct {
	StandardsSubscriptionArns []string `json:"StandardsSubscriptionArns"`
}

func subscriptionsOutput(subs []store.StandardsSubscription, next string) *standardsSubscriptionsOutput {
	out := &standardsSubscriptionsOutput{StandardsSubscriptions: make([]standardsSubscription, len(subs)), NextToken: next}
	for i, s := range subs {
		out.StandardsSubscriptions[i] = standardsSubscription{StandardsSubscriptionArn: s.SubscriptionARN, StandardsArn: s.StandardsARN,
			StandardsInput: s.Input, StandardsStatus: s.Status}
		if s.Status == StatusReady {
			out.StandardsSubscriptions[i].StandardsControlsUpdatable = "READY_FOR_UPDATES"
		}
	}
	return out
}

func registerHandlers(r domain.Registry, svc *Service) {
	r.Handle("DescribeStandards", wire.Legacy(func(ctx context.Context, c identity.Caller, in *pageInput) (*describeStandardsOutput, error) {
		defs, next, err := svc.Describe(ctx, c, svc.Tokens, in.MaxResults, in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &describeStandardsOutput{Standards: make([]standard, len(defs)), NextToken: next}
		for i, d := range defs {
			out.Standards[i] = standard{StandardsArn: d.ARN(c.Partition, c.Region), Name: d.Name, Description: d.Description,
				EnabledByDefault: d.EnabledByDefault, StandardsManagedBy: standardsManagedBy{Company: "AWS", Product: "Security Hub"}}
		}
		return out, nil
	}))
	r.Handle("GetEnabledStandards", wire.Legacy(func(ctx context.Context, c identity.Caller, in *getEnabledStandardsInput) (*standardsSubscriptionsOutput, error) {
		subs, next, err := svc.GetEnabled(ctx, c, svc.Tokens, in.StandardsSubscriptionArns, in.MaxResults, in.NextToken)
		if err != nil {
			return nil, err
		}
		return subscriptionsOutput(subs, next), nil
	}))
	r.Handle("BatchEnableStandards", wire.Legacy(func(ctx context.Context, c identity.Caller, in *batchEnableStandardsInput) (*standardsSubscriptionsOutput, error) {
		reqs := make([]EnableRequest, len(in.StandardsSubscriptionRequests))
		for i, r := range in.StandardsSubscriptionRequests {
			reqs[i] = EnableRequest{StandardsARN: r.StandardsArn, Input: r.StandardsInput}
		}
		subs, err := svc.BatchEnable(ctx, c, reqs)
		if err != nil {
			return nil, err
		}
		return subscriptionsOutput(subs, ""), nil
	}))
	r.Handle("BatchDisableStandards", wire.Legacy(func(ctx context.Context, c identity.Caller, in *batchDisableStandardsInput) (*standardsSubscriptionsOutput, error) {
		subs, err := svc.BatchDisable(ctx, c, in.StandardsSubscriptionArns)
		if err != nil {
			return nil, err
		}
		return subscriptionsOutput(subs, ""), nil
	}))
}

type pageInput struct {
	MaxResults int    `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
}
