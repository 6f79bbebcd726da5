package products

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/shapes"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/wire"
)

func registerHandlers(r domain.Registry, svc *Service) {
	r.Handle("DescribeProducts", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DescribeProductsRequest) (*sh.DescribeProductsResponse, error) {
		list, next, err := svc.Describe(ctx, c, in.ProductArn, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &sh.DescribeProductsResponse{Products: make([]sh.Product, len(list)), NextToken: next}
		for i, p := range list {
			out.Products[i] = sh.Product{ProductArn: p.ARN(c.Partition, c.Region), ProductName: p.ProductName, CompanyName: p.CompanyName,
				Description: Description(p), Categories: shapes.NonNil(p.Categories), IntegrationTypes: shapes.NonNil(p.IntegrationTypes)}
		}
		return out, nil
	}))
	r.Handle("EnableImportFindingsForProduct", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.EnableImportFindingsForProductRequest) (*sh.EnableImportFindingsForProductResponse, error) {
		arn, err := svc.Enable(ctx, c, in.ProductArn)
		if err != nil {
			return nil, err
		}
		return &sh.EnableImportFindingsForProductResponse{ProductSubscriptionArn: arn}, nil
	}))
	r.Handle("DisableImportFindingsForProduct", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DisableImportFindingsForProductRequest) (*sh.DisableImportFindingsForProductResponse, error) {
		return &sh.DisableImportFindingsForProductResponse{}, svc.Disable(ctx, c, in.ProductSubscriptionArn)
	}))
	r.Handle("ListEnabledProductsForImport", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.ListEnabledProductsForImportRequest) (*sh.ListEnabledProductsForImportResponse, error) {
		arns, next, err := svc.ListEnabled(ctx, c, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		return &sh.ListEnabledProductsForImportResponse{ProductSubscriptions: shapes.NonNil(arns), NextToken: next}, nil
	}))
}
