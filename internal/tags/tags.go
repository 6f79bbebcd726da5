// Package tags implements TagResource, UntagResource and ListTagsForResource for the
// resources of an account that carry tags. Each domain with taggable resources registers
// their kind in Service.Resources (the hub domain registers "hub/").
package tags

import (
	"context"
	"errors"
	"strings"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// MaxTagsPerResource is AWS's limit of tags on one resource.
const MaxTagsPerResource = 50

// Exists reports whether the resource named by arn (whose resource part is resource) exists
// for key. ErrUnknownType means the kind of resource does not take tags.
type Exists func(tx store.Tx, key store.AccountKey, arn, resource string) (bool, error)

// RecordExists is the Exists check of the resources a domain keeps in the store's generic
// records as kind, each under the id its ARN ends with after resource ("connectorv2/").
func RecordExists(kind, resource string) Exists {
	return func(tx store.Tx, key store.AccountKey, arn, _ string) (bool, error) {
		id, ok := domain.OwnID(key, arn, resource)
		if !ok {
			return false, nil
		}
		_, err := tx.Record(key, kind, id)
		if errors.Is(err, store.ErrNotFound) {
			return false, nil
		}
		return err == nil, err
	}
}

// ErrUnknownType marks an ARN whose resource type is not taggable.
var ErrUnknownType = errors.New("tags: unknown resource type")

// Service runs the tagging operations.
type Service struct {
	Store store.Store
	// Resources maps an ARN resource-type prefix ("hub/", "automation-rule/") to its
	// existence check.
	Resources map[string]Exists
}

// Tag adds or overwrites tags on a resource of the caller.
func (s *Service) Tag(ctx context.Context, c identity.Caller, arn string, tags map[string]string) error {
	key := domain.Key(c)
	return s.Store.Update(ctx, func(tx store.Tx) error {
		own, err := s.resolve(tx, key, arn)
		if err != nil {
			return err
		}
		return Add(tx, key, own, tags)
	})
}

// Add adds or overwrites tags on a resource of key, within AWS's limit of tags per resource:
// what every domain that tags its resources itself uses.
func Add(tx store.Tx, key store.AccountKey, resourceARN string, tags map[string]string) error {
	current, err := read(tx, resourceARN)
	if err != nil {
		return err
	}
	if countAfter(current, tags) > MaxTagsPerResource {
		return apierr.TagsLimitExceeded.New(MaxTagsPerResource)
	}
	return Set(tx, key, resourceARN, tags)
}

// countAfter returns how many tags a resource with current has once tags are added to it
// (a key it has already is overwritten, not added).
func countAfter(current, tags map[string]string) int {
	total := len(current)
	for k := range tags {
		if _, ok := current[k]; !ok {
			total++
		}
	}
	return total
}

// Untag removes tags from a resource of the caller; keys it does not have are ignored.
func (s *Service) Untag(ctx context.Context, c identity.Caller, arn string, keys []string) error {
	key := domain.Key(c)
	return s.Store.Update(ctx, func(tx store.Tx) error {
		own, err := s.resolve(tx, key, arn)
		if err != nil {
			return err
		}
		return remove(tx, own, keys)
	})
}

// List returns the tags of a resource of the caller (empty, not nil, when it has none).
func (s *Service) List(ctx context.Context, c identity.Caller, arn string) (map[string]string, error) {
	key := domain.Key(c)
	var tags map[string]string
	err := s.Store.View(ctx, func(tx store.Tx) error {
		own, err := s.resolve(tx, key, arn)
		if err != nil {
			return err
		}
		tags, err = read(tx, own)
		return err
	})
	return tags, err
}

// resolve checks that arn names an existing taggable resource of key and returns the
// resource's ARN, under which its tags are kept: arn itself, or arn with key's account when
// its account field is empty (domain.OwnARN). A well-formed ARN of another account, region or
// partition is not found rather than forbidden: the caller can only see its own resources.
func (s *Service) resolve(tx store.Tx, key store.AccountKey, arn string) (string, error) {
	own := domain.OwnARN(key, arn)
	parts := strings.SplitN(own, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "securityhub" {
		return "", apierr.TagsInvalidResourceARN.New(arn)
	}
	notFound := apierr.TaggedResourceNotFound.New(arn)
	if parts[1] != key.Partition || parts[3] != key.Region || parts[4] != key.AccountID {
		return "", notFound
	}
	resource := parts[5]
	for prefix, exists := range s.Resources {
		if strings.HasPrefix(resource, prefix) {
			ok, err := exists(tx, key, own, resource)
			if err != nil || !ok {
				if err == nil || errors.Is(err, ErrUnknownType) {
					return "", notFound
				}
				return "", err
			}
			return own, nil
		}
	}
	return "", notFound
}
