package wire

import (
	"encoding/json"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/sechub/sechub/internal/awsmodel"
)

// TestLocatedMembersNeverComeFromTheBody: for every operation, a JSON body that names each
// member the model binds to the path, query string or headers, with values of the right type,
// binds none of them; an operation that requires such a member is refused as if the body did
// not name it.
func TestLocatedMembersNeverComeFromTheBody(t *testing.T) {
	for _, svc := range []string{"securityhub", "organizations"} {
		m := awsmodel.MustLoad(svc)
		for name, op := range m.Operations {
			if op.Input == nil {
				continue
			}
			shape := op.Input.Shape
			body := map[string]any{}
			requiresLocated := false
			for _, member := range shape.MemberNames {
				ref := shape.Members[member]
				if ref.Location == "" {
					continue
				}
				body[member] = locatedSample(ref.Shape)
				requiresLocated = requiresLocated || slices.Contains(shape.Required, member)
			}
			if len(body) == 0 {
				continue
			}
			raw, err := json.Marshal(body)
			if err != nil {
				t.Fatal(err)
			}
			call, aerr := bind(op, httptest.NewRequest(op.HTTP.Method, "/", nil), map[string]string{}, raw, nil)
			if aerr != nil {
				if !requiresLocated {
					t.Errorf("%s %s: refused %s: %v", svc, name, raw, aerr)
				}
				continue
			}
			for member := range body {
				if v, ok := call.input[member]; ok {
					t.Errorf("%s %s: %s bound from the body: %v", svc, name, member, v)
				}
			}
		}
	}
}

// locatedSample is a value of shape's JSON type that passes its usual constraints.
func locatedSample(s *awsmodel.Shape) any {
	switch s.Type {
	case "integer", "long":
		return json.Number("1")
	case "boolean":
		return true
	case "list":
		return []any{locatedSample(s.Member.Shape)}
	case "map":
		return map[string]any{"k": locatedSample(s.Value.Shape)}
	}
	return "x"
}
