package server

import (
	"bytes"
	"context"
	"os"
	"testing"
)

// TestSupportedDocIsCurrent fails when docs/supported.md no longer matches what the server
// implements or the Terraform resource table; regenerate it with go generate ./internal/server.
func TestSupportedDocIsCurrent(t *testing.T) {
	want, err := SupportedMarkdown(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../docs/supported.md")
	if err != nil {
		t.Fatalf("%v; run go generate ./internal/server", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("docs/supported.md is stale; run go generate ./internal/server")
	}
}
