package connectorsv2

import (
	"context"

	"github.com/sechub/sechub/internal/connectors"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/shapes"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/wire"
)

func registerHandlers(r domain.Registry, svc *Service) {
	r.Handle("CreateConnectorV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.CreateConnectorV2Request) (*sh.CreateConnectorV2Response, error) {
		conn := Connector{Name: in.Name, Description: in.Description, KmsKeyArn: in.KmsKeyArn}
		// The model makes Provider a union: exactly one member, else no provider (refused).
		if p := in.Provider; p != nil {
			switch {
			case p.JiraCloud != nil && p.ServiceNow == nil && p.Azure == nil:
				conn.Provider, conn.ProjectKey = JiraCloud, p.JiraCloud.ProjectKey
			case p.ServiceNow != nil && p.JiraCloud == nil && p.Azure == nil:
				conn.Provider, conn.InstanceName, conn.SecretArn = ServiceNow, p.ServiceNow.InstanceName, p.ServiceNow.SecretArn
			case p.Azure != nil && p.JiraCloud == nil && p.ServiceNow == nil:
				conn.Provider = Azure
				conn.Azure = connectors.AzureConfig{ConfigConnectorARN: p.Azure.AWSConfigConnectorArn, Regions: p.Azure.AzureRegions}
				if sc := p.Azure.ScopeConfiguration; sc != nil {
					conn.Azure.ScopeType, conn.Azure.ScopeValues = sc.ScopeType, sc.ScopeValues
				}
			}
		}
		conn, err := svc.Create(ctx, domain.Key(c), conn, in.Tags)
		if err != nil {
			return nil, err
		}
		return &sh.CreateConnectorV2Response{ConnectorArn: conn.ARN, ConnectorId: conn.ID, AuthUrl: conn.AuthURL(), ConnectorStatus: conn.Status,
			EnablementStatus: Enabled}, nil
	}))
	r.Handle("RegisterConnectorV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.RegisterConnectorV2Request) (*sh.RegisterConnectorV2Response, error) {
		conn, err := svc.Register(ctx, domain.Key(c), in.AuthCode, in.AuthState)
		if err != nil {
			return nil, err
		}
		return &sh.RegisterConnectorV2Response{ConnectorArn: conn.ARN, ConnectorId: conn.ID}, nil
	}))
	r.Handle("GetConnectorV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.GetConnectorV2Request) (*sh.GetConnectorV2Response, error) {
		conn, err := svc.Get(ctx, domain.Key(c), in.ConnectorId)
		if err != nil {
			return nil, err
		}
		out := &sh.GetConnectorV2Response{ConnectorArn: conn.ARN, ConnectorId: conn.ID, Name: conn.Name, Description: conn.Description,
			KmsKeyArn: conn.KmsKeyArn, CreatedAt: shapes.Timestamp(conn.CreatedAt), LastUpdatedAt: shapes.Timestamp(conn.UpdatedAt),
			Health:         &sh.HealthCheck{ConnectorStatus: conn.Status, Message: conn.Message, LastCheckedAt: shapes.Timestamp(conn.CheckedAt)},
			ProviderDetail: providerDetail(conn), EnablementStatus: Enabled}
		return out, nil
	}))
	r.Handle("UpdateConnectorV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.UpdateConnectorV2Request) (*sh.UpdateConnectorV2Response, error) {
		u := Update{Description: in.Description}
		if p := in.Provider; p != nil {
			if p.JiraCloud != nil {
				u.JiraGiven, u.JiraProjectKey = true, p.JiraCloud.ProjectKey
			}
			if p.ServiceNow != nil {
				u.ServiceNowGiven, u.ServiceNowSecretArn = true, p.ServiceNow.SecretArn
			}
			if p.Azure != nil {
				u.Azure = &connectors.AzureConfig{Regions: p.Azure.AzureRegions}
				if sc := p.Azure.ScopeConfiguration; sc != nil {
					u.Azure.ScopeType, u.Azure.ScopeValues = sc.ScopeType, sc.ScopeValues
				}
			}
		}
		conn, err := svc.Update(ctx, domain.Key(c), in.ConnectorId, u)
		if err != nil {
			return nil, err
		}
		return &sh.UpdateConnectorV2Response{ConnectorStatus: conn.Status, EnablementStatus: Enabled}, nil
	}))
	r.Handle("DeleteConnectorV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DeleteConnectorV2Request) (*sh.DeleteConnectorV2Response, error) {
		if err := svc.Delete(ctx, domain.Key(c), in.ConnectorId); err != nil {
			return nil, err
		}
		// AWS answers a deletion it has accepted with PENDING_DELETION; sechub's is done.
		return &sh.DeleteConnectorV2Response{EnablementStatus: PendingDeletion}, nil
	}))
	r.Handle("ListConnectorsV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.ListConnectorsV2Request) (*sh.ListConnectorsV2Response, error) {
		list, next, err := svc.List(ctx, domain.Key(c), in.ProviderName, in.ConnectorStatus, in.EnablementStatus, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &sh.ListConnectorsV2Response{Connectors: make([]sh.ConnectorSummary, len(list)), NextToken: next}
		for i, conn := range list {
			out.Connectors[i] = sh.ConnectorSummary{ConnectorArn: conn.ARN, ConnectorId: conn.ID, Name: conn.Name, Description: conn.Description,
				CreatedAt: shapes.Timestamp(conn.CreatedAt), EnablementStatus: Enabled,
				ProviderSummary: &sh.ProviderSummary{ProviderName: conn.Provider, ConnectorStatus: conn.Status, ProviderConfiguration: providerDetail(conn)}}
		}
		return out, nil
	}))
	r.Handle("CreateTicketV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.CreateTicketV2Request) (*sh.CreateTicketV2Response, error) {
		t, err := svc.CreateTicket(ctx, c, in.ConnectorId, in.FindingMetadataUid, in.Mode)
		if err != nil {
			return nil, err
		}
		return &sh.CreateTicketV2Response{TicketId: t.ID, TicketSrcUrl: t.URL}, nil
	}))
}

// providerDetail is the connector's provider configuration as it is answered.
func providerDetail(conn Connector) *sh.ProviderDetail {
	out := &sh.ProviderDetail{}
	switch conn.Provider {
	case JiraCloud:
		out.JiraCloud = &sh.JiraCloudDetail{ProjectKey: conn.ProjectKey, AuthStatus: conn.AuthStatus}
		if conn.Status == PendingAuthorization {
			out.JiraCloud.AuthUrl = conn.AuthURL()
		}
	case ServiceNow:
		out.ServiceNow = &sh.ServiceNowDetail{InstanceName: conn.InstanceName, SecretArn: conn.SecretArn, AuthStatus: conn.AuthStatus}
	case Azure:
		a := conn.Azure
		out.Azure = &sh.AzureDetail{AWSConfigConnectorArn: a.ConfigConnectorARN, AzureRegions: shapes.NonNil(a.Regions),
			ScopeConfiguration: &sh.AzureScopeConfiguration{ScopeType: a.ScopeType, ScopeValues: shapes.NonNil(a.ScopeValues)}}
	}
	return out
}
