package controls

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"regexp"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
)

// The operator endpoints through which users give sechub what AWS learns from AWS Config:
//
//	POST /_sechub/controls/evaluate  {"AccountId", "Region", "SecurityControlId", "ResourceType", "ResourceId", "ComplianceStatus"}
//	  -> {"FindingIds": [...]}: the control findings made or updated
//	POST /_sechub/controls/report    {"AccountId", "Region"}
//	  -> {"Controls": [{"SecurityControlId", "Status"}], "Standards": [{"StandardsArn", "Passed", "WithData", "Score"}]}

// evaluateRequest is the body of controls/evaluate.
type evaluateRequest struct {
	AccountID         string `json:"AccountId"`
	Region            string
	SecurityControlID string `json:"SecurityControlId"`
	ResourceType      string
	ResourceID        string `json:"ResourceId"`
	ComplianceStatus  string
}

// reportRequest is the body of controls/report.
type reportRequest struct {
	AccountID string `json:"AccountId"`
	Region    string
}

// decodeStrict reads body into v, refusing unknown members so that a misspelt one is an
// error rather than silently absent.
func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return apierr.EvaluationInvalid.New("The body is not the endpoint's JSON object: " + err.Error())
	}
	if _, err := dec.Token(); err != io.EOF {
		return apierr.EvaluationInvalid.New("The body has data after its JSON object.")
	}
	return nil
}

// regionName is the form of an AWS region's name (us-east-1, us-gov-west-1, cn-north-1).
var regionName = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d{1,2}$`)

// accountCaller is the account an operator acts for.
func accountCaller(account, region string) (identity.Caller, error) {
	if !identity.IsAccountID(account) || !regionName.MatchString(region) {
		return identity.Caller{}, apierr.EvaluationInvalid.New("AccountId (12 digits) and Region (us-east-1, ...) are required.")
	}
	partition := identity.PartitionOf(region)
	return identity.Caller{AccountID: account, Region: region, Partition: partition,
		Principal: "arn:" + partition + ":iam::" + account + ":root"}, nil
}

// registerEndpoints registers the operator endpoints.
func registerEndpoints(env *domain.Env, svc *Service) {
	env.Endpoint("controls/evaluate", func(ctx context.Context, body []byte) (any, error) {
		var in evaluateRequest
		if err := decodeStrict(body, &in); err != nil {
			return nil, err
		}
		c, err := accountCaller(in.AccountID, in.Region)
		if err != nil {
			return nil, err
		}
		ids, err := svc.Evaluate(ctx, c, Evaluation{SecurityControlID: in.SecurityControlID, ResourceType: in.ResourceType,
			ResourceID: in.ResourceID, ComplianceStatus: in.ComplianceStatus})
		if err != nil {
			return nil, err
		}
		return map[string]any{"FindingIds": ids}, nil
	})
	env.Endpoint("controls/report", func(ctx context.Context, body []byte) (any, error) {
		var in reportRequest
		if err := decodeStrict(body, &in); err != nil {
			return nil, err
		}
		c, err := accountCaller(in.AccountID, in.Region)
		if err != nil {
			return nil, err
		}
		report, err := svc.Report(ctx, c)
		if err != nil {
			return nil, err
		}
		type control struct{ SecurityControlId, Status string }
		type standard struct {
			StandardsArn     string
			Passed, WithData int
			Score            float64
		}
		out := struct {
			Controls  []control
			Standards []standard
		}{Controls: []control{}, Standards: []standard{}}
		for _, c := range report.Controls {
			out.Controls = append(out.Controls, control{c.SecurityControlID, c.Status})
		}
		for _, s := range report.Standards {
			out.Standards = append(out.Standards, standard{s.StandardsARN, s.Passed, s.WithData, s.Score})
		}
		return out, nil
	})
}
