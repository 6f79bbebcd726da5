package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/sechub/sechub/internal/identity"
)

// TestOperatorCheckKeepsTheBody: a control request the operator check lets through still has
// its body for the endpoint, though the check read it to verify the signature.
func TestOperatorCheckKeepsTheBody(t *testing.T) {
	creds := filepath.Join(t.TempDir(), "credentials")
	if err := os.WriteFile(creds, []byte("AKIAOPS ops-secret 999999999999 "+identity.RoleOperator+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := New(context.Background(), Config{DataDir: t.TempDir(), Auth: identity.Strict, CredentialsFile: creds, PurgeEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const body = `{"AccountId":"111111111111","Region":"us-east-1"}`
	r := httptest.NewRequest("POST", "http://localhost/_sechub/controls/report", strings.NewReader(body))
	sum := sha256.Sum256([]byte(body))
	if err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: "AKIAOPS", SecretAccessKey: "ops-secret"}, r,
		hex.EncodeToString(sum[:]), "sechub", "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	if refusal := s.authorizeOperator(httptest.NewRecorder(), r); refusal != "" {
		t.Fatalf("refused: %s", refusal)
	}
	if got, err := io.ReadAll(r.Body); err != nil || string(got) != body {
		t.Fatalf("body after the check: %q, %v", got, err)
	}
}
