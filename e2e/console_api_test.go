package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/testenv"
)

// consoleSession is a browser signed in to the web console, seen from its HTTP requests.
type consoleSession struct {
	t     *testing.T
	http  *http.Client
	url   string
	token string
}

// consoleSignIn signs in to the console with a sign-in form's JSON; status is the answer's.
func consoleSignIn(t *testing.T, base string, form map[string]string) (*consoleSession, int, map[string]any) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	s := &consoleSession{t: t, http: &http.Client{Jar: jar, Timeout: time.Minute}, url: base + "/console/api/"}
	status, out := s.post("session", form)
	s.token, _ = out["CsrfToken"].(string)
	return s, status, out
}

func (s *consoleSession) post(path string, in any) (int, map[string]any) {
	s.t.Helper()
	body, _ := json.Marshal(in)
	req, _ := http.NewRequest("POST", s.url+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if s.token != "" {
		req.Header.Set("X-Csrf-Token", s.token)
	}
	res, err := s.http.Do(req)
	if err != nil {
		s.t.Fatalf("console %s: %v", path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		s.t.Fatalf("console %s: %d %s", path, res.StatusCode, raw)
	}
	return res.StatusCode, out
}

// mustPost runs an operation through the console and fails the test unless it succeeds.
func (s *consoleSession) mustPost(path string, in any) map[string]any {
	s.t.Helper()
	status, out := s.post(path, in)
	if status != http.StatusOK {
		s.t.Fatalf("console %s: %d %v", path, status, out)
	}
	return out
}

// TestConsoleActsWithTheAccountsRights checks that the console's operations run with exactly
// the rights the signed-in account has through the API: a member cannot read or change its
// administrator's finding, whose URL it knows, and gets the API's own answers; the
// administrator reads its member's findings; errors are the API's.
func TestConsoleActsWithTheAccountsRights(t *testing.T) {
	env := testenv.Start(t)
	ctx := context.Background()
	const admin, member, region = "111111111111", "222222222222", "us-east-1"
	adminHub, memberHub := env.SecurityHub(admin, region), env.SecurityHub(member, region)
	for _, hub := range []*securityhub.Client{adminHub, memberHub} {
		if _, err := hub.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().UTC().Format(time.RFC3339)
	finding := func(account, id string) types.AwsSecurityFinding {
		return types.AwsSecurityFinding{SchemaVersion: aws.String("2018-10-08"), Id: aws.String(id),
			ProductArn:  aws.String("arn:aws:securityhub:" + region + ":" + account + ":product/" + account + "/default"),
			GeneratorId: aws.String("console"), AwsAccountId: aws.String(account), Types: []string{"Software and Configuration Checks"},
			CreatedAt: aws.String(now), UpdatedAt: aws.String(now), Title: aws.String(id), Description: aws.String(id),
			Severity: &types.Severity{Label: types.SeverityLabelHigh}, Resources: []types.Resource{{Type: aws.String("Other"), Id: aws.String(id)}}}
	}
	for account, hub := range map[string]*securityhub.Client{admin: adminHub, member: memberHub} {
		if _, err := hub.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: []types.AwsSecurityFinding{finding(account, account+"-finding")}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := adminHub.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: []types.AccountDetails{{AccountId: aws.String(member)}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := adminHub.InviteMembers(ctx, &securityhub.InviteMembersInput{AccountIds: []string{member}}); err != nil {
		t.Fatal(err)
	}

	// The member accepts the invitation in the console.
	m, status, _ := consoleSignIn(t, env.URL, map[string]string{"AccountId": member, "Region": region})
	if status != http.StatusOK {
		t.Fatalf("member sign-in: %d", status)
	}
	invitations := m.mustPost("securityhub/ListInvitations", map[string]any{})["Invitations"].([]any)
	if len(invitations) != 1 {
		t.Fatalf("invitations seen in the console: %v", invitations)
	}
	m.mustPost("securityhub/AcceptAdministratorInvitation", map[string]any{"AdministratorId": admin,
		"InvitationId": invitations[0].(map[string]any)["InvitationId"]})

	adminFinding := map[string]any{"Id": admin + "-finding", "ProductArn": "arn:aws:securityhub:" + region + ":" + admin + ":product/" + admin + "/default"}
	byID := map[string]any{"Filters": map[string]any{"Id": []any{map[string]any{"Value": adminFinding["Id"], "Comparison": "EQUALS"}}}}
	if got := m.mustPost("securityhub/GetFindings", byID)["Findings"].([]any); len(got) != 0 {
		t.Fatalf("the member read its administrator's finding through the console: %v", got)
	}
	// Changing it is refused as BatchUpdateFindings refuses it to the member's own SDK.
	update := map[string]any{"FindingIdentifiers": []any{adminFinding}, "Workflow": map[string]any{"Status": "RESOLVED"}}
	viaConsole := m.mustPost("securityhub/BatchUpdateFindings", update)
	viaSDK, err := memberHub.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{
		FindingIdentifiers: []types.AwsSecurityFindingIdentifier{{Id: aws.String(adminFinding["Id"].(string)), ProductArn: aws.String(adminFinding["ProductArn"].(string))}},
		Workflow:           &types.WorkflowUpdate{Status: types.WorkflowStatusResolved}})
	if err != nil || len(viaSDK.UnprocessedFindings) != 1 {
		t.Fatalf("member's BatchUpdateFindings through the SDK: %v %+v", err, viaSDK)
	}
	unprocessed := viaConsole["UnprocessedFindings"].([]any)
	if len(unprocessed) != 1 || unprocessed[0].(map[string]any)["ErrorCode"] != aws.ToString(viaSDK.UnprocessedFindings[0].ErrorCode) ||
		unprocessed[0].(map[string]any)["ErrorMessage"] != aws.ToString(viaSDK.UnprocessedFindings[0].ErrorMessage) {
		t.Fatalf("console's answer %v differs from the API's %+v", viaConsole, viaSDK.UnprocessedFindings)
	}

	// The administrator reads its member's finding, and counts both accounts'.
	a, _, _ := consoleSignIn(t, env.URL, map[string]string{"AccountId": admin, "Region": region})
	memberByID := map[string]any{"Filters": map[string]any{"Id": []any{map[string]any{"Value": member + "-finding", "Comparison": "EQUALS"}}}}
	if got := a.mustPost("securityhub/GetFindings", memberByID)["Findings"].([]any); len(got) != 1 {
		t.Fatalf("the administrator does not see its member's finding in the console: %v", got)
	}
	counts := a.mustPost("counts", map[string]any{"GroupByAttribute": "AwsAccountId"})
	want := []any{map[string]any{"GroupByAttributeValue": admin, "Count": 1.0}, map[string]any{"GroupByAttributeValue": member, "Count": 1.0}}
	if !reflect.DeepEqual(counts["ResultValues"], want) {
		t.Fatalf("counts by account: %v", counts)
	}

	// An account without a hub gets the API's error, code and status.
	none, _, _ := consoleSignIn(t, env.URL, map[string]string{"AccountId": "333333333333", "Region": region})
	status, out := none.post("securityhub/DescribeHub", map[string]any{})
	_, err = env.SecurityHub("333333333333", region).DescribeHub(ctx, &securityhub.DescribeHubInput{})
	apiErr, _ := testenv.ErrorOf(err)
	if status != apiErr.Status || out["Code"] != apiErr.Code || out["Message"] != apiErr.Message {
		t.Fatalf("console error %d %v, API error %+v", status, out, apiErr)
	}
	// Input is validated as the API validates it.
	status, out = a.post("securityhub/GetFindings", map[string]any{"MaxResults": 0})
	if status != 400 || out["Code"] != "InvalidInputException" {
		t.Fatalf("invalid input: %d %v", status, out)
	}
}

// TestConsoleStrictSignInAndRoot checks strict mode's sign-in through the console API, and
// that GET / sends a browser to the console while AWS clients get what they always got.
func TestConsoleStrictSignInAndRoot(t *testing.T) {
	creds := filepath.Join(t.TempDir(), "credentials")
	if err := os.WriteFile(creds, []byte("AKIACONSOLE00000001 console-secret 111111111111 alice\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := testenv.Start(t, testenv.WithConfig(func(c *server.Config) { c.Auth, c.CredentialsFile = identity.Strict, creds }))
	for _, c := range []struct {
		secret string
		status int
	}{{"wrong", 403}, {"", 403}, {"console-secret", 200}} {
		s, status, out := consoleSignIn(t, env.URL, map[string]string{"AccessKeyId": "AKIACONSOLE00000001", "SecretAccessKey": c.secret, "Region": "us-east-1"})
		if status != c.status {
			t.Fatalf("secret %q: %d %v", c.secret, status, out)
		}
		if status == 200 {
			if out["AccountId"] != "111111111111" {
				t.Fatalf("strict sign-in: %v", out)
			}
			s.mustPost("securityhub/EnableSecurityHub", map[string]any{})
		} else if s.token != "" {
			t.Fatalf("refused sign-in gave a token")
		}
	}

	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", env.URL+"/", nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/console/" {
		t.Fatalf("a browser's GET /: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res, err = http.Get(env.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "MissingAuthenticationToken") {
		t.Fatalf("an AWS client's unsigned GET / in strict mode: %d %s", res.StatusCode, body)
	}
}
