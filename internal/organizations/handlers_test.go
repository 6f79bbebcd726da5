package organizations

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/wire"
)

// api serves the Organizations operations of a fresh service over the awsJson protocol.
type api struct {
	t   *testing.T
	svc *Service
	srv *wire.AWSJSON
}

func newAPI(t *testing.T) *api {
	svc, _ := newService(t)
	srv := wire.NewAWSJSON(awsmodel.MustLoad("organizations"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	registerHandlers(srv, svc, paging.Pager{Codec: paging.Codec{Secret: []byte("k")}, Invalid: apierr.OrgInvalidNextToken})
	return &api{t: t, svc: svc, srv: srv}
}

// call runs an operation as account and returns the HTTP status and the decoded answer.
func (a *api) call(account, op, body string) (int, map[string]any) {
	a.t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	r.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128."+op)
	w := httptest.NewRecorder()
	a.srv.Serve(w, r, caller(account), "req-1", []byte(body))
	var out map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		a.t.Fatalf("%s: %v: %s", op, err, w.Body)
	}
	return w.Code, out
}

func (a *api) ok(account, op, body string) map[string]any {
	a.t.Helper()
	status, out := a.call(account, op, body)
	if status != http.StatusOK {
		a.t.Fatalf("%s: %d %v", op, status, out)
	}
	return out
}

func keys(v any) []string {
	var out []string
	for k := range v.(map[string]any) {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestAnswerMembers checks the members of the answers that clients (the SDKs, Terraform's
// aws_organizations_* resources) read.
func TestAnswerMembers(t *testing.T) {
	a := newAPI(t)
	org := a.ok(mgmt, "CreateOrganization", `{"FeatureSet":"ALL"}`)["Organization"]
	if got := keys(org); !slices.Equal(got, []string{"Arn", "AvailablePolicyTypes", "FeatureSet", "Id", "MasterAccountArn", "MasterAccountEmail", "MasterAccountId"}) {
		t.Errorf("Organization members: %v", got)
	}
	// AWS lists only SCPs there, ENABLED in an organization with all features.
	if pt := org.(map[string]any)["AvailablePolicyTypes"].([]any); len(pt) != 1 || pt[0].(map[string]any)["Type"] != "SERVICE_CONTROL_POLICY" ||
		pt[0].(map[string]any)["Status"] != "ENABLED" {
		t.Errorf("AvailablePolicyTypes = %v", pt)
	}
	status := a.ok(mgmt, "CreateAccount", `{"AccountName":"app","Email":"app@example.com"}`)["CreateAccountStatus"].(map[string]any)
	if got := keys(status); !slices.Equal(got, []string{"AccountId", "AccountName", "CompletedTimestamp", "Id", "RequestedTimestamp", "State"}) {
		t.Errorf("CreateAccountStatus members: %v", got)
	}
	if _, isNumber := status["RequestedTimestamp"].(float64); !isNumber {
		t.Errorf("RequestedTimestamp is not epoch seconds: %v", status["RequestedTimestamp"])
	}
	account := a.ok(mgmt, "DescribeAccount", `{"AccountId":"`+status["AccountId"].(string)+`"}`)["Account"]
	if got := keys(account); !slices.Equal(got, []string{"Arn", "Email", "Id", "JoinedMethod", "JoinedTimestamp", "Name", "State", "Status"}) {
		t.Errorf("Account members: %v", got)
	}
	roots := a.ok(mgmt, "ListRoots", `{}`)["Roots"].([]any)
	if len(roots) != 1 || !slices.Equal(keys(roots[0]), []string{"Arn", "Id", "Name", "PolicyTypes"}) {
		t.Errorf("Roots: %v", roots)
	}
	hs := a.ok(mgmt, "InviteAccountToOrganization", `{"Target":{"Id":"555555555555","Type":"ACCOUNT"}}`)["Handshake"]
	if got := keys(hs); !slices.Equal(got, []string{"Action", "Arn", "ExpirationTimestamp", "Id", "Parties", "RequestedTimestamp", "Resources", "State"}) {
		t.Errorf("Handshake members: %v", got)
	}
	if out := a.ok("555555555555", "ListHandshakesForAccount", `{"Filter":{"ActionType":"INVITE"}}`); len(out["Handshakes"].([]any)) != 1 {
		t.Errorf("ListHandshakesForAccount: %v", out)
	}
	if out := a.ok(mgmt, "ListAWSServiceAccessForOrganization", `{}`); !slices.Equal(keys(out), []string{"EnabledServicePrincipals"}) {
		t.Errorf("empty ListAWSServiceAccessForOrganization: %v", out)
	}
	if out := a.ok(mgmt, "EnableAWSServiceAccess", `{"ServicePrincipal":"config.amazonaws.com"}`); len(out) != 0 {
		t.Errorf("EnableAWSServiceAccess answered %v", out)
	}
	a.ok(mgmt, "RegisterDelegatedAdministrator", `{"AccountId":"`+status["AccountId"].(string)+`","ServicePrincipal":"config.amazonaws.com"}`)
	das := a.ok(mgmt, "ListDelegatedAdministrators", `{}`)["DelegatedAdministrators"].([]any)
	if len(das) != 1 || !slices.Equal(keys(das[0]), []string{"Arn", "DelegationEnabledDate", "Email", "Id", "JoinedMethod", "JoinedTimestamp", "Name", "State", "Status"}) {
		t.Errorf("DelegatedAdministrators: %v", das)
	}
}

func TestPagination(t *testing.T) {
	a := newAPI(t)
	a.ok(mgmt, "CreateOrganization", `{}`)
	for range 4 {
		a.ok(mgmt, "CreateAccount", `{"AccountName":"app","Email":"app@example.com"}`)
	}
	var seen []string
	token := ""
	for range 3 {
		body := `{"MaxResults":2}`
		if token != "" {
			body = `{"MaxResults":2,"NextToken":"` + token + `"}`
		}
		out := a.ok(mgmt, "ListAccounts", body)
		for _, acct := range out["Accounts"].([]any) {
			seen = append(seen, acct.(map[string]any)["Id"].(string))
		}
		token, _ = out["NextToken"].(string)
		if token == "" {
			break
		}
	}
	if len(seen) != 5 || !slices.IsSorted(seen) || token != "" {
		t.Errorf("pages gave %v, last token %q", seen, token)
	}

	first := a.ok(mgmt, "ListAccounts", `{"MaxResults":1}`)["NextToken"].(string)
	for _, tc := range []struct{ name, op, body string }{
		{"tampered", "ListAccounts", `{"NextToken":"x` + first + `"}`},
		{"another operation", "ListCreateAccountStatus", `{"NextToken":"` + first + `"}`},
		{"another parent", "ListAccountsForParent", `{"ParentId":"r-zzzz","NextToken":"` + first + `"}`},
	} {
		status, out := a.call(mgmt, tc.op, tc.body)
		if tc.name == "another parent" {
			// The parent is checked before the token.
			if out["__type"] != "ParentNotFoundException" {
				t.Errorf("%s: %d %v", tc.name, status, out)
			}
			continue
		}
		if status != 400 || out["__type"] != "InvalidInputException" || out["Reason"] != "INVALID_PAGINATION_TOKEN" {
			t.Errorf("%s: %d %v", tc.name, status, out)
		}
	}
	status, out := a.call("222222222222", "ListAccounts", `{"NextToken":"`+first+`"}`)
	if status != 400 || out["__type"] != "AWSOrganizationsNotInUseException" {
		t.Errorf("outsider: %d %v", status, out)
	}
}

func TestErrorsOnTheWire(t *testing.T) {
	a := newAPI(t)
	a.ok(mgmt, "CreateOrganization", `{}`)
	for _, tc := range []struct {
		name, account, op, body string
		status                  int
		code, reason            string
	}{
		{"not in use", outsider, "DescribeOrganization", `{}`, 400, "AWSOrganizationsNotInUseException", ""},
		{"close management", mgmt, "CloseAccount", `{"AccountId":"` + mgmt + `"}`, 400, "ConstraintViolationException", "CANNOT_CLOSE_MANAGEMENT_ACCOUNT"},
		{"bad target", mgmt, "InviteAccountToOrganization", `{"Target":{"Id":"12","Type":"ACCOUNT"}}`, 400, "InvalidInputException", "INVALID_PATTERN"},
		{"missing member", mgmt, "DescribeAccount", `{}`, 400, "InvalidInputException", ""},
	} {
		status, out := a.call(tc.account, tc.op, tc.body)
		reason, _ := out["Reason"].(string)
		if status != tc.status || out["__type"] != tc.code || reason != tc.reason {
			t.Errorf("%s: %d %v", tc.name, status, out)
		}
	}
}
