package automationv2

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/shapes"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/wire"
)

func registerHandlers(r domain.Registry, svc *Service) {
	r.Handle("CreateAutomationRuleV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.CreateAutomationRuleV2Request) (*sh.CreateAutomationRuleV2Response, error) {
		rule := Rule{Name: in.RuleName, Description: in.Description, Status: in.RuleStatus}
		if in.RuleOrder != nil {
			rule.Order = *in.RuleOrder
		}
		var err error
		if rule.Criteria, err = criteriaIn(in.Criteria); err != nil {
			return nil, err
		}
		if len(in.Actions) > 0 {
			rule.Action = actionIn(in.Actions[0])
		}
		rule, err = svc.Create(ctx, domain.Key(c), rule, in.Tags)
		if err != nil {
			return nil, err
		}
		return &sh.CreateAutomationRuleV2Response{RuleArn: rule.ARN, RuleId: rule.ID}, nil
	}))
	r.Handle("GetAutomationRuleV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.GetAutomationRuleV2Request) (*sh.GetAutomationRuleV2Response, error) {
		rule, err := svc.Get(ctx, domain.Key(c), in.Identifier)
		if err != nil {
			return nil, err
		}
		out := &sh.GetAutomationRuleV2Response{RuleArn: rule.ARN, RuleId: rule.ID, RuleOrder: new(rule.Order), RuleName: rule.Name,
			RuleStatus: rule.Status, Description: rule.Description, Actions: []sh.AutomationRulesActionV2{actionOut(rule.Action)},
			CreatedAt: shapes.Timestamp(rule.CreatedAt), UpdatedAt: shapes.Timestamp(rule.UpdatedAt),
			Criteria: &sh.Criteria{OcsfFindingCriteria: &sh.OcsfFindingFilters{}}}
		if err := fill(rule.Criteria, out.Criteria.OcsfFindingCriteria); err != nil {
			return nil, err
		}
		return out, nil
	}))
	r.Handle("UpdateAutomationRuleV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.UpdateAutomationRuleV2Request) (*sh.UpdateAutomationRuleV2Response, error) {
		ch := Change{Order: in.RuleOrder}
		if in.RuleName != "" {
			ch.Name = &in.RuleName
		}
		if in.Description != "" {
			ch.Description = &in.Description
		}
		if in.RuleStatus != "" {
			ch.Status = &in.RuleStatus
		}
		if in.Criteria != nil {
			var err error
			if ch.Criteria, err = criteriaIn(in.Criteria); err != nil {
				return nil, err
			}
			if ch.Criteria == nil {
				return nil, errNoCriteria()
			}
		}
		if len(in.Actions) > 0 {
			a := actionIn(in.Actions[0])
			ch.Action = &a
		}
		return &sh.UpdateAutomationRuleV2Response{}, svc.Update(ctx, domain.Key(c), in.Identifier, ch)
	}))
	r.Handle("DeleteAutomationRuleV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.DeleteAutomationRuleV2Request) (*sh.DeleteAutomationRuleV2Response, error) {
		return &sh.DeleteAutomationRuleV2Response{}, svc.Delete(ctx, domain.Key(c), in.Identifier)
	}))
	r.Handle("ListAutomationRulesV2", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.ListAutomationRulesV2Request) (*sh.ListAutomationRulesV2Response, error) {
		list, next, err := svc.List(ctx, domain.Key(c), paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &sh.ListAutomationRulesV2Response{Rules: make([]sh.AutomationRulesMetadataV2, len(list)), NextToken: next}
		for i, rule := range list {
			out.Rules[i] = sh.AutomationRulesMetadataV2{RuleArn: rule.ARN, RuleId: rule.ID, RuleOrder: new(rule.Order), RuleName: rule.Name,
				RuleStatus: rule.Status, Description: rule.Description, Actions: []sh.AutomationRulesActionTypeObjectV2{{Type: rule.Action.Type}},
				CreatedAt: shapes.Timestamp(rule.CreatedAt), UpdatedAt: shapes.Timestamp(rule.UpdatedAt)}
		}
		return out, nil
	}))
}

// criteriaIn returns a request's OcsfFindingCriteria as the decoded JSON the domain keeps
// (nil when there is none).
func criteriaIn(c *sh.Criteria) (map[string]any, error) {
	if c == nil || c.OcsfFindingCriteria == nil {
		return nil, nil
	}
	raw, err := json.Marshal(c.OcsfFindingCriteria)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	return m, dec.Decode(&m)
}

func actionIn(a sh.AutomationRulesActionV2) Action {
	out := Action{Type: a.Type}
	if u := a.FindingFieldsUpdate; u != nil {
		out.Comment = u.Comment
		if u.SeverityId != nil {
			out.SeverityID = new(int(*u.SeverityId))
		}
		if u.StatusId != nil {
			out.StatusID = new(int(*u.StatusId))
		}
	}
	if e := a.ExternalIntegrationConfiguration; e != nil {
		out.ConnectorARN = e.ConnectorArn
	}
	return out
}

func actionOut(a Action) sh.AutomationRulesActionV2 {
	out := sh.AutomationRulesActionV2{Type: a.Type}
	switch a.Type {
	case FieldsUpdate:
		out.FindingFieldsUpdate = &sh.AutomationRulesFindingFieldsUpdateV2{Comment: a.Comment}
		if a.SeverityID != nil {
			out.FindingFieldsUpdate.SeverityId = new(int32(*a.SeverityID))
		}
		if a.StatusID != nil {
			out.FindingFieldsUpdate.StatusId = new(int32(*a.StatusID))
		}
	case ExternalIntegration:
		out.ExternalIntegrationConfiguration = &sh.ExternalIntegrationConfiguration{ConnectorArn: a.ConnectorARN}
	}
	return out
}

// fill converts decoded JSON the domain keeps back into a wire structure.
func fill(m map[string]any, dst any) error {
	raw, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, dst)
}
