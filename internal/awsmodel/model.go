// Package awsmodel loads the AWS service models sechub serves (generated from botocore by ./gen)
// and answers what the wire layer needs from them: operations with their HTTP bindings, shapes
// with their constraints, and validation of decoded input against a shape.
package awsmodel

import (
	"embed"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

//go:embed data/*.json
var data embed.FS

// Model is one service's API model.
type Model struct {
	Metadata   Metadata              `json:"metadata"`
	Operations map[string]*Operation `json:"operations"`
	Shapes     map[string]*Shape     `json:"shapes"`
}

// Metadata is the service-wide part of a model.
type Metadata struct {
	APIVersion   string `json:"apiVersion"`
	Protocol     string `json:"protocol"`
	SigningName  string `json:"signingName"`
	EndpointPfx  string `json:"endpointPrefix"`
	TargetPrefix string `json:"targetPrefix"`
	JSONVersion  string `json:"jsonVersion"`
}

// Operation is one API operation and its HTTP binding.
type Operation struct {
	Name       string      `json:"name"`
	HTTP       HTTP        `json:"http"`
	Input      *MemberRef  `json:"input"`
	Output     *MemberRef  `json:"output"`
	Errors     []MemberRef `json:"errors"`
	Deprecated bool        `json:"deprecated"`
}

// HTTP is an operation's method, request URI template and success status.
type HTTP struct {
	Method       string `json:"method"`
	RequestURI   string `json:"requestUri"`
	ResponseCode int    `json:"responseCode"`
}

// MemberRef points at a shape, with where the member is bound on the wire.
type MemberRef struct {
	ShapeName    string `json:"shape"`
	Location     string `json:"location"`     // "", "uri", "querystring", "header", "headers", "statusCode"
	LocationName string `json:"locationName"` // wire name for located members
	Shape        *Shape `json:"-"`
}

// Shape is a model type with its constraints.
type Shape struct {
	Name            string                `json:"-"`
	Type            string                `json:"type"`
	Members         map[string]*MemberRef `json:"members"`
	Required        []string              `json:"required"`
	Member          *MemberRef            `json:"member"`
	Key             *MemberRef            `json:"key"`
	Value           *MemberRef            `json:"value"`
	Min             *float64              `json:"min"`
	Max             *float64              `json:"max"`
	Enum            []string              `json:"enum"`
	Pattern         string                `json:"pattern"`
	Union           bool                  `json:"union"`
	Document        bool                  `json:"document"`
	Exception       bool                  `json:"exception"`
	TimestampFormat string                `json:"timestampFormat"`
	Error           *struct {
		HTTPStatusCode int    `json:"httpStatusCode"`
		Code           string `json:"code"`
	} `json:"error"`

	// Deferred marks shapes that the operation validates itself, per element, so that one bad
	// element is reported in the answer instead of failing the whole request (see deferred).
	Deferred bool `json:"-"`

	// MaxNotEnforced marks list maxima that the real service does not enforce at the
	// request level (see unenforcedMax).
	MaxNotEnforced bool `json:"-"`

	// Derived at load time.
	MemberNames []string        `json:"-"` // sorted, so validation reports deterministically
	required    map[string]bool // for quick lookup
	enumSet     map[string]bool
	matcher     func(string) bool
}

// IsRequired reports whether member name is required in this structure.
func (s *Shape) IsRequired(name string) bool { return s.required[name] }

// unenforcedMax lists, per service, the shapes whose modelled maximum AWS does not turn into
// a request-level error. CreateMembers takes more than 50 AccountDetails and reports the
// entries after the 50th as unprocessed ("Maximum number of results exceeded"), which
// clients such as the AWS Secure Environment Accelerator rely on.
var unenforcedMax = map[string][]string{
	"securityhub": {"AccountDetailsList"},
}

// deferred lists, per service, the shapes that request validation leaves to the operation:
// BatchImportFindings reports an invalid finding in FailedFindings (HTTP 200) and imports the
// others.
var deferred = map[string][]string{
	"securityhub": {"AwsSecurityFinding"},
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*Model{}
)

// Load returns the embedded model of a service ("securityhub", "organizations").
// Models are parsed once and shared; callers must not modify them.
func Load(service string) (*Model, error) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if m, ok := cache[service]; ok {
		return m, nil
	}
	raw, err := data.ReadFile("data/" + service + ".json")
	if err != nil {
		return nil, fmt.Errorf("awsmodel: no model for %q", service)
	}
	m := &Model{}
	if err := json.Unmarshal(raw, m); err != nil {
		return nil, fmt.Errorf("awsmodel: %s: %w", service, err)
	}
	if err := m.link(); err != nil {
		return nil, fmt.Errorf("awsmodel: %s: %w", service, err)
	}
	for _, name := range deferred[service] {
		if s, ok := m.Shapes[name]; ok {
			s.Deferred = true
		}
	}
	for _, name := range unenforcedMax[service] {
		if s, ok := m.Shapes[name]; ok {
			s.MaxNotEnforced = true
		}
	}
	cache[service] = m
	return m, nil
}

// MustLoad is Load for models that are known to be embedded.
func MustLoad(service string) *Model {
	m, err := Load(service)
	if err != nil {
		panic(err)
	}
	return m
}

func (m *Model) link() error {
	resolve := func(r *MemberRef) error {
		if r == nil {
			return nil
		}
		s, ok := m.Shapes[r.ShapeName]
		if !ok {
			return fmt.Errorf("unknown shape %q", r.ShapeName)
		}
		r.Shape = s
		return nil
	}
	for name, s := range m.Shapes {
		s.Name = name
		for _, r := range []*MemberRef{s.Member, s.Key, s.Value} {
			if err := resolve(r); err != nil {
				return err
			}
		}
		for mn, r := range s.Members {
			if err := resolve(r); err != nil {
				return err
			}
			s.MemberNames = append(s.MemberNames, mn)
		}
		sort.Strings(s.MemberNames)
		s.required = make(map[string]bool, len(s.Required))
		for _, r := range s.Required {
			s.required[r] = true
		}
		if len(s.Enum) > 0 {
			s.enumSet = make(map[string]bool, len(s.Enum))
			for _, e := range s.Enum {
				s.enumSet[e] = true
			}
		}
		if s.Pattern != "" {
			match, err := compilePattern(s.Pattern)
			if err != nil {
				return fmt.Errorf("shape %s: %w", name, err)
			}
			s.matcher = match
		}
	}
	for name, op := range m.Operations {
		op.Name = name
		if err := resolve(op.Input); err != nil {
			return err
		}
		if err := resolve(op.Output); err != nil {
			return err
		}
		for i := range op.Errors {
			if err := resolve(&op.Errors[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// compilePattern turns a model pattern (written for Java regular expressions) into a matcher.
// Go's RE2 has no lookahead, so the one negative-lookahead prefix the models use, "(?!aws:)",
// is checked by hand; the common "contains a non-space" pattern is checked without a regexp
// because it guards most strings of every finding.
func compilePattern(p string) (func(string) bool, error) {
	if p == `.*\S.*` {
		return func(s string) bool { return strings.TrimSpace(s) != "" }, nil
	}
	var forbiddenPrefix string
	if rest, ok := strings.CutPrefix(p, "^(?!"); ok {
		end := strings.Index(rest, ")")
		if end < 0 {
			return nil, fmt.Errorf("unsupported pattern %q", p)
		}
		forbiddenPrefix = rest[:end]
		p = "^" + rest[end+1:]
	}
	// Java's \uXXXX escapes are \x{XXXX} in RE2.
	p = regexp.MustCompile(`\\u([0-9A-Fa-f]{4})`).ReplaceAllString(p, `\x{$1}`)
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, err
	}
	// Model patterns without anchors must match the whole value (Java's String.matches).
	if !strings.HasPrefix(p, "^") || !strings.HasSuffix(p, "$") {
		re, err = regexp.Compile("^(?:" + p + ")$")
		if err != nil {
			return nil, err
		}
	}
	return func(s string) bool {
		if forbiddenPrefix != "" && strings.HasPrefix(s, forbiddenPrefix) {
			return false
		}
		return re.MatchString(s)
	}, nil
}
