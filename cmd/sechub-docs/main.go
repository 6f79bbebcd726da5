// Command sechub-docs writes docs/supported.md, the generated list of the operations sechub
// implements and the Terraform resources that work with it:
//
//	go run ./cmd/sechub-docs -o docs/supported.md   (or: go generate ./internal/server)
//
// Without -o it writes to stdout.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/sechub/sechub/internal/server"
)

func main() {
	out := flag.String("o", "", "file to write (default: stdout)")
	flag.Parse()
	doc, err := server.SupportedMarkdown(context.Background())
	if err == nil {
		if *out == "" {
			_, err = os.Stdout.Write(doc)
		} else {
			err = os.WriteFile(*out, doc, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sechub-docs:", err)
		os.Exit(1)
	}
}
