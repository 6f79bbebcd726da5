package aggregatorsv2

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/wire"
)

func registerHandlers(r domain.Registry, svc *Service) {
	r.Handle("CreateAggregatorV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.CreateAggregatorV2Request) (*sh.CreateAggregatorV2Response, error) {
		agg, err := svc.Create(ctx, domain.Key(c), Linking{Mode: in.RegionLinkingMode, Regions: in.LinkedRegions}, in.Tags)
		if err != nil {
			return nil, err
		}
		out := sh.CreateAggregatorV2Response(shape(agg))
		return &out, nil
	}))
	r.Handle("GetAggregatorV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.GetAggregatorV2Request) (*sh.GetAggregatorV2Response, error) {
		agg, err := svc.Get(ctx, domain.Key(c), in.AggregatorV2Arn)
		if err != nil {
			return nil, err
		}
		out := shape(agg)
		return &out, nil
	}))
	r.Handle("UpdateAggregatorV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.UpdateAggregatorV2Request) (*sh.UpdateAggregatorV2Response, error) {
		agg, err := svc.Update(ctx, domain.Key(c), in.AggregatorV2Arn, Linking{Mode: in.RegionLinkingMode, Regions: in.LinkedRegions})
		if err != nil {
			return nil, err
		}
		out := sh.UpdateAggregatorV2Response(shape(agg))
		return &out, nil
	}))
	r.Handle("DeleteAggregatorV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DeleteAggregatorV2Request) (*sh.DeleteAggregatorV2Response, error) {
		return &sh.DeleteAggregatorV2Response{}, svc.Delete(ctx, domain.Key(c), in.AggregatorV2Arn)
	}))
	r.Handle("ListAggregatorsV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.ListAggregatorsV2Request) (*sh.ListAggregatorsV2Response, error) {
		arns, next, err := svc.List(ctx, domain.Key(c), paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &sh.ListAggregatorsV2Response{AggregatorsV2: make([]sh.AggregatorV2, len(arns)), NextToken: next}
		for i, arn := range arns {
			out.AggregatorsV2[i] = sh.AggregatorV2{AggregatorV2Arn: arn}
		}
		return out, nil
	}))
}

// shape returns the wire form of an aggregator V2, which Get, Create and Update all answer with.
func shape(a Aggregation) sh.GetAggregatorV2Response {
	return sh.GetAggregatorV2Response{AggregatorV2Arn: a.ARN, AggregationRegion: a.Home, RegionLinkingMode: a.Mode, LinkedRegions: a.Regions}
}
