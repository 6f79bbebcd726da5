package organizations

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/shapes"
	orgshapes "github.com/sechub/sechub/internal/shapes/organizations"
	"github.com/sechub/sechub/internal/wire"
)

// tagsPage is ListTagsForResource's page length: the operation has no MaxResults and a
// resource has at most maxTags tags, so every listing is one page.
var tagsPage int32 = maxTags

func tagsIn(tags []orgshapes.Tag) []Tag {
	out := make([]Tag, 0, len(tags))
	for _, t := range tags {
		out = append(out, Tag{Key: t.Key, Value: t.Value})
	}
	return out
}

func policySummaryOut(p PolicyView) orgshapes.PolicySummary {
	return orgshapes.PolicySummary{Id: p.ID, Arn: p.ARN, Name: p.Name, Description: p.Description, Type: p.Type, AwsManaged: &p.AWSManaged}
}

func policyOut(p PolicyView) *orgshapes.Policy {
	s := policySummaryOut(p)
	return &orgshapes.Policy{Content: p.Content, PolicySummary: &s}
}

func policySummariesOut(ps []PolicyView) []orgshapes.PolicySummary {
	out := make([]orgshapes.PolicySummary, 0, len(ps))
	for _, p := range ps {
		out = append(out, policySummaryOut(p))
	}
	return out
}

// rootOut is the organization's root as ListRoots and the policy type operations show it:
// each enabled type ENABLED (sechub enables at once, never PENDING_ENABLE).
func rootOut(r RootView) *orgshapes.Root {
	out := &orgshapes.Root{Id: r.RootID, Arn: r.RootARN(), Name: "Root", PolicyTypes: make([]orgshapes.PolicyTypeSummary, 0, len(r.PolicyTypes))}
	for _, t := range r.PolicyTypes {
		out.PolicyTypes = append(out.PolicyTypes, orgshapes.PolicyTypeSummary{Type: t, Status: orgshapes.PolicyTypeStatusEnabled})
	}
	return out
}

// availablePolicyTypes is DescribeOrganization's deprecated AvailablePolicyTypes: AWS lists
// only SCPs there, ENABLED in an organization with all features whatever the root has.
func availablePolicyTypes(o Organization) []orgshapes.PolicyTypeSummary {
	if o.FeatureSet != "ALL" {
		return []orgshapes.PolicyTypeSummary{}
	}
	return []orgshapes.PolicyTypeSummary{{Type: PolicyTypeSCP, Status: orgshapes.PolicyTypeStatusEnabled}}
}

// registerPolicyHandlers registers the tag, organizational unit and policy operations.
func registerPolicyHandlers(r domain.Registry, svc *Service, pages paging.Pager) {
	r.Handle("TagResource", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.TagResourceRequest) (*shapes.Empty, error) {
		return nil, svc.TagResource(ctx, c, in.ResourceId, tagsIn(in.Tags))
	}))
	r.Handle("UntagResource", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.UntagResourceRequest) (*shapes.Empty, error) {
		return nil, svc.UntagResource(ctx, c, in.ResourceId, in.TagKeys)
	}))
	r.Handle("ListTagsForResource", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.ListTagsForResourceRequest) (*orgshapes.ListTagsForResourceResponse, error) {
		all, err := svc.ListTags(ctx, c, in.ResourceId)
		if err != nil {
			return nil, err
		}
		items, next, err := paging.Offset(pages, page("ListTagsForResource", c, in.NextToken, &tagsPage, in.ResourceId), all)
		if err != nil {
			return nil, err
		}
		out := &orgshapes.ListTagsForResourceResponse{Tags: make([]orgshapes.Tag, 0, len(items)), NextToken: next}
		for _, t := range items {
			out.Tags = append(out.Tags, orgshapes.Tag{Key: t.Key, Value: t.Value})
		}
		return out, nil
	}))

	r.Handle("DescribeOrganizationalUnit", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.DescribeOrganizationalUnitRequest) (*orgshapes.DescribeOrganizationalUnitResponse, error) {
		u, err := svc.DescribeOU(ctx, c, in.OrganizationalUnitId)
		if err != nil {
			return nil, err
		}
		ou := unitOut(u)
		return &orgshapes.DescribeOrganizationalUnitResponse{OrganizationalUnit: &ou}, nil
	}))
	r.Handle("UpdateOrganizationalUnit", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.UpdateOrganizationalUnitRequest) (*orgshapes.UpdateOrganizationalUnitResponse, error) {
		u, err := svc.UpdateOU(ctx, c, in.OrganizationalUnitId, in.Name)
		if err != nil {
			return nil, err
		}
		ou := unitOut(u)
		return &orgshapes.UpdateOrganizationalUnitResponse{OrganizationalUnit: &ou}, nil
	}))
	r.Handle("DeleteOrganizationalUnit", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.DeleteOrganizationalUnitRequest) (*shapes.Empty, error) {
		return nil, svc.DeleteOU(ctx, c, in.OrganizationalUnitId)
	}))

	r.Handle("CreatePolicy", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.CreatePolicyRequest) (*orgshapes.CreatePolicyResponse, error) {
		p, err := svc.CreatePolicy(ctx, c, Policy{Type: in.Type, Name: in.Name, Description: in.Description, Content: in.Content}, tagsIn(in.Tags))
		if err != nil {
			return nil, err
		}
		return &orgshapes.CreatePolicyResponse{Policy: policyOut(p)}, nil
	}))
	r.Handle("UpdatePolicy", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.UpdatePolicyRequest) (*orgshapes.UpdatePolicyResponse, error) {
		// The generated type cannot tell an absent member from an empty one: read presence from
		// the input document (Description may be set to "").
		doc := wire.InputDocument(ctx)
		var u PolicyUpdate
		if _, ok := doc["Name"]; ok {
			u.Name = &in.Name
		}
		if _, ok := doc["Description"]; ok {
			u.Description = &in.Description
		}
		if _, ok := doc["Content"]; ok {
			u.Content = &in.Content
		}
		p, err := svc.UpdatePolicy(ctx, c, in.PolicyId, u)
		if err != nil {
			return nil, err
		}
		return &orgshapes.UpdatePolicyResponse{Policy: policyOut(p)}, nil
	}))
	r.Handle("DeletePolicy", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.DeletePolicyRequest) (*shapes.Empty, error) {
		return nil, svc.DeletePolicy(ctx, c, in.PolicyId)
	}))
	r.Handle("DescribePolicy", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.DescribePolicyRequest) (*orgshapes.DescribePolicyResponse, error) {
		p, err := svc.DescribePolicy(ctx, c, in.PolicyId)
		if err != nil {
			return nil, err
		}
		return &orgshapes.DescribePolicyResponse{Policy: policyOut(p)}, nil
	}))
	r.Handle("ListPolicies", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.ListPoliciesRequest) (*orgshapes.ListPoliciesResponse, error) {
		all, err := svc.ListPolicies(ctx, c, in.Filter)
		if err != nil {
			return nil, err
		}
		items, next, err := paging.Offset(pages, page("ListPolicies", c, in.NextToken, in.MaxResults, in.Filter), all)
		if err != nil {
			return nil, err
		}
		return &orgshapes.ListPoliciesResponse{Policies: policySummariesOut(items), NextToken: next}, nil
	}))
	r.Handle("AttachPolicy", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.AttachPolicyRequest) (*shapes.Empty, error) {
		return nil, svc.AttachPolicy(ctx, c, in.PolicyId, in.TargetId)
	}))
	r.Handle("DetachPolicy", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.DetachPolicyRequest) (*shapes.Empty, error) {
		return nil, svc.DetachPolicy(ctx, c, in.PolicyId, in.TargetId)
	}))
	r.Handle("ListPoliciesForTarget", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.ListPoliciesForTargetRequest) (*orgshapes.ListPoliciesForTargetResponse, error) {
		all, err := svc.PoliciesForTarget(ctx, c, in.TargetId, in.Filter)
		if err != nil {
			return nil, err
		}
		items, next, err := paging.Offset(pages, page("ListPoliciesForTarget", c, in.NextToken, in.MaxResults, in.TargetId, in.Filter), all)
		if err != nil {
			return nil, err
		}
		return &orgshapes.ListPoliciesForTargetResponse{Policies: policySummariesOut(items), NextToken: next}, nil
	}))
	r.Handle("ListTargetsForPolicy", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.ListTargetsForPolicyRequest) (*orgshapes.ListTargetsForPolicyResponse, error) {
		all, err := svc.TargetsForPolicy(ctx, c, in.PolicyId)
		if err != nil {
			return nil, err
		}
		items, next, err := paging.Offset(pages, page("ListTargetsForPolicy", c, in.NextToken, in.MaxResults, in.PolicyId), all)
		if err != nil {
			return nil, err
		}
		out := &orgshapes.ListTargetsForPolicyResponse{Targets: make([]orgshapes.PolicyTargetSummary, 0, len(items)), NextToken: next}
		for _, t := range items {
			out.Targets = append(out.Targets, orgshapes.PolicyTargetSummary{TargetId: t.ID, Arn: t.ARN, Name: t.Name, Type: t.Type})
		}
		return out, nil
	}))
	r.Handle("EnablePolicyType", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.EnablePolicyTypeRequest) (*orgshapes.EnablePolicyTypeResponse, error) {
		root, err := svc.EnablePolicyType(ctx, c, in.RootId, in.PolicyType)
		if err != nil {
			return nil, err
		}
		return &orgshapes.EnablePolicyTypeResponse{Root: rootOut(root)}, nil
	}))
	r.Handle("DisablePolicyType", wire.Typed(func(ctx context.Context, c identity.Caller, in *orgshapes.DisablePolicyTypeRequest) (*orgshapes.DisablePolicyTypeResponse, error) {
		root, err := svc.DisablePolicyType(ctx, c, in.RootId, in.PolicyType)
		if err != nil {
			return nil, err
		}
		return &orgshapes.DisablePolicyTypeResponse{Root: rootOut(root)}, nil
	}))
}
