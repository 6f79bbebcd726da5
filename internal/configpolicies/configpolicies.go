// Package configpolicies is Security Hub's central configuration: the configuration policies
// an organization's delegated administrator makes in the home region (Create, Get, Update,
// Delete and ListConfigurationPolicies), and their associations with the organization's
// root, organizational units and accounts, which the targets below inherit
// (StartConfigurationPolicyAssociation, StartConfigurationPolicyDisassociation,
// GetConfigurationPolicyAssociation, BatchGetConfigurationPolicyAssociations,
// ListConfigurationPolicyAssociations). Effective answers which configuration governs an
// account.
package configpolicies

import (
	"context"
	"errors"
	"strings"

	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/controls"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/orgadmin"
	"github.com/sechub/sechub/internal/organizations"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/tags"
)

const (
	// SelfManaged is the configuration policy identifier of self-managed behaviour: the
	// accounts configure Security Hub themselves.
	SelfManaged = "SELF_MANAGED_SECURITY_HUB"
	// MaxPolicies is how many configuration policies an organization can have (AWS's quota).
	MaxPolicies = 20
	// defaultPage is the page size of both listings without MaxResults (the model's maximum;
	// AWS does not document its default).
	defaultPage = 100
	arnResource = "configuration-policy/"
)

// Service runs the configuration policy and association operations.
type Service struct {
	Store   store.Store
	Clock   clock.Clock
	Pages   paging.Pager
	Catalog *controls.Catalog
	// Appliers configure the accounts the policies govern.
	Appliers Appliers
}

// central checks that c may use central configuration: its hub is on, it is the delegated
// administrator of an organization that uses central configuration, and it calls from the
// home region. It returns the organization and its central configuration.
func central(tx store.Tx, c identity.Caller) (organizations.Organization, orgadmin.CentralConfiguration, error) {
	var org organizations.Organization
	if _, err := hub.Require(tx, domain.Key(c)); err != nil {
		return org, orgadmin.CentralConfiguration{}, err
	}
	acct, err := organizations.AccountByID(tx, c.Partition, c.AccountID)
	if errors.Is(err, store.ErrNotFound) {
		return org, orgadmin.CentralConfiguration{}, apierr.ConfigurationNotCentralAdmin.New()
	} else if err != nil {
		return org, orgadmin.CentralConfiguration{}, err
	}
	cc, ok, err := orgadmin.Central(tx, c.Partition, acct.OrgID)
	if err != nil {
		return org, cc, err
	}
	if !ok || cc.AdminID != c.AccountID {
		return org, cc, apierr.ConfigurationNotCentralAdmin.New()
	}
	if cc.Home.Region != c.Region {
		return org, cc, apierr.ConfigurationNotHomeRegion.New()
	}
	org, err = organizations.OrganizationByID(tx, c.Partition, acct.OrgID)
	return org, cc, err
}

// policyID returns the id of the policy an identifier names (an ARN of the caller's, or a
// UUID), or the InvalidInputException naming member when it is neither.
func policyID(c identity.Caller, member, identifier string) (string, error) {
	id := identifier
	if strings.HasPrefix(identifier, "arn:") {
		parts := strings.SplitN(domain.OwnARN(domain.Key(c), identifier), ":", 6)
		rest, ok := "", len(parts) == 6 && parts[2] == "securityhub"
		if ok {
			rest, ok = strings.CutPrefix(parts[5], arnResource)
		}
		if !ok {
			return "", apierr.PolicyIdentifierInvalid.New(member, identifier)
		}
		id = rest
	}
	if err := uuid.Validate(id); err != nil || len(id) != 36 {
		return "", apierr.PolicyIdentifierInvalid.New(member, identifier)
	}
	return strings.ToLower(id), nil
}

// findPolicy returns the organization's policy that identifier names; an ARN must be the
// policy's own.
func findPolicy(tx store.Tx, c identity.Caller, org organizations.Organization, member, identifier string) (Policy, error) {
	id, err := policyID(c, member, identifier)
	if err != nil {
		return Policy{}, err
	}
	p, err := loadPolicy(tx, c.Partition, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && (p.OrgID != org.ID ||
		strings.HasPrefix(identifier, "arn:") && domain.OwnARN(domain.Key(c), identifier) != p.ARN()) {
		return Policy{}, apierr.PolicyNotFound.New(identifier)
	}
	return p, err
}

// Create makes a configuration policy of the caller's organization, with tags.
func (s *Service) Create(ctx context.Context, c identity.Caller, name, description string, body Body, policyTags map[string]string) (Policy, error) {
	set, err := settings(s.Catalog, c.Partition, body)
	if err != nil {
		return Policy{}, err
	}
	if len(policyTags) > tags.MaxTagsPerResource {
		return Policy{}, apierr.TagsLimitExceeded.New(tags.MaxTagsPerResource)
	}
	now := s.Clock.Now()
	var p Policy
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		org, cc, err := central(tx, c)
		if err != nil {
			return err
		}
		existing, err := policiesOf(tx, c.Partition, org.ID)
		if err != nil {
			return err
		}
		if len(existing) >= MaxPolicies {
			return apierr.PolicyLimitExceeded.New(MaxPolicies)
		}
		p = Policy{ID: uuid.NewString(), OrgID: org.ID, Home: cc.Home, AdminID: cc.AdminID, Name: name, Description: description,
			Settings: set, CreatedAt: now, UpdatedAt: now}
		if err := insertPolicy(tx, p); errors.Is(err, store.ErrConflict) {
			return apierr.PolicyNameTaken.New(name)
		} else if err != nil {
			return err
		}
		return tags.Set(tx, domain.Key(c), p.ARN(), policyTags)
	})
	return p, err
}

// Get returns the policy identifier names.
func (s *Service) Get(ctx context.Context, c identity.Caller, identifier string) (Policy, error) {
	var p Policy
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, _, err := central(tx, c)
		if err != nil {
			return err
		}
		p, err = findPolicy(tx, c, org, "Identifier", identifier)
		return err
	})
	return p, err
}

// PolicyUpdate is UpdateConfigurationPolicy's input: "" and a nil Body leave a value as it is.
type PolicyUpdate struct {
	Name, Description string
	Body              *Body
}

// Update changes the policy identifier names; the accounts it governs take new settings in the
// same transaction.
func (s *Service) Update(ctx context.Context, c identity.Caller, identifier string, u PolicyUpdate) (Policy, error) {
	var set *Settings
	if u.Body != nil {
		checked, err := settings(s.Catalog, c.Partition, *u.Body)
		if err != nil {
			return Policy{}, err
		}
		set = &checked
	}
	now := s.Clock.Now()
	var p Policy
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		org, _, err := central(tx, c)
		if err != nil {
			return err
		}
		if p, err = findPolicy(tx, c, org, "Identifier", identifier); err != nil {
			return err
		}
		if u.Name != "" {
			p.Name = u.Name
		}
		if u.Description != "" {
			p.Description = u.Description
		}
		if set != nil {
			p.Settings = *set
		}
		p.UpdatedAt = now
		err = updatePolicy(tx, p)
		if errors.Is(err, store.ErrConflict) {
			return apierr.PolicyNameTaken.New(p.Name)
		} else if err != nil || set == nil {
			return err
		}
		return s.applyOrganization(tx, org, now)
	})
	return p, err
}

// Delete deletes the policy identifier names, and its tags; a policy still applied to a
// target is refused.
func (s *Service) Delete(ctx context.Context, c identity.Caller, identifier string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, _, err := central(tx, c)
		if err != nil {
			return err
		}
		p, err := findPolicy(tx, c, org, "Identifier", identifier)
		if err != nil {
			return err
		}
		if n, err := countApplied(tx, c.Partition, p.ID); err != nil {
			return err
		} else if n > 0 {
			return apierr.PolicyAssociated.New(identifier)
		}
		if err := deletePolicy(tx, c.Partition, p.ID); err != nil {
			return err
		}
		return tags.DeleteResource(tx, p.ARN())
	})
}

// List returns a page of the organization's policies in creation order.
func (s *Service) List(ctx context.Context, c identity.Caller, maxResults int, nextToken string) ([]Policy, string, error) {
	var all []Policy
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, _, err := central(tx, c)
		if err != nil {
			return err
		}
		all, err = policiesOf(tx, c.Partition, org.ID)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	page := paging.Page{Scope: paging.Scope("ListConfigurationPolicies", c.Partition, c.Region, c.AccountID),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultPage}
	return paging.Offset(s.Pages, page, all)
}

// policyExists tells the tags domain whether a "configuration-policy/" resource of key
// exists: a policy the key's account administers, in key's region.
func policyExists(tx store.Tx, key store.AccountKey, arn, resource string) (bool, error) {
	id := strings.TrimPrefix(resource, arnResource)
	if uuid.Validate(id) != nil {
		return false, nil
	}
	p, err := loadPolicy(tx, key.Partition, strings.ToLower(id))
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil && p.ARN() == arn, err
}
