package automation

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
	r.Handle("CreateAutomationRule", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.CreateAutomationRuleRequest) (*sh.CreateAutomationRuleResponse, error) {
		rule := Rule{Name: in.RuleName, Description: in.Description, Status: in.RuleStatus}
		if in.RuleOrder != nil {
			rule.Order = int(*in.RuleOrder)
		}
		if in.IsTerminal != nil {
			rule.Terminal = *in.IsTerminal
		}
		var err error
		if rule.Criteria, err = object(in.Criteria); err != nil {
			return nil, err
		}
		if rule.Criteria == nil {
			rule.Criteria = map[string]any{} // the model requires it; a null one is none
		}
		if rule.Actions, err = actionsIn(in.Actions); err != nil {
			return nil, err
		}
		arn, err := svc.Create(ctx, domain.Key(c), c.Principal, rule, in.Tags)
		if err != nil {
			return nil, err
		}
		return &sh.CreateAutomationRuleResponse{RuleArn: arn}, nil
	}))
	r.Handle("BatchGetAutomationRules", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.BatchGetAutomationRulesRequest) (*sh.BatchGetAutomationRulesResponse, error) {
		rules, unprocessed, err := svc.Get(ctx, domain.Key(c), in.AutomationRulesArns)
		if err != nil {
			return nil, err
		}
		out := &sh.BatchGetAutomationRulesResponse{Rules: make([]sh.AutomationRulesConfig, len(rules)), UnprocessedAutomationRules: unprocessedOut(unprocessed)}
		for i, rule := range rules {
			if out.Rules[i], err = configOut(rule); err != nil {
				return nil, err
			}
		}
		return out, nil
	}))
	r.Handle("BatchUpdateAutomationRules", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.BatchUpdateAutomationRulesRequest) (*sh.BatchUpdateAutomationRulesResponse, error) {
		changes := make([]Change, len(in.UpdateAutomationRulesRequestItems))
		for i, item := range in.UpdateAutomationRulesRequestItems {
			ch := Change{ARN: item.RuleArn, Terminal: item.IsTerminal}
			if item.RuleName != "" {
				ch.Name = &item.RuleName
			}
			if item.Description != "" {
				ch.Description = &item.Description
			}
			if item.RuleStatus != "" {
				ch.Status = &item.RuleStatus
			}
			if item.RuleOrder != nil {
				ch.Order = new(int(*item.RuleOrder))
			}
			var err error
			if ch.Criteria, err = object(item.Criteria); err != nil {
				return nil, err
			}
			if ch.Actions, err = actionsIn(item.Actions); err != nil {
				return nil, err
			}
			changes[i] = ch
		}
		processed, unprocessed, err := svc.Update(ctx, domain.Key(c), changes)
		if err != nil {
			return nil, err
		}
		return &sh.BatchUpdateAutomationRulesResponse{ProcessedAutomationRules: shapes.NonNil(processed), UnprocessedAutomationRules: unprocessedOut(unprocessed)}, nil
	}))
	r.Handle("BatchDeleteAutomationRules", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.BatchDeleteAutomationRulesRequest) (*sh.BatchDeleteAutomationRulesResponse, error) {
		deleted, unprocessed, err := svc.Delete(ctx, domain.Key(c), in.AutomationRulesArns)
		if err != nil {
			return nil, err
		}
		return &sh.BatchDeleteAutomationRulesResponse{ProcessedAutomationRules: shapes.NonNil(deleted), UnprocessedAutomationRules: unprocessedOut(unprocessed)}, nil
	}))
	r.Handle("ListAutomationRules", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.ListAutomationRulesRequest) (*sh.ListAutomationRulesResponse, error) {
		rules, next, err := svc.List(ctx, domain.Key(c), paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &sh.ListAutomationRulesResponse{AutomationRulesMetadata: make([]sh.AutomationRulesMetadata, len(rules)), NextToken: next}
		for i, rule := range rules {
			out.AutomationRulesMetadata[i] = sh.AutomationRulesMetadata{RuleArn: rule.ARN, RuleName: rule.Name, Description: rule.Description,
				RuleOrder: new(int32(rule.Order)), RuleStatus: rule.Status, IsTerminal: new(rule.Terminal), CreatedBy: rule.CreatedBy,
				CreatedAt: shapes.Timestamp(rule.CreatedAt), UpdatedAt: shapes.Timestamp(rule.UpdatedAt)}
		}
		return out, nil
	}))
}

// configOut is a rule as BatchGetAutomationRules answers it.
func configOut(r Rule) (sh.AutomationRulesConfig, error) {
	out := sh.AutomationRulesConfig{RuleArn: r.ARN, RuleName: r.Name, Description: r.Description, RuleOrder: new(int32(r.Order)),
		RuleStatus: r.Status, IsTerminal: new(r.Terminal), CreatedBy: r.CreatedBy,
		CreatedAt: shapes.Timestamp(r.CreatedAt), UpdatedAt: shapes.Timestamp(r.UpdatedAt),
		Criteria: &sh.AutomationRulesFindingFilters{}, Actions: make([]sh.AutomationRulesAction, len(r.Actions))}
	if err := fill(r.Criteria, out.Criteria); err != nil {
		return out, err
	}
	for i, a := range r.Actions {
		out.Actions[i] = sh.AutomationRulesAction{Type: a.Type}
		if a.Update != nil {
			out.Actions[i].FindingFieldsUpdate = &sh.AutomationRulesFindingFieldsUpdate{}
			if err := fill(a.Update, out.Actions[i].FindingFieldsUpdate); err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

// actionsIn converts a request's actions (nil: none given).
func actionsIn(in []sh.AutomationRulesAction) ([]Action, error) {
	if in == nil {
		return nil, nil
	}
	out := make([]Action, len(in))
	for i, a := range in {
		update, err := object(a.FindingFieldsUpdate)
		if err != nil {
			return nil, err
		}
		out[i] = Action{Type: a.Type, Update: update}
	}
	return out, nil
}

func unprocessedOut(list []Unprocessed) []sh.UnprocessedAutomationRule {
	out := make([]sh.UnprocessedAutomationRule, len(list))
	for i, u := range list {
		out[i] = sh.UnprocessedAutomationRule{RuleArn: u.ARN, ErrorCode: new(int32(u.Code)), ErrorMessage: u.Message}
	}
	return out
}

// object converts a wire structure into the decoded JSON the domain keeps (numbers as
// json.Number, as the findings domain reads documents); nil for a nil pointer. The criteria and
// the finding fields are kept as JSON because the findings domain compiles and applies them
// as JSON.
func object[T any](v *T) (map[string]any, error) {
	if v == nil {
		return nil, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	return m, dec.Decode(&m)
}

// fill converts decoded JSON the domain keeps back into a wire structure.
func fill(m map[string]any, dst any) error {
	raw, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, dst)
}
