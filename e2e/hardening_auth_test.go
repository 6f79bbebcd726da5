package e2e

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/testenv"
)

// emptyPayloadHash is the SHA-256 of an empty body, which SDKs sign for requests without one.
var emptyPayloadHash = payloadHashOf(nil)

func payloadHashOf(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

const (
	operatorKey    = "AKIASECHUBOPERATOR01"
	operatorSecret = "operator-secret"
)

// startStrictWithOperator runs a server in mode whose credentials file has an ordinary key
// (goodKey) and an operator key.
func startStrictWithOperator(t *testing.T, mode identity.Mode) *testenv.Env {
	file := filepath.Join(t.TempDir(), "credentials")
	content := goodKey + " " + goodSecret + " " + keyAccount + " alice\n" +
		operatorKey + " " + operatorSecret + " 999999999999 ops " + identity.RoleOperator + "\n"
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return testenv.Start(t, testenv.WithConfig(func(c *server.Config) {
		c.Auth, c.CredentialsFile = mode, file
	}))
}

// startStrictHub runs a strict server (startStrictWithOperator) on which goodKey's account has
// enabled Security Hub, and returns it with that account's client.
func startStrictHub(t *testing.T) (*testenv.Env, *securityhub.Client) {
	env := startStrictWithOperator(t, identity.Strict)
	hub := securityhub.NewFromConfig(env.AWSConfigWithKey(goodKey, goodSecret, region))
	if _, err := hub.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	return env, hub
}

// signedCall signs a request with header as an SDK would (payloadHash in the canonical request,
// and, when hashHeader, in X-Amz-Content-Sha256 as well) and returns it unsent.
func signedCall(t *testing.T, env *testenv.Env, method, path string, body []byte, header map[string]string, key, secret, service string, payloadHash string, hashHeader bool) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, env.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if hashHeader {
		req.Header.Set("X-Amz-Content-Sha256", payloadHash)
	}
	if err := v4.NewSigner().SignHTTP(ctx, aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}, req,
		payloadHash, service, region, time.Now()); err != nil {
		t.Fatal(err)
	}
	return req
}

// withBody returns a copy of a signed request, headers and all, carrying another body: what
// an attacker who captured the request could send.
func withBody(req *http.Request, body []byte) *http.Request {
	replay := req.Clone(ctx)
	replay.Body = io.NopCloser(bytes.NewReader(body))
	replay.ContentLength = int64(len(body))
	return replay
}

// send sends a request and returns the status and the body.
func send(t *testing.T, req *http.Request) (int, http.Header, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(raw)
}

// TestStrictControlEndpointsNeedAnOperator: in strict mode only a request signed by an operator
// key may reset the server; health stays open; open mode is unchanged.
func TestStrictControlEndpointsNeedAnOperator(t *testing.T) {
	env, hub := startStrictHub(t)

	unsignedHealth, _ := http.NewRequest("GET", env.URL+"/_sechub/health", nil)
	if status, _, body := send(t, unsignedHealth); status != 200 || !strings.Contains(body, `"ok"`) {
		t.Fatalf("health unsigned: %d %s", status, body)
	}
	unsignedReset, _ := http.NewRequest("POST", env.URL+"/_sechub/reset", nil)
	unknownPath, _ := http.NewRequest("GET", env.URL+"/_sechub/state", nil)
	refused := []struct {
		name, want string
		req        *http.Request
	}{
		{"unsigned", "/_sechub/reset needs a signed request", unsignedReset},
		{"unsigned, unknown endpoint", "needs a signed request", unknownPath},
		{"an ordinary key", "access key " + goodKey + " is not an operator key",
			signedCall(t, env, "POST", "/_sechub/reset", nil, nil, goodKey, goodSecret, "securityhub", emptyPayloadHash, false)},
		{"the operator key, wrong secret", "InvalidSignatureException",
			signedCall(t, env, "POST", "/_sechub/reset", nil, nil, operatorKey, "wrong", "securityhub", emptyPayloadHash, false)},
		{"the operator key, another body", "InvalidSignatureException",
			withBody(signedCall(t, env, "POST", "/_sechub/reset", nil, nil, operatorKey, operatorSecret, "securityhub", emptyPayloadHash, true), []byte("{}"))},
		{"an unknown key", "UnrecognizedClientException",
			signedCall(t, env, "POST", "/_sechub/reset", nil, nil, "AKIANOBODY", "x", "securityhub", emptyPayloadHash, false)},
	}
	for _, c := range refused {
		status, _, body := send(t, c.req)
		var doc map[string]string
		json.Unmarshal([]byte(body), &doc)
		if status != http.StatusForbidden || !strings.Contains(doc["error"], c.want) || !strings.HasPrefix(doc["error"], "strict mode: ") {
			t.Errorf("%s: %d %s, want 403 saying %q", c.name, status, body, c.want)
		}
	}
	if _, err := hub.DescribeHub(ctx, &securityhub.DescribeHubInput{}); err != nil {
		t.Fatalf("a refused reset changed state: %v", err)
	}

	status, _, body := send(t, signedCall(t, env, "POST", "/_sechub/reset", nil, nil, operatorKey, operatorSecret, "sechub", emptyPayloadHash, false))
	if status != 200 || !strings.Contains(body, `"reset"`) {
		t.Fatalf("reset by the operator: %d %s", status, body)
	}
	_, err := hub.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "")

	open := startStrictWithOperator(t, identity.Open)
	req, _ := http.NewRequest("POST", open.URL+"/_sechub/reset", nil)
	if status, _, body := send(t, req); status != 200 {
		t.Fatalf("open mode, unsigned reset: %d %s", status, body)
	}
}

// TestStrictModeChecksTheBody: a captured signed request replayed with another body (same
// length, old X-Amz-Content-Sha256) is refused with each protocol's signature error, and so is
// a payload declared UNSIGNED-PAYLOAD; nothing changes.
func TestStrictModeChecksTheBody(t *testing.T) {
	env, hub := startStrictHub(t)
	hubARN := "arn:aws:securityhub:us-east-1:" + keyAccount + ":hub/default"
	tagPath := "/tags/" + url.PathEscape(hubARN)
	signedBody, evilBody := []byte(`{"Tags":{"team":"blue"}}`), []byte(`{"Tags":{"evil":"true"}}`)
	for _, hashHeader := range []bool{false, true} {
		captured := signedCall(t, env, "POST", tagPath, signedBody, nil, goodKey, goodSecret, "securityhub", payloadHashOf(signedBody), hashHeader)
		if status, _, body := send(t, withBody(captured, signedBody)); status != 200 {
			t.Fatalf("the signed request itself: %d %s", status, body)
		}
		status, h, body := send(t, withBody(captured, evilBody))
		if status != 403 || h.Get("X-Amzn-Errortype") != "InvalidSignatureException" ||
			!strings.Contains(body, "The request signature we calculated does not match the signature you provided.") {
			t.Fatalf("replayed with another body (hash header %v): %d %s %s", hashHeader, status, h.Get("X-Amzn-Errortype"), body)
		}
	}
	unsigned := signedCall(t, env, "POST", tagPath, evilBody, nil, goodKey, goodSecret, "securityhub", "UNSIGNED-PAYLOAD", true)
	if status, h, body := send(t, unsigned); status != 403 || h.Get("X-Amzn-Errortype") != "InvalidSignatureException" {
		t.Fatalf("UNSIGNED-PAYLOAD: %d %s", status, body)
	}
	tags, err := hub.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: aws.String(hubARN)})
	if err != nil || len(tags.Tags) != 1 || tags.Tags["team"] != "blue" {
		t.Fatalf("tags = %v, %v; want only team=blue", tags, err)
	}

	// awsJson (Organizations) and the query protocol (STS) check their bodies too.
	orgBody, orgEvil := []byte(`{"FeatureSet":"ALL"}`), []byte(`{"FeatureSet":"XXX"}`)
	org := signedCall(t, env, "POST", "/", orgBody, map[string]string{"X-Amz-Target": "AWSOrganizationsV20161128.CreateOrganization",
		"Content-Type": "application/x-amz-json-1.1"}, goodKey, goodSecret, "organizations", payloadHashOf(orgBody), true)
	if status, _, body := send(t, withBody(org, orgEvil)); status != 403 || !strings.Contains(body, `"__type":"InvalidSignatureException"`) {
		t.Fatalf("Organizations replayed with another body: %d %s", status, body)
	}
	stsBody, stsEvil := []byte("Action=GetCallerIdentity&Version=2011-06-15"), []byte("Action=GetCallerIdentity&Version=2011-06-16")
	call := signedCall(t, env, "POST", "/", stsBody, map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
		goodKey, goodSecret, "sts", payloadHashOf(stsBody), true)
	if status, _, body := send(t, withBody(call, stsBody)); status != 200 {
		t.Fatalf("STS, the signed request itself: %d %s", status, body)
	}
	if status, _, body := send(t, withBody(call, stsEvil)); status != 403 || !strings.Contains(body, "<Code>SignatureDoesNotMatch</Code>") {
		t.Fatalf("STS replayed with another body: %d %s", status, body)
	}
}

// TestStrictPresignedURLs: presigned requests live at most seven days, not from the future, and
// sign the body like other requests, so none can carry an unchecked body into a mutating call.
func TestStrictPresignedURLs(t *testing.T) {
	env, hub := startStrictHub(t)
	presign := func(method, path, expires string, payloadHash string, at time.Time) string {
		req, _ := http.NewRequest(method, env.URL+path+"?X-Amz-Expires="+expires, nil)
		u, _, err := v4.NewSigner().PresignHTTP(ctx, aws.Credentials{AccessKeyID: goodKey, SecretAccessKey: goodSecret}, req,
			payloadHash, "securityhub", region, at)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	hubARN := "arn:aws:securityhub:us-east-1:" + keyAccount + ":hub/default"
	tagPath := "/tags/" + url.PathEscape(hubARN)
	tagBody := []byte(`{"Tags":{"evil":"true"}}`)
	cases := []struct {
		name         string
		method, url  string
		body         []byte
		status       int
		code, inBody string
	}{
		{"a week", "GET", presign("GET", "/accounts", "604800", emptyPayloadHash, time.Now()), nil, 200, "", hubARN},
		{"a week and a second", "GET", presign("GET", "/accounts", "604801", emptyPayloadHash, time.Now()), nil, 403, "IncompleteSignatureException",
			"X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds"},
		{"signed in the future", "GET", presign("GET", "/accounts", "3600", emptyPayloadHash, time.Now().Add(time.Hour)), nil, 403, "InvalidSignatureException", "Signature not yet current"},
		{"expired", "GET", presign("GET", "/accounts", "1", emptyPayloadHash, time.Now().Add(-time.Minute)), nil, 403, "InvalidSignatureException", "Signature expired"},
		{"a body smuggled into a URL signed without one", "POST", presign("POST", tagPath, "3600", emptyPayloadHash, time.Now()), tagBody, 403, "InvalidSignatureException", ""},
		{"a body with a URL signed UNSIGNED-PAYLOAD", "POST", presign("POST", tagPath, "3600", "UNSIGNED-PAYLOAD", time.Now()), tagBody, 403, "InvalidSignatureException", ""},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(c.method, c.url, bytes.NewReader(c.body))
		status, h, body := send(t, req)
		if status != c.status || h.Get("X-Amzn-Errortype") != c.code || !strings.Contains(body, c.inBody) {
			t.Errorf("%s: %d %s %s, want %d %s %q", c.name, status, h.Get("X-Amzn-Errortype"), body, c.status, c.code, c.inBody)
		}
	}
	tags, err := hub.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: aws.String(hubARN)})
	if err != nil || len(tags.Tags) != 0 {
		t.Fatalf("tags = %v, %v; want none", tags, err)
	}
	// A body whose hash the URL signed goes through.
	req, _ := http.NewRequest("POST", presign("POST", tagPath, "3600", payloadHashOf([]byte(`{"Tags":{"ok":"1"}}`)), time.Now()),
		strings.NewReader(`{"Tags":{"ok":"1"}}`))
	if status, _, body := send(t, req); status != 200 {
		t.Fatalf("presigned with its body's hash: %d %s", status, body)
	}
}

// TestLocatedMembersIgnoreTheBody: members the model binds to the query string are read from
// there only; the same names in a JSON body neither reach the handler nor skip validation.
func TestLocatedMembersIgnoreTheBody(t *testing.T) {
	env := testenv.Start(t)
	admin := env.SecurityHub(acctA, region)
	if _, err := admin.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	var details []types.AccountDetails
	for _, id := range []string{"200000000001", "200000000002", "200000000003"} {
		details = append(details, types.AccountDetails{AccountId: aws.String(id)})
	}
	if _, err := admin.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: details}); err != nil {
		t.Fatal(err)
	}
	auth := map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=" + acctA + "/20240102/us-east-1/securityhub/aws4_request, SignedHeaders=host, Signature=00"}

	status, _, doc := rawCall(t, env, "GET", "/standards", []byte(`{"MaxResults":-5}`), auth)
	if standards, _ := doc["Standards"].([]any); status != 200 || len(standards) == 0 {
		t.Fatalf("GET /standards with {MaxResults:-5} in the body: %d %v", status, doc)
	}
	status, h, doc := rawCall(t, env, "GET", "/standards?MaxResults=-5", nil, auth)
	expectRawError(t, status, h, doc, 400, "InvalidInputException", "MaxResults")

	// Were the body's members bound, this would be one page of one Enabled member: none.
	status, _, doc = rawCall(t, env, "GET", "/members?OnlyAssociated=false", []byte(`{"MaxResults":1,"OnlyAssociated":true}`), auth)
	if members, _ := doc["Members"].([]any); status != 200 || len(members) != 3 || doc["NextToken"] != nil {
		t.Fatalf("GET /members with a body: %d %v, want the 3 members", status, doc)
	}
	status, _, doc = rawCall(t, env, "GET", "/members", []byte(`{"MaxResults":100000}`), auth)
	if status != 200 {
		t.Fatalf("GET /members with {MaxResults:100000} in the body: %d %v", status, doc)
	}
	status, h, doc = rawCall(t, env, "GET", "/members?MaxResults=100000", nil, auth)
	expectRawError(t, status, h, doc, 400, "InvalidInputException", "MaxResults")
}

// TestSlowBodiesAndIdleConnectionsAreCut: a body trickling in at a few bytes a second is cut
// off at the read timeout, and a kept-alive connection left idle is closed.
func TestSlowBodiesAndIdleConnectionsAreCut(t *testing.T) {
	env := testenv.Start(t, testenv.WithConfig(func(c *server.Config) {
		c.ReadTimeout, c.IdleTimeout = time.Second, time.Second
	}))
	addr := strings.TrimPrefix(env.URL, "http://")

	// A byte every 200 ms: the whole body would take 20 s.
	resp, body, took, err := testenv.SendSlowly(addr, "POST /accounts HTTP/1.1\r\nHost: sechub\r\nContent-Type: application/json\r\n",
		100, 200*time.Millisecond, 10*time.Second)
	if err != nil {
		t.Fatalf("slow body: %v", err)
	}
	if took > 5*time.Second || resp.StatusCode != http.StatusRequestTimeout || resp.Header.Get("X-Amzn-Errortype") != "RequestTimeoutException" {
		t.Fatalf("slow body: %d %s %s after %v, want 408 RequestTimeoutException after about 1s", resp.StatusCode, resp.Header.Get("X-Amzn-Errortype"), body, took)
	}

	idle, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	if _, err := io.WriteString(idle, "GET /_sechub/health HTTP/1.1\r\nHost: sechub\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	reader := bufio.NewReader(idle)
	idle.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err = http.ReadResponse(reader, nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("health on a kept-alive connection: %v %v", resp, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	start := time.Now()
	if _, err := reader.ReadByte(); !errors.Is(err, io.EOF) || time.Since(start) > 5*time.Second {
		t.Fatalf("idle connection: %v after %v, want the server to close it after about 1s", err, time.Since(start))
	}
}
