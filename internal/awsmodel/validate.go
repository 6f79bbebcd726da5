package awsmodel

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Kind says how a value breaks its shape.
type Kind int

// Kinds of violations.
const (
	Required       Kind = iota // a required member is absent (Member names it)
	WrongType                  // the JSON type is not the shape's (Want names it)
	TooFewItems                // list or map below its minimum size
	TooManyItems               // list or map above its maximum size
	TooShort                   // string below its minimum length
	TooLong                    // string above its maximum length
	NotInEnum                  // string not among the enum values
	NoPatternMatch             // string does not match the pattern
	BelowMinimum               // number below its minimum
	AboveMaximum               // number above its maximum
	NotOneMember               // union without exactly one member
)

// Step is one step of a path into a document: a member name, a list index or a map key.
type Step struct {
	Member string
	Index  int // list index when IsIndex
	Key    string
	// IsIndex and IsKey tell which field is meaningful.
	IsIndex, IsKey bool
}

// Violation is the first way an input document breaks its shape's constraints.
type Violation struct {
	Path    []Step
	Kind    Kind
	Member  string // Required: the absent member (Path leads to its structure; "" when Path is the null value itself)
	Want    string // WrongType: string, integer, number, boolean, object, array, timestamp
	Limit   string // size or numeric bound
	Actual  string // the offending size, length or value
	Pattern string // NoPatternMatch
	Enum    []string
	InKey   bool // the violation is about a map key, not its value
}

// Validate checks a decoded JSON value (decoded with json.Decoder.UseNumber) against shape and
// returns the first violation, or nil. Absent members and JSON nulls count as not set.
// Structure members that the model does not know are ignored, as AWS services do.
// Shapes marked Deferred are only checked to be JSON objects; ValidateDeferred checks one in full.
// A string whose shape has no maximum length may have MaxUnboundedLength characters.
func Validate(shape *Shape, v any) *Violation {
	return validateWithBuffer(shape, v, false)
}

// ValidateDeferred checks a value of a Deferred shape in full (the operation's own check).
func ValidateDeferred(shape *Shape, v any) *Violation {
	return validateWithBuffer(shape, v, true)
}

// pathBuffers hold the paths validations build as they descend: every request is validated,
// and a violation, which is rare, takes its own copy of its path.
var pathBuffers = sync.Pool{New: func() any { return new([8]Step) }}

func validateWithBuffer(shape *Shape, v any, root bool) *Violation {
	buf := pathBuffers.Get().(*[8]Step)
	vio := ownPath(validate(shape, v, buf[:0], root))
	*buf = [8]Step{} // no strings kept alive by the pool
	pathBuffers.Put(buf)
	return vio
}

// MaxUnboundedLength is the most characters of a string whose shape sets no maximum. AWS
// documents none for most of them; ASFF's bound on any one field (less than 32,768) is the
// sane one: beyond it a value is no name nor text, and unbounded, one request's 5 MB name
// would weigh on every later listing that shows it.
const MaxUnboundedLength = 32767

// ownPath gives a violation a path of its own: validate builds every path in one stack.
func ownPath(v *Violation) *Violation {
	if v != nil {
		v.Path = append([]Step(nil), v.Path...)
	}
	return v
}

// Message renders the violation in the style Security Hub uses for request-level input errors
// ("Invalid parameter 'Findings'. Size '109' is greater than maximum value: 100.").
func (v *Violation) Message() string {
	path := requestPath(v.Path)
	reason := ""
	switch v.Kind {
	case Required:
		if path != "" && v.Member != "" {
			path += "."
		}
		path += v.Member
		reason = "Member must not be null"
	case WrongType:
		reason = "Expected " + map[string]string{"string": "a string", "integer": "an integer", "number": "a number",
			"boolean": "a boolean", "object": "an object", "array": "a list", "map": "a map", "timestamp": "an ISO 8601 timestamp"}[v.Want]
	case TooFewItems:
		reason = "Size '" + v.Actual + "' is less than minimum value: " + v.Limit
	case TooManyItems:
		reason = "Size '" + v.Actual + "' is greater than maximum value: " + v.Limit
	case TooShort:
		reason = "Length '" + v.Actual + "' is less than minimum value: " + v.Limit
	case TooLong:
		reason = "Length '" + v.Actual + "' is greater than maximum value: " + v.Limit
	case NotInEnum:
		reason = "Value '" + v.Actual + "' is not one of [" + strings.Join(v.Enum, ", ") + "]"
	case NoPatternMatch:
		reason = "Value '" + v.Actual + "' does not match pattern '" + v.Pattern + "'"
	case BelowMinimum:
		reason = "Value '" + v.Actual + "' is less than minimum value: " + v.Limit
	case AboveMaximum:
		reason = "Value '" + v.Actual + "' is greater than maximum value: " + v.Limit
	case NotOneMember:
		reason = "Exactly one member must be set"
	}
	if v.InKey {
		reason = "Key '" + v.Actual + "': " + reason
	}
	return "Invalid parameter '" + path + "'. " + reason + "."
}

// requestPath renders a path as AccountDetails[0].AccountId, map keys as members.
func requestPath(path []Step) string {
	var b strings.Builder
	for _, s := range path {
		switch {
		case s.IsIndex:
			b.WriteString("[" + strconv.Itoa(s.Index) + "]")
		case s.IsKey:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.Key)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.Member)
		}
	}
	return b.String()
}

// with is path one step deeper. The steps live in one stack, which a sibling's path
// overwrites: a violation is returned at once, up to Validate, which copies its path.
func with(path []Step, s Step) []Step { return append(path, s) }

func validate(s *Shape, v any, path []Step, root bool) *Violation {
	if s.Document {
		return nil
	}
	if s.Deferred && !root {
		if _, ok := v.(map[string]any); !ok {
			return &Violation{Path: path, Kind: WrongType, Want: "object"}
		}
		return nil
	}
	switch s.Type {
	case "structure":
		obj, ok := v.(map[string]any)
		if !ok {
			return &Violation{Path: path, Kind: WrongType, Want: "object"}
		}
		set := 0
		for _, name := range s.MemberNames {
			mv, present := obj[name]
			if !present || mv == nil {
				if s.required[name] {
					return &Violation{Path: path, Kind: Required, Member: name}
				}
				continue
			}
			set++
			if vio := validate(s.Members[name].Shape, mv, with(path, Step{Member: name}), false); vio != nil {
				return vio
			}
		}
		if s.Union && set != 1 {
			return &Violation{Path: path, Kind: NotOneMember}
		}
	case "list":
		arr, ok := v.([]any)
		if !ok {
			return &Violation{Path: path, Kind: WrongType, Want: "array"}
		}
		if vio := sizeViolation(s, path, len(arr)); vio != nil {
			return vio
		}
		for i, e := range arr {
			p := with(path, Step{Index: i, IsIndex: true})
			if e == nil {
				return &Violation{Path: p, Kind: Required}
			}
			if vio := validate(s.Member.Shape, e, p, false); vio != nil {
				return vio
			}
		}
	case "map":
		obj, ok := v.(map[string]any)
		if !ok {
			return &Violation{Path: path, Kind: WrongType, Want: "map"}
		}
		if vio := sizeViolation(s, path, len(obj)); vio != nil {
			return vio
		}
		for k, e := range obj {
			if vio := validate(s.Key.Shape, k, path, false); vio != nil {
				vio.InKey, vio.Actual = true, k
				return vio
			}
			p := with(path, Step{Key: k, IsKey: true})
			if e == nil {
				return &Violation{Path: path, Kind: Required, Member: k}
			}
			if vio := validate(s.Value.Shape, e, p, false); vio != nil {
				return vio
			}
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			return &Violation{Path: path, Kind: WrongType, Want: "string"}
		}
		n := utf8.RuneCountInString(str)
		if s.Min != nil && float64(n) < *s.Min {
			return &Violation{Path: path, Kind: TooShort, Actual: strconv.Itoa(n), Limit: num(*s.Min)}
		}
		if s.Max != nil && float64(n) > *s.Max {
			return &Violation{Path: path, Kind: TooLong, Actual: strconv.Itoa(n), Limit: num(*s.Max)}
		}
		if s.Max == nil && n > MaxUnboundedLength {
			return &Violation{Path: path, Kind: TooLong, Actual: strconv.Itoa(n), Limit: strconv.Itoa(MaxUnboundedLength)}
		}
		if s.enumSet != nil && !s.enumSet[str] {
			return &Violation{Path: path, Kind: NotInEnum, Actual: str, Enum: s.Enum}
		}
		if s.matcher != nil && !s.matcher(str) {
			return &Violation{Path: path, Kind: NoPatternMatch, Actual: str, Pattern: s.Pattern}
		}
	case "integer", "long":
		n, ok := v.(json.Number)
		if !ok {
			return &Violation{Path: path, Kind: WrongType, Want: "integer"}
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil || (s.Type == "integer" && (i > math.MaxInt32 || i < math.MinInt32)) {
			return &Violation{Path: path, Kind: WrongType, Want: "integer"}
		}
		return rangeViolation(s, path, float64(i), string(n))
	case "double", "float":
		n, ok := v.(json.Number)
		if !ok {
			return &Violation{Path: path, Kind: WrongType, Want: "number"}
		}
		f, err := n.Float64()
		if err != nil {
			return &Violation{Path: path, Kind: WrongType, Want: "number"}
		}
		return rangeViolation(s, path, f, string(n))
	case "boolean":
		if _, ok := v.(bool); !ok {
			return &Violation{Path: path, Kind: WrongType, Want: "boolean"}
		}
	case "timestamp":
		switch t := v.(type) {
		case json.Number:
			if _, err := t.Float64(); err != nil {
				return &Violation{Path: path, Kind: WrongType, Want: "timestamp"}
			}
		case string:
			if _, err := ParseTimestamp(t); err != nil {
				return &Violation{Path: path, Kind: WrongType, Want: "timestamp"}
			}
		default:
			return &Violation{Path: path, Kind: WrongType, Want: "timestamp"}
		}
	case "blob":
		if _, ok := v.(string); !ok {
			return &Violation{Path: path, Kind: WrongType, Want: "string"}
		}
	}
	return nil
}

func sizeViolation(s *Shape, path []Step, n int) *Violation {
	if s.Min != nil && float64(n) < *s.Min {
		return &Violation{Path: path, Kind: TooFewItems, Actual: strconv.Itoa(n), Limit: num(*s.Min)}
	}
	if s.Max != nil && float64(n) > *s.Max && !s.MaxNotEnforced {
		return &Violation{Path: path, Kind: TooManyItems, Actual: strconv.Itoa(n), Limit: num(*s.Max)}
	}
	return nil
}

func rangeViolation(s *Shape, path []Step, f float64, text string) *Violation {
	if s.Min != nil && f < *s.Min {
		return &Violation{Path: path, Kind: BelowMinimum, Actual: text, Limit: num(*s.Min)}
	}
	if s.Max != nil && f > *s.Max {
		return &Violation{Path: path, Kind: AboveMaximum, Actual: text, Limit: num(*s.Max)}
	}
	return nil
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// ParseTimestamp reads an ISO 8601 timestamp as AWS clients send it (RFC 3339, with or
// without fractional seconds).
func ParseTimestamp(s string) (time.Time, error) {
	return time.Parse(time.RFC3339Nano, s)
}
