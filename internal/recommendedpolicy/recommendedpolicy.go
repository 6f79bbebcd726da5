// Package recommendedpolicy is Security Hub V2's recommended policies
// (GenerateRecommendedPolicyV2, GetRecommendedPolicyV2): for an unused-permission finding of
// IAM Access Analyzer, the IAM policy without the permissions the finding says go unused.
// sechub cannot see IAM, so it computes the recommendation from the finding alone, from
// product fields the finding's producer sets; RECOMMENDED_POLICY.md says which, and what
// comes out. Generation is synchronous and deterministic: the same finding gives the same
// recommendation.
package recommendedpolicy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/connectorsv2"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/hubv2"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
)

// The product fields a finding's producer sets for sechub to recommend a policy.
const (
	// FieldFindingType must be UnusedPermission, IAM Access Analyzer's finding type.
	FieldFindingType = "findingType"
	// FieldUnusedActions lists the unused IAM actions, separated by commas.
	FieldUnusedActions = "unusedActions"
	// FieldExistingPolicy is the JSON policy document that grants them.
	FieldExistingPolicy = "existingPolicy"
	// FieldExistingPolicyID names that policy (its ARN, or the name of an inline policy).
	FieldExistingPolicyID = "existingPolicyId"
	// unusedPermission is the finding type a policy can be recommended for.
	unusedPermission = "UnusedPermission"
)

// The outcomes (the model's RecommendationStatus) and recommended actions.
const (
	Succeeded    = "SUCCEEDED"
	Failed       = "FAILED"
	createPolicy = "CREATE_POLICY"
	detachPolicy = "DETACH_POLICY"
	defaultPage  = 100
	kind         = "recommended-policy-v2"
	errNoPolicy  = "EXISTING_POLICY_UNKNOWN"
	errBadPolicy = "EXISTING_POLICY_INVALID"
	errNoUnused  = "NO_UNUSED_ACTIONS"
	msgNoPolicy  = "The finding has no " + FieldExistingPolicy + " product field: sechub cannot read the policy from IAM."
	msgBadPolicy = "The " + FieldExistingPolicy + " product field is not a JSON policy document."
	msgNoUnused  = "The finding has no " + FieldUnusedActions + " product field naming unused actions."
)

// Recommendation is what GenerateRecommendedPolicyV2 computed for a finding.
type Recommendation struct {
	MetadataUID  string
	ResourceARN  string
	Status       string
	ErrorCode    string
	ErrorMessage string
	Steps        []Step
	GeneratedAt  time.Time
}

// Step is one policy change of a recommendation.
type Step struct {
	RecommendedAction string
	ExistingPolicy    string
	ExistingPolicyID  string
	RecommendedPolicy string
	PolicyUpdatedAt   time.Time
}

var recommendations = store.JSONKind[Recommendation]{Kind: kind}

// recordID is a recommendation's record id: metadata.uids are long and hold slashes.
func recordID(uid string) string {
	sum := sha256.Sum256([]byte(uid))
	return hex.EncodeToString(sum[:])
}

// Service runs the recommended policy operations.
type Service struct {
	Store    store.Store
	Clock    clock.Clock
	Pages    paging.Pager
	Findings *findings.Service
}

// Generate computes and keeps the recommendation for the finding whose metadata.uid is uid.
func (s *Service) Generate(ctx context.Context, c identity.Caller, uid string) error {
	raw, err := connectorsv2.FindingByMetadataUID(ctx, s.Findings, c, uid)
	if err != nil {
		return err
	}
	var f struct {
		ProductFields map[string]string
		UpdatedAt     string
		Resources     []struct{ Id string }
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return err
	}
	if f.ProductFields[FieldFindingType] != unusedPermission {
		return apierr.RecommendedPolicyUnsupported.New(uid)
	}
	r := recommend(f.ProductFields)
	r.MetadataUID, r.GeneratedAt = uid, s.Clock.Now()
	if len(f.Resources) > 0 {
		r.ResourceARN = f.Resources[0].Id
	}
	if len(r.Steps) > 0 {
		r.Steps[0].PolicyUpdatedAt, _ = findings.ParseTime(f.UpdatedAt)
	}
	key := domain.Key(c)
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if err := hubv2.Require(tx, key); err != nil {
			return err
		}
		id := recordID(uid)
		if _, err := tx.Record(key, kind, id); errors.Is(err, store.ErrNotFound) {
			return recommendations.Insert(tx, key, id, r)
		} else if err != nil {
			return err
		}
		return recommendations.Save(tx, key, id, r)
	})
}

// recommend computes a recommendation from an unused-permission finding's product fields:
// the existing policy without the unused actions in its Allow statements (CREATE_POLICY), or
// DETACH_POLICY when nothing of it stays.
func recommend(fields map[string]string) Recommendation {
	var unused []string
	for a := range strings.SplitSeq(fields[FieldUnusedActions], ",") {
		if a = strings.TrimSpace(a); a != "" {
			unused = append(unused, strings.ToLower(a))
		}
	}
	existing := fields[FieldExistingPolicy]
	switch {
	case len(unused) == 0:
		return Recommendation{Status: Failed, ErrorCode: errNoUnused, ErrorMessage: msgNoUnused}
	case existing == "":
		return Recommendation{Status: Failed, ErrorCode: errNoPolicy, ErrorMessage: msgNoPolicy}
	}
	var policy map[string]any
	if err := json.Unmarshal([]byte(existing), &policy); err != nil || policy == nil {
		return Recommendation{Status: Failed, ErrorCode: errBadPolicy, ErrorMessage: msgBadPolicy}
	}
	statements, ok := policy["Statement"].([]any)
	if single, isObject := policy["Statement"].(map[string]any); isObject {
		statements, ok = []any{single}, true
	}
	if !ok {
		return Recommendation{Status: Failed, ErrorCode: errBadPolicy, ErrorMessage: msgBadPolicy}
	}
	var kept []any
	for _, st := range statements {
		m, isObject := st.(map[string]any)
		if !isObject || m["Effect"] != "Allow" {
			kept = append(kept, st)
			continue
		}
		var actions []any
		switch a := m["Action"].(type) {
		case string:
			actions = []any{a}
		case []any:
			actions = a
		}
		left := slices.DeleteFunc(slices.Clone(actions), func(a any) bool {
			name, _ := a.(string)
			return slices.Contains(unused, strings.ToLower(name))
		})
		if len(left) == 0 && len(actions) > 0 {
			continue // every action of the statement goes unused
		}
		if len(left) < len(actions) {
			m["Action"] = left
		}
		kept = append(kept, m)
	}
	step := Step{ExistingPolicy: existing, ExistingPolicyID: fields[FieldExistingPolicyID]}
	if len(kept) == 0 {
		step.RecommendedAction = detachPolicy
	} else {
		policy["Statement"] = kept
		out, _ := json.Marshal(policy) // maps marshal with sorted keys: the same finding gives the same text
		step.RecommendedAction, step.RecommendedPolicy = createPolicy, string(out)
	}
	return Recommendation{Status: Succeeded, Steps: []Step{step}}
}

// Get returns the recommendation generated for the finding whose metadata.uid is uid, with a
// page of its steps.
func (s *Service) Get(ctx context.Context, c identity.Caller, uid string, maxResults int, nextToken string) (Recommendation, string, error) {
	key := domain.Key(c)
	var r Recommendation
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if err := hubv2.Require(tx, key); err != nil {
			return err
		}
		var err error
		r, err = recommendations.Get(tx, key, recordID(uid))
		if errors.Is(err, store.ErrNotFound) {
			return apierr.RecommendedPolicyNotFound.New(uid)
		}
		return err
	})
	if err != nil {
		return r, "", err
	}
	page := paging.Page{Scope: paging.Scope("GetRecommendedPolicyV2", key.Partition, key.Region, key.AccountID, uid),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultPage}
	var next string
	r.Steps, next, err = paging.Offset(s.Pages, page, r.Steps)
	return r, next, err
}
