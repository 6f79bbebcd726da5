package server

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/store/storetest"
)

// fuzzAuth signs (in open mode: names the account and region of) fuzzed requests.
const fuzzAuth = "Authorization: AWS4-HMAC-SHA256 Credential=111111111111/20240102/us-east-1/%s/aws4_request, SignedHeaders=host, Signature=00"

// FuzzServeHTTP sends arbitrary requests (method, path, query string, headers, body) through
// the whole server, open mode, on the store of the run: SQLite, or a fresh PostgreSQL database
// with SECHUB_TEST_STORE=postgres and SECHUB_TEST_POSTGRES set. Nothing may panic, and no
// answer may be a 5xx but 501 for an operation sechub does not implement. State builds up
// across inputs, as it does on a real server. The seeds are every operation of the three
// services with an empty body, and a few valid calls.
//
//	go test -run x -fuzz FuzzServeHTTP -fuzztime 1m ./internal/server/
func FuzzServeHTTP(f *testing.F) {
	label := regexp.MustCompile(`\{[^}]+\}`)
	for _, name := range []string{"securityhub", "organizations"} {
		m := awsmodel.MustLoad(name)
		for opName, op := range m.Operations {
			if m.Metadata.Protocol != "rest-json" {
				f.Add("POST", "/", "", strings.ReplaceAll(fuzzAuth, "%s", name)+"\nContent-Type: application/x-amz-json-1.1\nX-Amz-Target: "+
					m.Metadata.TargetPrefix+"."+opName, []byte("{}"))
				continue
			}
			path, query, _ := strings.Cut(label.ReplaceAllString(op.HTTP.RequestURI, "x"), "?")
			f.Add(op.HTTP.Method, path, query, strings.ReplaceAll(fuzzAuth, "%s", name), []byte("{}"))
		}
	}
	hubAuth := strings.ReplaceAll(fuzzAuth, "%s", "securityhub")
	for _, seed := range []struct{ method, path, query, body string }{
		{"POST", "/accounts", "", `{"EnableDefaultStandards":true,"Tags":{"a":"b"}}`},
		{"POST", "/members", "", `{"AccountDetails":[{"AccountId":"222222222222","Email":"a@b.c"}]}`},
		{"GET", "/members", "OnlyAssociated=false&MaxResults=5", ""},
		{"POST", "/findings/import", "", `{"Findings":[{"SchemaVersion":"2018-10-08","Id":"f1","ProductArn":"arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default",` +
			`"GeneratorId":"g","AwsAccountId":"111111111111","Types":["Software and Configuration Checks"],"CreatedAt":"2024-01-02T00:00:00Z",` +
			`"UpdatedAt":"2024-01-02T00:00:00Z","Severity":{"Label":"HIGH"},"Title":"t","Description":"d","Resources":[{"Type":"Other","Id":"r"}]}]}`},
		{"POST", "/findings", "", `{"Filters":{"SeverityLabel":[{"Value":"HIGH","Comparison":"EQUALS"}],"Title":[{"Value":"t","Comparison":"PREFIX"}]},"SortCriteria":[{"Field":"Title","SortOrder":"asc"}],"MaxResults":10}`},
		{"PATCH", "/findings/batchupdate", "", `{"FindingIdentifiers":[{"Id":"f1","ProductArn":"arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default"}],"Note":{"Text":"n","UpdatedBy":"u"}}`},
		{"POST", "/insights", "", `{"Name":"i","Filters":{"SeverityLabel":[{"Value":"HIGH","Comparison":"EQUALS"}]},"GroupByAttribute":"ResourceType"}`},
		{"GET", "/standards", "", `{"MaxResults":-5}`},
		{"POST", "/actionTargets", "", `{"Name":"n","Description":"d","Id":"a1"}`},
	} {
		f.Add(seed.method, seed.path, seed.query, hubAuth, []byte(seed.body))
	}
	f.Add("POST", "/", "", strings.ReplaceAll(fuzzAuth, "%s", "sts")+"\nContent-Type: application/x-www-form-urlencoded", []byte("Action=GetCallerIdentity&Version=2011-06-15"))
	f.Add("GET", "/_sechub/health", "", "", []byte(nil))

	srv, err := New(context.Background(), Config{DataDir: f.TempDir(), StoreURL: storetest.StoreURL(f), PurgeEvery: -1})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { srv.Close() })

	f.Fuzz(func(t *testing.T, method, path, query, headers string, body []byte) {
		req, ok := fuzzRequest(method, path, query, headers, body)
		if !ok {
			return // net/http would not hand such a request to a handler
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 500 && rec.Code != http.StatusNotImplemented {
			t.Fatalf("%s %s?%s\n%s\n%q\n→ %d %s", method, path, query, headers, body, rec.Code, rec.Body)
		}
	})
}

// fuzzRequest builds the request a client could send, or reports that net/http's server would
// refuse it before any handler (a bad method, URL or header).
func fuzzRequest(method, path, query, headers string, body []byte) (*http.Request, bool) {
	if !isToken(method) {
		return nil, false
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	u, err := url.ParseRequestURI(path)
	if err != nil || u.Host != "" || strings.ContainsAny(path, " \r\n") {
		return nil, false
	}
	if strings.ContainsAny(query, " \r\n#") {
		return nil, false
	}
	u.RawQuery = query
	req := &http.Request{Method: method, URL: u, RequestURI: u.RequestURI(), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{}, Host: "localhost", Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body))}
	for _, line := range strings.Split(headers, "\n") {
		name, value, ok := strings.Cut(line, ":")
		value = strings.TrimSpace(value)
		if !ok || !isToken(name) || strings.IndexFunc(value, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }) >= 0 {
			continue
		}
		if http.CanonicalHeaderKey(name) == "Content-Length" || http.CanonicalHeaderKey(name) == "Host" {
			continue // net/http's server sets these from the request line and the body
		}
		req.Header.Add(name, value)
	}
	return req.WithContext(context.Background()), true
}

// isToken reports whether s is an HTTP token (a method or a header name).
func isToken(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)) {
			return false
		}
	}
	return s != ""
}
