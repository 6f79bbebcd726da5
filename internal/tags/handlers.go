package tags

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/wire"
)

func registerHandlers(r domain.Registry, svc *Service) {
	r.Handle("TagResource", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.TagResourceRequest) (*sh.TagResourceResponse, error) {
		return nil, svc.Tag(ctx, c, in.ResourceArn, in.Tags)
	}))
	r.Handle("UntagResource", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.UntagResourceRequest) (*sh.UntagResourceResponse, error) {
		return nil, svc.Untag(ctx, c, in.ResourceArn, in.TagKeys)
	}))
	r.Handle("ListTagsForResource", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.ListTagsForResourceRequest) (*sh.ListTagsForResourceResponse, error) {
		tags, err := svc.List(ctx, c, in.ResourceArn)
		if err != nil {
			return nil, err
		}
		return &sh.ListTagsForResourceResponse{Tags: tags}, nil // {} when the resource has none
	}))
}
