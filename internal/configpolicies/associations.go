package configpolicies

import (
	"context"
	"errors"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/orgadmin"
	"github.com/sechub/sechub/internal/organizations"
	"github.com/sechub/sechub/internal/paging"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/store"
)

// Association types, statuses and target types (the model's enums).
const (
	TypeApplied    = sh.AssociationTypeApplied
	TypeInherited  = sh.AssociationTypeInherited
	StatusPending  = sh.ConfigurationPolicyAssociationStatusPending
	StatusSuccess  = sh.ConfigurationPolicyAssociationStatusSuccess
	StatusFailed   = sh.ConfigurationPolicyAssociationStatusFailed
	TargetRoot     = sh.TargetTypeRoot
	TargetUnit     = sh.TargetTypeOrganizationalUnit
	TargetAccount  = sh.TargetTypeAccount
	successMessage = "Association applied successfully on this target."
)

// Target names a root, organizational unit or account: exactly one of its fields is set (the
// model's union makes sure of it).
type Target struct {
	AccountID, UnitID, RootID string
}

// ID returns the id the target names.
func (t Target) ID() string { return t.AccountID + t.UnitID + t.RootID }

// Association is the configuration that governs a target: the one applied to it, or the one
// it inherits from its closest ancestor with one, or self-managed when none has.
type Association struct {
	TargetID   string
	TargetType string
	PolicyID   string // a policy's id, or SelfManaged
	Type       string // TypeApplied or TypeInherited
	Status     string
	// Message says how the association went; AWS's examples show none for self-managed.
	Message   string
	UpdatedAt time.Time // of the association applied (to the target or the ancestor); zero when none is
}

// tree is an organization's structure and what is applied in it, read once per call.
type tree struct {
	org     organizations.Organization
	units   []organizations.OrganizationalUnit // by id
	parent  map[string]string                  // unit id -> parent id
	applied map[string]applied
	failed  map[string]string // account id -> why its policy could not be applied
}

// readTree reads an organization's units and applied configurations.
func readTree(tx store.Tx, org organizations.Organization) (*tree, error) {
	units, err := organizations.Units(tx, org.Partition, org.ID)
	if err != nil {
		return nil, err
	}
	t := &tree{org: org, units: units, parent: make(map[string]string, len(units))}
	for _, u := range units {
		t.parent[u.ID] = u.ParentID
	}
	if t.applied, err = appliedIn(tx, org.Partition, org.ID); err != nil {
		return nil, err
	}
	t.failed, err = failuresIn(tx, org.Partition, org.ID)
	return t, err
}

// centralTree is how every association call starts: the caller must be allowed central
// configuration (central), and the organization's tree is read.
func centralTree(tx store.Tx, c identity.Caller) (*tree, error) {
	org, _, err := central(tx, c)
	if err != nil {
		return nil, err
	}
	return readTree(tx, org)
}

// resolve returns what governs a target of the tree, given the target's type and, for an
// account, its parent.
func (t *tree) resolve(id, targetType, accountParent string) Association {
	a := Association{TargetID: id, TargetType: targetType, Status: StatusSuccess}
	next := func(cur string) string {
		if cur == id && targetType == TargetAccount {
			return accountParent
		}
		return t.parent[cur] // "" above the root
	}
	// The walk is bounded by the tree's depth; the bound only guards against a broken tree.
	for cur, steps := id, 0; cur != "" && steps <= len(t.parent)+1; cur, steps = next(cur), steps+1 {
		if ap, ok := t.applied[cur]; ok {
			a.PolicyID, a.UpdatedAt = ap.PolicyID, ap.UpdatedAt
			a.Type = TypeInherited
			if cur == id {
				a.Type = TypeApplied
			}
			if a.PolicyID != SelfManaged {
				a.Message = successMessage
				if why, failed := t.failed[id]; failed && targetType == TargetAccount {
					a.Status, a.Message = StatusFailed, why
				}
			}
			return a
		}
		if cur == t.org.RootID {
			break
		}
	}
	a.PolicyID, a.Type = SelfManaged, TypeInherited
	return a
}

// target checks that t names the root, an organizational unit or an account of the tree's
// organization and returns its id, type and, for an account, its parent.
func (t *tree) target(tx store.Tx, target Target) (id, targetType, parent string, err error) {
	id = target.ID()
	switch {
	case target.RootID != "":
		if id == t.org.RootID {
			return id, TargetRoot, "", nil
		}
	case target.UnitID != "":
		if _, ok := t.parent[id]; ok {
			return id, TargetUnit, "", nil
		}
	case target.AccountID != "":
		acct, err := organizations.AccountByID(tx, t.org.Partition, id)
		if err == nil && acct.OrgID == t.org.ID {
			return id, TargetAccount, acct.ParentID, nil
		} else if err != nil && !errors.Is(err, store.ErrNotFound) {
			return "", "", "", err
		}
	}
	return "", "", "", apierr.AssociationTargetNotFound.New(id)
}

// configurationID returns the configuration an identifier names: SelfManaged, or one of the
// organization's policies.
func configurationID(tx store.Tx, c identity.Caller, org organizations.Organization, identifier string) (string, error) {
	if identifier == SelfManaged {
		return SelfManaged, nil
	}
	p, err := findPolicy(tx, c, org, "ConfigurationPolicyIdentifier", identifier)
	return p.ID, err
}

// Associate applies a configuration policy, or self-managed behaviour, to a target, replacing
// what was applied to it, and configures the accounts it governs (applyOrganization) in the
// same transaction. The answer is PENDING, as AWS's; reads show SUCCESS, since sechub applies
// it at once.
func (s *Service) Associate(ctx context.Context, c identity.Caller, identifier string, target Target) (Association, error) {
	now := s.Clock.Now()
	var out Association
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		t, err := centralTree(tx, c)
		if err != nil {
			return err
		}
		id, targetType, _, err := t.target(tx, target)
		if err != nil {
			return err
		}
		policy, err := configurationID(tx, c, t.org, identifier)
		if err != nil {
			return err
		}
		out = Association{TargetID: id, TargetType: targetType, PolicyID: policy, Type: TypeApplied, Status: StatusPending, UpdatedAt: now}
		if err := putApplied(tx, c.Partition, t.org.ID, applied{TargetID: id, TargetType: targetType, PolicyID: policy, UpdatedAt: now}); err != nil {
			return err
		}
		return s.applyOrganization(tx, t.org, now)
	})
	return out, err
}

// Disassociate removes the configuration applied to a target, which identifier must name;
// the target then inherits from its closest ancestor, or becomes self-managed.
func (s *Service) Disassociate(ctx context.Context, c identity.Caller, identifier string, target Target) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		t, err := centralTree(tx, c)
		if err != nil {
			return err
		}
		id, _, _, err := t.target(tx, target)
		if err != nil {
			return err
		}
		policy, err := configurationID(tx, c, t.org, identifier)
		if err != nil {
			return err
		}
		ap, ok := t.applied[id]
		if !ok {
			return apierr.AssociationNotFound.New(id)
		}
		if ap.PolicyID != policy {
			return apierr.AssociationOtherPolicy.New(id, ap.PolicyID)
		}
		if err := removeApplied(tx, c.Partition, t.org.ID, id); err != nil {
			return err
		}
		return s.applyOrganization(tx, t.org, s.Clock.Now())
	})
}

// GetAssociation returns what governs a target.
func (s *Service) GetAssociation(ctx context.Context, c identity.Caller, target Target) (Association, error) {
	var out Association
	err := s.Store.View(ctx, func(tx store.Tx) error {
		t, err := centralTree(tx, c)
		if err != nil {
			return err
		}
		id, targetType, parent, err := t.target(tx, target)
		if err != nil {
			return err
		}
		out = t.resolve(id, targetType, parent)
		return nil
	})
	return out, err
}

// Unprocessed is a target of BatchGetConfigurationPolicyAssociations that has no answer.
type Unprocessed struct {
	Target Target
	Code   string // the model's UnprocessedErrorCode
	Reason string
}

// BatchGetAssociations returns what governs each target, and the targets that name nothing
// of the organization.
func (s *Service) BatchGetAssociations(ctx context.Context, c identity.Caller, targets []Target) ([]Association, []Unprocessed, error) {
	out, failed := []Association{}, []Unprocessed{}
	err := s.Store.View(ctx, func(tx store.Tx) error {
		t, err := centralTree(tx, c)
		if err != nil {
			return err
		}
		for _, target := range targets {
			id, targetType, parent, err := t.target(tx, target)
			var ae *apierr.Error
			if errors.As(err, &ae) {
				failed = append(failed, Unprocessed{Target: target, Code: sh.UnprocessedErrorCodeResourceNotFound, Reason: ae.Message})
				continue
			} else if err != nil {
				return err
			}
			out = append(out, t.resolve(id, targetType, parent))
		}
		return nil
	})
	return out, failed, err
}

// Filters narrow ListConfigurationPolicyAssociations; "" matches anything.
type Filters struct {
	PolicyID, Type, Status string
}

func (f Filters) match(a Association) bool {
	return (f.PolicyID == "" || f.PolicyID == a.PolicyID) && (f.Type == "" || f.Type == a.Type) && (f.Status == "" || f.Status == a.Status)
}

// ListAssociations returns a page of what governs every target of the organization that
// matches the filters: the root, then the organizational units and the accounts, each by id.
func (s *Service) ListAssociations(ctx context.Context, c identity.Caller, f Filters, maxResults int, nextToken string) ([]Association, string, error) {
	var all []Association
	err := s.Store.View(ctx, func(tx store.Tx) error {
		t, err := centralTree(tx, c)
		if err != nil {
			return err
		}
		if f.PolicyID != "" && f.PolicyID != SelfManaged {
			if f.PolicyID, err = policyID(c, "Filters.ConfigurationPolicyId", f.PolicyID); err != nil {
				return err
			}
		}
		all, err = everyTarget(tx, t, f)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	page := paging.Page{Scope: paging.Scope("ListConfigurationPolicyAssociations", c.Partition, c.Region, c.AccountID, f.PolicyID, f.Type, f.Status),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultPage}
	return paging.Offset(s.Pages, page, all)
}

// everyTarget resolves every target of a tree's organization and keeps those f matches.
func everyTarget(tx store.Tx, t *tree, f Filters) ([]Association, error) {
	accounts, err := organizations.Accounts(tx, t.org.Partition, t.org.ID)
	if err != nil {
		return nil, err
	}
	out := []Association{}
	keep := func(a Association) {
		if f.match(a) {
			out = append(out, a)
		}
	}
	keep(t.resolve(t.org.RootID, TargetRoot, ""))
	for _, u := range t.units {
		keep(t.resolve(u.ID, TargetUnit, ""))
	}
	for _, a := range accounts {
		keep(t.resolve(a.AccountID, TargetAccount, a.ParentID))
	}
	return out, nil
}

// Effect is the configuration that governs one account under central configuration.
type Effect struct {
	Central     orgadmin.CentralConfiguration
	Association Association
	// Policy is the policy in force, applied or inherited; nil when the account is
	// self-managed.
	Policy *Policy
}

// Effective returns what governs an account: the configuration policy applied to it or
// inherited through the organization's tree, or self-managed behaviour. ok is false when the
// account is in no organization that uses central configuration. The policy takes effect in
// the home region and every region the administrator's finding aggregator links
// (aggregators.Linked).
func Effective(tx store.Tx, partition, accountID string) (Effect, bool, error) {
	acct, err := organizations.AccountByID(tx, partition, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return Effect{}, false, nil
	} else if err != nil {
		return Effect{}, false, err
	}
	cc, ok, err := orgadmin.Central(tx, partition, acct.OrgID)
	if err != nil || !ok {
		return Effect{}, false, err
	}
	org, err := organizations.OrganizationByID(tx, partition, acct.OrgID)
	if err != nil {
		return Effect{}, false, err
	}
	t, err := readTree(tx, org)
	if err != nil {
		return Effect{}, false, err
	}
	e := Effect{Central: cc, Association: t.resolve(accountID, TargetAccount, acct.ParentID)}
	if e.Association.PolicyID != SelfManaged {
		p, err := loadPolicy(tx, partition, e.Association.PolicyID)
		if err != nil {
			return Effect{}, false, err
		}
		e.Policy = &p
	}
	return e, true, nil
}
