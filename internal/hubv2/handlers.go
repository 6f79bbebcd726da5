package hubv2

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/products"
	"github.com/sechub/sechub/internal/shapes"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/wire"
)

func registerHandlers(r domain.Registry, svc *Service) {
	r.Handle("EnableSecurityHubV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.EnableSecurityHubV2Request) (*sh.EnableSecurityHubV2Response, error) {
		arn, err := svc.Enable(ctx, c, in.Tags)
		if err != nil {
			return nil, err
		}
		return &sh.EnableSecurityHubV2Response{HubV2Arn: arn}, nil
	}))
	r.Handle("DescribeSecurityHubV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DescribeSecurityHubV2Request) (*sh.DescribeSecurityHubV2Response, error) {
		h, err := svc.Describe(ctx, c)
		if err != nil {
			return nil, err
		}
		out := &sh.DescribeSecurityHubV2Response{HubV2Arn: h.ARN, SubscribedAt: shapes.Timestamp(h.SubscribedAt).String(),
			Features: make(map[string]sh.FeatureDetail, len(h.Features))}
		for _, f := range h.Features {
			out.Features[f.Name] = sh.FeatureDetail{FeatureStatus: f.Status, UpdatedAt: shapes.Timestamp(f.UpdatedAt)}
		}
		return out, nil
	}))
	r.Handle("EnableSecurityHubFeatureV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.EnableSecurityHubFeatureV2Request) (*sh.EnableSecurityHubFeatureV2Response, error) {
		return &sh.EnableSecurityHubFeatureV2Response{}, svc.SetFeature(ctx, c, in.FeatureName, true)
	}))
	r.Handle("DisableSecurityHubFeatureV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DisableSecurityHubFeatureV2Request) (*sh.DisableSecurityHubFeatureV2Response, error) {
		return &sh.DisableSecurityHubFeatureV2Response{}, svc.SetFeature(ctx, c, in.FeatureName, false)
	}))
	r.Handle("ListFreeTrialStatusesV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.ListFreeTrialStatusesV2Request) (*sh.ListFreeTrialStatusesV2Response, error) {
		list, next, err := svc.FreeTrials(ctx, c, in.AccountIds, in.Statuses, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &sh.ListFreeTrialStatusesV2Response{AccountFreeTrialStatuses: make([]sh.AccountFreeTrialStatus, len(list)), NextToken: next}
		for i, a := range list {
			statuses := make([]sh.FreeTrialStatus, len(a.Trials))
			for j, t := range a.Trials {
				statuses[j] = sh.FreeTrialStatus{FeatureType: t.Type, Status: t.Status, StartedAt: shapes.Timestamp(t.StartedAt), ExpiresAt: shapes.Timestamp(t.ExpiresAt)}
			}
			out.AccountFreeTrialStatuses[i] = sh.AccountFreeTrialStatus{AccountId: a.AccountID, EvaluatedAt: shapes.Timestamp(a.EvaluatedAt), FreeTrialStatuses: statuses}
		}
		return out, nil
	}))
	r.Handle("DisableSecurityHubV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DisableSecurityHubV2Request) (*sh.DisableSecurityHubV2Response, error) {
		return &sh.DisableSecurityHubV2Response{}, svc.Disable(ctx, c)
	}))
	r.Handle("DescribeProductsV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DescribeProductsV2Request) (*sh.DescribeProductsV2Response, error) {
		list, next, err := svc.Products(ctx, c, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &sh.DescribeProductsV2Response{ProductsV2: make([]sh.ProductV2, len(list)), NextToken: next}
		for i, p := range list {
			out.ProductsV2[i] = sh.ProductV2{ProductV2Name: p.ProductName, CompanyName: p.CompanyName, Description: products.Description(p),
				Categories: shapes.NonNil(p.Categories), IntegrationV2Types: shapes.NonNil(p.IntegrationTypes)}
		}
		return out, nil
	}))
}
