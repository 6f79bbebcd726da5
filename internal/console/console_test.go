package console

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/controls"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/identity"
)

// invocation is what the fake invoker was asked to run.
type invocation struct {
	caller             identity.Caller
	service, operation string
	input              string
}

type fakeCounter struct{ calls int }

func (f *fakeCounter) GroupCounts(ctx context.Context, c identity.Caller, filters map[string]any, attribute string) ([]findings.GroupCount, error) {
	f.calls++
	return []findings.GroupCount{{Value: "HIGH", Count: 3}}, nil
}

type fakeActions struct {
	caller identity.Caller
	arn    string
	ids    []findings.Identifier
}

func (f *fakeActions) CustomAction(ctx context.Context, c identity.Caller, arn string, ids []findings.Identifier) ([]string, error) {
	if arn == "" {
		return nil, apierr.InvalidParameter.New("no action target")
	}
	f.caller, f.arn, f.ids = c, arn, ids
	return []string{"event-1"}, nil
}

type fakeReporter struct{}

func (fakeReporter) Report(ctx context.Context, c identity.Caller) (controls.ControlReport, error) {
	return controls.ControlReport{Standards: []controls.StandardScore{{StandardsARN: "arn:aws:securityhub:" + c.Region + "::standards/x", Passed: 1, WithData: 2, Score: 0.5}}}, nil
}

// testConsole is a console whose operations are recorded, with a clock the test moves.
type testConsole struct {
	*Console
	calls   []invocation
	now     time.Time
	actions *fakeActions
}

func newTestConsole(t *testing.T, mode identity.Mode, maxSessions int) *testConsole {
	t.Helper()
	tc := &testConsole{now: time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC), actions: &fakeActions{}}
	clk := clock.Clock{Source: func() time.Time { return tc.now }}
	auth := &identity.Authenticator{Mode: mode, DefaultAccount: "123456789012", DefaultRegion: "us-east-1", Clock: clk,
		Credentials: map[string]identity.Credential{
			"AKIAADMIN0000000001": {AccessKeyID: "AKIAADMIN0000000001", SecretAccessKey: "admin-secret", AccountID: "111111111111", Principal: "alice"},
		}}
	invoke := func(ctx context.Context, caller identity.Caller, service, operation string, input []byte) ([]byte, *apierr.Error) {
		tc.calls = append(tc.calls, invocation{caller, service, operation, string(input)})
		if operation == "DescribeHub" && caller.AccountID == "333333333333" {
			return nil, apierr.NotSubscribed.New(caller.AccountID)
		}
		return []byte(`{"Echo":"` + operation + `"}`), nil
	}
	tc.Console = New(Config{Auth: auth, Invoke: invoke, Findings: &fakeCounter{}, Actions: tc.actions, Controls: fakeReporter{}, Clock: clk, MaxSessions: maxSessions, SessionTTL: time.Hour})
	return tc
}

// browser is a client of the console: its cookie and CSRF token.
type browser struct {
	cookie *http.Cookie
	token  string
}

func (tc *testConsole) do(t *testing.T, b *browser, method, path, body string, headers map[string]string) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	r := httptest.NewRequest(method, "http://sechub.test"+path, strings.NewReader(body))
	if b != nil && b.cookie != nil {
		r.AddCookie(b.cookie)
	}
	if b != nil && b.token != "" {
		r.Header.Set("X-Csrf-Token", b.token)
	}
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	tc.ServeHTTP(w, r)
	var out map[string]any
	json.Unmarshal(w.Body.Bytes(), &out)
	return w, out
}

func (tc *testConsole) signIn(t *testing.T, body string) (*browser, *httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	w, out := tc.do(t, nil, "POST", "/console/api/session", body, map[string]string{"Origin": "http://sechub.test"})
	b := &browser{}
	for _, c := range w.Result().Cookies() {
		if c.Name == cookieName {
			b.cookie = c
		}
	}
	if token, ok := out["CsrfToken"].(string); ok {
		b.token = token
	}
	return b, w, out
}

func TestSignInOpenMode(t *testing.T) {
	tc := newTestConsole(t, identity.Open, 0)
	cases := []struct {
		name, body string
		status     int
		code       string
	}{
		{"account and region", `{"AccountId":"222222222222","Region":"eu-west-1"}`, 200, ""},
		{"account not 12 digits", `{"AccountId":"2222","Region":"eu-west-1"}`, 403, "UnrecognizedClientException"},
		{"region malformed", `{"AccountId":"222222222222","Region":"Europe"}`, 400, "InvalidRegion"},
		{"not JSON", `account=1`, 400, "InvalidSignIn"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, w, out := tc.signIn(t, c.body)
			if w.Code != c.status || (c.code != "" && out["Code"] != c.code) {
				t.Fatalf("got %d %v, want %d %s", w.Code, out, c.status, c.code)
			}
			if c.status != 200 {
				if b.cookie != nil {
					t.Fatalf("a refused sign-in set a cookie")
				}
				return
			}
			if out["AccountId"] != "222222222222" || out["Region"] != "eu-west-1" || out["AuthMode"] != "open" {
				t.Fatalf("session %v", out)
			}
			c := b.cookie
			if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.MaxAge != 3600 || c.Path != Path || len(c.Value) < 40 {
				t.Fatalf("cookie %+v: want HttpOnly, SameSite=Strict, expiring, a long random id", c)
			}
		})
	}
}

func TestSignInStrictMode(t *testing.T) {
	tc := newTestConsole(t, identity.Strict, 0)
	cases := []struct {
		name, body string
		status     int
	}{
		{"right secret", `{"AccessKeyId":"AKIAADMIN0000000001","SecretAccessKey":"admin-secret","Region":"us-east-1"}`, 200},
		{"wrong secret", `{"AccessKeyId":"AKIAADMIN0000000001","SecretAccessKey":"guess","Region":"us-east-1"}`, 403},
		{"unknown key", `{"AccessKeyId":"AKIANOBODY","SecretAccessKey":"admin-secret","Region":"us-east-1"}`, 403},
		{"account id alone", `{"AccountId":"111111111111","Region":"us-east-1"}`, 403},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, w, out := tc.signIn(t, c.body)
			if w.Code != c.status {
				t.Fatalf("got %d %v, want %d", w.Code, out, c.status)
			}
			if c.status == 403 && (out["Code"] != "UnrecognizedClientException" || b.cookie != nil) {
				t.Fatalf("refusal %v, cookie %v", out, b.cookie)
			}
			if c.status == 200 && (out["AccountId"] != "111111111111" || out["Principal"] != "arn:aws:iam::111111111111:user/alice") {
				t.Fatalf("session %v", out)
			}
		})
	}
	// The sign-in form learns the mode before anyone signs in.
	if w, out := tc.do(t, nil, "GET", "/console/api/session", "", nil); w.Code != 401 || out["AuthMode"] != "strict" {
		t.Fatalf("GET session signed out: %d %v", w.Code, out)
	}
}

func TestOperationsRunAsTheSession(t *testing.T) {
	tc := newTestConsole(t, identity.Strict, 0)
	b, _, _ := tc.signIn(t, `{"AccessKeyId":"AKIAADMIN0000000001","SecretAccessKey":"admin-secret","Region":"eu-central-1"}`)
	w, out := tc.do(t, b, "POST", "/console/api/securityhub/GetFindings", `{"MaxResults":1}`, nil)
	if w.Code != 200 || out["Echo"] != "GetFindings" {
		t.Fatalf("got %d %v", w.Code, out)
	}
	got := tc.calls[len(tc.calls)-1]
	if got.service != SecurityHub || got.operation != "GetFindings" || got.input != `{"MaxResults":1}` ||
		got.caller.AccountID != "111111111111" || got.caller.Region != "eu-central-1" || got.caller.AccessKeyID != "AKIAADMIN0000000001" {
		t.Fatalf("invoked %+v", got)
	}
	// Switching region keeps the account.
	if w, out := tc.do(t, b, "POST", "/console/api/session/region", `{"Region":"us-west-2"}`, nil); w.Code != 200 || out["Region"] != "us-west-2" {
		t.Fatalf("switch region: %d %v", w.Code, out)
	}
	tc.do(t, b, "POST", "/console/api/organizations/DescribeOrganization", `{}`, nil)
	got = tc.calls[len(tc.calls)-1]
	if got.service != Organizations || got.caller.Region != "us-west-2" || got.caller.AccountID != "111111111111" {
		t.Fatalf("after the switch, invoked %+v", got)
	}
}

func TestWritesNeedTheSessionAndItsToken(t *testing.T) {
	tc := newTestConsole(t, identity.Open, 0)
	b, _, _ := tc.signIn(t, `{"AccountId":"222222222222","Region":"us-east-1"}`)
	path := "/console/api/securityhub/BatchUpdateFindings"
	cases := []struct {
		name    string
		b       *browser
		headers map[string]string
		status  int
		code    string
	}{
		{"no cookie", &browser{token: b.token}, nil, 401, "SignInRequired"},
		{"no token", &browser{cookie: b.cookie}, nil, 403, "InvalidCsrfToken"},
		{"wrong token", &browser{cookie: b.cookie, token: b.token + "x"}, nil, 403, "InvalidCsrfToken"},
		{"another site's page", b, map[string]string{"Origin": "http://evil.test"}, 403, "CrossSiteRequest"},
		{"cross-site fetch without Origin", b, map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, "CrossSiteRequest"},
		{"GET instead of POST", b, nil, 405, "MethodNotAllowed"},
		{"own page with token", b, map[string]string{"Origin": "http://sechub.test"}, 200, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := len(tc.calls)
			method := "POST"
			if c.status == 405 {
				method = "GET"
			}
			w, out := tc.do(t, c.b, method, path, `{}`, c.headers)
			if w.Code != c.status || (c.code != "" && out["Code"] != c.code) {
				t.Fatalf("got %d %v, want %d %s", w.Code, out, c.status, c.code)
			}
			if ran := len(tc.calls) > before; ran != (c.status == 200) {
				t.Fatalf("operation ran: %v", ran)
			}
		})
	}
	// Sign-in from another site is refused too (login CSRF).
	w, _ := tc.do(t, nil, "POST", "/console/api/session", `{"AccountId":"222222222222","Region":"us-east-1"}`, map[string]string{"Origin": "http://evil.test"})
	if w.Code != 403 {
		t.Fatalf("cross-site sign-in: %d", w.Code)
	}
}

func TestSessionsExpireAndAreBounded(t *testing.T) {
	tc := newTestConsole(t, identity.Open, 2)
	first, _, _ := tc.signIn(t, `{"AccountId":"222222222222","Region":"us-east-1"}`)
	tc.now = tc.now.Add(time.Minute)
	second, _, _ := tc.signIn(t, `{"AccountId":"222222222222","Region":"us-east-1"}`)
	tc.now = tc.now.Add(time.Minute)
	third, _, _ := tc.signIn(t, `{"AccountId":"222222222222","Region":"us-east-1"}`)
	if n := tc.sessions.count(); n != 2 {
		t.Fatalf("%d sessions kept, want 2", n)
	}
	if w, _ := tc.do(t, first, "GET", "/console/api/session", "", nil); w.Code != 401 {
		t.Fatalf("the oldest session survived the bound: %d", w.Code)
	}
	for _, b := range []*browser{second, third} {
		if w, _ := tc.do(t, b, "GET", "/console/api/session", "", nil); w.Code != 200 {
			t.Fatalf("a newer session was dropped: %d", w.Code)
		}
	}
	tc.now = tc.now.Add(time.Hour)
	if w, _ := tc.do(t, third, "GET", "/console/api/session", "", nil); w.Code != 401 {
		t.Fatalf("session outlived its TTL: %d", w.Code)
	}
	// Signing out forgets the session.
	fourth, _, _ := tc.signIn(t, `{"AccountId":"222222222222","Region":"us-east-1"}`)
	tc.do(t, fourth, "POST", "/console/api/signout", `{}`, nil)
	if w, _ := tc.do(t, fourth, "GET", "/console/api/session", "", nil); w.Code != 401 {
		t.Fatalf("session survived sign-out: %d", w.Code)
	}
}

func TestCountsNeedAnEnabledHub(t *testing.T) {
	tc := newTestConsole(t, identity.Open, 0)
	on, _, _ := tc.signIn(t, `{"AccountId":"222222222222","Region":"us-east-1"}`)
	w, out := tc.do(t, on, "POST", "/console/api/counts", `{"GroupByAttribute":"SeverityLabel"}`, nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `{"GroupByAttributeValue":"HIGH","Count":3}`) {
		t.Fatalf("counts: %d %s", w.Code, w.Body)
	}
	if w, out = tc.do(t, on, "POST", "/console/api/counts", `{"GroupByAttribute":"SeverityNormalized"}`, nil); w.Code != 400 || out["Code"] != "InvalidInputException" {
		t.Fatalf("counts by a number: %d %v", w.Code, out)
	}
	off, _, _ := tc.signIn(t, `{"AccountId":"333333333333","Region":"us-east-1"}`)
	if w, out = tc.do(t, off, "POST", "/console/api/counts", `{"GroupByAttribute":"SeverityLabel"}`, nil); w.Code != apierr.NotSubscribed.New("x").Status || out["Code"] != apierr.NotSubscribed.New("x").Code {
		t.Fatalf("counts without a hub: %d %v", w.Code, out)
	}
}

func TestPagesAndWants(t *testing.T) {
	tc := newTestConsole(t, identity.Open, 0)
	cases := []struct {
		method, path string
		headers      map[string]string
		wants        bool
		status       int
		contains     string
	}{
		{"GET", "/", map[string]string{"Accept": "text/html,application/xhtml+xml"}, true, 302, "/console/"},
		{"GET", "/", map[string]string{"Accept": "*/*"}, false, 0, ""},
		{"GET", "/", map[string]string{"Accept": "text/html", "Authorization": "AWS4-HMAC-SHA256 x"}, false, 0, ""},
		{"GET", "/?Action=GetCallerIdentity", map[string]string{"Accept": "text/html"}, false, 0, ""},
		{"POST", "/findings", nil, false, 0, ""},
		{"GET", "/console", nil, true, 302, ""},
		{"GET", "/console/", nil, true, 200, `<script type="module" src="js/app.js">`},
		{"GET", "/console/js/findings.js", nil, true, 200, "GetFindings"},
		{"GET", "/console/style.css", nil, true, 200, ":focus-visible"},
		{"POST", "/console/", nil, true, 405, ""},
		{"POST", "/console/api/nothing", nil, true, 401, ""},
	}
	for _, c := range cases {
		r := httptest.NewRequest(c.method, "http://sechub.test"+c.path, nil)
		for k, v := range c.headers {
			r.Header.Set(k, v)
		}
		if Wants(r) != c.wants {
			t.Fatalf("%s %s %v: Wants = %v", c.method, c.path, c.headers, !c.wants)
		}
		if !c.wants {
			continue
		}
		w := httptest.NewRecorder()
		tc.ServeHTTP(w, r)
		if w.Code != c.status || !strings.Contains(w.Body.String()+w.Header().Get("Location"), c.contains) {
			t.Fatalf("%s %s: %d %.200s", c.method, c.path, w.Code, w.Body)
		}
	}
}

func TestCustomActionSendsAsTheSession(t *testing.T) {
	tc := newTestConsole(t, identity.Open, 0)
	b, _, _ := tc.signIn(t, `{"AccountId":"222222222222","Region":"eu-west-1"}`)
	w, out := tc.do(t, b, "POST", "/console/api/custom-action", `{"ActionTargetArn":"arn:aws:securityhub:eu-west-1:222222222222:action/custom/ticket","FindingIdentifiers":[{"Id":"f1","ProductArn":"p1"}]}`, nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"EventIds":["event-1"]`) {
		t.Fatalf("custom action: %d %v", w.Code, out)
	}
	a := tc.actions
	if a.caller.AccountID != "222222222222" || a.caller.Region != "eu-west-1" || len(a.ids) != 1 || a.ids[0] != (findings.Identifier{ID: "f1", ProductARN: "p1"}) {
		t.Fatalf("sent %+v", a)
	}
	if w, out = tc.do(t, b, "POST", "/console/api/custom-action", `{"FindingIdentifiers":[]}`, nil); w.Code != 400 || out["Code"] != "InvalidInputException" {
		t.Fatalf("custom action refused: %d %v", w.Code, out)
	}
	if w, _ = tc.do(t, &browser{cookie: b.cookie}, "POST", "/console/api/custom-action", `{}`, nil); w.Code != 403 {
		t.Fatalf("custom action without the CSRF token: %d", w.Code)
	}
}

func TestStrictSignInStopsGuessing(t *testing.T) {
	tc := newTestConsole(t, identity.Strict, 0)
	wrong := `{"AccessKeyId":"AKIAADMIN0000000001","SecretAccessKey":"guess","Region":"us-east-1"}`
	right := `{"AccessKeyId":"AKIAADMIN0000000001","SecretAccessKey":"admin-secret","Region":"us-east-1"}`
	for i := 0; i < maxSignInFailures; i++ {
		if _, w, _ := tc.signIn(t, wrong); w.Code != 403 {
			t.Fatalf("wrong secret %d: %d", i, w.Code)
		}
	}
	// Even the right secret waits now; another key does not.
	if _, w, out := tc.signIn(t, right); w.Code != 429 || out["Code"] != "TooManySignInAttempts" {
		t.Fatalf("after %d failures: %d %v", maxSignInFailures, w.Code, out)
	}
	tc.now = tc.now.Add(signInWindow)
	if _, w, _ := tc.signIn(t, right); w.Code != 200 {
		t.Fatalf("after the window: %d", w.Code)
	}
	// A success forgets the failures.
	for i := 0; i < maxSignInFailures-1; i++ {
		tc.signIn(t, wrong)
	}
	tc.signIn(t, right)
	if _, w, _ := tc.signIn(t, wrong); w.Code != 403 {
		t.Fatalf("failures survived a success: %d", w.Code)
	}
}

func TestSignInFailuresAreBounded(t *testing.T) {
	f := newSignInFailures()
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	for i := 0; i < maxTrackedKeys+5; i++ {
		f.fail(fmt.Sprint("key-", i), now.Add(time.Duration(i)*time.Millisecond))
	}
	if len(f.byKey) > maxTrackedKeys {
		t.Fatalf("%d keys tracked, bound %d", len(f.byKey), maxTrackedKeys)
	}
	if _, kept := f.byKey["key-0"]; kept {
		t.Fatalf("the oldest record was kept")
	}
}

func TestScoresNeedAnEnabledHub(t *testing.T) {
	tc := newTestConsole(t, identity.Open, 0)
	on, _, _ := tc.signIn(t, `{"AccountId":"222222222222","Region":"eu-west-1"}`)
	w, _ := tc.do(t, on, "POST", "/console/api/scores", `{}`, nil)
	if w.Code != 200 || w.Body.String() != `{"Standards":[{"StandardsArn":"arn:aws:securityhub:eu-west-1::standards/x","Passed":1,"WithData":2,"Score":0.5}]}` {
		t.Fatalf("scores: %d %s", w.Code, w.Body)
	}
	off, _, _ := tc.signIn(t, `{"AccountId":"333333333333","Region":"us-east-1"}`)
	if w, out := tc.do(t, off, "POST", "/console/api/scores", `{}`, nil); w.Code != 401 || out["Code"] != "InvalidAccessException" {
		t.Fatalf("scores without a hub: %d %v", w.Code, out)
	}
}
