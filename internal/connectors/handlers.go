package connectors

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
	r.Handle("CreateConnector", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.CreateConnectorRequest) (*sh.CreateConnectorResponse, error) {
		conn := Connector{Name: in.Name, Description: in.Description, ClientToken: in.ClientToken, CreatedBy: c.Principal}
		if in.Provider != nil && in.Provider.Azure != nil {
			conn.Provider, conn.Azure = Azure, azureIn(in.Provider.Azure.AWSConfigConnectorArn, in.Provider.Azure.ScopeConfiguration, in.Provider.Azure.AzureRegions)
		}
		conn, err := svc.Create(ctx, domain.Key(c), conn, in.Tags)
		if err != nil {
			return nil, err
		}
		return &sh.CreateConnectorResponse{ConnectorArn: conn.ARN, ConnectorId: conn.ID, ConnectorStatus: conn.Status(), EnablementStatus: conn.EnablementStatus()}, nil
	}))
	r.Handle("GetConnector", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.GetConnectorRequest) (*sh.GetConnectorResponse, error) {
		conn, err := svc.Get(ctx, domain.Key(c), in.ConnectorId)
		if err != nil {
			return nil, err
		}
		return &sh.GetConnectorResponse{ConnectorArn: conn.ARN, ConnectorId: conn.ID, Name: conn.Name, Description: conn.Description,
			CreatedAt: shapes.Timestamp(conn.CreatedAt), LastUpdatedAt: shapes.Timestamp(conn.UpdatedAt), CreatedBy: conn.CreatedBy,
			EnablementStatus: conn.EnablementStatus(), ProviderDetail: providerOut(conn),
			Health: &sh.CspmHealthCheck{ConnectorStatus: conn.Status(), Message: conn.HealthMessage(), LastCheckedAt: shapes.Timestamp(conn.CheckedAt)}}, nil
	}))
	r.Handle("UpdateConnector", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.UpdateConnectorRequest) (*sh.UpdateConnectorResponse, error) {
		var azure *AzureConfig
		if in.Provider != nil && in.Provider.Azure != nil {
			a := azureIn("", in.Provider.Azure.ScopeConfiguration, in.Provider.Azure.AzureRegions)
			azure = &a
		}
		conn, err := svc.Update(ctx, domain.Key(c), in.ConnectorId, in.Description, azure)
		if err != nil {
			return nil, err
		}
		return &sh.UpdateConnectorResponse{ConnectorStatus: conn.Status(), EnablementStatus: conn.EnablementStatus()}, nil
	}))
	r.Handle("DeleteConnector", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DeleteConnectorRequest) (*sh.DeleteConnectorResponse, error) {
		if err := svc.Delete(ctx, domain.Key(c), in.ConnectorId); err != nil {
			return nil, err
		}
		// AWS answers a deletion it has accepted with PENDING_DELETION; sechub's is done
		// already, and that is the one status the model has for it.
		return &sh.DeleteConnectorResponse{EnablementStatus: PendingDeletion}, nil
	}))
	r.Handle("ListConnectors", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.ListConnectorsRequest) (*sh.ListConnectorsResponse, error) {
		f := Filter{Provider: in.ProviderName, Status: in.ConnectorStatus, EnablementStatus: in.EnablementStatus}
		list, next, err := svc.List(ctx, domain.Key(c), f, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &sh.ListConnectorsResponse{Connectors: make([]sh.CspmConnectorSummary, len(list)), NextToken: next}
		for i, conn := range list {
			out.Connectors[i] = sh.CspmConnectorSummary{ConnectorArn: conn.ARN, ConnectorId: conn.ID, Name: conn.Name, Description: conn.Description,
				CreatedAt: shapes.Timestamp(conn.CreatedAt), CreatedBy: conn.CreatedBy, EnablementStatus: conn.EnablementStatus(),
				ProviderSummary: &sh.CspmProviderSummary{ProviderName: conn.Provider, ConnectorStatus: conn.Status(), ProviderConfiguration: providerOut(conn)}}
		}
		return out, nil
	}))
}

// azureIn is the Azure configuration a request gives.
func azureIn(configConnectorARN string, scope *sh.AzureScopeConfiguration, regions []string) AzureConfig {
	a := AzureConfig{ConfigConnectorARN: configConnectorARN, Regions: regions}
	if scope != nil {
		a.ScopeType, a.ScopeValues = scope.ScopeType, scope.ScopeValues
	}
	return a
}

// providerOut is the connector's provider configuration as it is answered.
func providerOut(conn Connector) *sh.CspmProviderDetail {
	a := conn.Azure
	return &sh.CspmProviderDetail{Azure: &sh.AzureDetail{AWSConfigConnectorArn: a.ConfigConnectorARN, AzureRegions: shapes.NonNil(a.Regions),
		ScopeConfiguration: &sh.AzureScopeConfiguration{ScopeType: a.ScopeType, ScopeValues: shapes.NonNil(a.ScopeValues)}}}
}
