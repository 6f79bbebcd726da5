package wire

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/identity"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
)

// FuzzBind sends arbitrary method, path, query and body through routing, binding and
// validation, with every operation implemented by a handler that decodes its input. Nothing
// may panic and every refusal must be a 4xx.
func FuzzBind(f *testing.F) {
	f.Add("POST", "/members", "", `{"AccountDetails":[{"AccountId":"111111111111","Email":"a@b.c"}]}`)
	f.Add("GET", "/members", "OnlyAssociated=false&MaxResults=5", "")
	f.Add("POST", "/findings", "", `{"Filters":{"SeverityLabel":[{"Value":"HIGH","Comparison":"EQUALS"}]},"MaxResults":10}`)
	f.Add("DELETE", "/insights/arn%3Aaws%3Asecurityhub%3Aus-east-1%3A1%3Ainsight/x/custom/y", "", "")
	f.Add("DELETE", "/tags/arn", "tagKeys=a&tagKeys=b", "")
	f.Add("POST", "/standards/register", "", `{"StandardsSubscriptionRequests":[{"StandardsArn":"x","StandardsInput":{"a":"b"}}]}`)
	f.Add("PATCH", "/accounts", "", `{"AutoEnableControls":1e400}`)
	f.Add("POST", "/accounts", "", `{"Tags":{"a":null}}`)
	// Query members named in the body: ignored, never bound unvalidated.
	f.Add("GET", "/standards", "", `{"MaxResults":-5}`)
	f.Add("GET", "/members", "", `{"MaxResults":100000,"OnlyAssociated":"yes"}`)
	f.Add("DELETE", "/tags/arn", "", `{"TagKeys":[1],"ResourceArn":{}}`)
	m := awsmodel.MustLoad("securityhub")
	s := NewRestJSON(m, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for name := range m.Operations {
		in := reflect.TypeOf(sh.Operations[name][0])
		s.handlers[name] = Handler{run: func(_ context.Context, call *Call) (any, error) {
			if err := fill(reflect.New(in).Elem(), call.input); err != nil {
				return nil, apierr.InvalidParameter.New(err.Error())
			}
			return nil, nil
		}}
	}
	caller := identity.Caller{AccountID: "123456789012", Region: "us-east-1", Partition: "aws"}
	f.Fuzz(func(t *testing.T, method, path, query, body string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Method = method
		req.URL.RawPath, req.URL.Path = "", ""
		if err := setEscapedPath(req, path); err != nil {
			return
		}
		req.URL.RawQuery = query
		rec := httptest.NewRecorder()
		s.Serve(rec, req, caller, "req-1", []byte(body))
		if rec.Code >= 500 && rec.Code != http.StatusNotImplemented {
			t.Fatalf("%s %s?%s %q: status %d %s", method, path, query, body, rec.Code, rec.Body)
		}
		if rec.Code >= 400 && !bytes.Contains(rec.Body.Bytes(), []byte(`"Code"`)) {
			t.Fatalf("error without a Code: %s", rec.Body)
		}
	})
}

func setEscapedPath(r *http.Request, escaped string) error {
	u, err := r.URL.Parse(escaped)
	if err != nil {
		return err
	}
	r.URL.Path, r.URL.RawPath = u.Path, u.RawPath
	return nil
}
