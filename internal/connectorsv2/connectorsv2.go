// Package connectorsv2 is Security Hub V2's integrations: an account's Jira Cloud and
// ServiceNow ticketing connectors and its Azure connectors (CreateConnectorV2,
// RegisterConnectorV2, GetConnectorV2, UpdateConnectorV2, DeleteConnectorV2,
// ListConnectorsV2) and the tickets they open for findings (CreateTicketV2, and the
// EXTERNAL_INTEGRATION action of automation rules V2 through Service.Deliver). No Jira or
// ServiceNow is reachable from sechub: a connector delivers its tickets as JSON to an HTTP
// endpoint the user runs (TICKETS.md says which and what it receives). An Azure connector is
// kept as configured, connected, and opens no tickets, as the CSPM ones of
// internal/connectors are.
package connectorsv2

import (
	"context"
	"regexp"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/connectors"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/hubv2"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/tags"
)

// The providers (the model's ConnectorProviderName).
const (
	JiraCloud  = "JIRA_CLOUD"
	ServiceNow = "SERVICENOW"
	Azure      = "AZURE"
)

// The enablement statuses of a connector (the model's EnablementStatus) sechub gives: it
// applies every change at once, so a connector that exists is ENABLED.
const (
	Enabled         = "ENABLED"
	PendingDeletion = "PENDING_DELETION"
)

// The statuses of a connector (the model's ConnectorStatus).
const (
	Connected            = "CONNECTED"
	FailedToConnect      = "FAILED_TO_CONNECT"
	PendingConfiguration = "PENDING_CONFIGURATION"
	PendingAuthorization = "PENDING_AUTHORIZATION"
)

// The authorization statuses of a provider (the model's ConnectorAuthStatus).
const (
	authActive = "ACTIVE"
	authFailed = "FAILED"
)

const (
	// arnResource is what precedes the connector's id in the resource part of its ARN.
	arnResource = "connectorv2/"
	// MaxConnectors is how many connectors an account may have in a region. AWS does not
	// document a quota; sechub bounds what it keeps.
	MaxConnectors = 100
	// defaultPage is ListConnectorsV2's page without MaxResults.
	defaultPage = 20
	// jiraAuthorize is where a Jira Cloud connector's AuthUrl sends the user: Atlassian's
	// OAuth 2.0 (3LO) consent page, which redirects back with the code and state that
	// RegisterConnectorV2 takes.
	jiraAuthorize = "https://auth.atlassian.com/authorize"
	// manage is what only an administrator may do (hubv2.RequireAdministrator).
	manage = "manage connectors V2"
)

var secretARN = regexp.MustCompile(`^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$`)

// Connector is one ticketing connector.
type Connector struct {
	ID          string
	ARN         string
	Name        string
	Description string
	KmsKeyArn   string
	Provider    string
	// ProjectKey is the Jira Cloud project tickets go to (none until configured).
	ProjectKey string
	// InstanceName and SecretArn name a ServiceNow instance and the secret with its
	// credentials.
	InstanceName string
	SecretArn    string
	// Azure is an Azure connector's AWS Config connector, scope and regions.
	Azure connectors.AzureConfig `json:",omitzero"`
	// AuthState is what a Jira Cloud connector's AuthUrl carries and RegisterConnectorV2 must
	// bring back; AuthCode is the code it brought.
	AuthState  string
	AuthCode   string
	AuthStatus string
	// Status, Message and CheckedAt are the connector's health.
	Status    string
	Message   string
	CheckedAt time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

// AuthURL is the URL the user of a Jira Cloud connector authorizes it at.
func (c Connector) AuthURL() string {
	if c.Provider != JiraCloud {
		return ""
	}
	return jiraAuthorize + "?audience=api.atlassian.com&client_id=sechub&response_type=code&prompt=consent" +
		"&scope=write%3Ajira-work%20read%3Ajira-work%20offline_access&state=" + c.AuthState
}

// ARN returns the ARN of connector id of key.
func ARN(key store.AccountKey, id string) string {
	return "arn:" + key.Partition + ":securityhub:" + key.Region + ":" + key.AccountID + ":" + arnResource + id
}

// Service runs the connector and ticket operations.
type Service struct {
	Store    store.Store
	Clock    clock.Clock
	Pages    paging.Pager
	Findings *findings.Service
	Tags     *tags.Service
	// Deliverer sends tickets to the connectors' endpoints.
	Deliverer *Deliverer
	// DeleteGuards may refuse DeleteConnectorV2, inside its transaction: automation rules V2
	// register one for the connectors their actions deliver to.
	DeleteGuards []func(tx store.Tx, key store.AccountKey, c Connector) error
}

// Update is what UpdateConnectorV2 changes: the members given ("" leaves one as it is).
type Update struct {
	Description string
	// JiraProjectKey and ServiceNowSecretArn are the provider's members; a provider member
	// of the other provider is refused.
	JiraProjectKey      string
	ServiceNowSecretArn string
	JiraGiven           bool
	ServiceNowGiven     bool
	// Azure is an Azure connector's new scope and regions (nil: unchanged).
	Azure *connectors.AzureConfig
}

// Create makes a connector of key, tagged. A Jira Cloud connector waits for its
// authorization (PENDING_AUTHORIZATION); a ServiceNow connector, whose credentials are in its
// secret, is CONNECTED at once.
func (s *Service) Create(ctx context.Context, key store.AccountKey, c Connector, tagged map[string]string) (Connector, error) {
	switch c.Provider {
	case JiraCloud:
		c.Status, c.AuthState = PendingAuthorization, uuid.NewString()
	case ServiceNow:
		if !secretARN.MatchString(c.SecretArn) {
			return c, apierr.InvalidParameterV2.New("Provider.ServiceNow.SecretArn", "Value '"+c.SecretArn+"' is not a Secrets Manager secret ARN.")
		}
		c.Status, c.AuthStatus = Connected, authActive
	case Azure:
		var err error
		if c.Azure, err = connectors.CheckAzure(key, c.Azure, "Provider.Azure", true); err != nil {
			return c, err
		}
		c.Status = Connected
	default:
		return c, apierr.InvalidParameterV2.New("Provider", "Give exactly one of JiraCloud, ServiceNow and Azure.")
	}
	now := s.Clock.Now()
	c.ID = uuid.NewString()
	c.ARN = ARN(key, c.ID)
	c.CreatedAt, c.UpdatedAt, c.CheckedAt = now, now, now
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if err := hubv2.RequireAdministrator(tx, key, manage); err != nil {
			return err
		}
		all, err := stored.List(tx, key, 0, 0)
		if err != nil {
			return err
		}
		if len(all) >= MaxConnectors {
			return apierr.ConnectorV2LimitExceeded.New(MaxConnectors)
		}
		if slices.ContainsFunc(all, func(e entry) bool { return e.Value.Name == c.Name }) {
			return apierr.ConnectorV2NameTaken.New(c.Name)
		}
		if err := stored.Insert(tx, key, c.ID, c); err != nil {
			return err
		}
		if c.Provider == Azure {
			if err := hubv2.StartTrial(tx, key, hubv2.TrialAzure, now); err != nil {
				return err
			}
		}
		if len(tagged) > 0 {
			return tags.Add(tx, key, c.ARN, tagged)
		}
		return nil
	})
	return c, err
}

// Register completes a Jira Cloud connector's authorization: state names the connector
// (the state of its AuthUrl), code is what Atlassian's consent page returned. The connector
// is CONNECTED, or PENDING_CONFIGURATION while it has no project key.
func (s *Service) Register(ctx context.Context, key store.AccountKey, code, state string) (Connector, error) {
	now := s.Clock.Now()
	var c Connector
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if err := hubv2.RequireAdministrator(tx, key, manage); err != nil {
			return err
		}
		all, err := stored.List(tx, key, 0, 0)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(all, func(e entry) bool { return e.Value.AuthState != "" && e.Value.AuthState == state })
		if i < 0 {
			return apierr.InvalidParameterV2.New("AuthState", "No connector of the account awaits the authorization state '"+state+"'.")
		}
		c = all[i].Value
		// A state authorizes once, as OAuth's does.
		c.AuthState, c.AuthCode, c.AuthStatus, c.UpdatedAt, c.CheckedAt, c.Message = "", code, authActive, now, now, ""
		c.Status = Connected
		if c.ProjectKey == "" {
			c.Status, c.Message = PendingConfiguration, "Set the Jira project key with UpdateConnectorV2."
		}
		return stored.Save(tx, key, c.ID, c)
	})
	return c, err
}

// own returns key's connector that id names: its id, or its ARN (an ARN without an account
// names the caller's).
func own(tx store.Tx, key store.AccountKey, id string) (Connector, error) {
	if err := hubv2.RequireAdministrator(tx, key, manage); err != nil {
		return Connector{}, err
	}
	return domain.OwnRecord(tx, stored, key, id, arnResource, apierr.ConnectorV2NotFound)
}

// Get returns key's connector id (or ARN) names.
func (s *Service) Get(ctx context.Context, key store.AccountKey, id string) (Connector, error) {
	var c Connector
	err := s.Store.View(ctx, func(tx store.Tx) (err error) {
		c, err = own(tx, key, id)
		return err
	})
	return c, err
}

// Update changes key's connector id names and returns it. Setting the project key of a Jira Cloud
// connector that waits for one connects it.
func (s *Service) Update(ctx context.Context, key store.AccountKey, id string, u Update) (Connector, error) {
	now := s.Clock.Now()
	var c Connector
	err := s.Store.Update(ctx, func(tx store.Tx) (err error) {
		c, err = own(tx, key, id)
		if err != nil {
			return err
		}
		switch {
		case u.JiraGiven && c.Provider != JiraCloud:
			return apierr.InvalidParameterV2.New("Provider.JiraCloud", "Connector "+c.ID+" is a "+c.Provider+" connector.")
		case u.ServiceNowGiven && c.Provider != ServiceNow:
			return apierr.InvalidParameterV2.New("Provider.ServiceNow", "Connector "+c.ID+" is a "+c.Provider+" connector.")
		case u.Azure != nil && c.Provider != Azure:
			return apierr.InvalidParameterV2.New("Provider.Azure", "Connector "+c.ID+" is a "+c.Provider+" connector.")
		case u.ServiceNowSecretArn != "" && !secretARN.MatchString(u.ServiceNowSecretArn):
			return apierr.InvalidParameterV2.New("Provider.ServiceNow.SecretArn", "Value '"+u.ServiceNowSecretArn+"' is not a Secrets Manager secret ARN.")
		}
		if u.Azure != nil {
			checked, err := connectors.CheckAzure(key, *u.Azure, "Provider.Azure", false)
			if err != nil {
				return err
			}
			c.Azure.ScopeType, c.Azure.ScopeValues, c.Azure.Regions = checked.ScopeType, checked.ScopeValues, checked.Regions
			c.CheckedAt = now
		}
		if u.Description != "" {
			c.Description = u.Description
		}
		if u.JiraProjectKey != "" {
			c.ProjectKey = u.JiraProjectKey
			if c.Status == PendingConfiguration {
				c.Status, c.Message, c.CheckedAt = Connected, "", now
			}
		}
		if u.ServiceNowSecretArn != "" {
			c.SecretArn = u.ServiceNowSecretArn
		}
		c.UpdatedAt = now
		return stored.Save(tx, key, c.ID, c)
	})
	return c, err
}

// Delete deletes key's connector id names, with its tags, unless a guard refuses.
func (s *Service) Delete(ctx context.Context, key store.AccountKey, id string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		c, err := own(tx, key, id)
		if err != nil {
			return err
		}
		for _, guard := range s.DeleteGuards {
			if err := guard(tx, key, c); err != nil {
				return err
			}
		}
		if err := tags.DeleteResource(tx, c.ARN); err != nil {
			return err
		}
		return tx.DeleteRecord(key, kind, c.ID)
	})
}

// List returns a page of key's connectors in creation order, those of provider, with status
// and with enablement status when they are given.
func (s *Service) List(ctx context.Context, key store.AccountKey, provider, status, enablement string, maxResults int, nextToken string) ([]Connector, string, error) {
	var out []Connector
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if err := hubv2.RequireAdministrator(tx, key, manage); err != nil {
			return err
		}
		all, err := stored.List(tx, key, 0, 0)
		for _, e := range all {
			if (provider == "" || e.Value.Provider == provider) && (status == "" || e.Value.Status == status) &&
				(enablement == "" || enablement == Enabled) {
				out = append(out, e.Value)
			}
		}
		return err
	})
	if err != nil {
		return nil, "", err
	}
	page := paging.Page{Scope: paging.Scope("ListConnectorsV2", key.Partition, key.Region, key.AccountID, provider, status, enablement),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultPage}
	return paging.Offset(s.Pages, page, out)
}

// Lookup returns key's connector id (or ARN) names, inside a transaction: automation rules
// V2 check the connectors their actions name with it.
func Lookup(tx store.Tx, key store.AccountKey, id string) (Connector, error) { return own(tx, key, id) }
