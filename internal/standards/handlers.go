package standards

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/wire"
)

// The catalogue's standards are AWS's own, managed by Security Hub.
const (
	managingCompany = "AWS"
	managingProduct = "Security Hub"
)

func registerHandlers(r domain.Registry, svc *Service) {
	r.Handle("DescribeStandards", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DescribeStandardsRequest) (*sh.DescribeStandardsResponse, error) {
		defs, next, err := svc.Describe(ctx, c, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		if !domain.SelectsAWS(in.Providers) {
			defs, next = nil, ""
		}
		out := &sh.DescribeStandardsResponse{Standards: make([]sh.Standard, len(defs)), NextToken: next}
		for i, d := range defs {
			out.Standards[i] = sh.Standard{StandardsArn: d.ARN(c.Partition, c.Region), Name: d.Name, Description: d.Description,
				EnabledByDefault:   new(d.EnabledByDefault),
				StandardsManagedBy: &sh.StandardsManagedBy{Company: managingCompany, Product: managingProduct}}
		}
		return out, nil
	}))
	r.Handle("GetEnabledStandards", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.GetEnabledStandardsRequest) (*sh.GetEnabledStandardsResponse, error) {
		subs, next, err := svc.GetEnabled(ctx, c, in.StandardsSubscriptionArns, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		if !domain.SelectsAWS(in.Providers) {
			subs, next = nil, ""
		}
		return &sh.GetEnabledStandardsResponse{StandardsSubscriptions: subscriptionShapes(subs), NextToken: next}, nil
	}))
	r.Handle("BatchEnableStandards", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.BatchEnableStandardsRequest) (*sh.BatchEnableStandardsResponse, error) {
		reqs := make([]EnableRequest, len(in.StandardsSubscriptionRequests))
		for i, r := range in.StandardsSubscriptionRequests {
			reqs[i] = EnableRequest{StandardsARN: r.StandardsArn, Input: r.StandardsInput}
		}
		subs, err := svc.BatchEnable(ctx, c, reqs)
		if err != nil {
			return nil, err
		}
		return &sh.BatchEnableStandardsResponse{StandardsSubscriptions: subscriptionShapes(subs)}, nil
	}))
	r.Handle("BatchDisableStandards", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.BatchDisableStandardsRequest) (*sh.BatchDisableStandardsResponse, error) {
		subs, err := svc.BatchDisable(ctx, c, in.StandardsSubscriptionArns)
		if err != nil {
			return nil, err
		}
		return &sh.BatchDisableStandardsResponse{StandardsSubscriptions: subscriptionShapes(subs)}, nil
	}))
}

// subscriptionShapes returns the wire form of subscriptions: a list, empty rather than
// absent when there are none, each with its (possibly empty) StandardsInput.
func subscriptionShapes(subs []Subscription) []sh.StandardsSubscription {
	out := make([]sh.StandardsSubscription, len(subs))
	for i, s := range subs {
		out[i] = sh.StandardsSubscription{StandardsSubscriptionArn: s.SubscriptionARN, StandardsArn: s.StandardsARN,
			StandardsInput: s.Input, StandardsStatus: s.Status}
		if s.Status == sh.StandardsStatusReady {
			out[i].StandardsControlsUpdatable = sh.StandardsControlsUpdatableReadyForUpdates
		}
	}
	return out
}
