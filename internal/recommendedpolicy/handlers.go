package recommendedpolicy

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/shapes"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/wire"
)

// recommendationType is the one RecommendationType of the model.
const recommendationType = "UNUSED_PERMISSION_RECOMMENDATION"

func registerHandlers(r domain.Registry, svc *Service) {
	r.Handle("GenerateRecommendedPolicyV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.GenerateRecommendedPolicyV2Request) (*sh.GenerateRecommendedPolicyV2Response, error) {
		return &sh.GenerateRecommendedPolicyV2Response{}, svc.Generate(ctx, c, in.MetadataUid)
	}))
	r.Handle("GetRecommendedPolicyV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.GetRecommendedPolicyV2Request) (*sh.GetRecommendedPolicyV2Response, error) {
		rec, next, err := svc.Get(ctx, c, in.MetadataUid, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &sh.GetRecommendedPolicyV2Response{NextToken: next, RecommendationType: recommendationType, Status: rec.Status,
			ResourceArn: rec.ResourceARN, RecommendationSteps: make([]sh.RecommendationStep, len(rec.Steps))}
		if rec.ErrorCode != "" {
			out.Error = &sh.RecommendationError{Code: rec.ErrorCode, Message: rec.ErrorMessage}
		}
		for i, st := range rec.Steps {
			out.RecommendationSteps[i] = sh.RecommendationStep{UnusedPermissions: &sh.UnusedPermissionsRecommendationStep{
				RecommendedAction: st.RecommendedAction, ExistingPolicy: st.ExistingPolicy, ExistingPolicyId: st.ExistingPolicyID,
				RecommendedPolicy: st.RecommendedPolicy, PolicyUpdatedAt: shapes.Timestamp(st.PolicyUpdatedAt)}}
		}
		return out, nil
	}))
}
