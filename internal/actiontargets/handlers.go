package actiontargets

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/wire"
)

func registerHandlers(r domain.Registry, svc *Service) {
	r.Handle("CreateActionTarget", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.CreateActionTargetRequest) (*sh.CreateActionTargetResponse, error) {
		arn, err := svc.Create(ctx, domain.Key(c), in.Id, in.Name, in.Description)
		if err != nil {
			return nil, err
		}
		return &sh.CreateActionTargetResponse{ActionTargetArn: arn}, nil
	}))
	r.Handle("DescribeActionTargets", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DescribeActionTargetsRequest) (*sh.DescribeActionTargetsResponse, error) {
		list, next, err := svc.Describe(ctx, domain.Key(c), in.ActionTargetArns, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &sh.DescribeActionTargetsResponse{ActionTargets: make([]sh.ActionTarget, len(list)), NextToken: next}
		for i, at := range list {
			out.ActionTargets[i] = sh.ActionTarget{ActionTargetArn: at.ARN, Name: at.Name, Description: at.Description}
		}
		return out, nil
	}))
	r.Handle("UpdateActionTarget", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.UpdateActionTargetRequest) (*sh.UpdateActionTargetResponse, error) {
		if err := svc.Update(ctx, domain.Key(c), in.ActionTargetArn, in.Name, in.Description); err != nil {
			return nil, err
		}
		return &sh.UpdateActionTargetResponse{}, nil
	}))
	r.Handle("DeleteActionTarget", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DeleteActionTargetRequest) (*sh.DeleteActionTargetResponse, error) {
		arn, err := svc.Delete(ctx, domain.Key(c), in.ActionTargetArn)
		if err != nil {
			return nil, err
		}
		return &sh.DeleteActionTargetResponse{ActionTargetArn: arn}, nil
	}))
}
