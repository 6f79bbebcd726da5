package aggregators

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/wire"
)

func registerHandlers(r domain.Registry, svc *Service) {
	r.Handle("CreateFindingAggregator", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.CreateFindingAggregatorRequest) (*sh.CreateFindingAggregatorResponse, error) {
		agg, err := svc.Create(ctx, domain.Key(c), Linking{Mode: in.RegionLinkingMode, Regions: in.Regions})
		if err != nil {
			return nil, err
		}
		out := sh.CreateFindingAggregatorResponse(shape(agg))
		return &out, nil
	}))
	r.Handle("GetFindingAggregator", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.GetFindingAggregatorRequest) (*sh.GetFindingAggregatorResponse, error) {
		agg, err := svc.Get(ctx, domain.Key(c), in.FindingAggregatorArn)
		if err != nil {
			return nil, err
		}
		out := shape(agg)
		return &out, nil
	}))
	r.Handle("UpdateFindingAggregator", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.UpdateFindingAggregatorRequest) (*sh.UpdateFindingAggregatorResponse, error) {
		agg, err := svc.Update(ctx, domain.Key(c), in.FindingAggregatorArn, Linking{Mode: in.RegionLinkingMode, Regions: in.Regions})
		if err != nil {
			return nil, err
		}
		out := sh.UpdateFindingAggregatorResponse(shape(agg))
		return &out, nil
	}))
	r.Handle("DeleteFindingAggregator", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DeleteFindingAggregatorRequest) (*sh.DeleteFindingAggregatorResponse, error) {
		return &sh.DeleteFindingAggregatorResponse{}, svc.Delete(ctx, domain.Key(c), in.FindingAggregatorArn)
	}))
	r.Handle("ListFindingAggregators", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.ListFindingAggregatorsRequest) (*sh.ListFindingAggregatorsResponse, error) {
		arns, next, err := svc.List(ctx, domain.Key(c), paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &sh.ListFindingAggregatorsResponse{FindingAggregators: make([]sh.FindingAggregator, len(arns)), NextToken: next}
		for i, arn := range arns {
			out.FindingAggregators[i] = sh.FindingAggregator{FindingAggregatorArn: arn}
		}
		return out, nil
	}))
}

// shape returns the wire form of an aggregator, which Get, Create and Update all answer with.
func shape(a Aggregation) sh.GetFindingAggregatorResponse {
	return sh.GetFindingAggregatorResponse{FindingAggregatorArn: a.ARN, FindingAggregationRegion: a.Home,
		RegionLinkingMode: a.Mode, Regions: a.Regions}
}
