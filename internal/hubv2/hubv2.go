// Package hubv2 is the Security Hub V2 subscription of an account in a region
// (EnableSecurityHubV2, DescribeSecurityHubV2, DisableSecurityHubV2), which is independent of
// the Security Hub CSPM hub, its opt-in features (EnableSecurityHubFeatureV2,
// DisableSecurityHubFeatureV2), the accounts' free trials (ListFreeTrialStatusesV2) and the
// V2 view of the product catalogue (DescribeProductsV2).
// Every V2 operation asks it whether the caller has V2 on (Require).
package hubv2

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/members"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/products"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/tags"
)

// defaultPage is the page size of DescribeProductsV2 when MaxResults is absent.
const defaultPage = 100

// arnResource is what precedes the hub's id in the resource part of its ARN.
const arnResource = "hubv2/"

// Hub is an account's Security Hub V2 subscription in a region.
type Hub struct {
	ARN          string
	SubscribedAt time.Time
	// Features are the opt-in features and their status (Describe fills them).
	Features []Feature
}

// Service runs the V2 hub operations.
type Service struct {
	Store store.Store
	Clock clock.Clock
	Pages paging.Pager
}

func arn(key store.AccountKey, id string) string {
	return "arn:" + key.Partition + ":securityhub:" + key.Region + ":" + key.AccountID + ":" + arnResource + id
}

// get reads key's V2 hub; store.ErrNotFound when V2 is off.
func get(tx store.Tx, key store.AccountKey) (Hub, error) {
	var id string
	var at int64
	err := tx.QueryRow(`SELECT hub_id, subscribed_at_ms FROM hubs_v2 WHERE partition = ? AND region = ? AND account_id = ?`,
		key.Partition, key.Region, key.AccountID).Scan(&id, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Hub{}, store.ErrNotFound
	}
	return Hub{ARN: arn(key, id), SubscribedAt: store.FromMillis(at)}, err
}

// Require is the one "Security Hub V2 must be enabled" rule of the V2 operations: nil when
// key has V2 on, else the AccessDeniedException they answer with.
func Require(tx store.Tx, key store.AccountKey) error {
	_, err := get(tx, key)
	if errors.Is(err, store.ErrNotFound) {
		return apierr.HubV2NotEnabled.New(key.AccountID, key.Region)
	}
	return err
}

// RequireAdministrator is Require for the V2 configuration that only an administrator
// manages (aggregators V2, automation rules V2, connectors): nil when key has V2 on and is no
// Enabled member of another account, else the error; what names what the member may not do.
func RequireAdministrator(tx store.Tx, key store.AccountKey, what string) error {
	if err := Require(tx, key); err != nil {
		return err
	}
	admin, member, err := members.AdministratorOf(tx, key)
	if err == nil && member {
		return apierr.ConfigV2ByMember.New(key.AccountID, admin, what)
	}
	return err
}

// Enable turns V2 on for the caller in the request's region and returns its hub's ARN. It
// is idempotent: enabling again returns the same hub, adding the tags.
func (s *Service) Enable(ctx context.Context, c identity.Caller, hubTags map[string]string) (string, error) {
	key := domain.Key(c)
	now := s.Clock.Now()
	var out string
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		h, err := get(tx, key)
		if errors.Is(err, store.ErrNotFound) {
			id := uuid.NewString()
			if err := tx.Exec(`INSERT INTO hubs_v2 (partition, region, account_id, hub_id, subscribed_at_ms) VALUES (?, ?, ?, ?, ?)`,
				key.Partition, key.Region, key.AccountID, id, store.Millis(now)); err != nil {
				return err
			}
			h.ARN = arn(key, id)
			if err := StartTrial(tx, key, TrialSecurityHub, now); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		out = h.ARN
		if len(hubTags) > 0 {
			return tags.Add(tx, key, h.ARN, hubTags)
		}
		return nil
	})
	return out, err
}

// Describe returns the caller's V2 hub.
func (s *Service) Describe(ctx context.Context, c identity.Caller) (Hub, error) {
	key := domain.Key(c)
	var h Hub
	err := s.Store.View(ctx, func(tx store.Tx) (err error) {
		h, err = get(tx, key)
		if errors.Is(err, store.ErrNotFound) {
			return apierr.HubV2NotFound.New(key.AccountID, key.Region)
		} else if err != nil {
			return err
		}
		h.Features, err = features(tx, key)
		return err
	})
	return h, err
}

// Disable turns V2 off for the caller, and its opt-in features with it (enabling V2 again
// starts with them off); disabling what is off succeeds. The free trials stay.
func (s *Service) Disable(ctx context.Context, c identity.Caller) error {
	key := domain.Key(c)
	return s.Store.Update(ctx, func(tx store.Tx) error {
		h, err := get(tx, key)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		if err := tags.DeleteResource(tx, h.ARN); err != nil {
			return err
		}
		if err := tx.Exec(`DELETE FROM hub_features_v2 WHERE partition = ? AND region = ? AND account_id = ?`, key.Partition, key.Region, key.AccountID); err != nil {
			return err
		}
		return tx.Exec(`DELETE FROM hubs_v2 WHERE partition = ? AND region = ? AND account_id = ?`, key.Partition, key.Region, key.AccountID)
	})
}

// Products lists the product catalogue for V2, a page at a time.
func (s *Service) Products(ctx context.Context, c identity.Caller, maxResults int, nextToken string) ([]products.Product, string, error) {
	key := domain.Key(c)
	if err := s.Store.View(ctx, func(tx store.Tx) error { return Require(tx, key) }); err != nil {
		return nil, "", err
	}
	var list []products.Product
	for _, p := range products.Catalogue() {
		if p.OfferedIn(key.Region) {
			list = append(list, p)
		}
	}
	page := paging.Page{Scope: paging.Scope("DescribeProductsV2", key.Partition, key.Region, key.AccountID),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultPage}
	return paging.Offset(s.Pages, page, list)
}

// exists tells the tags domain whether a hubv2/ ARN is the account's hub.
func exists(tx store.Tx, key store.AccountKey, arn, _ string) (bool, error) {
	h, err := get(tx, key)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil && h.ARN == arn, err
}
