package insights

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/shapes"

	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/wire"
)

type insightInput struct {
	InsightArn       string         `json:"InsightArn"`
	Name             string         `json:"Name"`
	Filters          map[string]any `json:"Filters"`
	GroupByAttribute string         `json:"GroupByAttribute"`
}

type insightArnOutput struct {
	InsightArn string `json:"InsightArn"`
}

type insight struct {
	InsightArn       string         `json:"InsightArn"`
	Name             string         `json:"Name"`
	Filters          map[string]any `json:"Filters"`
	GroupByAttribute string         `json:"GroupByAttribute"`
}

type getInsightsInput struct {
	InsightArns []string `json:"InsightArns"`
	pageInput
}

type getInsightsOutput struct {
	Insights  []insight `json:"Insights"`
	NextToken string    `json:"NextToken,omitempty"`
}

type insightResultValue struct {
	GroupByAttributeValue string `json:"GroupByAttributeValue"`
	Count                 int    `json:"Count"`
}

type getInsightResultsOutput struct {
	InsightResults struct {
		InsightArn       string               `json:"InsightArn"`
		GroupByAttribute string               `json:"GroupByAttribute"`
		ResultValues     []insightResultValue `json:"ResultValues"`
	} `json:"InsightResults"`
}

func insightOut(in Insight) insight {
	f := in.Filters
	if f == nil {
		f = map[string]any{}
	}
	return insight{InsightArn: in.ARN, Name: in.Name, Filters: f, GroupByAttribute: in.GroupByAttribute}
}

func registerHandlers(r domain.Registry, svc *Service) {
	in := svc
	r.Handle("CreateInsight", wire.Legacy(func(ctx context.Context, c identity.Caller, req *insightInput) (*insightArnOutput, error) {
		arn, err := in.Create(ctx, c, req.Name, req.Filters, req.GroupByAttribute)
		if err != nil {
			return nil, err
		}
		return &insightArnOutput{InsightArn: arn}, nil
	}))
	r.Handle("UpdateInsight", wire.Legacy(func(ctx context.Context, c identity.Caller, req *insightInput) (*shapes.Empty, error) {
		return nil, in.Update(ctx, c, req.InsightArn, req.Name, req.Filters, req.GroupByAttribute)
	}))
	r.Handle("DeleteInsight", wire.Legacy(func(ctx context.Context, c identity.Caller, req *insightInput) (*insightArnOutput, error) {
		if err := in.Delete(ctx, c, req.InsightArn); err != nil {
			return nil, err
		}
		return &insightArnOutput{InsightArn: req.InsightArn}, nil
	}))
	r.Handle("GetInsights", wire.Legacy(func(ctx context.Context, c identity.Caller, req *getInsightsInput) (*getInsightsOutput, error) {
		list, next, err := in.Get(ctx, c, req.InsightArns, req.MaxResults, req.NextToken)
		if err != nil {
			return nil, err
		}
		out := &getInsightsOutput{Insights: []insight{}, NextToken: next}
		for _, i := range list {
			out.Insights = append(out.Insights, insightOut(i))
		}
		return out, nil
	}))
	r.Handle("GetInsightResults", wire.Legacy(func(ctx context.Context, c identity.Caller, req *insightInput) (*getInsightResultsOutput, error) {
		i, groups, err := in.Results(ctx, c, req.InsightArn)
		if err != nil {
			return nil, err
		}
		out := &getInsightResultsOutput{}
		out.InsightResults.InsightArn, out.InsightResults.GroupByAttribute = i.ARN, i.GroupByAttribute
		out.InsightResults.ResultValues = []insightResultValue{}
		for _, g := range groups {
			out.InsightResults.ResultValues = append(out.InsightResults.ResultValues, insightResultValue{g.Value, g.Count})
		}
		return out, nil
	}))
}

type pageInput struct {
	MaxResults int    `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
}
