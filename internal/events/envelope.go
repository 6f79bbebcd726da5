package events

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/store"
)

// The detail types of the events sechub sends, as Security Hub names them.
const (
	DetailImported     = "Security Hub Findings - Imported"
	DetailCustomAction = "Security Hub Findings - Custom Action"
)

// source is the source of every Security Hub event.
const source = "aws.securityhub"

// Envelope is an EventBridge event as receivers get it: the body of each POST.
type Envelope struct {
	Version    string          `json:"version"`
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Account    string          `json:"account"`
	Time       string          `json:"time"`
	Region     string          `json:"region"`
	Resources  []string        `json:"resources"`
	Detail     json.RawMessage `json:"detail"`
}

// importedDetail is the detail of a Findings - Imported event: the one finding.
type importedDetail struct {
	Findings []json.RawMessage `json:"findings"`
}

// customActionDetail is the detail of a Findings - Custom Action event.
type customActionDetail struct {
	ActionName        string            `json:"actionName"`
	ActionDescription string            `json:"actionDescription"`
	Findings          []json.RawMessage `json:"findings"`
}

// FindingResource is the resource of a finding's events: its product ARN and Id joined by a
// slash, as Security Hub fills the resources of a Findings - Imported event.
func FindingResource(productARN, id string) string { return productARN + "/" + id }

// eventTime is EventBridge's time format: UTC to the second.
func eventTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// newEvent returns the outbox row of one event to account in key's region. The events of one
// finding to one account share a stream, whichever their type, and are delivered in order.
func newEvent(key store.AccountKey, account, detailType, productARN, findingID string, resources []string, detail any, at time.Time) (pending, error) {
	raw, err := json.Marshal(detail)
	if err != nil {
		return pending{}, err
	}
	body, err := json.Marshal(Envelope{Version: "0", ID: uuid.NewString(), DetailType: detailType, Source: source,
		Account: account, Time: eventTime(at), Region: key.Region, Resources: resources, Detail: raw})
	if err != nil {
		return pending{}, err
	}
	return pending{Stream: streamOf(key, account, productARN, findingID), Body: body}, nil
}

// streamOf names the stream of a finding's events to account: a hash, so that the index over
// streams stays small whatever the finding's ARN and Id.
func streamOf(key store.AccountKey, account, productARN, findingID string) string {
	h := sha256.New()
	for _, part := range []string{key.Partition, key.Region, account, productARN, findingID} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
