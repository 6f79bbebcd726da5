package standards

import (
	"context"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/store"
)

// Page sizes when MaxResults is absent.
const (
	defaultEnabledPage  = 100
	defaultDescribePage = 100
)

// Subscription is an account's subscription to a security standard in a region.
type Subscription struct {
	Key             store.AccountKey
	StandardsARN    string
	SubscriptionARN string
	// Input holds the standard's input parameters; never nil.
	Input map[string]string
	// Status is a value of the model's StandardsStatus enum.
	Status    string
	CreatedAt time.Time
}

// Service runs the standards operations.
type Service struct {
	Store store.Store
	Clock clock.Clock
	Pages paging.Pager
	// RequireHub is the "hub must be enabled" rule (domain.Env.RequireHub). The hub package
	// provides it; standards cannot import hub, which imports standards for the default
	// standards of a new hub.
	RequireHub func(tx store.Tx, key store.AccountKey) error

	disabled []func(tx store.Tx, key store.AccountKey, standard Definition) error
}

// OnDisable registers what a domain does, inside the BatchDisableStandards transaction, when
// an account unsubscribes from a standard (the controls domain forgets its control statuses
// there and archives its control findings).
func (s *Service) OnDisable(hook func(tx store.Tx, key store.AccountKey, standard Definition) error) {
	s.disabled = append(s.disabled, hook)
}

// SubscribeDefaults subscribes key to the standards enabled by default.
func SubscribeDefaults(tx store.Tx, key store.AccountKey, now time.Time) error {
	for _, d := range Catalog {
		if d.EnabledByDefault {
			if err := put(tx, newSubscription(key, d, nil, now)); err != nil {
				return err
			}
		}
	}
	return nil
}

// newSubscription returns key's subscription to d as it is stored. Enabling completes at
// once in sechub, so the stored status is READY; BatchEnableStandards still answers PENDING,
// as AWS does while it sets the standard up.
func newSubscription(key store.AccountKey, d Definition, input map[string]string, now time.Time) Subscription {
	if input == nil {
		input = map[string]string{}
	}
	return Subscription{Key: key, StandardsARN: d.ARN(key.Partition, key.Region),
		SubscriptionARN: d.SubscriptionARN(key.Partition, key.Region, key.AccountID),
		Input:           input, Status: sh.StandardsStatusReady, CreatedAt: clock.Round(now)}
}

// Describe lists the catalogue, a page at a time.
func (s *Service) Describe(ctx context.Context, c identity.Caller, maxResults int, nextToken string) ([]Definition, string, error) {
	key := domain.Key(c)
	if err := s.Store.View(ctx, func(tx store.Tx) error { return s.RequireHub(tx, key) }); err != nil {
		return nil, "", err
	}
	page := paging.Page{Scope: paging.Scope("DescribeStandards", key.Partition, key.Region, key.AccountID),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultDescribePage}
	return paging.Offset(s.Pages, page, Catalog)
}

// GetEnabled lists the caller's subscriptions, only those whose subscription ARN is in arns
// when arns is not empty (an ARN without an account names the caller's: domain.OwnARN).
func (s *Service) GetEnabled(ctx context.Context, c identity.Caller, arns []string, maxResults int, nextToken string) ([]Subscription, string, error) {
	key := domain.Key(c)
	arns = domain.OwnARNs(key, arns)
	var subs []Subscription
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if err := s.RequireHub(tx, key); err != nil {
			return err
		}
		var err error
		subs, err = Subscriptions(tx, key)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	subs = only(subs, arns)
	scope := append([]string{"GetEnabledStandards", key.Partition, key.Region, key.AccountID}, arns...)
	page := paging.Page{Scope: paging.Scope(scope...), NextToken: nextToken, MaxResults: maxResults, Default: defaultEnabledPage}
	return paging.Offset(s.Pages, page, subs)
}

// only returns the subscriptions whose subscription ARN is one of arns; all of them when
// arns is empty.
func only(subs []Subscription, arns []string) []Subscription {
	if len(arns) == 0 {
		return subs
	}
	wanted := make(map[string]bool, len(arns))
	for _, a := range arns {
		wanted[a] = true
	}
	var out []Subscription
	for _, sub := range subs {
		if wanted[sub.SubscriptionARN] {
			out = append(out, sub)
		}
	}
	return out
}

// EnableRequest asks for one standard, with its optional input parameters.
type EnableRequest struct {
	StandardsARN string
	Input        map[string]string
}

// BatchEnable subscribes the caller to standards. Every ARN is checked before anything is
// written; the returned subscriptions show PENDING.
func (s *Service) BatchEnable(ctx context.Context, c identity.Caller, reqs []EnableRequest) ([]Subscription, error) {
	key := domain.Key(c)
	defs := make([]Definition, len(reqs))
	for i, r := range reqs {
		d, ok := Lookup(key.Partition, key.Region, r.StandardsARN)
		if !ok {
			return nil, apierr.StandardNotAvailable.New(r.StandardsARN, key.Region)
		}
		defs[i] = d
	}
	now := s.Clock.Now()
	out := make([]Subscription, len(reqs))
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if err := s.RequireHub(tx, key); err != nil {
			return err
		}
		for i, d := range defs {
			sub := newSubscription(key, d, reqs[i].Input, now)
			if err := put(tx, sub); err != nil {
				return err
			}
			sub.Status = sh.StandardsStatusPending
			out[i] = sub
		}
		return nil
	})
	return out, err
}

// BatchDisable unsubscribes the caller from the named subscriptions (an ARN without an
// account names the caller's: domain.OwnARN). All must exist: they are checked before
// anything is deleted. The returned subscriptions show DELETING.
func (s *Service) BatchDisable(ctx context.Context, c identity.Caller, subscriptionARNs []string) ([]Subscription, error) {
	key := domain.Key(c)
	var out []Subscription
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if err := s.RequireHub(tx, key); err != nil {
			return err
		}
		subs, err := Subscriptions(tx, key)
		if err != nil {
			return err
		}
		byARN := make(map[string]Subscription, len(subs))
		for _, sub := range subs {
			byARN[sub.SubscriptionARN] = sub
		}
		out = make([]Subscription, 0, len(subscriptionARNs))
		for _, arn := range subscriptionARNs {
			sub, ok := byARN[domain.OwnARN(key, arn)]
			if !ok {
				return apierr.StandardsSubscriptionNotFound.New(arn)
			}
			sub.Status = sh.StandardsStatusDeleting
			out = append(out, sub)
		}
		for _, sub := range out {
			if err := s.unsubscribe(tx, key, sub); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// unsubscribe ends one subscription of key in tx, running the OnDisable hooks.
func (s *Service) unsubscribe(tx store.Tx, key store.AccountKey, sub Subscription) error {
	if err := remove(tx, key, sub.StandardsARN); err != nil {
		return err
	}
	d, _ := Lookup(key.Partition, key.Region, sub.StandardsARN)
	for _, hook := range s.disabled {
		if err := hook(tx, key, d); err != nil {
			return err
		}
	}
	return nil
}

// SetIn makes key's subscriptions, inside tx, exactly the standards defs: it subscribes to
// those it lacks and unsubscribes from the others, as BatchEnableStandards and
// BatchDisableStandards would; subscriptions it keeps are left as they are. Central
// configuration's policies use it. The hub must be on.
func (s *Service) SetIn(tx store.Tx, key store.AccountKey, defs []Definition, now time.Time) error {
	subs, err := Subscriptions(tx, key)
	if err != nil {
		return err
	}
	want := map[string]Definition{}
	for _, d := range defs {
		want[d.ARN(key.Partition, key.Region)] = d
	}
	for _, sub := range subs {
		if _, keep := want[sub.StandardsARN]; keep {
			delete(want, sub.StandardsARN)
			continue
		}
		if err := s.unsubscribe(tx, key, sub); err != nil {
			return err
		}
	}
	for _, d := range defs {
		if _, missing := want[d.ARN(key.Partition, key.Region)]; missing {
			if err := put(tx, newSubscription(key, d, nil, now)); err != nil {
				return err
			}
			delete(want, d.ARN(key.Partition, key.Region))
		}
	}
	return nil
}
