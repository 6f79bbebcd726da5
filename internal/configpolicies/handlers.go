package configpolicies

import (
	"context"

	"github.com/sechub/sechub/internal/controls"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/shapes"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/wire"
)

func registerHandlers(r domain.Registry, svc *Service) {
	r.Handle("CreateConfigurationPolicy", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.CreateConfigurationPolicyRequest) (*sh.CreateConfigurationPolicyResponse, error) {
		p, err := svc.Create(ctx, c, in.Name, in.Description, bodyOf(in.ConfigurationPolicy), in.Tags)
		if err != nil {
			return nil, err
		}
		out := sh.CreateConfigurationPolicyResponse(policyShape(p))
		return &out, nil
	}))
	r.Handle("GetConfigurationPolicy", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.GetConfigurationPolicyRequest) (*sh.GetConfigurationPolicyResponse, error) {
		p, err := svc.Get(ctx, c, in.Identifier)
		if err != nil {
			return nil, err
		}
		out := policyShape(p)
		return &out, nil
	}))
	r.Handle("UpdateConfigurationPolicy", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.UpdateConfigurationPolicyRequest) (*sh.UpdateConfigurationPolicyResponse, error) {
		u := PolicyUpdate{Name: in.Name, Description: in.Description}
		if in.ConfigurationPolicy != nil {
			b := bodyOf(in.ConfigurationPolicy)
			u.Body = &b
		}
		p, err := svc.Update(ctx, c, in.Identifier, u)
		if err != nil {
			return nil, err
		}
		out := sh.UpdateConfigurationPolicyResponse(policyShape(p))
		return &out, nil
	}))
	r.Handle("DeleteConfigurationPolicy", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DeleteConfigurationPolicyRequest) (*sh.DeleteConfigurationPolicyResponse, error) {
		return &sh.DeleteConfigurationPolicyResponse{}, svc.Delete(ctx, c, in.Identifier)
	}))
	r.Handle("ListConfigurationPolicies", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.ListConfigurationPoliciesRequest) (*sh.ListConfigurationPoliciesResponse, error) {
		list, next, err := svc.List(ctx, c, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &sh.ListConfigurationPoliciesResponse{ConfigurationPolicySummaries: make([]sh.ConfigurationPolicySummary, len(list)), NextToken: next}
		for i, p := range list {
			out.ConfigurationPolicySummaries[i] = sh.ConfigurationPolicySummary{Arn: p.ARN(), Id: p.ID, Name: p.Name,
				Description: p.Description, UpdatedAt: shapes.Timestamp(p.UpdatedAt), ServiceEnabled: new(p.Settings.ServiceEnabled)}
		}
		return out, nil
	}))

	r.Handle("StartConfigurationPolicyAssociation", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.StartConfigurationPolicyAssociationRequest) (*sh.StartConfigurationPolicyAssociationResponse, error) {
		a, err := svc.Associate(ctx, c, in.ConfigurationPolicyIdentifier, targetOf(in.Target))
		if err != nil {
			return nil, err
		}
		out := sh.StartConfigurationPolicyAssociationResponse(associationShape(a))
		return &out, nil
	}))
	r.Handle("StartConfigurationPolicyDisassociation", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.StartConfigurationPolicyDisassociationRequest) (*sh.StartConfigurationPolicyDisassociationResponse, error) {
		return &sh.StartConfigurationPolicyDisassociationResponse{}, svc.Disassociate(ctx, c, in.ConfigurationPolicyIdentifier, targetOf(in.Target))
	}))
	r.Handle("GetConfigurationPolicyAssociation", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.GetConfigurationPolicyAssociationRequest) (*sh.GetConfigurationPolicyAssociationResponse, error) {
		a, err := svc.GetAssociation(ctx, c, targetOf(in.Target))
		if err != nil {
			return nil, err
		}
		out := sh.GetConfigurationPolicyAssociationResponse(associationShape(a))
		return &out, nil
	}))
	r.Handle("BatchGetConfigurationPolicyAssociations", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.BatchGetConfigurationPolicyAssociationsRequest) (*sh.BatchGetConfigurationPolicyAssociationsResponse, error) {
		targets := make([]Target, len(in.ConfigurationPolicyAssociationIdentifiers))
		for i, id := range in.ConfigurationPolicyAssociationIdentifiers {
			targets[i] = targetOf(id.Target)
		}
		list, failed, err := svc.BatchGetAssociations(ctx, c, targets)
		if err != nil {
			return nil, err
		}
		out := &sh.BatchGetConfigurationPolicyAssociationsResponse{
			ConfigurationPolicyAssociations:            make([]sh.ConfigurationPolicyAssociationSummary, len(list)),
			UnprocessedConfigurationPolicyAssociations: make([]sh.UnprocessedConfigurationPolicyAssociation, len(failed))}
		for i, a := range list {
			out.ConfigurationPolicyAssociations[i] = associationShape(a)
		}
		for i, f := range failed {
			out.UnprocessedConfigurationPolicyAssociations[i] = sh.UnprocessedConfigurationPolicyAssociation{
				ConfigurationPolicyAssociationIdentifiers: &sh.ConfigurationPolicyAssociation{Target: targetShape(f.Target)},
				ErrorCode: f.Code, ErrorReason: f.Reason}
		}
		return out, nil
	}))
	r.Handle("ListConfigurationPolicyAssociations", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.ListConfigurationPolicyAssociationsRequest) (*sh.ListConfigurationPolicyAssociationsResponse, error) {
		var f Filters
		if in.Filters != nil {
			f = Filters{PolicyID: in.Filters.ConfigurationPolicyId, Type: in.Filters.AssociationType, Status: in.Filters.AssociationStatus}
		}
		list, next, err := svc.ListAssociations(ctx, c, f, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &sh.ListConfigurationPolicyAssociationsResponse{
			ConfigurationPolicyAssociationSummaries: make([]sh.ConfigurationPolicyAssociationSummary, len(list)), NextToken: next}
		for i, a := range list {
			out.ConfigurationPolicyAssociationSummaries[i] = associationShape(a)
		}
		return out, nil
	}))
}

// bodyOf reads a request's policy; the model's union makes sure its SecurityHub member is set.
func bodyOf(p *sh.Policy) Body {
	if p == nil || p.SecurityHub == nil {
		return Body{}
	}
	in := p.SecurityHub
	b := Body{ServiceEnabled: in.ServiceEnabled, Standards: in.EnabledStandardIdentifiers}
	if cc := in.SecurityControlsConfiguration; cc != nil {
		b.Controls = &ControlsBody{Enabled: cc.EnabledSecurityControlIdentifiers, Disabled: cc.DisabledSecurityControlIdentifiers}
		for _, cp := range cc.SecurityControlCustomParameters {
			params := make(map[string]Parameter, len(cp.Parameters))
			for name, pc := range cp.Parameters {
				setting := Parameter{Custom: pc.ValueType == sh.ParameterValueTypeCustom}
				if pc.Value != nil {
					setting.Value = controls.ValueOf(pc.Value)
				}
				params[name] = setting
			}
			b.Controls.Parameters = append(b.Controls.Parameters, ControlParameters{ControlID: cp.SecurityControlId, Parameters: params})
		}
	}
	return b
}

// settingsShape returns the wire form of a policy's settings: every list present (empty
// rather than absent) when Security Hub is enabled, none when it is not.
func settingsShape(s Settings) *sh.Policy {
	out := &sh.SecurityHubPolicy{ServiceEnabled: new(s.ServiceEnabled)}
	if s.ServiceEnabled {
		out.EnabledStandardIdentifiers = append([]string{}, s.Standards...)
	}
	if c := s.Controls; c != nil {
		cc := &sh.SecurityControlsConfiguration{}
		ids := append([]string{}, c.Identifiers...)
		if c.EnabledOnly {
			cc.EnabledSecurityControlIdentifiers = ids
		} else {
			cc.DisabledSecurityControlIdentifiers = ids
		}
		for _, cp := range c.Parameters {
			params := make(map[string]sh.ParameterConfiguration, len(cp.Parameters))
			for name, p := range cp.Parameters {
				pc := sh.ParameterConfiguration{ValueType: sh.ParameterValueTypeDefault}
				if p.Custom {
					pc.ValueType = sh.ParameterValueTypeCustom
				}
				if p.Value != nil {
					pc.Value = controls.ValueShape(*p.Value)
				}
				params[name] = pc
			}
			cc.SecurityControlCustomParameters = append(cc.SecurityControlCustomParameters,
				sh.SecurityControlCustomParameter{SecurityControlId: cp.ControlID, Parameters: params})
		}
		out.SecurityControlsConfiguration = cc
	}
	return &sh.Policy{SecurityHub: out}
}

// policyShape returns the wire form of a policy, which Create, Get and Update answer with.
func policyShape(p Policy) sh.GetConfigurationPolicyResponse {
	return sh.GetConfigurationPolicyResponse{Arn: p.ARN(), Id: p.ID, Name: p.Name, Description: p.Description,
		CreatedAt: shapes.Timestamp(p.CreatedAt), UpdatedAt: shapes.Timestamp(p.UpdatedAt), ConfigurationPolicy: settingsShape(p.Settings)}
}

// targetOf reads a request's target.
func targetOf(t *sh.Target) Target {
	if t == nil {
		return Target{}
	}
	return Target{AccountID: t.AccountId, UnitID: t.OrganizationalUnitId, RootID: t.RootId}
}

// targetShape returns the wire form of a target.
func targetShape(t Target) *sh.Target {
	return &sh.Target{AccountId: t.AccountID, OrganizationalUnitId: t.UnitID, RootId: t.RootID}
}

// associationShape returns the wire form of an association, which every association read
// answers with.
func associationShape(a Association) sh.ConfigurationPolicyAssociationSummary {
	return sh.ConfigurationPolicyAssociationSummary{ConfigurationPolicyId: a.PolicyID, TargetId: a.TargetID, TargetType: a.TargetType,
		AssociationType: a.Type, AssociationStatus: a.Status, AssociationStatusMessage: a.Message, UpdatedAt: shapes.Timestamp(a.UpdatedAt)}
}
