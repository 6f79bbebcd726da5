package organizations

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// Policy types sechub keeps. Others of the model's enum are refused with
// PolicyTypeNotAvailableForOrganizationException (docs/aws-differences.md).
const (
	PolicyTypeSCP      = "SERVICE_CONTROL_POLICY"
	PolicyTypeTag      = "TAG_POLICY"
	PolicyTypeBackup   = "BACKUP_POLICY"
	PolicyTypeAIOptOut = "AISERVICES_OPT_OUT_POLICY"
)

// policyTypes holds, for each policy type sechub keeps, AWS's quotas: the largest document
// (characters) and the most policies of the type attached to one root, OU or account.
var policyTypes = map[string]struct{ maxContent, maxAttached int }{
	PolicyTypeSCP:      {5120, 5},
	PolicyTypeTag:      {10000, 10},
	PolicyTypeBackup:   {10000, 10},
	PolicyTypeAIOptOut: {2500, 5},
}

// maxTags is AWS's limit of tags on one Organizations resource.
const maxTags = 50

// FullAWSAccessID is the id of the AWS managed SCP attached to every root, OU and account
// while SCPs are enabled.
const FullAWSAccessID = "p-FullAWSAccess"

// fullAWSAccess returns the AWS managed FullAWSAccess SCP as AWS shows it.
func fullAWSAccess(org Organization) Policy {
	return Policy{Partition: org.Partition, OrgID: org.ID, ID: FullAWSAccessID, Type: PolicyTypeSCP, Name: "FullAWSAccess",
		Description: "Allows access to every operation", AWSManaged: true,
		Content: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`}
}

// PolicyARN returns a policy's ARN: AWS managed policies live under the "aws" account.
func (o Organization) PolicyARN(p Policy) string {
	if p.AWSManaged {
		return fmt.Sprintf("arn:%s:organizations::aws:policy/%s/%s", o.Partition, strings.ToLower(p.Type), p.ID)
	}
	return fmt.Sprintf("arn:%s:organizations::%s:policy/%s/%s/%s", o.Partition, o.ManagementAccountID, o.ID, strings.ToLower(p.Type), p.ID)
}

// Target is a root, OU or account that policies attach to and tags are put on.
type Target struct {
	ID, Type, Name, ARN string
}

// targetOf resolves a root, OU or account id of org; TargetNotFoundException otherwise.
func targetOf(tx store.Tx, org Organization, id string) (Target, error) {
	if id == org.RootID {
		return Target{ID: id, Type: ParentRoot, Name: "Root", ARN: org.RootARN()}, nil
	}
	if strings.HasPrefix(id, "ou-") {
		u, err := unitOf(tx, org, id)
		if apierr.OrgUnitNotFound.Is(err) {
			return Target{}, apierr.OrgTargetNotFound.New()
		}
		return Target{ID: id, Type: ParentUnit, Name: u.Name, ARN: org.UnitARN(id)}, err
	}
	if identity.IsAccountID(id) {
		a, err := accountOf(tx, org, id)
		if apierr.OrgAccountNotFound.Is(err) {
			return Target{}, apierr.OrgTargetNotFound.New()
		}
		return Target{ID: id, Type: "ACCOUNT", Name: a.Name, ARN: org.AccountARN(id)}, err
	}
	return Target{}, apierr.OrgTargetNotFound.New()
}

// unitOf returns an organizational unit of org, or OrganizationalUnitNotFoundException.
func unitOf(tx store.Tx, org Organization, id string) (OrganizationalUnit, error) {
	all, err := Units(tx, org.Partition, org.ID)
	if err != nil {
		return OrganizationalUnit{}, err
	}
	for _, u := range all {
		if u.ID == id {
			return u, nil
		}
	}
	return OrganizationalUnit{}, apierr.OrgUnitNotFound.New()
}

// requireTaggable checks that id is a root, OU, account or (own) policy of org.
func requireTaggable(tx store.Tx, org Organization, id string) error {
	if strings.HasPrefix(id, "p-") {
		_, err := storedPolicy(tx, org, id)
		if errors.Is(err, store.ErrNotFound) {
			return apierr.OrgTargetNotFound.New()
		}
		return err
	}
	_, err := targetOf(tx, org, id)
	return err
}

// checkTags validates tags to be put on a resource that already has existing ones.
func checkTags(existing, tags []Tag) error {
	keys := map[string]bool{}
	for _, t := range tags {
		if keys[t.Key] {
			return apierr.OrgDuplicateTagKey.New()
		}
		if strings.HasPrefix(strings.ToLower(t.Key), "aws:") {
			return apierr.OrgSystemTagKey.New()
		}
		keys[t.Key] = true
	}
	for _, t := range existing {
		keys[t.Key] = true
	}
	if len(keys) > maxTags {
		return apierr.OrgMaxTags.New()
	}
	return nil
}

// tagIn puts tags on a resource inside a transaction, all or none.
func tagIn(tx store.Tx, org Organization, id string, tags []Tag) error {
	if len(tags) == 0 {
		return nil
	}
	existing, err := tagsOf(tx, org, id)
	if err != nil {
		return err
	}
	if err := checkTags(existing, tags); err != nil {
		return err
	}
	for _, t := range tags {
		if err := putTag(tx, org, id, t); err != nil {
			return err
		}
	}
	return nil
}

// TagResource adds or overwrites tags of a root, OU, account or policy.
func (s *Service) TagResource(ctx context.Context, c identity.Caller, id string, tags []Tag) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if err := requireTaggable(tx, org, id); err != nil {
			return err
		}
		return tagIn(tx, org, id, tags)
	})
}

// UntagResource removes tags by key; keys the resource does not have are ignored.
func (s *Service) UntagResource(ctx context.Context, c identity.Caller, id string, keys []string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if err := requireTaggable(tx, org, id); err != nil {
			return err
		}
		for _, k := range keys {
			if strings.HasPrefix(strings.ToLower(k), "aws:") {
				return apierr.OrgSystemTagKey.New()
			}
		}
		for _, k := range keys {
			if err := deleteTag(tx, org, id, k); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListTags lists a resource's tags, ordered by key.
func (s *Service) ListTags(ctx context.Context, c identity.Caller, id string) ([]Tag, error) {
	var out []Tag
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		if err := requireTaggable(tx, org, id); err != nil {
			return err
		}
		out, err = tagsOf(tx, org, id)
		return err
	})
	return out, err
}

// DescribeOU returns an organizational unit of the caller's organization.
func (s *Service) DescribeOU(ctx context.Context, c identity.Caller, id string) (UnitView, error) {
	var out UnitView
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		u, err := unitOf(tx, org, id)
		out = UnitView{OrganizationalUnit: u, ARN: org.UnitARN(u.ID)}
		return err
	})
	return out, err
}

// UpdateOU renames an organizational unit ("" keeps the name); names are unique under a parent.
func (s *Service) UpdateOU(ctx context.Context, c identity.Caller, id, name string) (UnitView, error) {
	var out UnitView
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		u, err := unitOf(tx, org, id)
		if err != nil {
			return err
		}
		if name != "" && name != u.Name {
			all, err := Units(tx, org.Partition, org.ID)
			if err != nil {
				return err
			}
			for _, o := range all {
				if o.ParentID == u.ParentID && o.Name == name {
					return apierr.OrgDuplicateOU.New()
				}
			}
			u.Name = name
			if err := putUnit(tx, u); err != nil {
				return err
			}
		}
		out = UnitView{OrganizationalUnit: u, ARN: org.UnitARN(u.ID)}
		return nil
	})
	return out, err
}

// DeleteOU deletes an organizational unit that has no accounts and no child OUs, with its
// tags and policy attachments.
func (s *Service) DeleteOU(ctx context.Context, c identity.Caller, id string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if _, err := unitOf(tx, org, id); err != nil {
			return err
		}
		all, err := Units(tx, org.Partition, org.ID)
		if err != nil {
			return err
		}
		for _, u := range all {
			if u.ParentID == id {
				return apierr.OrgUnitNotEmpty.New()
			}
		}
		accounts, err := Accounts(tx, org.Partition, org.ID)
		if err != nil {
			return err
		}
		for _, a := range accounts {
			if a.ParentID == id {
				return apierr.OrgUnitNotEmpty.New()
			}
		}
		if err := forgetResource(tx, org, id); err != nil {
			return err
		}
		return tx.Exec(`DELETE FROM org_units WHERE partition = ? AND org_id = ? AND ou_id = ?`, org.Partition, org.ID, id)
	})
}

// requirePolicyType checks that the organization can use a policy type: all features, and a
// type sechub keeps.
func requirePolicyType(org Organization, policyType string) error {
	if _, ok := policyTypes[policyType]; !ok || org.FeatureSet != "ALL" {
		return apierr.OrgPolicyTypeNotAvailable.New()
	}
	return nil
}

// checkContent validates a policy document: a JSON object within the type's size quota.
func checkContent(policyType, content string) error {
	if utf8.RuneCountInString(content) > policyTypes[policyType].maxContent {
		return apierr.OrgPolicyContentLimit.New()
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(content), &doc); err != nil {
		return apierr.OrgMalformedPolicy.New()
	}
	return nil
}

// policyOf returns a policy of org, the AWS managed FullAWSAccess included, or
// PolicyNotFoundException.
func policyOf(tx store.Tx, org Organization, id string) (Policy, error) {
	if id == FullAWSAccessID && org.FeatureSet == "ALL" {
		return fullAWSAccess(org), nil
	}
	p, err := storedPolicy(tx, org, id)
	if errors.Is(err, store.ErrNotFound) {
		return p, apierr.OrgPolicyNotFound.New()
	}
	return p, err
}

// requireUniqueName refuses a policy name another policy of the type has.
func requireUniqueName(tx store.Tx, org Organization, p Policy) error {
	all, err := policiesOfType(tx, org, p.Type)
	if err != nil {
		return err
	}
	for _, o := range all {
		if o.Name == p.Name && o.ID != p.ID {
			return apierr.OrgDuplicatePolicy.New()
		}
	}
	return nil
}

// policiesOfType lists the organization's policies of a type: FullAWSAccess first for SCPs,
// then its own by id.
func policiesOfType(tx store.Tx, org Organization, policyType string) ([]Policy, error) {
	var out []Policy
	if policyType == PolicyTypeSCP && org.FeatureSet == "ALL" {
		out = append(out, fullAWSAccess(org))
	}
	own, err := storedPolicies(tx, org, policyType)
	return append(out, own...), err
}

// PolicyView is a policy with its ARN.
type PolicyView struct {
	Policy
	ARN string
}

func policyView(org Organization, p Policy) PolicyView {
	return PolicyView{Policy: p, ARN: org.PolicyARN(p)}
}

// CreatePolicy creates a policy of a type sechub keeps, with tags.
func (s *Service) CreatePolicy(ctx context.Context, c identity.Caller, p Policy, tags []Tag) (PolicyView, error) {
	var out PolicyView
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if err := requirePolicyType(org, p.Type); err != nil {
			return err
		}
		if err := checkContent(p.Type, p.Content); err != nil {
			return err
		}
		p.Partition, p.OrgID, p.ID, p.AWSManaged = org.Partition, org.ID, "p-"+randomID(8, idChars), false
		if err := requireUniqueName(tx, org, p); err != nil {
			return err
		}
		if err := putPolicy(tx, p); err != nil {
			return err
		}
		out = policyView(org, p)
		return tagIn(tx, org, p.ID, tags)
	})
	return out, err
}

// PolicyUpdate is what UpdatePolicy changes: nil members stay.
type PolicyUpdate struct {
	Name, Description, Content *string
}

// UpdatePolicy changes a policy's name, description or content.
func (s *Service) UpdatePolicy(ctx context.Context, c identity.Caller, id string, u PolicyUpdate) (PolicyView, error) {
	var out PolicyView
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		p, err := policyOf(tx, org, id)
		if err != nil {
			return err
		}
		if p.AWSManaged {
			return apierr.OrgImmutablePolicy.New()
		}
		if u.Content != nil {
			if err := checkContent(p.Type, *u.Content); err != nil {
				return err
			}
			p.Content = *u.Content
		}
		if u.Description != nil {
			p.Description = *u.Description
		}
		if u.Name != nil {
			p.Name = *u.Name
			if err := requireUniqueName(tx, org, p); err != nil {
				return err
			}
		}
		out = policyView(org, p)
		return putPolicy(tx, p)
	})
	return out, err
}

// DeletePolicy deletes a policy attached to nothing, with its tags.
func (s *Service) DeletePolicy(ctx context.Context, c identity.Caller, id string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		p, err := policyOf(tx, org, id)
		if err != nil {
			return err
		}
		if p.AWSManaged {
			return apierr.OrgImmutablePolicy.New()
		}
		if targets, err := attachmentsOfPolicy(tx, org, id); err != nil {
			return err
		} else if len(targets) > 0 {
			return apierr.OrgPolicyInUse.New()
		}
		if err := forgetResource(tx, org, id); err != nil {
			return err
		}
		return deleteStoredPolicy(tx, org, id)
	})
}

// DescribePolicy returns a policy, FullAWSAccess included.
func (s *Service) DescribePolicy(ctx context.Context, c identity.Caller, id string) (PolicyView, error) {
	var out PolicyView
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		p, err := policyOf(tx, org, id)
		out = policyView(org, p)
		return err
	})
	return out, err
}

// ListPolicies lists the organization's policies of a type.
func (s *Service) ListPolicies(ctx context.Context, c identity.Caller, policyType string) ([]PolicyView, error) {
	var out []PolicyView
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		all, err := policiesOfType(tx, org, policyType)
		for _, p := range all {
			out = append(out, policyView(org, p))
		}
		return err
	})
	return out, err
}

// requireEnabled refuses a policy type not enabled in the root.
func requireEnabled(tx store.Tx, org Organization, policyType string) error {
	enabled, err := enabledPolicyTypes(tx, org)
	if err != nil {
		return err
	}
	if !slices.Contains(enabled, policyType) {
		return apierr.OrgPolicyTypeNotOn.New()
	}
	return nil
}

// AttachPolicy attaches a policy to a root, OU or account.
func (s *Service) AttachPolicy(ctx context.Context, c identity.Caller, policyID, targetID string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		p, err := policyOf(tx, org, policyID)
		if err != nil {
			return err
		}
		if _, err := targetOf(tx, org, targetID); err != nil {
			return err
		}
		if err := requireEnabled(tx, org, p.Type); err != nil {
			return err
		}
		on, err := attachmentsOnTarget(tx, org, targetID)
		if err != nil {
			return err
		}
		ofType := 0
		for _, a := range on {
			if a.PolicyID == policyID {
				return apierr.OrgDuplicateAttach.New()
			}
			if a.PolicyType == p.Type {
				ofType++
			}
		}
		if ofType >= policyTypes[p.Type].maxAttached {
			return apierr.OrgMaxPolicyAttachments.New()
		}
		return putAttachment(tx, org, Attachment{PolicyID: policyID, TargetID: targetID, PolicyType: p.Type})
	})
}

// DetachPolicy detaches a policy from a root, OU or account; every target keeps at least one
// SCP while SCPs are enabled.
func (s *Service) DetachPolicy(ctx context.Context, c identity.Caller, policyID, targetID string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		p, err := policyOf(tx, org, policyID)
		if err != nil {
			return err
		}
		if _, err := targetOf(tx, org, targetID); err != nil {
			return err
		}
		on, err := attachmentsOnTarget(tx, org, targetID)
		if err != nil {
			return err
		}
		attached, ofType := false, 0
		for _, a := range on {
			attached = attached || a.PolicyID == policyID
			if a.PolicyType == p.Type {
				ofType++
			}
		}
		if !attached {
			return apierr.OrgPolicyNotAttached.New()
		}
		if p.Type == PolicyTypeSCP && ofType == 1 {
			return apierr.OrgMinPolicyAttachments.New()
		}
		return deleteAttachment(tx, org, policyID, targetID)
	})
}

// PoliciesForTarget lists the policies of a type attached to a root, OU or account, the AWS
// managed first, then by id.
func (s *Service) PoliciesForTarget(ctx context.Context, c identity.Caller, targetID, policyType string) ([]PolicyView, error) {
	var out []PolicyView
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		if _, err := targetOf(tx, org, targetID); err != nil {
			return err
		}
		on, err := attachmentsOnTarget(tx, org, targetID)
		if err != nil {
			return err
		}
		for _, a := range on {
			if a.PolicyType != policyType {
				continue
			}
			p, err := policyOf(tx, org, a.PolicyID)
			if err != nil {
				return err
			}
			out = append(out, policyView(org, p))
		}
		// As ListPolicies: FullAWSAccess first, then by id.
		slices.SortStableFunc(out, func(a, b PolicyView) int {
			if a.AWSManaged == b.AWSManaged {
				return 0
			} else if a.AWSManaged {
				return -1
			}
			return 1
		})
		return nil
	})
	return out, err
}

// TargetsForPolicy lists the roots, OUs and accounts a policy is attached to.
func (s *Service) TargetsForPolicy(ctx context.Context, c identity.Caller, policyID string) ([]Target, error) {
	var out []Target
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		if _, err := policyOf(tx, org, policyID); err != nil {
			return err
		}
		of, err := attachmentsOfPolicy(tx, org, policyID)
		if err != nil {
			return err
		}
		for _, a := range of {
			t, err := targetOf(tx, org, a.TargetID)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return nil
	})
	return out, err
}

// RootView is the organization's root with the policy types enabled in it.
type RootView struct {
	Organization
	PolicyTypes []string
}

// rootView reads the policy types enabled in org's root.
func rootView(tx store.Tx, org Organization) (RootView, error) {
	types, err := enabledPolicyTypes(tx, org)
	return RootView{Organization: org, PolicyTypes: types}, err
}

// Root returns the caller's organization's root.
func (s *Service) Root(ctx context.Context, c identity.Caller) (RootView, error) {
	var out RootView
	err := s.Store.View(ctx, func(tx store.Tx) error {
		org, err := readerOrg(tx, c)
		if err != nil {
			return err
		}
		out, err = rootView(tx, org)
		return err
	})
	return out, err
}

// EnablePolicyType enables a policy type in the root. Enabling SCPs attaches FullAWSAccess to
// the root and every OU and account, as AWS does.
func (s *Service) EnablePolicyType(ctx context.Context, c identity.Caller, rootID, policyType string) (RootView, error) {
	var out RootView
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if rootID != org.RootID {
			return apierr.OrgRootNotFound.New()
		}
		if err := requirePolicyType(org, policyType); err != nil {
			return err
		}
		if err := requireEnabled(tx, org, policyType); err == nil {
			return apierr.OrgPolicyTypeAlready.New()
		} else if !apierr.OrgPolicyTypeNotOn.Is(err) {
			return err
		}
		if err := putPolicyType(tx, org, policyType); err != nil {
			return err
		}
		if policyType == PolicyTypeSCP {
			targets := []string{org.RootID}
			all, err := Units(tx, org.Partition, org.ID)
			if err != nil {
				return err
			}
			for _, u := range all {
				targets = append(targets, u.ID)
			}
			accounts, err := Accounts(tx, org.Partition, org.ID)
			if err != nil {
				return err
			}
			for _, a := range accounts {
				targets = append(targets, a.AccountID)
			}
			for _, t := range targets {
				if err := putAttachment(tx, org, Attachment{PolicyID: FullAWSAccessID, TargetID: t, PolicyType: PolicyTypeSCP}); err != nil {
					return err
				}
			}
		}
		out, err = rootView(tx, org)
		return err
	})
	return out, err
}

// DisablePolicyType disables a policy type in the root, detaching its policies everywhere.
func (s *Service) DisablePolicyType(ctx context.Context, c identity.Caller, rootID, policyType string) (RootView, error) {
	var out RootView
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		org, err := managementOrg(tx, c)
		if err != nil {
			return err
		}
		if rootID != org.RootID {
			return apierr.OrgRootNotFound.New()
		}
		if err := requireEnabled(tx, org, policyType); err != nil {
			return err
		}
		if err := deleteAttachmentsOfType(tx, org, policyType); err != nil {
			return err
		}
		if err := deletePolicyType(tx, org, policyType); err != nil {
			return err
		}
		out, err = rootView(tx, org)
		return err
	})
	return out, err
}

// attachDefaults gives a new OU or account what AWS attaches to it: FullAWSAccess while SCPs
// are enabled.
func attachDefaults(tx store.Tx, org Organization, targetID string) error {
	if err := requireEnabled(tx, org, PolicyTypeSCP); apierr.OrgPolicyTypeNotOn.Is(err) {
		return nil
	} else if err != nil {
		return err
	}
	return putAttachment(tx, org, Attachment{PolicyID: FullAWSAccessID, TargetID: targetID, PolicyType: PolicyTypeSCP})
}
