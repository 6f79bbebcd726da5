// Package aggregatorsv2 is Security Hub V2's cross-Region aggregation configuration: an
// account's one aggregator V2, which names its home region (where it was created) and the
// regions linked to it (CreateAggregatorV2, GetAggregatorV2, UpdateAggregatorV2,
// DeleteAggregatorV2, ListAggregatorsV2). It follows the rules of the CSPM finding aggregator
// (internal/aggregators): the same linking modes and region checks (aggregators.Linking.Check),
// one per account and partition, changed only from its home region, listed from any. It is
// kept apart from the CSPM aggregator because AWS keeps the two apart: an account may have
// either, both, or neither. Other domains read it through Linked.
package aggregatorsv2

import (
	"context"
	"errors"
	"strings"

	"github.com/sechub/sechub/internal/aggregators"
	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/hubv2"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/tags"
)

const (
	// arnResource is what precedes the aggregator's id in the resource part of its ARN.
	arnResource = "aggregatorv2/"
	// defaultPage is ListAggregatorsV2's page without MaxResults; there is at most one.
	defaultPage = 10
	// firstPageToken is the NextToken the API reference tells callers to send first.
	firstPageToken = "NULL"
)

// Aggregation is an account's aggregator V2: the CSPM aggregator's type, whose Regions are
// the V2 LinkedRegions.
type Aggregation = aggregators.Aggregation

// Linking is the RegionLinkingMode and LinkedRegions of a create or update.
type Linking = aggregators.Linking

// table holds the aggregators V2.
var table = aggregators.Table{Name: "aggregators_v2", Resource: arnResource}

// errs are the errors of the aggregators V2.
var errs = aggregators.Errors{Exists: apierr.AggregatorV2Exists, ARNInvalid: apierr.AggregatorV2ARNInvalid,
	NotFound: apierr.AggregatorV2NotFound, NotHomeRegion: apierr.AggregatorV2NotHomeRegion}

// Linked returns an account's aggregator V2, ok=false when it has none.
func Linked(tx store.Tx, partition, account string) (Aggregation, bool, error) {
	return table.Linked(tx, partition, account)
}

// Service runs the aggregator V2 operations.
type Service struct {
	Store store.Store
	Clock clock.Clock
	Pages paging.Pager
}

// check applies the CSPM aggregator's linking rule and answers its refusal as the V2
// operations do: a ValidationException that names the V2 members.
func check(l Linking, home string) (Linking, error) {
	checked, err := l.Check(home)
	var e *apierr.Error
	if err == nil || !errors.As(err, &e) {
		return checked, err
	}
	// The CSPM rule's messages read "Invalid parameter '<member>'. <why>".
	member, why := "RegionLinkingMode", e.Message
	if rest, ok := strings.CutPrefix(e.Message, "Invalid parameter '"); ok {
		if name, after, found := strings.Cut(rest, "'. "); found {
			member, why = name, after
		}
	}
	if member == "Regions" {
		member = "LinkedRegions"
	}
	return checked, apierr.InvalidParameterV2.New(member, strings.ReplaceAll(why, "Regions cannot", "LinkedRegions cannot"))
}

// Create makes key's account's aggregator V2 with key's region as its home region, tagged.
func (s *Service) Create(ctx context.Context, key store.AccountKey, l Linking, tagged map[string]string) (Aggregation, error) {
	l, err := check(l, key.Region)
	if err != nil {
		return Aggregation{}, err
	}
	now := s.Clock.Now()
	var agg Aggregation
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if err := hubv2.RequireAdministrator(tx, key, "create an aggregator V2"); err != nil {
			return err
		}
		var err error
		if agg, err = table.Insert(tx, key, l, now, errs); err != nil || len(tagged) == 0 {
			return err
		}
		return tags.Add(tx, key, agg.ARN, tagged)
	})
	return agg, err
}

// Get returns the aggregator V2 arn names, from its home region.
func (s *Service) Get(ctx context.Context, key store.AccountKey, arn string) (Aggregation, error) {
	var agg Aggregation
	err := s.Store.View(ctx, func(tx store.Tx) (err error) {
		agg, err = own(tx, key, arn)
		return err
	})
	return agg, err
}

// Update changes the linking of the aggregator V2 arn names, from its home region.
func (s *Service) Update(ctx context.Context, key store.AccountKey, arn string, l Linking) (Aggregation, error) {
	var agg Aggregation
	now := s.Clock.Now()
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		var err error
		if agg, err = own(tx, key, arn); err != nil {
			return err
		}
		if l, err = check(l, agg.Home); err != nil {
			return err
		}
		agg.Mode, agg.Regions = l.Mode, l.Regions
		return table.Save(tx, agg, now)
	})
	return agg, err
}

// Delete deletes the aggregator V2 arn names, with its tags, from its home region.
func (s *Service) Delete(ctx context.Context, key store.AccountKey, arn string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		agg, err := own(tx, key, arn)
		if err != nil {
			return err
		}
		if err := tags.DeleteResource(tx, agg.ARN); err != nil {
			return err
		}
		return table.Remove(tx, agg.Partition, agg.Account)
	})
}

// List returns the ARNs of key's account's aggregators V2 (none or one), from any region
// where V2 is on. The token "NULL" is the first page, as the API reference says.
func (s *Service) List(ctx context.Context, key store.AccountKey, maxResults int, nextToken string) ([]string, string, error) {
	if nextToken == firstPageToken {
		nextToken = ""
	}
	arns := []string{}
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if err := hubv2.Require(tx, key); err != nil {
			return err
		}
		agg, ok, err := Linked(tx, key.Partition, key.AccountID)
		if ok {
			arns = append(arns, agg.ARN)
		}
		return err
	})
	if err != nil {
		return nil, "", err
	}
	page := paging.Page{Scope: paging.Scope("ListAggregatorsV2", key.Partition, key.Region, key.AccountID),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultPage}
	return paging.Offset(s.Pages, page, arns)
}

// own returns key's account's aggregator V2 that arn names (an ARN without an account names
// the caller's), once key has V2 on and key's region is the aggregator's home.
func own(tx store.Tx, key store.AccountKey, arn string) (Aggregation, error) {
	if err := hubv2.Require(tx, key); err != nil {
		return Aggregation{}, err
	}
	return table.Own(tx, key, arn, errs)
}

// exists tells the tags domain whether an aggregatorv2/ ARN is key's account's aggregator.
func exists(tx store.Tx, key store.AccountKey, arn, _ string) (bool, error) {
	agg, ok, err := Linked(tx, key.Partition, key.AccountID)
	return ok && agg.ARN == arn, err
}
