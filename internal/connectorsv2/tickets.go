package connectorsv2

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/findingsv2"
	"github.com/sechub/sechub/internal/hubv2"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// EndpointTag is the tag of a connector that names the HTTP endpoint its tickets go to.
const EndpointTag = "sechub:ticket-endpoint"

// DryRun is CreateTicketV2's Mode that checks the path to the endpoint without a ticket.
const DryRun = "DRYRUN"

// Modes of a ticket as the endpoint receives them.
const (
	modeCreate = "CREATE"
	// SourceCreateTicket is the Source of the tickets CreateTicketV2 asks for.
	SourceCreateTicket = "CreateTicketV2"
)

// maxResponseBytes bounds what sechub reads of an endpoint's answer.
const maxResponseBytes = 64 << 10

// deliveryTimeout bounds one delivery to an endpoint.
const deliveryTimeout = 10 * time.Second

// Ticket is a ticket an endpoint opened.
type Ticket struct {
	ID  string
	URL string
}

// Payload is the JSON document a connector's endpoint receives for each ticket (TICKETS.md).
type Payload struct {
	Mode      string           `json:"mode"`
	Source    string           `json:"source"`
	Connector PayloadConnector `json:"connector"`
	Finding   PayloadFinding   `json:"finding"`
}

// PayloadConnector is the connector part of a Payload.
type PayloadConnector struct {
	ID           string `json:"id"`
	ARN          string `json:"arn"`
	Name         string `json:"name"`
	Provider     string `json:"provider"`
	ProjectKey   string `json:"projectKey,omitempty"`
	InstanceName string `json:"instanceName,omitempty"`
}

// PayloadFinding is the finding part of a Payload: the fields a ticket shows, and the whole
// finding in ASFF.
type PayloadFinding struct {
	MetadataUID    string          `json:"metadataUid"`
	ID             string          `json:"id"`
	ProductARN     string          `json:"productArn"`
	Title          string          `json:"title"`
	Description    string          `json:"description"`
	Severity       string          `json:"severity"`
	AccountID      string          `json:"accountId"`
	Region         string          `json:"region"`
	ProductName    string          `json:"productName"`
	WorkflowStatus string          `json:"workflowStatus"`
	Resources      []string        `json:"resources"`
	ASFF           json.RawMessage `json:"asff"`
}

// answer is what an endpoint may answer with; both members are optional.
type answer struct {
	TicketID  string `json:"ticketId"`
	TicketURL string `json:"ticketUrl"`
}

// Deliverer sends tickets to endpoints.
type Deliverer struct{ Client *http.Client }

// send posts p to endpoint and returns the ticket it opened.
func (d *Deliverer) send(ctx context.Context, endpoint string, p Payload) (Ticket, error) {
	body, err := json.Marshal(p)
	if err != nil {
		return Ticket{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, deliveryTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return Ticket{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "sechub-connector")
	resp, err := d.Client.Do(req)
	if err != nil {
		return Ticket{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return Ticket{}, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return Ticket{}, fmt.Errorf("the endpoint answered %s", resp.Status)
	}
	var a answer
	_ = json.Unmarshal(raw, &a) // an answer without JSON keeps sechub's ticket id
	t := Ticket{ID: a.TicketID, URL: a.TicketURL}
	if t.ID == "" {
		t.ID = uuid.NewString()
	}
	return t, nil
}

// endpoint returns where c's tickets go: its sechub:ticket-endpoint tag, else a ServiceNow
// InstanceName that is a URL.
func endpoint(c Connector, tagged map[string]string) (string, error) {
	if e := tagged[EndpointTag]; e != "" {
		return e, nil
	}
	if c.Provider == ServiceNow && (strings.HasPrefix(c.InstanceName, "http://") || strings.HasPrefix(c.InstanceName, "https://")) {
		return c.InstanceName, nil
	}
	return "", errors.New("it has no endpoint: tag it with " + EndpointTag)
}

// CreateTicket opens a ticket through the caller's connector id (or ARN) for the finding
// whose Id is findingUID, one the caller may see with Security Hub V2. mode DRYRUN sends the
// ticket marked as a dry run.
func (s *Service) CreateTicket(ctx context.Context, c identity.Caller, id, findingUID, mode string) (Ticket, error) {
	if mode != "" && mode != DryRun {
		return Ticket{}, apierr.InvalidParameterV2.New("Mode", "Value '"+mode+"' is not one of [DRYRUN].")
	}
	key := store.AccountKey{Partition: c.Partition, Region: c.Region, AccountID: c.AccountID}
	conn, err := s.Get(ctx, key, id)
	if err != nil {
		return Ticket{}, err
	}
	if conn.Provider == Azure {
		return Ticket{}, apierr.ConnectorV2NoTickets.New(conn.ID)
	}
	doc, err := s.findingOf(ctx, c, findingUID)
	if err != nil {
		return Ticket{}, err
	}
	if mode == "" {
		mode = modeCreate
	}
	return s.Deliver(ctx, c, conn, doc, mode, SourceCreateTicket)
}

// maxUIDSplits bounds the ways a metadata.uid is tried as a product ARN and a finding id:
// the filter values of one GetFindings key.
const maxUIDSplits = 20

func (s *Service) findingOf(ctx context.Context, c identity.Caller, uid string) (json.RawMessage, error) {
	return FindingByMetadataUID(ctx, s.Findings, c, uid)
}

// FindingByMetadataUID returns the finding, one the caller may see with Security Hub V2,
// whose metadata.uid (as GetFindingsV2 shows it: findingsv2.MetadataUID, the product ARN, "/"
// and the id) is uid, as ASFF; TicketV2FindingNotFound when there is none. Each "/" after the
// product part may be where the id starts: the findings of every such product ARN and id are
// read, by their indexed keys, and the one whose metadata.uid is uid is kept.
func FindingByMetadataUID(ctx context.Context, fs *findings.Service, c identity.Caller, uid string) (json.RawMessage, error) {
	start := strings.Index(uid, ":product/")
	var products, ids []any
	for i := start + 1; start >= 0 && i < len(uid) && len(ids) < maxUIDSplits; i++ {
		if uid[i] == '/' && i+1 < len(uid) {
			products = append(products, map[string]any{"Comparison": "EQUALS", "Value": uid[:i]})
			ids = append(ids, map[string]any{"Comparison": "EQUALS", "Value": uid[i+1:]})
		}
	}
	if len(ids) > 0 {
		docs, _, err := fs.Get(ctx, c, findings.Query{MaxResults: maxUIDSplits, HubRule: hubv2.Require,
			Filters: map[string]any{"ProductArn": products, "Id": ids}})
		if err != nil {
			return nil, err
		}
		for _, raw := range docs {
			var f struct{ ProductArn, Id string }
			if json.Unmarshal(raw, &f) == nil && findingsv2.MetadataUID(f.ProductArn, f.Id) == uid {
				return raw, nil
			}
		}
	}
	return nil, apierr.TicketV2FindingNotFound.New(uid)
}

// Deliver sends a ticket for finding (its ASFF document) through conn, a connector of the
// caller's account that is CONNECTED or FAILED_TO_CONNECT (a delivery is how one recovers),
// and records the outcome as the connector's health. source is what asked for it:
// CreateTicketV2, or the ARN of an automation rule V2.
func (s *Service) Deliver(ctx context.Context, c identity.Caller, conn Connector, finding json.RawMessage, mode, source string) (Ticket, error) {
	if conn.Provider == Azure {
		return Ticket{}, apierr.ConnectorV2NoTickets.New(conn.ID)
	}
	if conn.Status != Connected && conn.Status != FailedToConnect {
		return Ticket{}, apierr.ConnectorV2NotConnected.New(conn.ID, conn.Status)
	}
	tagged, err := s.Tags.List(ctx, c, conn.ARN)
	if err != nil {
		return Ticket{}, err
	}
	p := Payload{Mode: mode, Source: source, Connector: PayloadConnector{ID: conn.ID, ARN: conn.ARN, Name: conn.Name,
		Provider: conn.Provider, ProjectKey: conn.ProjectKey, InstanceName: conn.InstanceName}}
	if p.Finding, err = payloadFinding(finding); err != nil {
		return Ticket{}, err
	}
	var t Ticket
	target, err := endpoint(conn, tagged)
	if err == nil {
		t, err = s.Deliverer.send(ctx, target, p)
	}
	if herr := s.recordHealth(ctx, c, conn.ID, err); herr != nil {
		return Ticket{}, herr
	}
	if err != nil {
		return Ticket{}, apierr.ConnectorV2DeliveryFailed.New(conn.ID, err.Error())
	}
	return t, nil
}

// recordHealth sets the health of connector id after a delivery that failed with failure
// (nil: succeeded).
func (s *Service) recordHealth(ctx context.Context, c identity.Caller, id string, failure error) error {
	key := store.AccountKey{Partition: c.Partition, Region: c.Region, AccountID: c.AccountID}
	now := s.Clock.Now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		conn, err := stored.Get(tx, key, id)
		if errors.Is(err, store.ErrNotFound) {
			return nil // deleted meanwhile
		} else if err != nil {
			return err
		}
		conn.CheckedAt, conn.Status, conn.Message, conn.AuthStatus = now, Connected, "", authActive
		if failure != nil {
			conn.Status, conn.Message, conn.AuthStatus = FailedToConnect, "Ticket delivery failed: "+failure.Error(), authFailed
		}
		return stored.Save(tx, key, id, conn)
	})
}

// payloadFinding picks a ticket's fields from an ASFF finding.
func payloadFinding(raw json.RawMessage) (PayloadFinding, error) {
	var f struct {
		Id, ProductArn, Title, Description, AwsAccountId, Region, ProductName string
		Severity                                                              struct{ Label string }
		Workflow                                                              struct{ Status string }
		Resources                                                             []struct{ Id string }
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return PayloadFinding{}, err
	}
	p := PayloadFinding{MetadataUID: findingsv2.MetadataUID(f.ProductArn, f.Id), ID: f.Id, ProductARN: f.ProductArn, Title: f.Title, Description: f.Description, Severity: f.Severity.Label,
		AccountID: f.AwsAccountId, Region: f.Region, ProductName: f.ProductName, WorkflowStatus: f.Workflow.Status,
		Resources: []string{}, ASFF: raw}
	for _, r := range f.Resources {
		p.Resources = append(p.Resources, r.Id)
	}
	return p, nil
}
