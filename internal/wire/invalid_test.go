package wire

import (
	"testing"

	"github.com/sechub/sechub/internal/awsmodel"
)

// TestInvalidInputFollowsTheModel: a request that breaks the model is refused with the error
// its operation models: ValidationException for the V2 operations, InvalidInputException for
// the others (Organizations' included).
func TestInvalidInputFollowsTheModel(t *testing.T) {
	hub, orgs := awsmodel.MustLoad("securityhub"), awsmodel.MustLoad("organizations")
	for _, c := range []struct {
		model *awsmodel.Model
		op    string
		code  string
	}{
		{hub, "GetFindingsV2", "ValidationException"},
		{hub, "CreateAggregatorV2", "ValidationException"},
		{hub, "GenerateRecommendedPolicyV2", "InvalidInputException"}, // it models both
		{hub, "GetFindings", "InvalidInputException"},
		{hub, "EnableSecurityHub", "InvalidInputException"},
		{orgs, "CreateAccount", "InvalidInputException"},
	} {
		op := c.model.Operations[c.op]
		if op == nil {
			t.Fatalf("%s: not in the model", c.op)
		}
		if e := invalidInput(op, "m"); e.Code != c.code || e.Status != 400 || e.Message != "m" {
			t.Errorf("%s: %+v, want %s", c.op, e, c.code)
		}
	}
}
