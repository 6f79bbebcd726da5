package organizations

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// Spec declares an organization for a test environment to start with (the --org-file):
//
//	managementAccount: "111111111111"
//	organizationalUnits: [Security, Workloads, Workloads/Prod]   # paths under the root
//	accounts:
//	  - {id: "222222222222", name: security, email: sec@example.com, ou: Security}
//	  - {id: "333333333333", name: prod, ou: Workloads/Prod, status: SUSPENDED}
//	delegatedAdministrators:
//	  - {account: "222222222222", servicePrincipal: config.amazonaws.com}
type Spec struct {
	Partition           string        `yaml:"partition"`
	ManagementAccount   string        `yaml:"managementAccount"`
	ManagementEmail     string        `yaml:"managementEmail"`
	OrganizationalUnits []string      `yaml:"organizationalUnits"`
	Accounts            []SpecAccount `yaml:"accounts"`
	TrustedServices     []string      `yaml:"trustedServices"`
	Delegated           []struct {
		Account          string `yaml:"account"`
		ServicePrincipal string `yaml:"servicePrincipal"`
	} `yaml:"delegatedAdministrators"`
}

// SpecAccount is one member account of a Spec.
type SpecAccount struct {
	ID     string `yaml:"id"`
	Name   string `yaml:"name"`
	Email  string `yaml:"email"`
	OU     string `yaml:"ou"`
	Status string `yaml:"status"`
}

// LoadSpec reads and checks an organization file.
func LoadSpec(path string) (Spec, error) {
	var s Spec
	raw, err := os.ReadFile(path)
	if err != nil {
		return s, err
	}
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return s, fmt.Errorf("%s: %w", path, err)
	}
	if s.Partition == "" {
		s.Partition = "aws"
	}
	if !identity.IsAccountID(s.ManagementAccount) {
		return s, fmt.Errorf("%s: managementAccount %q is not a 12-digit account id", path, s.ManagementAccount)
	}
	seen := map[string]bool{s.ManagementAccount: true}
	for _, a := range s.Accounts {
		if !identity.IsAccountID(a.ID) || seen[a.ID] {
			return s, fmt.Errorf("%s: account id %q is not 12 digits or appears twice", path, a.ID)
		}
		seen[a.ID] = true
		if a.Status != "" && a.Status != StatusActive && a.Status != StatusSuspended {
			return s, fmt.Errorf("%s: account %s: status must be ACTIVE or SUSPENDED", path, a.ID)
		}
	}
	return s, nil
}

// Bootstrap creates the organization of spec unless its management account already belongs
// to one (so a restart on the same data folder keeps what tests changed). It reports whether
// it created anything.
func (s *Service) Bootstrap(ctx context.Context, spec Spec) (bool, error) {
	exists := false
	err := s.Store.View(ctx, func(tx store.Tx) error {
		_, err := AccountByID(tx, spec.Partition, spec.ManagementAccount)
		exists = err == nil
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	})
	if err != nil || exists {
		return false, err
	}
	now := s.Clock.Now()
	return true, s.Store.Update(ctx, func(tx store.Tx) error {
		org := newOrganization(spec.Partition, spec.ManagementAccount, spec.ManagementEmail, "ALL", now)
		if err := putOrganization(tx, org); err != nil {
			return err
		}
		if err := putAccount(tx, managementAccount(org)); err != nil {
			return err
		}
		ous := map[string]string{"": org.RootID} // path -> id
		for _, path := range spec.OrganizationalUnits {
			parts := strings.Split(strings.Trim(path, "/"), "/")
			for i := range parts {
				p := strings.Join(parts[:i+1], "/")
				if _, ok := ous[p]; ok {
					continue
				}
				id := newUnitID(org)
				if err := putUnit(tx, OrganizationalUnit{Partition: org.Partition, OrgID: org.ID, ID: id, ParentID: ous[strings.Join(parts[:i], "/")], Name: parts[i]}); err != nil {
					return err
				}
				ous[p] = id
			}
		}
		for _, a := range spec.Accounts {
			parent, ok := ous[strings.Trim(a.OU, "/")]
			if !ok {
				return fmt.Errorf("account %s: organizational unit %q is not declared", a.ID, a.OU)
			}
			acct := Account{Partition: org.Partition, OrgID: org.ID, AccountID: a.ID, Name: a.Name, Email: a.Email,
				Status: a.Status, JoinedMethod: JoinedCreated, JoinedAt: now, ParentID: parent}
			if acct.Status == "" {
				acct.Status = StatusActive
			}
			if acct.Name == "" {
				acct.Name = a.ID
			}
			if acct.Email == "" {
				acct.Email = defaultEmail(a.ID)
			}
			if err := putAccount(tx, acct); err != nil {
				return err
			}
		}
		for _, p := range spec.TrustedServices {
			if err := EnableServiceAccessIn(tx, org, p, now); err != nil {
				return err
			}
		}
		for _, d := range spec.Delegated {
			if err := RegisterIn(tx, org, d.Account, d.ServicePrincipal, now); err != nil {
				return fmt.Errorf("delegated administrator %s: %w", d.Account, err)
			}
		}
		return nil
	})
}
