// Package connectors is Security Hub CSPM's connectors to other cloud providers: an account's
// Microsoft Azure connectors (CreateConnector, GetConnector, UpdateConnector,
// DeleteConnector, ListConnectors), which name the AWS Config connector that reaches the
// Azure tenant, the scope (the tenant, or some of its subscriptions) and the Azure regions to
// cover. No Azure is reachable from sechub: a connector is kept as configured and reports
// itself enabled and connected (docs/aws-differences.md); Azure findings arrive the way
// every other finding does, through BatchImportFindings.
package connectors

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/hubv2"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/tags"
)

// Azure is the one provider (the model's CspmConnectorProviderName).
const Azure = "AZURE"

// The scopes of an Azure connector (the model's ScopeType).
const (
	ScopeTenant       = "TENANT"
	ScopeSubscription = "SUBSCRIPTION"
)

// The connectivity statuses (the model's CspmConnectorStatus) and enablement statuses (its
// CspmEnablementStatus) sechub gives.
const (
	Connected       = "CONNECTED"
	Enabled         = "ENABLED"
	PendingDeletion = "PENDING_DELETION"
)

const (
	// arnResource is what precedes the connector's id in the resource part of its ARN.
	arnResource = "connector/"
	// MaxConnectors is how many connectors an account may have in a region. AWS does not
	// document a quota; sechub bounds what it keeps.
	MaxConnectors = 100
	// defaultPage is ListConnectors' page without MaxResults.
	defaultPage = 20
	// healthMessage is the health message of every connector: why it is connected.
	healthMessage = "sechub keeps the connector's configuration and does not contact Azure."
)

// azureID is an Azure tenant or subscription id: a GUID.
var azureID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// azureRegion is an Azure region's programmatic name ("eastus", "westeurope").
var azureRegion = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// AzureConfig is where an Azure connector reaches and what it covers.
type AzureConfig struct {
	// ConfigConnectorARN is the AWS Config connector that holds the Azure credentials.
	ConfigConnectorARN string
	ScopeType          string
	// ScopeValues are the subscriptions (SUBSCRIPTION) or tenants (TENANT) covered.
	ScopeValues []string
	Regions     []string
}

// Connector is one connector.
type Connector struct {
	ID          string
	ARN         string
	Name        string
	Description string
	Provider    string
	Azure       AzureConfig
	// ClientToken is the idempotency token it was created with, if any.
	ClientToken string
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// CheckedAt is when its health was last assessed: its last change.
	CheckedAt time.Time
}

// Status is the connector's connectivity status; HealthMessage says why.
func (c Connector) Status() string { return Connected }

// HealthMessage explains the connector's status.
func (c Connector) HealthMessage() string { return healthMessage }

// EnablementStatus is where the connector is in its life: sechub applies every change at
// once, so a connector that exists is ENABLED.
func (c Connector) EnablementStatus() string { return Enabled }

// sameRequest reports whether c was created by a request asking for what d asks.
func (c Connector) sameRequest(d Connector) bool {
	return c.Name == d.Name && c.Description == d.Description && c.Provider == d.Provider &&
		c.Azure.ConfigConnectorARN == d.Azure.ConfigConnectorARN && c.Azure.ScopeType == d.Azure.ScopeType &&
		slices.Equal(c.Azure.ScopeValues, d.Azure.ScopeValues) && slices.Equal(c.Azure.Regions, d.Azure.Regions)
}

// ARN returns the ARN of connector id of key.
func ARN(key store.AccountKey, id string) string {
	return "arn:" + key.Partition + ":securityhub:" + key.Region + ":" + key.AccountID + ":" + arnResource + id
}

// Service runs the connector operations.
type Service struct {
	Store store.Store
	Clock clock.Clock
	Pages paging.Pager
}

// Filter selects connectors in List; an empty member selects all.
type Filter struct {
	Provider         string
	Status           string
	EnablementStatus string
}

// CheckAzure validates an Azure configuration of key's connector and returns it in its
// stored form (scope values and regions without repeats); its AWS Config connector only when
// withConfigConnector (UpdateConnector cannot change it). member is where it sits in the
// request, for the error's message.
func CheckAzure(key store.AccountKey, a AzureConfig, member string, withConfigConnector bool) (AzureConfig, error) {
	if withConfigConnector {
		parts := strings.SplitN(a.ConfigConnectorARN, ":", 6)
		if len(parts) != 6 || parts[0] != "arn" || parts[1] != key.Partition || parts[2] != "config" || parts[3] == "" || parts[5] == "" {
			return a, apierr.InvalidParameterV2.New(member+".AWSConfigConnectorArn", "Value '"+a.ConfigConnectorARN+"' is not an AWS Config connector ARN.")
		}
		if parts[4] != key.AccountID {
			return a, apierr.InvalidParameterV2.New(member+".AWSConfigConnectorArn", "The AWS Config connector must belong to account "+key.AccountID+".")
		}
	}
	a.ScopeValues = compact(a.ScopeValues)
	a.Regions = compact(a.Regions)
	if a.ScopeType == ScopeSubscription && len(a.ScopeValues) == 0 {
		return a, apierr.InvalidParameterV2.New(member+".ScopeConfiguration.ScopeValues", "Name at least one Azure subscription id when ScopeType is SUBSCRIPTION.")
	}
	for _, v := range a.ScopeValues {
		if !azureID.MatchString(v) {
			return a, apierr.InvalidParameterV2.New(member+".ScopeConfiguration.ScopeValues", "Value '"+v+"' is not an Azure tenant or subscription id (a GUID).")
		}
	}
	for _, r := range a.Regions {
		if !azureRegion.MatchString(r) {
			return a, apierr.InvalidParameterV2.New(member+".AzureRegions", "Value '"+r+"' is not an Azure region name such as eastus.")
		}
	}
	return a, nil
}

// compact returns list without repeats, in its order.
func compact(list []string) []string {
	var out []string
	for _, v := range list {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// Create makes a connector of key, tagged, unless c.ClientToken names one created before by
// the same request, which it returns. Its Azure free trial starts with the first.
func (s *Service) Create(ctx context.Context, key store.AccountKey, c Connector, tagged map[string]string) (Connector, error) {
	if c.Provider != Azure {
		return c, apierr.InvalidParameterV2.New("Provider", "Give the Azure configuration.")
	}
	var err error
	if c.Azure, err = CheckAzure(key, c.Azure, "Provider.Azure", true); err != nil {
		return c, err
	}
	now := s.Clock.Now()
	c.ID = uuid.NewString()
	c.ARN = ARN(key, c.ID)
	c.CreatedAt, c.UpdatedAt, c.CheckedAt = now, now, now
	out := c
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := hub.Require(tx, key); err != nil {
			return err
		}
		all, err := connectors.List(tx, key, 0, 0)
		if err != nil {
			return err
		}
		if c.ClientToken != "" {
			if i := slices.IndexFunc(all, func(e entry) bool { return e.Value.ClientToken == c.ClientToken }); i >= 0 {
				if !all[i].Value.sameRequest(c) {
					return apierr.ConnectorTokenReused.New(c.ClientToken)
				}
				out = all[i].Value
				return nil
			}
		}
		if len(all) >= MaxConnectors {
			return apierr.ConnectorLimitExceeded.New(MaxConnectors)
		}
		if slices.ContainsFunc(all, func(e entry) bool { return e.Value.Name == c.Name }) {
			return apierr.ConnectorNameTaken.New(c.Name)
		}
		if err := connectors.Insert(tx, key, c.ID, c); err != nil {
			return err
		}
		if err := hubv2.StartTrial(tx, key, hubv2.TrialAzure, now); err != nil {
			return err
		}
		if len(tagged) > 0 {
			return tags.Add(tx, key, c.ARN, tagged)
		}
		return nil
	})
	return out, err
}

// own returns key's connector that id names: its id, or its ARN (an ARN without an account
// names the caller's).
func own(tx store.Tx, key store.AccountKey, id string) (Connector, error) {
	if _, err := hub.Require(tx, key); err != nil {
		return Connector{}, err
	}
	return domain.OwnRecord(tx, connectors, key, id, arnResource, apierr.ConnectorNotFound)
}

// Get returns key's connector id (or its ARN) names.
func (s *Service) Get(ctx context.Context, key store.AccountKey, id string) (Connector, error) {
	var c Connector
	err := s.Store.View(ctx, func(tx store.Tx) (err error) {
		c, err = own(tx, key, id)
		return err
	})
	return c, err
}

// Update changes key's connector id names: its description when description is not empty,
// its Azure scope and regions when azure is not nil (its AWS Config connector stays).
func (s *Service) Update(ctx context.Context, key store.AccountKey, id, description string, azure *AzureConfig) (Connector, error) {
	if azure != nil {
		checked, err := CheckAzure(key, *azure, "Provider.Azure", false)
		if err != nil {
			return Connector{}, err
		}
		azure = &checked
	}
	now := s.Clock.Now()
	var c Connector
	err := s.Store.Update(ctx, func(tx store.Tx) (err error) {
		if c, err = own(tx, key, id); err != nil {
			return err
		}
		if description != "" {
			c.Description = description
		}
		if azure != nil {
			c.Azure.ScopeType, c.Azure.ScopeValues, c.Azure.Regions = azure.ScopeType, azure.ScopeValues, azure.Regions
			c.CheckedAt = now
		}
		c.UpdatedAt = now
		return connectors.Save(tx, key, c.ID, c)
	})
	return c, err
}

// Delete deletes key's connector id names, with its tags.
func (s *Service) Delete(ctx context.Context, key store.AccountKey, id string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		c, err := own(tx, key, id)
		if err != nil {
			return err
		}
		if err := tags.DeleteResource(tx, c.ARN); err != nil {
			return err
		}
		return tx.DeleteRecord(key, kind, c.ID)
	})
}

// List returns a page of key's connectors in creation order, those f selects.
func (s *Service) List(ctx context.Context, key store.AccountKey, f Filter, maxResults int, nextToken string) ([]Connector, string, error) {
	var out []Connector
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if _, err := hub.Require(tx, key); err != nil {
			return err
		}
		all, err := connectors.List(tx, key, 0, 0)
		for _, e := range all {
			c := e.Value
			if (f.Provider == "" || c.Provider == f.Provider) && (f.Status == "" || c.Status() == f.Status) &&
				(f.EnablementStatus == "" || c.EnablementStatus() == f.EnablementStatus) {
				out = append(out, c)
			}
		}
		return err
	})
	if err != nil {
		return nil, "", err
	}
	page := paging.Page{Scope: paging.Scope("ListConnectors", key.Partition, key.Region, key.AccountID, f.Provider, f.Status, f.EnablementStatus),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultPage}
	return paging.Offset(s.Pages, page, out)
}
