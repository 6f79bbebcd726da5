package wire

import (
	"net/url"
	"strings"
	"testing"

	"github.com/sechub/sechub/internal/awsmodel"
)

// sampleValue is a label value with the characters real ARNs carry.
const sampleValue = "arn:aws:securityhub:us-east-1:123456789012:thing/a b/c"

// TestEveryOperationRoutesToItself fills each operation's URI template with a value (escaped
// the way botocore does: greedy labels keep '/', others escape it) and checks that the router
// finds that operation again with the value decoded.
func TestEveryOperationRoutesToItself(t *testing.T) {
	m := awsmodel.MustLoad("securityhub")
	rt := NewRouter(m)
	if len(m.Operations) != 117 {
		t.Fatalf("model has %d operations, want 117", len(m.Operations))
	}
	for name, op := range m.Operations {
		path := op.HTTP.RequestURI
		labels := map[string]bool{}
		for strings.Contains(path, "{") {
			start := strings.Index(path, "{")
			end := strings.Index(path, "}")
			label := path[start+1 : end]
			var escaped string
			if strings.HasSuffix(label, "+") {
				label = strings.TrimSuffix(label, "+")
				parts := strings.Split(sampleValue, "/")
				for i := range parts {
					parts[i] = url.PathEscape(parts[i])
				}
				escaped = strings.Join(parts, "/")
			} else {
				escaped = url.PathEscape(sampleValue)
			}
			labels[label] = true
			path = path[:start] + escaped + path[end+1:]
		}
		got, params := rt.Match(op.HTTP.Method, path)
		if got == nil || got.Name != name {
			t.Errorf("%s %s routed to %v, want %s", op.HTTP.Method, path, got, name)
			continue
		}
		for label := range labels {
			if params[label] != sampleValue {
				t.Errorf("%s: label %s = %q, want %q", name, label, params[label], sampleValue)
			}
		}
	}
}

func TestRouterRejects(t *testing.T) {
	rt := NewRouter(awsmodel.MustLoad("securityhub"))
	for _, c := range []struct{ method, path string }{
		{"GET", "/"},
		{"GET", "/nothing"},
		{"PUT", "/accounts"},
		{"GET", "/accounts/extra"},
		{"DELETE", "/insights/"},       // greedy label needs a value
		{"GET", "/tags/a/b"},           // non-greedy label takes one segment
		{"GET", "/tags/%zz"},           // bad escape
		{"POST", "/members/get/extra"}, // trailing segment
	} {
		if op, _ := rt.Match(c.method, c.path); op != nil {
			t.Errorf("%s %s matched %s", c.method, c.path, op.Name)
		}
	}
}
