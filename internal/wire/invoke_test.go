package wire

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/identity"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
)

// TestInvokeByName runs operations by name with their whole input document, as the web
// console does: located members (path, query) come from the document, the model's validation
// applies, the handler gets the caller, and errors are the AWS errors a request would get.
func TestInvokeByName(t *testing.T) {
	s := NewRestJSON(awsmodel.MustLoad("securityhub"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	var gotCaller identity.Caller
	var listed sh.ListMembersRequest
	s.Handle("ListMembers", Typed(func(_ context.Context, c identity.Caller, in *sh.ListMembersRequest) (*sh.ListMembersResponse, error) {
		gotCaller, listed = c, *in
		return &sh.ListMembersResponse{Members: []sh.Member{}}, nil
	}))
	var deleted string
	s.Handle("DeleteActionTarget", Typed(func(_ context.Context, _ identity.Caller, in *sh.DeleteActionTargetRequest) (*sh.DeleteActionTargetResponse, error) {
		deleted = in.ActionTargetArn
		if deleted == "arn:boom" {
			return nil, errors.New("not an AWS error")
		}
		return &sh.DeleteActionTargetResponse{ActionTargetArn: deleted}, nil
	}))
	caller := identity.Caller{AccountID: "111111111111", Region: "eu-west-1"}
	cases := []struct {
		name, operation, input string
		out                    string
		code                   string
		status                 int
	}{
		{"query members from the document", "ListMembers", `{"MaxResults":5,"OnlyAssociated":false}`, `{"Members":[]}`, "", 0},
		{"no input", "ListMembers", ``, `{"Members":[]}`, "", 0},
		{"path member from the document", "DeleteActionTarget", `{"ActionTargetArn":"arn:aws:securityhub:eu-west-1:111111111111:action/custom/x"}`,
			`{"ActionTargetArn":"arn:aws:securityhub:eu-west-1:111111111111:action/custom/x"}`, "", 0},
		{"validated as a request", "ListMembers", `{"MaxResults":0}`, "", "InvalidInputException", 400},
		{"required member missing", "DeleteActionTarget", `{}`, "", "InvalidInputException", 400},
		{"not JSON", "ListMembers", `{`, "", "InvalidInputException", 400},
		{"not an object", "ListMembers", `[1]`, "", "InvalidInputException", 400},
		{"not implemented", "GetMembers", `{"AccountIds":["222222222222"]}`, "", "NotImplementedException", 501},
		{"no such operation", "DropDatabase", `{}`, "", "UnknownOperationException", 400},
		{"a failure is an internal error", "DeleteActionTarget", `{"ActionTargetArn":"arn:boom"}`, "", "InternalException", 500},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, aerr := s.Invoke(context.Background(), caller, c.operation, []byte(c.input))
			if c.code != "" {
				if aerr == nil || aerr.Code != c.code || aerr.Status != c.status {
					t.Fatalf("got %s %v, want %s %d", out, aerr, c.code, c.status)
				}
				return
			}
			if aerr != nil || string(out) != c.out {
				t.Fatalf("got %s %v, want %s", out, aerr, c.out)
			}
		})
	}
	if gotCaller != caller || listed.MaxResults != nil {
		t.Fatalf("last ListMembers ran as %+v with %+v", gotCaller, listed)
	}
}
