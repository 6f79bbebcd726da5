// Package automation is Security Hub's automation rules (V1): an administrator's rules that
// update the findings of its own account and of its Enabled members as they are imported or
// updated, in the rule's region. The domain keeps the rules (in the store's generic records)
// and answers CreateAutomationRule, BatchGetAutomationRules, BatchUpdateAutomationRules,
// BatchDeleteAutomationRules and ListAutomationRules; the findings domain applies them, asking
// this domain for the rules of a finding's account (findings.Service.Rules) and evaluating
// their criteria with GetFindings' filter code.
package automation

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/members"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/tags"
)

// MaxRules is AWS's quota of automation rules per administrator account and region.
const MaxRules = 100

// The statuses of a rule.
const (
	Enabled  = "ENABLED"
	Disabled = "DISABLED"
)

// defaultPage is the page size of ListAutomationRules when MaxResults is absent: the model's
// maximum, which holds an administrator's every rule.
const defaultPage = 100

// firstPageToken is the NextToken the API reference tells callers to send on their first
// ListAutomationRules call (the AWS CLI's worked example sends it too).
const firstPageToken = "NULL"

// arnResource is what precedes the rule's id in the resource part of its ARN.
const arnResource = "automation-rule/"

// Rule is one automation rule.
type Rule struct {
	ARN         string
	Name        string
	Description string
	// Order is the rule's place among the administrator's rules (1 to 1000): lower first.
	Order    int
	Status   string
	Terminal bool
	// Criteria are the decoded AutomationRulesFindingFilters (numbers as json.Number).
	Criteria map[string]any
	Actions  []Action
	// CreatedBy is the principal that created the rule.
	CreatedBy            string
	CreatedAt, UpdatedAt time.Time
}

// Action is one rule action: Type FINDING_FIELDS_UPDATE and the finding fields it sets (the
// decoded AutomationRulesFindingFieldsUpdate).
type Action struct {
	Type   string
	Update map[string]any
}

// Change is what BatchUpdateAutomationRules changes in one rule: the members given (nil: left
// as they are).
type Change struct {
	ARN         string
	Name        *string
	Description *string
	Order       *int
	Status      *string
	Terminal    *bool
	Criteria    map[string]any
	Actions     []Action
}

// Unprocessed is one UnprocessedAutomationRules entry: the rule's ARN as given, an HTTP-like
// error code and a message.
type Unprocessed struct {
	ARN     string
	Code    int
	Message string
}

// The codes and messages of UnprocessedAutomationRules. AWS documents neither: the codes are
// the HTTP statuses of the matching errors.
const (
	codeInvalid  = 400
	codeNotFound = 404
	msgInvalid   = "Value '%s' is not an automation rule ARN."
	msgNotFound  = "Automation rule %s not found"
)

// Service runs the automation rule operations.
type Service struct {
	Store store.Store
	Clock clock.Clock
	Pages paging.Pager
	// RequireHub is the one "the hub must be on" rule (domain.Env.RequireHub).
	RequireHub func(tx store.Tx, key store.AccountKey) error
}

// ARN returns the ARN of the rule id of the account and region of key.
func ARN(key store.AccountKey, id string) string {
	return "arn:" + key.Partition + ":securityhub:" + key.Region + ":" + key.AccountID + ":" + arnResource + id
}

// ParseARN returns the account and region a rule ARN belongs to and the rule's id; ok is false
// when arn is not an automation rule ARN.
func ParseARN(arn string) (key store.AccountKey, id string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[2] != "securityhub" || parts[3] == "" || parts[4] == "" {
		return store.AccountKey{}, "", false
	}
	id, found := strings.CutPrefix(parts[5], arnResource)
	if !found || id == "" || strings.ContainsAny(id, "/:") {
		return store.AccountKey{}, "", false
	}
	return store.AccountKey{Partition: parts[1], Region: parts[3], AccountID: parts[4]}, id, true
}

// requireAdministrator is the rule every operation starts with: the caller's hub is on and
// the caller is no Enabled member of another account, whose rules act on its findings.
func (s *Service) requireAdministrator(tx store.Tx, key store.AccountKey) error {
	if err := s.RequireHub(tx, key); err != nil {
		return err
	}
	admin, member, err := members.AdministratorOf(tx, key)
	if err != nil {
		return err
	}
	if member {
		return apierr.AutomationByMember.New(key.AccountID, admin)
	}
	return nil
}

// Create makes a rule of key, its status ENABLED when status is empty, with tags, and returns
// its ARN. principal is the caller, the rule's CreatedBy.
func (s *Service) Create(ctx context.Context, key store.AccountKey, principal string, r Rule, tagged map[string]string) (string, error) {
	now := s.Clock.Now()
	if r.Status == "" {
		r.Status = Enabled
	}
	if err := checkRule("", r.Criteria, r.Actions, now); err != nil {
		return "", err
	}
	id := uuid.NewString()
	r.ARN, r.CreatedBy, r.CreatedAt, r.UpdatedAt = ARN(key, id), principal, now, now
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if err := s.requireAdministrator(tx, key); err != nil {
			return err
		}
		n, err := count(tx, key)
		if err != nil {
			return err
		}
		if n >= MaxRules {
			return apierr.AutomationRuleLimitExceeded.New(MaxRules)
		}
		if err := rules.Insert(tx, key, id, r); err != nil {
			return err
		}
		return tags.Set(tx, key, r.ARN, tagged)
	})
	if err != nil {
		return "", err
	}
	return r.ARN, nil
}

// Get returns the rules of key that arns name, in their order (each once), and those it
// cannot return.
func (s *Service) Get(ctx context.Context, key store.AccountKey, arns []string) ([]Rule, []Unprocessed, error) {
	var found []Rule
	var unprocessed []Unprocessed
	err := s.Store.View(ctx, func(tx store.Tx) error {
		found, unprocessed = nil, nil
		if err := s.requireAdministrator(tx, key); err != nil {
			return err
		}
		return s.each(tx, key, distinct(arns), func(id, arn string) (*Unprocessed, error) {
			r, err := rules.Get(tx, key, id)
			if errors.Is(err, store.ErrNotFound) {
				return notFound(arn), nil
			} else if err != nil {
				return nil, err
			}
			found = append(found, r)
			return nil, nil
		}, &unprocessed)
	})
	return found, unprocessed, err
}

// Update applies changes to key's rules and returns the ARNs of the rules it changed and the
// changes it could not apply. Every change is checked before anything is written.
func (s *Service) Update(ctx context.Context, key store.AccountKey, changes []Change) ([]string, []Unprocessed, error) {
	now := s.Clock.Now()
	for i, c := range changes {
		if err := checkRule("UpdateAutomationRulesRequestItems["+strconv.Itoa(i)+"].", c.Criteria, c.Actions, now); err != nil {
			return nil, nil, err
		}
	}
	var processed []string
	var unprocessed []Unprocessed
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		processed, unprocessed = nil, nil
		if err := s.requireAdministrator(tx, key); err != nil {
			return err
		}
		for _, c := range changes {
			err := s.each(tx, key, []string{c.ARN}, func(id, arn string) (*Unprocessed, error) {
				r, err := rules.Get(tx, key, id)
				if errors.Is(err, store.ErrNotFound) {
					return notFound(arn), nil
				} else if err != nil {
					return nil, err
				}
				if changed := c.apply(&r); changed {
					r.UpdatedAt = now
					if err := rules.Save(tx, key, id, r); err != nil {
						return nil, err
					}
				}
				processed = append(processed, r.ARN)
				return nil, nil
			}, &unprocessed)
			if err != nil {
				return err
			}
		}
		return nil
	})
	return processed, unprocessed, err
}

// apply makes the change to r and reports whether r changed.
func (c Change) apply(r *Rule) bool {
	before := *r
	if c.Name != nil {
		r.Name = *c.Name
	}
	if c.Description != nil {
		r.Description = *c.Description
	}
	if c.Order != nil {
		r.Order = *c.Order
	}
	if c.Status != nil {
		r.Status = *c.Status
	}
	if c.Terminal != nil {
		r.Terminal = *c.Terminal
	}
	if c.Criteria != nil {
		r.Criteria = c.Criteria
	}
	if c.Actions != nil {
		r.Actions = c.Actions
	}
	return !sameRule(before, *r)
}

// Delete deletes key's rules that arns name, with their tags, and returns the ARNs of those it
// deleted and those it could not.
func (s *Service) Delete(ctx context.Context, key store.AccountKey, arns []string) ([]string, []Unprocessed, error) {
	var deleted []string
	var unprocessed []Unprocessed
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		deleted, unprocessed = nil, nil
		if err := s.requireAdministrator(tx, key); err != nil {
			return err
		}
		return s.each(tx, key, arns, func(id, arn string) (*Unprocessed, error) {
			err := remove(tx, key, id)
			if errors.Is(err, store.ErrNotFound) {
				return notFound(arn), nil
			} else if err != nil {
				return nil, err
			}
			deleted = append(deleted, ARN(key, id))
			return nil, tags.DeleteResource(tx, ARN(key, id))
		}, &unprocessed)
	})
	return deleted, unprocessed, err
}

// each calls fn with the id of every rule of key that arns name (one without an account names
// the caller's), in order; an ARN that is not a rule ARN, or names another account's or
// region's rule, which the caller never sees, goes to unprocessed, as does what fn reports.
func (s *Service) each(tx store.Tx, key store.AccountKey, arns []string, fn func(id, arn string) (*Unprocessed, error), unprocessed *[]Unprocessed) error {
	for _, arn := range arns {
		owner, id, ok := ParseARN(domain.OwnARN(key, arn))
		if !ok {
			*unprocessed = append(*unprocessed, Unprocessed{ARN: arn, Code: codeInvalid, Message: fmt.Sprintf(msgInvalid, arn)})
			continue
		}
		if owner != key {
			*unprocessed = append(*unprocessed, *notFound(arn))
			continue
		}
		u, err := fn(id, arn)
		if err != nil {
			return err
		}
		if u != nil {
			*unprocessed = append(*unprocessed, *u)
		}
	}
	return nil
}

// distinct returns arns without repeats, in their order.
func distinct(arns []string) []string {
	seen := map[string]bool{}
	out := make([]string, 0, len(arns))
	for _, arn := range arns {
		if !seen[arn] {
			seen[arn] = true
			out = append(out, arn)
		}
	}
	return out
}

func notFound(arn string) *Unprocessed {
	return &Unprocessed{ARN: arn, Code: codeNotFound, Message: fmt.Sprintf(msgNotFound, arn)}
}

// List returns a page of key's rules in the order they were created, and the token of the next
// page. The token "NULL" is the first page, as the API reference says.
func (s *Service) List(ctx context.Context, key store.AccountKey, maxResults int, nextToken string) ([]Rule, string, error) {
	if nextToken == firstPageToken {
		nextToken = ""
	}
	page := paging.Page{Scope: paging.Scope("ListAutomationRules", key.Partition, key.Region, key.AccountID),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultPage}
	var list []Rule
	var next string
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if err := s.requireAdministrator(tx, key); err != nil {
			return err
		}
		read := func(afterSeq int64, limit int) ([]entry, error) { return rules.List(tx, key, afterSeq, limit) }
		entries, token, err := paging.Created(s.Pages, page, read, func(e entry) int64 { return e.Seq })
		if err != nil {
			return err
		}
		list = make([]Rule, len(entries))
		for i, e := range entries {
			list[i] = e.Value
		}
		next = token
		return nil
	})
	return list, next, err
}
