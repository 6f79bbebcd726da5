package standards

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/pagetoken"
	"github.com/sechub/sechub/internal/store"
)

// Subscription statuses (the model's StandardsStatus enum).
const (
	StatusPending  = "PENDING"
	StatusReady    = "READY"
	StatusDeleting = "DELETING"
)

// Page sizes when MaxResults is absent.
const (
	defaultEnabledPage  = 100
	defaultDescribePage = 100
)

// Service runs the standards operations.
type Service struct {
	Store  store.Store
	Now    func() time.Time
	Tokens pagetoken.Codec
	// RequireHub returns the caller's hub error (401 when not subscribed); the hub package
	// provides it, which keeps this package free of an import cycle.
	RequireHub func(tx store.Tx, key store.AccountKey) error
}

// SubscribeDefaults subscribes key to the standards enabled by default.
func SubscribeDefaults(tx store.Tx, key store.AccountKey, now time.Time) error {
	for _, d := range Catalog {
		if d.EnabledByDefault {
			if err := tx.PutStandardsSubscription(newSubscription(key, d, nil, now)); err != nil {
				return err
			}
		}
	}
	return nil
}

func newSubscription(key store.AccountKey, d Definition, input map[string]string, now time.Time) store.StandardsSubscription {
	if input == nil {
		input = map[string]string{}
	}
	// Enabling completes at once here, so reads show READY; BatchEnableStandards still
	// answers PENDING, as AWS does while it sets the standard up.
	return store.StandardsSubscription{Key: key, StandardsARN: d.ARN(key.Partition, key.Region),
		SubscriptionARN: d.SubscriptionARN(key.Partition, key.Region, key.AccountID),
		Input:           input, Status: StatusReady, CreatedAt: now.UTC()}
}

func key(c identity.Caller) store.AccountKey {
	return store.AccountKey{Partition: c.Partition, Region: c.Region, AccountID: c.AccountID}
}

// Describe lists the catalogue, a page at a time.
func (s *Service) Describe(ctx context.Context, c identity.Caller, codec pagetoken.Codec, maxResults int, nextToken string) ([]Definition, string, error) {
	err := s.Store.View(ctx, func(tx store.Tx) error { return s.RequireHub(tx, key(c)) })
	if err != nil {
		return nil, "", err
	}
	if maxResults == 0 {
		maxResults = defaultDescribePage
	}
	start, err := decodeOffset(codec, "DescribeStandards", c, nextToken)
	if err != nil {
		return nil, "", err
	}
	end := min(start+maxResults, len(Catalog))
	var next string
	if end < len(Catalog) {
		next = codec.Encode(scope("DescribeStandards", c), strconv.Itoa(end))
	}
	return Catalog[start:end], next, nil
}

// GetEnabled lists the caller's subscriptions, optionally only those named.
func (s *Service) GetEnabled(ctx context.Context, c identity.Caller, codec pagetoken.Codec, arns []string, maxResults int, nextToken string) ([]store.StandardsSubscription, string, error) {
	k := key(c)
	var subs []store.StandardsSubscription
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if err := s.RequireHub(tx, k); err != nil {
			return err
		}
		all, err := tx.StandardsSubscriptions(k)
		subs = all
		return err
	})
	if err != nil {
		return nil, "", err
	}
	if len(arns) > 0 {
		wanted := map[string]bool{}
		for _, a := range arns {
			wanted[a] = true
		}
		filtered := subs[:0]
		for _, sub := range subs {
			if wanted[sub.SubscriptionARN] {
				filtered = append(filtered, sub)
			}
		}
		subs = filtered
	}
	if maxResults == 0 {
		maxResults = defaultEnabledPage
	}
	start, err := decodeOffset(codec, "GetEnabledStandards", c, nextToken)
	if err != nil {
		return nil, "", err
	}
	start = min(start, len(subs))
	end := min(start+maxResults, len(subs))
	var next string
	if end < len(subs) {
		next = codec.Encode(scope("GetEnabledStandards", c), strconv.Itoa(end))
	}
	return subs[start:end], next, nil
}

// EnableRequest asks for one standard, with its optional input parameters.
type EnableRequest struct {
	StandardsARN string
	Input        map[string]string
}

// BatchEnable subscribes the caller to standards. Every ARN is checked before anything is
// written; the returned subscriptions show PENDING.
func (s *Service) BatchEnable(ctx context.Context, c identity.Caller, reqs []EnableRequest) ([]store.StandardsSubscription, error) {
	k := key(c)
	defs := make([]Definition, len(reqs))
	for i, r := range reqs {
		d, ok := Lookup(k.Partition, k.Region, r.StandardsARN)
		if !ok {
			return nil, apierr.InvalidInputf("Invalid parameter 'StandardsArn'. Standard %s does not exist or is not available in %s.", r.StandardsARN, k.Region)
		}
		defs[i] = d
	}
	now := s.now()
	out := make([]store.StandardsSubscription, len(reqs))
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if err := s.RequireHub(tx, k); err != nil {
			return err
		}
		for i, d := range defs {
			sub := newSubscription(k, d, reqs[i].Input, now)
			if err := tx.PutStandardsSubscription(sub); err != nil {
				return err
			}
			sub.Status = StatusPending
			out[i] = sub
		}
		return nil
	})
	return out, err
}

// BatchDisable unsubscribes the caller from the named subscriptions. All must exist; the
// returned subscriptions show DELETING.
func (s *Service) BatchDisable(ctx context.Context, c identity.Caller, subscriptionARNs []string) ([]store.StandardsSubscription, error) {
	k := key(c)
	var out []store.StandardsSubscription
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if err := s.RequireHub(tx, k); err != nil {
			return err
		}
		subs, err := tx.StandardsSubscriptions(k)
		if err != nil {
			return err
		}
		byARN := map[string]store.StandardsSubscription{}
		for _, sub := range subs {
			byARN[sub.SubscriptionARN] = sub
		}
		out = make([]store.StandardsSubscription, 0, len(subscriptionARNs))
		for _, arn := range subscriptionARNs {
			sub, ok := byARN[arn]
			if !ok {
				return apierr.InvalidInputf("Invalid parameter 'StandardsSubscriptionArns'. Subscription %s does not exist.", arn)
			}
			if err := tx.DeleteStandardsSubscription(k, sub.StandardsARN); err != nil {
				return err
			}
			sub.Status = StatusDeleting
			out = append(out, sub)
		}
		return nil
	})
	return out, err
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func scope(op string, c identity.Caller) string {
	return fmt.Sprintf("%s|%s|%s|%s", op, c.Partition, c.Region, c.AccountID)
}

func decodeOffset(codec pagetoken.Codec, op string, c identity.Caller, token string) (int, error) {
	if token == "" {
		return 0, nil
	}
	pos, err := codec.Decode(scope(op, c), token)
	if err == nil {
		var n int
		if n, err = strconv.Atoi(pos); err == nil && n >= 0 {
			return n, nil
		}
	}
	return 0, apierr.New(apierr.InvalidInput, "Invalid parameter 'NextToken'. The token is not valid for this request.")
}
