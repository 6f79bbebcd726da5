// Command gen extracts the service models sechub serves from botocore's data folder and writes
// them, without their documentation text, into internal/awsmodel/data.
//
// Run it from the repository root when botocore is upgraded:
//
//	go run ./internal/awsmodel/gen -botocore "$(python3 -c 'import botocore,os;print(os.path.dirname(botocore.__file__))')"
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// services lists the models sechub embeds: service folder and API version.
var services = []struct{ name, version string }{
	{"securityhub", "2018-10-26"},
	{"organizations", "2016-11-28"},
}

// droppedKeys are the model keys that carry prose, not contract.
var droppedKeys = map[string]bool{
	"documentation":     true,
	"documentationUrl":  true,
	"deprecatedMessage": true,
	"examples":          true,
}

func main() {
	botocore := flag.String("botocore", "", "botocore package folder (default: asks python3)")
	out := flag.String("out", "internal/awsmodel/data", "output folder")
	flag.Parse()
	if *botocore == "" {
		b, err := exec.Command("python3", "-c", "import botocore,os;print(os.path.dirname(botocore.__file__))").Output()
		if err != nil {
			fail(fmt.Errorf("finding botocore: %w", err))
		}
		*botocore = strings.TrimSpace(string(b))
	}
	for _, s := range services {
		path := filepath.Join(*botocore, "data", s.name, s.version, "service-2.json.gz")
		model, err := readGzipJSON(path)
		if err != nil {
			fail(err)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", " ")
		if err := enc.Encode(strip(model)); err != nil {
			fail(err)
		}
		dst := filepath.Join(*out, s.name+".json")
		if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
			fail(err)
		}
		fmt.Println("wrote", dst)
	}
}

func readGzipJSON(path string) (any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	var v any
	return v, json.Unmarshal(raw, &v)
}

func strip(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if droppedKeys[k] {
				delete(t, k)
				continue
			}
			t[k] = strip(e)
		}
	case []any:
		for i, e := range t {
			t[i] = strip(e)
		}
	}
	return v
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}
