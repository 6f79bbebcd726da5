// Command gen extracts the service models sechub serves from botocore and writes them, without
// their documentation text, into internal/awsmodel/data, recording where each came from in
// data/SOURCE.
//
// Run it from the repository root when botocore is upgraded:
//
//	go run ./internal/awsmodel/gen -botocore "$(python3 -c 'import botocore,os;print(os.path.dirname(botocore.__file__))')"
//
// -botocore takes the installed package (data/<service>/<version>/service-2.json.gz) or a
// checkout of github.com/boto/botocore (botocore/data/<service>/<version>/service-2.json); the
// version is read from its __init__.py and, for a git checkout, the commit from git. To take
// one service's model from a file of its own (plain or gzipped JSON), name it with -model and
// regenerate only it with -only; -source says where that file came from:
//
//	go run ./internal/awsmodel/gen -only securityhub -model securityhub=/tmp/service-2.json \
//	    -source 'botocore 1.43.67, github.com/boto/botocore commit 0e6e240..., 2026-08-07'
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
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

// sourceFile is the file in the output folder that says, a line per service, where each
// embedded model came from.
const sourceFile = "SOURCE"

// modelFlags is the repeatable -model service=file flag.
type modelFlags map[string]string

func (m modelFlags) String() string { return fmt.Sprint(map[string]string(m)) }

func (m modelFlags) Set(v string) error {
	name, file, ok := strings.Cut(v, "=")
	if !ok || name == "" || file == "" {
		return fmt.Errorf("want service=file, got %q", v)
	}
	m[name] = file
	return nil
}

func main() {
	botocore := flag.String("botocore", "", "botocore package folder or botocore checkout (default: asks python3)")
	out := flag.String("out", "internal/awsmodel/data", "output folder")
	only := flag.String("only", "", "comma-separated services to regenerate (default: all)")
	source := flag.String("source", "", "where the models come from, recorded in "+sourceFile+" (default: the botocore version and commit found)")
	models := modelFlags{}
	flag.Var(models, "model", "service=file: take that service's model from a service-2.json (plain or gzipped); repeatable")
	flag.Parse()

	var wanted []string
	if *only != "" {
		wanted = strings.Split(*only, ",")
	}
	needBotocore := false
	for _, s := range services {
		if (wanted == nil || slices.Contains(wanted, s.name)) && models[s.name] == "" {
			needBotocore = true
		}
	}
	if needBotocore && *botocore == "" {
		b, err := exec.Command("python3", "-c", "import botocore,os;print(os.path.dirname(botocore.__file__))").Output()
		if err != nil {
			fail(fmt.Errorf("finding botocore: %w", err))
		}
		*botocore = strings.TrimSpace(string(b))
	}
	sources, err := readSources(filepath.Join(*out, sourceFile))
	if err != nil {
		fail(err)
	}
	for _, s := range services {
		if wanted != nil && !slices.Contains(wanted, s.name) {
			continue
		}
		path, from := models[s.name], *source
		if path == "" {
			if path, err = modelPath(*botocore, s.name, s.version); err != nil {
				fail(err)
			}
			if from == "" {
				from = describeBotocore(*botocore)
			}
		} else if from == "" {
			from = "file " + filepath.Base(path)
		}
		model, err := readModel(path)
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
		sources[s.name] = from
		fmt.Println("wrote", dst, "from", from)
	}
	if err := writeSources(filepath.Join(*out, sourceFile), sources); err != nil {
		fail(err)
	}
}

// modelPath finds a service's model in a botocore package folder (gzipped) or in a botocore
// checkout, whose package is the botocore folder inside it (gzipped or not).
func modelPath(botocore, name, version string) (string, error) {
	for _, dir := range []string{botocore, filepath.Join(botocore, "botocore")} {
		for _, file := range []string{"service-2.json.gz", "service-2.json"} {
			p := filepath.Join(dir, "data", name, version, file)
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("no model of %s %s under %s", name, version, botocore)
}

var versionLine = regexp.MustCompile(`__version__\s*=\s*['"]([^'"]+)['"]`)

// describeBotocore names the botocore a model comes from: its version, and its commit and
// date when it is a git checkout.
func describeBotocore(botocore string) string {
	desc := "botocore"
	for _, init := range []string{filepath.Join(botocore, "__init__.py"), filepath.Join(botocore, "botocore", "__init__.py")} {
		if b, err := os.ReadFile(init); err == nil {
			if m := versionLine.FindSubmatch(b); m != nil {
				desc += " " + string(m[1])
				break
			}
		}
	}
	// Only a checkout of botocore itself has botocore's commit; a package installed inside
	// some other repository (a pyenv checkout) must not be described by that one's.
	top, err := exec.Command("git", "-C", botocore, "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return desc
	}
	root, _ := filepath.Abs(botocore)
	if t := strings.TrimSpace(string(top)); t != root && t != filepath.Dir(root) {
		return desc
	}
	if b, err := exec.Command("git", "-C", botocore, "log", "-1", "--format=%H %cs").Output(); err == nil {
		if commit, date, ok := strings.Cut(strings.TrimSpace(string(b)), " "); ok {
			desc += ", github.com/boto/botocore commit " + commit + ", " + date
		}
	}
	return desc
}

// readModel reads a model file, gzipped or not.
func readModel(path string) (any, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(raw) > 2 && raw[0] == 0x1f && raw[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if raw, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

// readSources reads the SOURCE file: "service.json: where it came from" a line; a missing file
// is empty.
func readSources(path string) (map[string]string, error) {
	out := map[string]string{}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return out, nil
	} else if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if name, from, ok := strings.Cut(sc.Text(), ".json: "); ok && !strings.HasPrefix(name, "#") {
			out[name] = from
		}
	}
	return out, sc.Err()
}

func writeSources(path string, sources map[string]string) error {
	var b strings.Builder
	b.WriteString("# Where each model in this folder comes from; written by internal/awsmodel/gen.\n")
	for _, s := range services {
		if from, ok := sources[s.name]; ok {
			fmt.Fprintf(&b, "%s.json: %s\n", s.name, from)
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
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
