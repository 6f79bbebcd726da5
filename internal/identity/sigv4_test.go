package identity

import (
	"net/http"
	"reflect"
	"testing"
)

func TestParseAuthorization(t *testing.T) {
	good := "AWS4-HMAC-SHA256 Credential=AKID/20240102/eu-west-1/securityhub/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef"
	sig, err := ParseAuthorization(good)
	if err != nil {
		t.Fatal(err)
	}
	want := &Signature{AccessKeyID: "AKID", Date: "20240102", Region: "eu-west-1", Service: "securityhub",
		SignedHeaders: []string{"host", "x-amz-date"}, Signature: "abcdef"}
	if !reflect.DeepEqual(sig, want) {
		t.Fatalf("got %+v", sig)
	}
	for _, bad := range []string{
		"",
		"Basic dXNlcjpwYXNz",
		"AWS4-HMAC-SHA256",
		"AWS4-HMAC-SHA256X Credential=AKID/20240102/eu-west-1/securityhub/aws4_request, SignedHeaders=host, Signature=ab",
		"AWS4-HMAC-SHA256 Credential=AKID/20240102/eu-west-1/securityhub, SignedHeaders=host, Signature=ab",
		"AWS4-HMAC-SHA256 Credential=AKID/2024/eu-west-1/securityhub/aws4_request, SignedHeaders=host, Signature=ab",
		"AWS4-HMAC-SHA256 Credential=AKID/20240102/eu-west-1/securityhub/aws4_request, Signature=ab",
		"AWS4-HMAC-SHA256 Credential=AKID/20240102/eu-west-1/securityhub/aws4_request, SignedHeaders=host",
		"AWS4-HMAC-SHA256 Credential=/20240102/eu-west-1/securityhub/aws4_request, SignedHeaders=host, Signature=ab",
		"AWS4-HMAC-SHA256 garbage",
	} {
		if _, err := ParseAuthorization(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestIdentifyOpenMode(t *testing.T) {
	a := &Authenticator{Mode: Open, DefaultAccount: "123456789012", DefaultRegion: "us-east-1",
		Credentials: map[string]Credential{"AKIAKNOWN": {AccessKeyID: "AKIAKNOWN", AccountID: "555555555555", Principal: "bob"}}}
	cases := []struct {
		auth                       string
		account, region, principal string
	}{
		{"", "123456789012", "us-east-1", "arn:aws:iam::123456789012:root"},
		{"AWS4-HMAC-SHA256 Credential=111122223333/20240102/eu-west-1/securityhub/aws4_request, SignedHeaders=host, Signature=ab",
			"111122223333", "eu-west-1", "arn:aws:iam::111122223333:root"},
		{"AWS4-HMAC-SHA256 Credential=AKIAOTHER/20240102/cn-north-1/securityhub/aws4_request, SignedHeaders=host, Signature=ab",
			"123456789012", "cn-north-1", "arn:aws-cn:iam::123456789012:root"},
		{"AWS4-HMAC-SHA256 Credential=AKIAKNOWN/20240102/us-west-2/sts/aws4_request, SignedHeaders=host, Signature=ab",
			"555555555555", "us-west-2", "arn:aws:iam::555555555555:user/bob"},
		{"garbled", "123456789012", "us-east-1", "arn:aws:iam::123456789012:root"},
	}
	for _, c := range cases {
		r, _ := http.NewRequest("GET", "http://x/accounts", nil)
		if c.auth != "" {
			r.Header.Set("Authorization", c.auth)
		}
		caller, _, err := a.Identify(r)
		if err != nil {
			t.Fatalf("%q: %v", c.auth, err)
		}
		if caller.AccountID != c.account || caller.Region != c.region || caller.Principal != c.principal {
			t.Errorf("%q: got %+v", c.auth, caller)
		}
	}
}
