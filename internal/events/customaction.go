package events

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"regexp"

	"github.com/sechub/sechub/internal/actiontargets"
	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// MaxCustomActionFindings is how many findings a user may send to a custom action at once,
// as in the Security Hub console.
const MaxCustomActionFindings = 20

// CustomAction sends what Security Hub sends when a console user of c's account chooses the
// custom action actionTargetARN for findings: one "Security Hub Findings - Custom Action"
// event per finding, in c's account, whose resources are the action target and whose detail
// has its name, description and the finding as it is now. The hub must be on, the action
// target must be c's, and every finding one c may see (its own or an Enabled member's); else
// nothing is sent. It returns the events' ids, in the order of ids.
func (s *Service) CustomAction(ctx context.Context, c identity.Caller, actionTargetARN string, ids []findings.Identifier) ([]string, error) {
	if !s.Enabled() {
		return nil, apierr.EventsNotConfigured.New()
	}
	switch {
	case len(ids) == 0:
		return nil, apierr.CustomActionInvalid.New("FindingIdentifiers names no finding.")
	case len(ids) > MaxCustomActionFindings:
		return nil, apierr.CustomActionInvalid.New("FindingIdentifiers names more than 20 findings.")
	}
	seen := map[findings.Identifier]bool{}
	for _, id := range ids {
		if id.ID == "" || id.ProductARN == "" {
			return nil, apierr.CustomActionInvalid.New("Every finding identifier needs an Id and a ProductArn.")
		}
		if seen[id] {
			return nil, apierr.CustomActionInvalid.New("The finding " + id.ID + " is named twice.")
		}
		seen[id] = true
	}
	key := domain.Key(c)
	var eventIDs []string
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		eventIDs = eventIDs[:0]
		if _, err := hub.Require(tx, key); err != nil {
			return err
		}
		target, err := actiontargets.Lookup(tx, key, "ActionTargetArn", actionTargetARN)
		if err != nil {
			return err
		}
		now := s.Clock.Now()
		rows := make([]pending, 0, len(ids))
		for _, id := range ids {
			found, err := s.Findings.FindIn(tx, c, map[string]any{"Id": equals(id.ID), "ProductArn": equals(id.ProductARN)}, now)
			if err != nil {
				return err
			}
			if len(found) == 0 {
				return apierr.CustomActionFindingNotFound.New(id.ID, id.ProductARN)
			}
			doc, err := json.Marshal(found[0])
			if err != nil {
				return err
			}
			detail := customActionDetail{ActionName: target.Name, ActionDescription: target.Description,
				Findings: []json.RawMessage{doc}}
			row, err := newEvent(key, key.AccountID, DetailCustomAction, id.ProductARN, id.ID, []string{target.ARN}, detail, now)
			if err != nil {
				return err
			}
			rows = append(rows, row)
			eventIDs = append(eventIDs, eventID(row.Body))
		}
		if err := enqueue(tx, rows); err != nil {
			return err
		}
		s.notify()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return eventIDs, nil
}

// equals is the finding filter "field EQUALS value".
func equals(value string) []any {
	return []any{map[string]any{"Value": value, "Comparison": "EQUALS"}}
}

// eventID reads the id of an event's envelope.
func eventID(body []byte) string {
	var e struct{ ID string }
	json.Unmarshal(body, &e)
	return e.ID
}

// The operator endpoint through which a custom action is chosen outside a console:
//
//	POST /_sechub/events/custom-action  {"AccountId", "Region", "ActionTargetArn", "FindingIdentifiers": [{"Id", "ProductArn"}]}
//	  -> {"EventIds": [...]}

// customActionRequest is the body of events/custom-action.
type customActionRequest struct {
	AccountID          string `json:"AccountId"`
	Region             string
	ActionTargetARN    string `json:"ActionTargetArn"`
	FindingIdentifiers []struct {
		ID         string `json:"Id"`
		ProductARN string `json:"ProductArn"`
	}
}

// regionName is the form of an AWS region's name (us-east-1, us-gov-west-1, cn-north-1).
var regionName = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d{1,2}$`)

// customActionEndpoint answers events/custom-action.
func (s *Service) customActionEndpoint(ctx context.Context, body []byte) (any, error) {
	var in customActionRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields() // a misspelt member is an error, not silently absent
	if err := dec.Decode(&in); err != nil {
		return nil, apierr.CustomActionInvalid.New("The body is not the endpoint's JSON object: " + err.Error())
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, apierr.CustomActionInvalid.New("The body has data after its JSON object.")
	}
	if !identity.IsAccountID(in.AccountID) || !regionName.MatchString(in.Region) {
		return nil, apierr.CustomActionInvalid.New("AccountId (12 digits) and Region (us-east-1, ...) are required.")
	}
	partition := identity.PartitionOf(in.Region)
	c := identity.Caller{AccountID: in.AccountID, Region: in.Region, Partition: partition,
		Principal: "arn:" + partition + ":iam::" + in.AccountID + ":root"}
	ids := make([]findings.Identifier, len(in.FindingIdentifiers))
	for i, f := range in.FindingIdentifiers {
		ids[i] = findings.Identifier{ID: f.ID, ProductARN: f.ProductARN}
	}
	eventIDs, err := s.CustomAction(ctx, c, in.ActionTargetARN, ids)
	if err != nil {
		return nil, err
	}
	return map[string]any{"EventIds": eventIDs}, nil
}
