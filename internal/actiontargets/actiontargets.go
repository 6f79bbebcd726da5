// Package actiontargets is Security Hub's custom actions (action targets): targets an account
// names so that, in AWS, findings and insight results sent to one reach Amazon EventBridge.
// sechub keeps them per account and region and answers CreateActionTarget,
// DescribeActionTargets, UpdateActionTarget and DeleteActionTarget; it sends no events. They
// live in the store's generic records, so the domain has no table of its own, and they go
// when the account disables its hub in the region.
package actiontargets

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
)

// AWS's limits on custom actions.
const (
	// MaxPerRegion is how many action targets an account can have in a region.
	MaxPerRegion = 50
	// MaxIDLength is the longest Id, in characters (all ASCII).
	MaxIDLength = 20
	// MaxNameLength is the longest Name, in characters.
	MaxNameLength = 20
)

// defaultPage is the page size of DescribeActionTargets when MaxResults is absent. AWS does
// not document its default; the model's maximum holds an account's every action target.
const defaultPage = 100

// arnResource is what precedes the Id in the resource part of an action target ARN.
const arnResource = "action/custom/"

// ActionTarget is one custom action target.
type ActionTarget struct {
	ARN         string
	Name        string
	Description string
}

// Service runs the action target operations.
type Service struct {
	Store store.Store
	Clock clock.Clock
	Pages paging.Pager
}

// ARN returns the ARN of the action target id of the account and region of key.
func ARN(key store.AccountKey, id string) string {
	return "arn:" + key.Partition + ":securityhub:" + key.Region + ":" + key.AccountID + ":" + arnResource + id
}

// ParseARN returns the account and region an action target ARN belongs to and its Id; ok is
// false when arn is not an action target ARN.
func ParseARN(arn string) (key store.AccountKey, id string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[2] != "securityhub" || parts[3] == "" ||
		!identity.IsAccountID(parts[4]) {
		return store.AccountKey{}, "", false
	}
	id, found := strings.CutPrefix(parts[5], arnResource)
	if !found || checkID(id) != nil {
		return store.AccountKey{}, "", false
	}
	return store.AccountKey{Partition: parts[1], Region: parts[3], AccountID: parts[4]}, id, true
}

// checkID returns the InvalidInputException for an Id AWS refuses: more than 20 characters,
// or any character other than A-Z, a-z and 0-9. The model already refuses an empty or blank
// one.
func checkID(id string) error {
	if n := utf8.RuneCountInString(id); n > MaxIDLength {
		return apierr.ActionTargetIDTooLong.New(n, MaxIDLength)
	}
	if id == "" || strings.IndexFunc(id, func(r rune) bool { return !isAlphanumeric(r) }) >= 0 {
		return apierr.ActionTargetIDNotAlphanumeric.New(id)
	}
	return nil
}

func isAlphanumeric(r rune) bool {
	return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
}

// checkName returns the InvalidInputException for a Name longer than 20 characters.
func checkName(name string) error {
	if n := utf8.RuneCountInString(name); n > MaxNameLength {
		return apierr.ActionTargetNameTooLong.New(n, MaxNameLength)
	}
	return nil
}

// parse is ParseARN of an ARN the caller key sent: one without an account names the caller's
// action target (domain.OwnARN).
func parse(key store.AccountKey, arn string) (owner store.AccountKey, id string, ok bool) {
	return ParseARN(domain.OwnARN(key, arn))
}

// idOf returns the Id of the caller's action target that arn names, the InvalidInputException
// naming member when arn is not an action target ARN, or the ResourceNotFoundException when it
// is another account's or region's: those are never visible to the caller.
func idOf(key store.AccountKey, member, arn string) (string, error) {
	owner, id, ok := parse(key, arn)
	if !ok {
		return "", apierr.ActionTargetARNInvalid.New(member, arn)
	}
	if owner != key {
		return "", apierr.ActionTargetNotFound.New(arn)
	}
	return id, nil
}

// checkARNs returns the InvalidInputException of the first value of ActionTargetArns (sent by
// the caller key) that is not an action target ARN.
func checkARNs(key store.AccountKey, arns []string) error {
	for i, arn := range arns {
		if _, _, ok := parse(key, arn); !ok {
			return apierr.ActionTargetARNInvalid.New("ActionTargetArns["+strconv.Itoa(i)+"]", arn)
		}
	}
	return nil
}

// requireHub is the rule every action target operation starts with: the caller's hub must be
// on in the region.
func requireHub(tx store.Tx, key store.AccountKey) error {
	_, err := hub.Require(tx, key)
	return err
}

// Create makes the action target id of key and returns its ARN.
func (s *Service) Create(ctx context.Context, key store.AccountKey, id, name, description string) (string, error) {
	if err := checkID(id); err != nil {
		return "", err
	}
	if err := checkName(name); err != nil {
		return "", err
	}
	now := s.Clock.Now()
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if err := requireHub(tx, key); err != nil {
			return err
		}
		if _, err := targets.Get(tx, key, id); err == nil {
			return apierr.ActionTargetExists.New(id)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		n, err := count(tx, key)
		if err != nil {
			return err
		}
		if n >= MaxPerRegion {
			return apierr.ActionTargetLimitExceeded.New(MaxPerRegion)
		}
		err = targets.Insert(tx, key, id, stored{Name: name, Description: description, CreatedAt: now, UpdatedAt: now})
		if errors.Is(err, store.ErrConflict) {
			return apierr.ActionTargetExists.New(id)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	return ARN(key, id), nil
}

// Describe returns a page of key's action targets in the order they were created, and the
// token of the next page. When arns is not empty only those are listed, and every one of them
// must exist: one that does not is a ResourceNotFoundException, as for a single ARN.
func (s *Service) Describe(ctx context.Context, key store.AccountKey, arns []string, maxResults int, nextToken string) ([]ActionTarget, string, error) {
	if err := checkARNs(key, arns); err != nil {
		return nil, "", err
	}
	wanted := selection(arns)
	scope := append([]string{"DescribeActionTargets", key.Partition, key.Region, key.AccountID}, wanted...)
	page := paging.Page{Scope: paging.Scope(scope...), NextToken: nextToken, MaxResults: maxResults, Default: defaultPage}
	var list []ActionTarget
	var next string
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if err := requireHub(tx, key); err != nil {
			return err
		}
		ids := map[string]bool{}
		for _, arn := range wanted {
			id, err := idOf(key, "ActionTargetArns", arn)
			if err != nil {
				return err
			}
			if _, err := targets.Get(tx, key, id); errors.Is(err, store.ErrNotFound) {
				return apierr.ActionTargetNotFound.New(arn)
			} else if err != nil {
				return err
			}
			ids[id] = true
		}
		read := func(afterSeq int64, limit int) ([]entry, error) {
			if len(ids) == 0 {
				return targets.List(tx, key, afterSeq, limit)
			}
			all, err := targets.List(tx, key, afterSeq, 0)
			if err != nil {
				return nil, err
			}
			return keep(all, ids, limit), nil
		}
		entries, token, err := paging.Created(s.Pages, page, read, func(e entry) int64 { return e.Seq })
		if err != nil {
			return err
		}
		list = make([]ActionTarget, len(entries))
		for i, e := range entries {
			list[i] = ActionTarget{ARN: ARN(key, e.ID), Name: e.Value.Name, Description: e.Value.Description}
		}
		next = token
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return list, next, nil
}

// selection returns the distinct ARNs of a DescribeActionTargets filter, sorted, so that the
// same filter written in another order or with repeats is the same listing.
func selection(arns []string) []string {
	out := slices.Clone(arns)
	slices.Sort(out)
	return slices.Compact(out)
}

// keep returns the first limit entries whose Id is in ids (all of them when limit is 0).
func keep(entries []entry, ids map[string]bool, limit int) []entry {
	var out []entry
	for _, e := range entries {
		if !ids[e.ID] {
			continue
		}
		out = append(out, e)
		if limit > 0 && len(out) == limit {
			break
		}
	}
	return out
}

// Update changes the Name and Description of the action target arn names, those given (not
// empty); with neither it only checks that the action target exists.
func (s *Service) Update(ctx context.Context, key store.AccountKey, arn, name, description string) error {
	if _, _, ok := parse(key, arn); !ok {
		return apierr.ActionTargetARNInvalid.New("ActionTargetArn", arn)
	}
	if err := checkName(name); err != nil {
		return err
	}
	now := s.Clock.Now()
	return s.change(ctx, key, arn, func(tx store.Tx, id string) error {
		r, err := targets.Get(tx, key, id)
		if errors.Is(err, store.ErrNotFound) {
			return apierr.ActionTargetNotFound.New(arn)
		} else if err != nil {
			return err
		}
		if name == "" && description == "" {
			return nil
		}
		if name != "" {
			r.Name = name
		}
		if description != "" {
			r.Description = description
		}
		r.UpdatedAt = now
		return targets.Save(tx, key, id, r)
	})
}

// Delete deletes the action target arn names and returns its ARN (arn with key's account
// when arn has none).
func (s *Service) Delete(ctx context.Context, key store.AccountKey, arn string) (string, error) {
	_, id, ok := parse(key, arn)
	if !ok {
		return "", apierr.ActionTargetARNInvalid.New("ActionTargetArn", arn)
	}
	err := s.change(ctx, key, arn, func(tx store.Tx, id string) error {
		err := remove(tx, key, id)
		if errors.Is(err, store.ErrNotFound) {
			return apierr.ActionTargetNotFound.New(arn)
		}
		return err
	})
	if err != nil {
		return "", err
	}
	return ARN(key, id), nil
}

// change runs fn in an update transaction with the Id of the action target arn (the
// ActionTargetArn member) names, once the hub is known to be on and arn to be key's.
func (s *Service) change(ctx context.Context, key store.AccountKey, arn string, fn func(tx store.Tx, id string) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if err := requireHub(tx, key); err != nil {
			return err
		}
		id, err := idOf(key, "ActionTargetArn", arn)
		if err != nil {
			return err
		}
		return fn(tx, id)
	})
}

// Lookup returns, in tx, key's action target that arn names: the InvalidInputException naming
// member when arn is not an action target ARN, the ResourceNotFoundException when it is not
// one of key's. The events domain reads the target of a custom action with it.
func Lookup(tx store.Tx, key store.AccountKey, member, arn string) (ActionTarget, error) {
	id, err := idOf(key, member, arn)
	if err != nil {
		return ActionTarget{}, err
	}
	r, err := targets.Get(tx, key, id)
	if errors.Is(err, store.ErrNotFound) {
		return ActionTarget{}, apierr.ActionTargetNotFound.New(arn)
	} else if err != nil {
		return ActionTarget{}, err
	}
	return ActionTarget{ARN: ARN(key, id), Name: r.Name, Description: r.Description}, nil
}
