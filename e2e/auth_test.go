package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/testenv"
)

const (
	goodKey    = "AKIASECHUBTEST000001"
	goodSecret = "s3cr3t/with+chars"
	keyAccount = "333333333333"
)

func startWithCredentials(t *testing.T, mode identity.Mode) *testenv.Env {
	file := filepath.Join(t.TempDir(), "credentials")
	content := "# test keys\n" + goodKey + " " + goodSecret + " " + keyAccount + " alice\n" +
		"AKIASECHUBTEST000002 other 444444444444\n"
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return testenv.Start(t, testenv.WithConfig(func(c *server.Config) {
		c.Auth, c.CredentialsFile = mode, file
	}))
}

// signedRequest builds a DescribeHub request signed with key/secret at signingTime.
func signedRequest(t *testing.T, env *testenv.Env, key, secret string, signingTime time.Time) *http.Request {
	req, _ := http.NewRequest("GET", env.URL+"/accounts", nil)
	sum := sha256.Sum256(nil)
	err := v4.NewSigner().SignHTTP(ctx, aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}, req,
		hex.EncodeToString(sum[:]), "securityhub", region, signingTime)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func doRaw(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("x-amzn-ErrorType")
}

func TestAuthMatrix(t *testing.T) {
	type outcome struct {
		status int
		code   string // "" for success
	}
	cases := []struct {
		name   string
		call   func(t *testing.T, env *testenv.Env) (int, string)
		open   outcome
		strict outcome
	}{
		{"good signature", func(t *testing.T, env *testenv.Env) (int, string) {
			return doRaw(t, signedRequest(t, env, goodKey, goodSecret, time.Now()))
		}, outcome{200, ""}, outcome{200, ""}},
		{"bad signature", func(t *testing.T, env *testenv.Env) (int, string) {
			return doRaw(t, signedRequest(t, env, goodKey, "wrong-secret", time.Now()))
		}, outcome{200, ""}, outcome{403, "InvalidSignatureException"}},
		{"unknown key", func(t *testing.T, env *testenv.Env) (int, string) {
			return doRaw(t, signedRequest(t, env, "AKIAUNKNOWN", goodSecret, time.Now()))
		}, outcome{401, "InvalidAccessException"}, outcome{403, "UnrecognizedClientException"}}, // open: the default account, whose hub is off
		{"no Authorization header", func(t *testing.T, env *testenv.Env) (int, string) {
			req, _ := http.NewRequest("GET", env.URL+"/accounts", nil)
			return doRaw(t, req)
		}, outcome{401, "InvalidAccessException"}, outcome{403, "MissingAuthenticationTokenException"}},
		{"expired date", func(t *testing.T, env *testenv.Env) (int, string) {
			return doRaw(t, signedRequest(t, env, goodKey, goodSecret, time.Now().Add(-20*time.Minute)))
		}, outcome{200, ""}, outcome{403, "InvalidSignatureException"}},
		{"date in the future", func(t *testing.T, env *testenv.Env) (int, string) {
			return doRaw(t, signedRequest(t, env, goodKey, goodSecret, time.Now().Add(20*time.Minute)))
		}, outcome{200, ""}, outcome{403, "InvalidSignatureException"}},
		{"tampered query after signing", func(t *testing.T, env *testenv.Env) (int, string) {
			req := signedRequest(t, env, goodKey, goodSecret, time.Now())
			req.URL.RawQuery = "HubArn=arn%3Aaws%3Asecurityhub%3Aus-east-1%3A333333333333%3Ahub%2Fdefault"
			return doRaw(t, req)
		}, outcome{200, ""}, outcome{403, "InvalidSignatureException"}},
		{"presigned URL", func(t *testing.T, env *testenv.Env) (int, string) {
			req, _ := http.NewRequest("GET", env.URL+"/accounts?X-Amz-Expires=300", nil)
			u, _, err := v4.NewSigner().PresignHTTP(ctx, aws.Credentials{AccessKeyID: goodKey, SecretAccessKey: goodSecret}, req,
				emptyPayloadHash, "securityhub", region, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			pre, _ := http.NewRequest("GET", u, nil)
			return doRaw(t, pre)
		}, outcome{200, ""}, outcome{200, ""}},
		{"presigned URL with UNSIGNED-PAYLOAD", func(t *testing.T, env *testenv.Env) (int, string) {
			req, _ := http.NewRequest("GET", env.URL+"/accounts?X-Amz-Expires=300", nil)
			u, _, err := v4.NewSigner().PresignHTTP(ctx, aws.Credentials{AccessKeyID: goodKey, SecretAccessKey: goodSecret}, req,
				"UNSIGNED-PAYLOAD", "securityhub", region, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			pre, _ := http.NewRequest("GET", u, nil)
			return doRaw(t, pre)
		}, outcome{200, ""}, outcome{403, "InvalidSignatureException"}}, // only S3 presigns an unsigned payload
		{"expired presigned URL", func(t *testing.T, env *testenv.Env) (int, string) {
			req, _ := http.NewRequest("GET", env.URL+"/accounts?X-Amz-Expires=60", nil)
			u, _, _ := v4.NewSigner().PresignHTTP(ctx, aws.Credentials{AccessKeyID: goodKey, SecretAccessKey: goodSecret}, req,
				emptyPayloadHash, "securityhub", region, time.Now().Add(-2*time.Minute))
			pre, _ := http.NewRequest("GET", u, nil)
			return doRaw(t, pre)
		}, outcome{200, ""}, outcome{403, "InvalidSignatureException"}},
	}
	for _, mode := range []identity.Mode{identity.Open, identity.Strict} {
		env := startWithCredentials(t, mode)
		// The keyed account has a hub, so success is a 200.
		if _, err := securityhub.NewFromConfig(env.AWSConfigWithKey(goodKey, goodSecret, region)).
			EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
			t.Fatalf("%s: enabling with the good key: %v", mode, err)
		}
		for _, c := range cases {
			t.Run(string(mode)+"/"+c.name, func(t *testing.T) {
				want := c.open
				if mode == identity.Strict {
					want = c.strict
				}
				status, code := c.call(t, env)
				if status != want.status || code != want.code {
					t.Fatalf("got %d %q, want %d %q", status, code, want.status, want.code)
				}
			})
		}
	}
}

func TestStrictModeThroughSDKs(t *testing.T) {
	env := startWithCredentials(t, identity.Strict)
	good := env.AWSConfigWithKey(goodKey, goodSecret, region)
	who, err := sts.NewFromConfig(good).GetCallerIdentity(ctx, nil)
	if err != nil {
		t.Fatalf("GetCallerIdentity with a good key: %v", err)
	}
	if aws.ToString(who.Account) != keyAccount || aws.ToString(who.Arn) != "arn:aws:iam::333333333333:user/alice" || aws.ToString(who.UserId) != goodKey {
		t.Fatalf("identity = %s %s %s", aws.ToString(who.Account), aws.ToString(who.Arn), aws.ToString(who.UserId))
	}
	// STS speaks its own error codes.
	_, err = sts.NewFromConfig(env.AWSConfigWithKey(goodKey, "bad", region)).GetCallerIdentity(ctx, nil)
	testenv.ExpectError(t, err, "SignatureDoesNotMatch", 403, "")
	_, err = sts.NewFromConfig(env.AWSConfigWithKey("AKIANOPE", "bad", region)).GetCallerIdentity(ctx, nil)
	testenv.ExpectError(t, err, "InvalidClientTokenId", 403, "The security token included in the request is invalid.")
	// A 12-digit key is not an account of its own in strict mode.
	_, err = env.SecurityHub(acctA, region).EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{})
	testenv.ExpectError(t, err, "UnrecognizedClientException", 403, "The security token included in the request is invalid.")
	// A POST with a JSON body and a signed payload hash goes through.
	if _, err := securityhub.NewFromConfig(good).EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{
		Tags: map[string]string{"k": "v"}}); err != nil {
		t.Fatalf("EnableSecurityHub with a good key: %v", err)
	}
	_, err = securityhub.NewFromConfig(env.AWSConfigWithKey(goodKey, "bad", region)).DescribeHub(ctx, &securityhub.DescribeHubInput{})
	testenv.ExpectError(t, err, "InvalidSignatureException", 403, "")
}
