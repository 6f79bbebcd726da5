package findingsv2

import (
	"context"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/members"
	"github.com/sechub/sechub/internal/organizations"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/store"
)

// maxScopes is how many Scopes.AwsOrganizations entries a request may have.
const maxScopes = 10

// noAccount is an account id no finding has: the filter of a scope with no account.
const noAccount = "-"

// scopeFilter is the filter of a request's Scopes (nil for none): only the region's delegated
// administrator may give them; each entry is its organization (OrganizationId, or nothing) or
// one of its organizational units with the units below it, the entries OR-ed; the findings
// are those of the accounts in them (which the administrator sees as its members).
func (s *Service) scopeFilter(ctx context.Context, c identity.Caller, scopes []sh.AwsOrganizationScope) (*findings.FilterTree, error) {
	if len(scopes) == 0 {
		return nil, nil
	}
	if len(scopes) > maxScopes {
		return nil, apierr.V2TooMany.New("Scopes.AwsOrganizations", maxScopes, len(scopes))
	}
	key := domain.Key(c)
	accounts := map[string]bool{}
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if err := hubRule(tx, key); err != nil {
			return err
		}
		admin, ok, err := members.OrgAdminOfAccount(tx, key.RegionKey(), c.AccountID)
		if err != nil {
			return err
		}
		if !ok || admin.AccountID != c.AccountID {
			return apierr.V2ScopesNotAdministrator.New(c.AccountID)
		}
		org, err := organizations.OrganizationByID(tx, key.Partition, admin.OrgID)
		if err != nil {
			return err
		}
		units, err := organizations.Units(tx, key.Partition, admin.OrgID)
		if err != nil {
			return err
		}
		parent := map[string]string{}
		for _, u := range units {
			parent[u.ID] = u.ParentID
		}
		list, err := organizations.Accounts(tx, key.Partition, admin.OrgID)
		if err != nil {
			return err
		}
		for _, sc := range scopes {
			if sc.OrganizationId != "" && sc.OrganizationId != admin.OrgID {
				return apierr.V2OrganizationNotFound.New(sc.OrganizationId)
			}
			unit := sc.OrganizationalUnitId
			if _, known := parent[unit]; unit != "" && unit != org.RootID && !known {
				return apierr.V2OrganizationalUnitNotFound.New(unit, admin.OrgID)
			}
			for _, a := range list {
				if unit == "" || under(a.ParentID, unit, parent) {
					accounts[a.AccountID] = true
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	t := &findings.FilterTree{Or: true}
	for a := range accounts {
		t.Leaves = append(t.Leaves, findings.FilterLeaf{Key: "AwsAccountId", Filter: map[string]any{"Comparison": "EQUALS", "Value": a}})
	}
	if len(t.Leaves) == 0 {
		t.Leaves = append(t.Leaves, findings.FilterLeaf{Key: "AwsAccountId", Filter: map[string]any{"Comparison": "EQUALS", "Value": noAccount}})
	}
	return t, nil
}

// under reports whether the parent node is unit or lies below it.
func under(node, unit string, parent map[string]string) bool {
	for seen := 0; node != "" && seen <= len(parent); seen++ {
		if node == unit {
			return true
		}
		node = parent[node]
	}
	return false
}

// within is t narrowed by scope (either may be nil).
func within(t, scope *findings.FilterTree) *findings.FilterTree {
	switch {
	case scope == nil:
		return t
	case t == nil:
		return scope
	}
	return &findings.FilterTree{Children: []findings.FilterTree{*t, *scope}}
}

// scopesOf returns a request's organization scopes.
func scopesOf(f *sh.FindingScopes) []sh.AwsOrganizationScope {
	if f == nil {
		return nil
	}
	return f.AwsOrganizations
}

// resourceScopesOf returns a resources request's organization scopes.
func resourceScopesOf(r *sh.ResourceScopes) []sh.AwsOrganizationScope {
	if r == nil {
		return nil
	}
	return r.AwsOrganizations
}
