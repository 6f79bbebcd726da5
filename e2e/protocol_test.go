package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/sechub/sechub/internal/testenv"
)

// rawCall sends an unsigned request (open mode: the default account) and returns status,
// headers and the decoded JSON body.
func rawCall(t *testing.T, env *testenv.Env, method, path string, body []byte, header map[string]string) (int, http.Header, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, env.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%s %s: response is not a JSON object: %q", method, path, raw)
	}
	if resp.Header.Get("x-amzn-RequestId") == "" {
		t.Errorf("%s %s: no x-amzn-RequestId", method, path)
	}
	return resp.StatusCode, resp.Header, doc
}

func expectRawError(t *testing.T, status int, h http.Header, doc map[string]any, wantStatus int, wantCode, msgContains string) {
	t.Helper()
	if status != wantStatus || h.Get("x-amzn-ErrorType") != wantCode || doc["Code"] != wantCode {
		t.Fatalf("got %d %s %v, want %d %s", status, h.Get("x-amzn-ErrorType"), doc, wantStatus, wantCode)
	}
	if msg, _ := doc["Message"].(string); !strings.Contains(msg, msgContains) {
		t.Fatalf("message %q does not contain %q", msg, msgContains)
	}
}

func TestProtocolErrors(t *testing.T) {
	env := testenv.Start(t)
	status, h, doc := rawCall(t, env, "POST", "/accounts", nil, nil)
	if status != 200 || len(doc) != 0 {
		t.Fatalf("EnableSecurityHub with no body: %d %v", status, doc)
	}

	cases := []struct {
		name, method, path, body string
		status                   int
		code, msg                string
	}{
		{"unknown route", "GET", "/no/such/thing", "", 404, "UnknownOperationException", "/no/such/thing"},
		{"unknown method on known path", "PUT", "/accounts", "", 404, "UnknownOperationException", ""},
		{"malformed JSON", "POST", "/standards/get", "{not json", 400, "InvalidInputException", "not valid JSON"},
		{"body not an object", "POST", "/standards/get", "[1,2]", 400, "InvalidInputException", "JSON object"},
		{"integer out of range", "POST", "/standards/get", `{"MaxResults":0}`, 400, "InvalidInputException", "Invalid parameter 'MaxResults'. Value '0' is less than minimum value: 1."},
		{"wrong JSON type", "POST", "/standards/get", `{"MaxResults":"ten"}`, 400, "InvalidInputException", "Invalid parameter 'MaxResults'"},
		{"query integer not a number", "GET", "/standards?MaxResults=abc", "", 400, "InvalidInputException", "Invalid parameter 'MaxResults'"},
		{"query integer above max", "GET", "/standards?MaxResults=101", "", 400, "InvalidInputException", "Value '101' is greater than maximum value: 100"},
		{"required member missing", "POST", "/standards/register", `{}`, 400, "InvalidInputException", "Invalid parameter 'StandardsSubscriptionRequests'. Member must not be null."},
		{"list too short", "POST", "/standards/register", `{"StandardsSubscriptionRequests":[]}`, 400, "InvalidInputException", "Size '0' is less than minimum value: 1"},
		{"nested required", "POST", "/standards/register", `{"StandardsSubscriptionRequests":[{}]}`, 400, "InvalidInputException", "'StandardsSubscriptionRequests[0].StandardsArn'"},
		{"enum", "PATCH", "/accounts", `{"ControlFindingGenerator":"BOGUS"}`, 400, "InvalidInputException", "Invalid parameter 'ControlFindingGenerator'"},
		{"boolean type", "PATCH", "/accounts", `{"AutoEnableControls":"yes"}`, 400, "InvalidInputException", "Expected a boolean"},
		{"tag value too long", "POST", "/tags/arn%3Aaws%3Asecurityhub%3Aus-east-1%3A123456789012%3Ahub%2Fdefault", `{"Tags":{"k":"` + strings.Repeat("v", 257) + `"}}`, 400, "InvalidInputException", "Length '257' is greater than maximum value: 256"},
		{"greedy label, insight", "DELETE", "/insights/arn%3Aaws%3Asecurityhub%3Aus-east-1%3A123456789012%3Ainsight/123456789012/custom/abc", "", 404, "ResourceNotFoundException", "arn:aws:securityhub:us-east-1:123456789012:insight/123456789012/custom/abc"},
		{"greedy label, action target", "DELETE", "/actionTargets/arn%3Aaws%3Asecurityhub%3Aus-east-1%3A123456789012%3Aaction/custom/x", "", 404, "ResourceNotFoundException", "arn:aws:securityhub:us-east-1:123456789012:action/custom/x"},
		{"greedy label, V2 off", "DELETE", "/connectorsv2/a%2Fb", "", 403, "AccessDeniedException", "has not enabled Security Hub V2"},
		{"V2 operation breaking the model", "POST", "/findingsv2", `{"MaxResults":0}`, 400, "ValidationException", "Invalid parameter 'MaxResults'"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, h, doc = rawCall(t, env, c.method, c.path, []byte(c.body), nil)
			expectRawError(t, status, h, doc, c.status, c.code, c.msg)
		})
	}

	// Every Security Hub operation of the model is implemented; some of Organizations' are not.
	t.Run("not implemented", func(t *testing.T) {
		status, h, doc := rawCall(t, env, "POST", "/", []byte(`{"HandshakeId":"h-0123456789"}`), map[string]string{
			"X-Amz-Target": "AWSOrganizationsV20161128.DescribeHandshake", "Content-Type": "application/x-amz-json-1.1",
			"Authorization": "AWS4-HMAC-SHA256 Credential=123456789012/20260101/us-east-1/organizations/aws4_request, SignedHeaders=host, Signature=00"})
		if status != 501 || h.Get("x-amzn-ErrorType") != "NotImplementedException" || doc["__type"] != "NotImplementedException" ||
			!strings.Contains(doc["message"].(string), "DescribeHandshake") {
			t.Fatalf("DescribeHandshake: %d %v %v", status, h, doc)
		}
	})

	t.Run("greedy label with a fixed prefix", func(t *testing.T) {
		status, _, doc := rawCall(t, env, "GET", "/insights/results/arn:aws:securityhub:::insight/securityhub/default/1", nil, nil)
		res, _ := doc["InsightResults"].(map[string]any)
		if status != 200 || res["InsightArn"] != "arn:aws:securityhub:::insight/securityhub/default/1" {
			t.Fatalf("GetInsightResults of a managed insight: %d %v", status, doc)
		}
	})

	t.Run("percent-encoded non-greedy label", func(t *testing.T) {
		status, _, doc := rawCall(t, env, "GET", "/tags/arn%3Aaws%3Asecurityhub%3Aus-east-1%3A123456789012%3Ahub%2Fdefault", nil, nil)
		if status != 200 || doc["Tags"] == nil {
			t.Fatalf("ListTagsForResource on the default account's hub: %d %v", status, doc)
		}
	})

	t.Run("oversized body is refused", func(t *testing.T) {
		big := bytes.Repeat([]byte(" "), 7<<20)
		status, h, doc := rawCall(t, env, "POST", "/findings/import", big, nil)
		expectRawError(t, status, h, doc, 400, "InvalidInputException", "larger than the limit")
	})

	t.Run("responses omit absent members", func(t *testing.T) {
		status, _, doc := rawCall(t, env, "GET", "/standards?MaxResults=100", nil, nil)
		if status != 200 {
			t.Fatalf("DescribeStandards: %d %v", status, doc)
		}
		if _, ok := doc["NextToken"]; ok {
			t.Errorf("NextToken present on the last page: %v", doc["NextToken"])
		}
		raw, _ := json.Marshal(doc)
		if bytes.Contains(raw, []byte("null")) || bytes.Contains(raw, []byte(`""`)) {
			t.Errorf("response carries null or empty strings: %s", raw)
		}
	})
}

func TestImplementedOperations(t *testing.T) {
	env := testenv.Start(t)
	impl := env.Server.Implemented()
	t.Logf("implemented %d of %d Security Hub operations: %s", len(impl), env.Server.OperationCount(), strings.Join(impl, ", "))
	if env.Server.OperationCount() != 117 {
		t.Errorf("model has %d operations, want 117", env.Server.OperationCount())
	}
}
