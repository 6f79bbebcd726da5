package api

import (
	"context"

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

func registerTags(s *wire.RestJSON, svc *Services) {
	s.Handle("TagResource", wire.Typed(func(ctx context.Context, c identity.Caller, in *tagResourceInput) (*empty, error) {
		return nil, svc.Tags.Tag(ctx, c, in.ResourceArn, in.Tags)
	}))
	s.Handle("UntagResource", wire.Typed(func(ctx context.Context, c identity.Caller, in *untagResourceInput) (*empty, error) {
		return nil, svc.Tags.Untag(ctx, c, in.ResourceArn, in.TagKeys)
	}))
	s.Handle("ListTagsForResource", wire.Typed(func(ctx context.Context, c identity.Caller, in *listTagsForResourceInput) (*listTagsForResourceOutput, error) {
		tags, err := svc.Tags.List(ctx, c, in.ResourceArn)
		if err != nil {
			return nil, err
		}
		return &listTagsForResourceOutput{Tags: tags}, nil
	}))
}
