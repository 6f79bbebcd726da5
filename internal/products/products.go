package products

import (
	"context"
	"slices"
	"strings"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
)

// defaultPage is the page size of the listings when MaxResults is absent.
const defaultPage = 100

// Service runs the products operations.
type Service struct {
	Store store.Store
	Pages paging.Pager
}

// Enabled returns the products of the catalogue whose findings key takes, in the catalogue's
// order.
func Enabled(tx store.Tx, key store.AccountKey) ([]Product, error) {
	chosen, err := choices(tx, key)
	if err != nil {
		return nil, err
	}
	var out []Product
	for _, p := range Catalogue() {
		on, changed := chosen[p.Path()]
		if p.OfferedIn(key.Region) && (on || !changed && p.EnabledByDefault) {
			out = append(out, p)
		}
	}
	return out, nil
}

// Takes reports whether key takes the findings of the catalogue's product p.
func Takes(tx store.Tx, key store.AccountKey, p Product) (bool, error) {
	enabled, err := Enabled(tx, key)
	return slices.ContainsFunc(enabled, func(e Product) bool { return e.Path() == p.Path() }), err
}

// Describe lists the catalogue's products offered in the caller's region, or the one whose
// ARN is productARN, a page at a time.
func (s *Service) Describe(ctx context.Context, c identity.Caller, productARN string, maxResults int, nextToken string) ([]Product, string, error) {
	key := domain.Key(c)
	if err := s.Store.View(ctx, func(tx store.Tx) error {
		_, err := hub.Require(tx, key)
		return err
	}); err != nil {
		return nil, "", err
	}
	var list []Product
	for _, p := range Catalogue() {
		if p.OfferedIn(key.Region) && (productARN == "" || p.ARN(key.Partition, key.Region) == productARN) {
			list = append(list, p)
		}
	}
	page := paging.Page{Scope: paging.Scope("DescribeProducts", key.Partition, key.Region, key.AccountID, productARN),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultPage}
	return paging.Offset(s.Pages, page, list)
}

// Enable starts taking a product's findings; it returns the subscription's ARN.
func (s *Service) Enable(ctx context.Context, c identity.Caller, productARN string) (string, error) {
	key := domain.Key(c)
	p, known := ByARN(key.Partition, key.Region, productARN)
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := hub.Require(tx, key); err != nil {
			return err
		}
		if !known {
			return apierr.ProductNotFound.New(productARN, key.Region)
		}
		on, err := Takes(tx, key, p)
		if err != nil {
			return err
		}
		if on {
			return apierr.ProductAlreadyEnabled.New(productARN)
		}
		return choose(tx, key, p.Path(), true)
	})
	if err != nil {
		return "", err
	}
	return p.SubscriptionARN(key.Partition, key.Region, key.AccountID), nil
}

// Disable stops taking the findings of the product a subscription ARN names (an ARN without
// an account names the caller's: domain.OwnARN).
func (s *Service) Disable(ctx context.Context, c identity.Caller, subscriptionARN string) error {
	key := domain.Key(c)
	arn := domain.OwnARN(key, subscriptionARN)
	prefix := "arn:" + key.Partition + ":securityhub:" + key.Region + ":" + key.AccountID + ":product-subscription/"
	path, ours := strings.CutPrefix(arn, prefix)
	p, known := ByPath(path)
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := hub.Require(tx, key); err != nil {
			return err
		}
		if !ours || !known {
			return apierr.ProductSubscriptionNotFound.New(subscriptionARN)
		}
		on, err := Takes(tx, key, p)
		if err != nil {
			return err
		}
		if !on {
			return apierr.ProductSubscriptionNotFound.New(subscriptionARN)
		}
		return choose(tx, key, p.Path(), false)
	})
}

// ListEnabled lists the ARNs of the caller's product subscriptions, a page at a time.
func (s *Service) ListEnabled(ctx context.Context, c identity.Caller, maxResults int, nextToken string) ([]string, string, error) {
	key := domain.Key(c)
	var arns []string
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if _, err := hub.Require(tx, key); err != nil {
			return err
		}
		enabled, err := Enabled(tx, key)
		for _, p := range enabled {
			arns = append(arns, p.SubscriptionARN(key.Partition, key.Region, key.AccountID))
		}
		return err
	})
	if err != nil {
		return nil, "", err
	}
	slices.Sort(arns)
	page := paging.Page{Scope: paging.Scope("ListEnabledProductsForImport", key.Partition, key.Region, key.AccountID),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultPage}
	return paging.Offset(s.Pages, page, arns)
}
