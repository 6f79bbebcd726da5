package wire

import (
	"net/url"
	"sort"
	"strings"

	"github.com/sechub/sechub/internal/awsmodel"
)

// segment is one '/'-separated part of a request URI template.
type segment struct {
	literal string // set for fixed segments
	label   string // member name for {Label} and {Label+}
	greedy  bool   // {Label+}: takes this and every following segment
}

type route struct {
	op       *awsmodel.Operation
	segments []segment
	literals int // fixed segments, for precedence
}

// Router finds the operation of a method and path, following the model's request URIs.
type Router struct {
	byMethod map[string][]*route
}

// NewRouter builds the routing table of every operation in m.
func NewRouter(m *awsmodel.Model) *Router {
	rt := &Router{byMethod: map[string][]*route{}}
	for _, op := range m.Operations {
		uri, _, _ := strings.Cut(op.HTTP.RequestURI, "?")
		r := &route{op: op}
		for _, part := range strings.Split(strings.TrimPrefix(uri, "/"), "/") {
			if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
				name := part[1 : len(part)-1]
				greedy := strings.HasSuffix(name, "+")
				r.segments = append(r.segments, segment{label: strings.TrimSuffix(name, "+"), greedy: greedy})
				continue
			}
			r.segments = append(r.segments, segment{literal: part})
			r.literals++
		}
		rt.byMethod[op.HTTP.Method] = append(rt.byMethod[op.HTTP.Method], r)
	}
	for _, routes := range rt.byMethod {
		// Most fixed segments first, then fewest segments, so /insights/results/{Arn+}
		// wins over /insights/{Arn+}; then by name for a stable order.
		sort.Slice(routes, func(i, j int) bool {
			a, b := routes[i], routes[j]
			if a.literals != b.literals {
				return a.literals > b.literals
			}
			if len(a.segments) != len(b.segments) {
				return len(a.segments) < len(b.segments)
			}
			return a.op.Name < b.op.Name
		})
	}
	return rt
}

// Match returns the operation for method and escapedPath (the request's URL.EscapedPath) and
// the decoded values of its path labels, or nil when nothing matches.
func (rt *Router) Match(method, escapedPath string) (*awsmodel.Operation, map[string]string) {
	var buf [8]string // every request URI of the models has fewer segments: no allocation
	parts := appendSegments(buf[:0], strings.TrimPrefix(escapedPath, "/"))
	for _, r := range rt.byMethod[method] {
		if params, ok := r.match(parts); ok {
			return r.op, params
		}
	}
	return nil, nil
}

// appendSegments appends the '/'-separated segments of path to parts, as strings.Split would
// return them.
func appendSegments(parts []string, path string) []string {
	for {
		seg, rest, more := strings.Cut(path, "/")
		parts = append(parts, seg)
		if !more {
			return parts
		}
		path = rest
	}
}

func (r *route) match(parts []string) (map[string]string, bool) {
	var params map[string]string
	for i, seg := range r.segments {
		if i >= len(parts) {
			return nil, false
		}
		switch {
		case seg.greedy:
			v, err := url.PathUnescape(strings.Join(parts[i:], "/"))
			if err != nil || v == "" {
				return nil, false
			}
			if params == nil {
				params = map[string]string{}
			}
			params[seg.label] = v
			return params, true
		case seg.label != "":
			v, err := url.PathUnescape(parts[i])
			if err != nil || v == "" {
				return nil, false
			}
			if params == nil {
				params = map[string]string{}
			}
			params[seg.label] = v
		default:
			if parts[i] != seg.literal {
				return nil, false
			}
		}
	}
	return params, len(parts) == len(r.segments)
}
