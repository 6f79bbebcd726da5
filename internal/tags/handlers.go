package tags

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/shapes"

	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/wire"
)

type tagResourceInput struct {
	ResourceArn string            `json:"ResourceArn"`
	Tags        map[string]string `json:"Tags"`
}

type untagResourceInput struct {
	ResourceArn string   `json:"ResourceArn"`
	TagKeys     []string `json:"TagKeys"`
}

type listTagsForResourceInput struct {
	ResourceArn string `json:"ResourceArn"`
}

type listTagsForResourceOutput struct {
	Tags map[string]string `json:"Tags"`
}

func registerHandlers(r domain.Registry, svc *Service) {
	r.Handle("TagResource", wire.Legacy(func(ctx context.Context, c identity.Caller, in *tagResourceInput) (*shapes.Empty, error) {
		return nil, svc.Tag(ctx, c, in.ResourceArn, in.Tags)
	}))
	r.Handle("UntagResource", wire.Legacy(func(ctx context.Context, c identity.Caller, in *untagResourceInput) (*shapes.Empty, error) {
		return nil, svc.Untag(ctx, c, in.ResourceArn, in.TagKeys)
	}))
	r.Handle("ListTagsForResource", wire.Legacy(func(ctx context.Context, c identity.Caller, in *listTagsForResourceInput) (*listTagsForResourceOutput, error) {
		tags, err := svc.List(ctx, c, in.ResourceArn)
		if err != nil {
			return nil, err
		}
		return &listTagsForResourceOutput{Tags: tags}, nil
	}))
}
