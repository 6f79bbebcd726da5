package identity

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
)

var emptyBodyHash = hashOf("")

func hashOf(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

func TestLoadCredentials(t *testing.T) {
	cases := []struct {
		line string
		want Credential
		err  string // part of the error; "" for none
	}{
		{"AKIA1 s1 111111111111", Credential{AccessKeyID: "AKIA1", SecretAccessKey: "s1", AccountID: "111111111111"}, ""},
		{"AKIA1 s1 111111111111 alice", Credential{AccessKeyID: "AKIA1", SecretAccessKey: "s1", AccountID: "111111111111", Principal: "alice"}, ""},
		{"AKIA1 s1 111111111111 arn:aws:iam::111111111111:role/ops", Credential{AccessKeyID: "AKIA1", SecretAccessKey: "s1", AccountID: "111111111111", Principal: "arn:aws:iam::111111111111:role/ops"}, ""},
		{"AKIA1 s1 111111111111 role=operator", Credential{AccessKeyID: "AKIA1", SecretAccessKey: "s1", AccountID: "111111111111", Operator: true}, ""},
		{"AKIA1  s1\t111111111111   ops   role=operator", Credential{AccessKeyID: "AKIA1", SecretAccessKey: "s1", AccountID: "111111111111", Principal: "ops", Operator: true}, ""},
		{"AKIA1 s1 111111111111 role=admin", Credential{}, "the only role is operator"},
		{"AKIA1 s1 111111111111 role=operator alice", Credential{}, "the principal comes before the options"},
		{"AKIA1 s1 111111111111 alice bob", Credential{}, "at most a principal"},
		{"AKIA1 s1", Credential{}, "want ACCESS_KEY_ID"},
		{"AKIA1 s1 1111", Credential{}, "not 12 digits"},
	}
	for _, c := range cases {
		path := filepath.Join(t.TempDir(), "credentials")
		if err := os.WriteFile(path, []byte("# comment\n\n"+c.line+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		creds, err := LoadCredentials(path)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), ":3:") {
				t.Errorf("%q: error %v, want one on line 3 saying %q", c.line, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.line, err)
			continue
		}
		if got := creds[c.want.AccessKeyID]; len(creds) != 1 || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %+v", c.line, creds)
		}
	}
}

// signingTime is the strict authenticator's "now" in these tests.
var signingTime = time.Date(2024, 1, 2, 10, 0, 0, 0, time.UTC)

func strictAuthenticator() *Authenticator {
	return &Authenticator{Mode: Strict, DefaultAccount: "123456789012", DefaultRegion: "us-east-1",
		Credentials: map[string]Credential{"AKID": {AccessKeyID: "AKID", SecretAccessKey: "secret", AccountID: "111111111111"}},
		Clock:       clock.Clock{Source: func() time.Time { return signingTime }}}
}

var testCreds = aws.Credentials{AccessKeyID: "AKID", SecretAccessKey: "secret"}

// verify runs a request through Identify and Verify as the server does, body hashed as read.
func verify(t *testing.T, a *Authenticator, r *http.Request, body string) *apierr.Error {
	t.Helper()
	r.Body = io.NopCloser(strings.NewReader(body))
	_, sig, aerr := a.Identify(r)
	if aerr != nil {
		return aerr
	}
	h := HashBody(r)
	if got, _ := io.ReadAll(r.Body); string(got) != body {
		t.Fatalf("hashing changed the body: %q", got)
	}
	return a.Verify(r, sig, h.Sum())
}

// TestVerifyPayloadHash: the signature covers the body that arrived, whatever the request's
// X-Amz-Content-Sha256 says.
func TestVerifyPayloadHash(t *testing.T) {
	const signedBody, otherBody = `{"Tags":{"a":"b"}}`, `{"Tags":{"evil":"x"}}`
	sign := func(payloadHash string, header bool) *http.Request {
		r, _ := http.NewRequest("POST", "http://localhost/accounts", nil)
		if header {
			r.Header.Set("X-Amz-Content-Sha256", payloadHash)
		}
		if err := v4.NewSigner().SignHTTP(context.Background(), testCreds, r, payloadHash, "securityhub", "us-east-1", signingTime); err != nil {
			t.Fatal(err)
		}
		return r
	}
	cases := []struct {
		name        string
		payloadHash string
		header      bool
		body        string
		want        *apierr.Def
	}{
		{"body as signed", hashOf(signedBody), false, signedBody, nil},
		{"body as signed, hash header signed", hashOf(signedBody), true, signedBody, nil},
		{"replayed with another body", hashOf(signedBody), false, otherBody, &apierr.SignatureMismatch},
		{"replayed with another body, old hash header", hashOf(signedBody), true, otherBody, &apierr.SignatureMismatch},
		{"UNSIGNED-PAYLOAD", "UNSIGNED-PAYLOAD", true, signedBody, &apierr.SignatureMismatch},
		{"UNSIGNED-PAYLOAD, empty body", "UNSIGNED-PAYLOAD", true, "", &apierr.SignatureMismatch},
		{"empty body", emptyBodyHash, false, "", nil},
	}
	for _, c := range cases {
		if got := verify(t, strictAuthenticator(), sign(c.payloadHash, c.header), c.body); !isError(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

// TestVerifyPresigned: presigned requests are valid for at most seven days from a signing time
// not in the future, and sign the body's hash like every other request.
func TestVerifyPresigned(t *testing.T) {
	presign := func(expires string, at time.Time, payloadHash, method string) *http.Request {
		u := "http://localhost/accounts"
		if expires != "" {
			u += "?X-Amz-Expires=" + expires
		}
		r, _ := http.NewRequest(method, u, nil)
		signed, _, err := v4.NewSigner().PresignHTTP(context.Background(), testCreds, r, payloadHash, "securityhub", "us-east-1", at)
		if err != nil {
			t.Fatal(err)
		}
		pre, _ := http.NewRequest(method, signed, nil)
		return pre
	}
	week := strconv.Itoa(7 * 24 * 3600)
	cases := []struct {
		name    string
		expires string
		at      time.Time
		hash    string
		method  string
		body    string
		want    *apierr.Def
	}{
		{"an hour", "3600", signingTime, emptyBodyHash, "GET", "", nil},
		{"a week, signed a week ago", week, signingTime.Add(-7 * 24 * time.Hour), emptyBodyHash, "GET", "", nil},
		{"a week and a second", "604801", signingTime, emptyBodyHash, "GET", "", &apierr.PresignedExpiryTooLong},
		{"longer than a Duration holds", "99999999999999", signingTime, emptyBodyHash, "GET", "", &apierr.PresignedExpiryTooLong},
		{"no X-Amz-Expires", "", signingTime, emptyBodyHash, "GET", "", &apierr.IncompleteQuerySignature},
		{"expired", "60", signingTime.Add(-2 * time.Minute), emptyBodyHash, "GET", "", &apierr.PresignedExpired},
		{"signed in the future", "3600", signingTime.Add(20 * time.Minute), emptyBodyHash, "GET", "", &apierr.SignatureNotYetValid},
		{"UNSIGNED-PAYLOAD", "3600", signingTime, "UNSIGNED-PAYLOAD", "GET", "", &apierr.SignatureMismatch},
		{"a body added to a URL signed without one", "3600", signingTime, emptyBodyHash, "POST", `{"Tags":{"a":"b"}}`, &apierr.SignatureMismatch},
		{"a body signed into the URL", "3600", signingTime, hashOf(`{"Tags":{"a":"b"}}`), "POST", `{"Tags":{"a":"b"}}`, nil},
	}
	for _, c := range cases {
		if got := verify(t, strictAuthenticator(), presign(c.expires, c.at, c.hash, c.method), c.body); !isError(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

// isError reports whether got is an error of want (nil: no error), its message included up to
// the first argument.
func isError(got *apierr.Error, want *apierr.Def) bool {
	if got == nil || want == nil {
		return got == nil && want == nil
	}
	fixed, _, _ := strings.Cut(want.Message, "%")
	return want.Is(got) && strings.HasPrefix(got.Message, fixed)
}

func TestIsOperator(t *testing.T) {
	a := &Authenticator{Credentials: map[string]Credential{"OPS": {Operator: true}, "USER": {}}}
	if !a.IsOperator("OPS") || a.IsOperator("USER") || a.IsOperator("NONE") {
		t.Error("IsOperator does not follow the credentials")
	}
}

// TestIdentifyStrictMalformed: a garbled signature is refused with the message of where it was
// sent, the Authorization header or the query string.
func TestIdentifyStrictMalformed(t *testing.T) {
	header, _ := http.NewRequest("GET", "http://localhost/accounts", nil)
	header.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKID")
	query, _ := http.NewRequest("GET", "http://localhost/accounts?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID", nil)
	for _, c := range []struct {
		r    *http.Request
		want *apierr.Def
	}{{header, &apierr.IncompleteSignature}, {query, &apierr.IncompleteQuerySignature}} {
		if _, _, got := strictAuthenticator().Identify(c.r); !isError(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.r.URL, got, c.want)
		}
	}
}
