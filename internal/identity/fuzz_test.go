package identity

import (
	"net/http"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/clock"
)

// FuzzIdentify feeds arbitrary Authorization headers and presigned queries to the SigV4 parser
// and the strict authenticator: no panic, and every refusal is a 4xx.
func FuzzIdentify(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=AKID/20240102/eu-west-1/securityhub/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef", "", "20240102T000000Z")
	f.Add("", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240102%2Fus-east-1%2Fsecurityhub%2Faws4_request&X-Amz-Date=20240102T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00", "")
	f.Add("AWS4-HMAC-SHA256 Credential=AKID/x/y/z/aws4_request,,,", "X-Amz-Credential=", "garbage")
	f.Add("", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240102%2Fus-east-1%2Fsecurityhub%2Faws4_request&X-Amz-Date=20240102T000000Z&X-Amz-Expires=99999999999999&X-Amz-SignedHeaders=host&X-Amz-Signature=00", "")
	f.Add("", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240102%2Fus-east-1%2Fsecurityhub%2Faws4_request&X-Amz-Date=20240102T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00", "")
	strict := &Authenticator{Mode: Strict, DefaultAccount: "123456789012", DefaultRegion: "us-east-1",
		Credentials: map[string]Credential{"AKID": {AccessKeyID: "AKID", SecretAccessKey: "s", AccountID: "111111111111"}},
		Clock:       clock.Clock{Source: func() time.Time { return time.Date(2024, 1, 2, 0, 5, 0, 0, time.UTC) }}}
	open := &Authenticator{Mode: Open, DefaultAccount: "123456789012", DefaultRegion: "us-east-1"}
	f.Fuzz(func(t *testing.T, auth, query, amzDate string) {
		ParseAuthorization(auth)
		r, err := http.NewRequest("POST", "http://localhost/accounts?"+query, nil)
		if err != nil {
			return
		}
		r.Header.Set("Authorization", auth)
		r.Header.Set("X-Amz-Date", amzDate)
		if _, _, aerr := open.Identify(r); aerr != nil {
			t.Fatalf("open mode refused: %v", aerr)
		}
		_, sig, aerr := strict.Identify(r)
		if aerr == nil && sig != nil {
			aerr = strict.Verify(r, sig, emptyBodyHash)
		}
		if aerr != nil && (aerr.Status < 400 || aerr.Status >= 500) {
			t.Fatalf("strict refusal with status %d: %v", aerr.Status, aerr)
		}
	})
}
