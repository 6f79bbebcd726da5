package insights

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/shapes"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/wire"
)

func registerHandlers(r domain.Registry, s *Service) {
	r.Handle("CreateInsight", wire.Typed(s.createInsight))
	r.Handle("UpdateInsight", wire.Typed(s.updateInsight))
	r.Handle("DeleteInsight", wire.Typed(s.deleteInsight))
	r.Handle("GetInsights", wire.Typed(s.getInsights))
	r.Handle("GetInsightResults", wire.Typed(s.getInsightResults))
}

func (s *Service) createInsight(ctx context.Context, c identity.Caller, in *sh.CreateInsightRequest) (*sh.CreateInsightResponse, error) {
	arn, err := s.Create(ctx, c, in.Name, in.Filters.Object(), in.GroupByAttribute)
	if err != nil {
		return nil, err
	}
	return &sh.CreateInsightResponse{InsightArn: arn}, nil
}

func (s *Service) updateInsight(ctx context.Context, c identity.Caller, in *sh.UpdateInsightRequest) (*sh.UpdateInsightResponse, error) {
	return &sh.UpdateInsightResponse{}, s.Update(ctx, c, in.InsightArn, in.Name, in.Filters.Object(), in.GroupByAttribute)
}

func (s *Service) deleteInsight(ctx context.Context, c identity.Caller, in *sh.DeleteInsightRequest) (*sh.DeleteInsightResponse, error) {
	arn, err := s.Delete(ctx, c, in.InsightArn)
	if err != nil {
		return nil, err
	}
	return &sh.DeleteInsightResponse{InsightArn: arn}, nil
}

func (s *Service) getInsights(ctx context.Context, c identity.Caller, in *sh.GetInsightsRequest) (*sh.GetInsightsResponse, error) {
	list, next, err := s.Get(ctx, c, in.InsightArns, paging.MaxResults(in.MaxResults), in.NextToken)
	if err != nil {
		return nil, err
	}
	out := &sh.GetInsightsResponse{Insights: make([]sh.Insight, len(list)), NextToken: next}
	for i, in := range list {
		out.Insights[i] = insightOut(in)
	}
	return out, nil
}

func insightOut(in Insight) sh.Insight {
	f := in.Filters
	if f == nil {
		f = map[string]any{}
	}
	return sh.Insight{InsightArn: in.ARN, Name: in.Name, Filters: shapes.Document{Value: f}, GroupByAttribute: in.GroupByAttribute}
}

func (s *Service) getInsightResults(ctx context.Context, c identity.Caller, in *sh.GetInsightResultsRequest) (*sh.GetInsightResultsResponse, error) {
	i, groups, err := s.Results(ctx, c, in.InsightArn)
	if err != nil {
		return nil, err
	}
	res := &sh.InsightResults{InsightArn: i.ARN, GroupByAttribute: i.GroupByAttribute, ResultValues: make([]sh.InsightResultValue, len(groups))}
	for j, g := range groups {
		res.ResultValues[j] = sh.InsightResultValue{GroupByAttributeValue: g.Value, Count: new(int32(g.Count))}
	}
	return &sh.GetInsightResultsResponse{InsightResults: res}, nil
}
