package awsmodel

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Violation is the first way an input document breaks its shape's constraints.
type Violation struct {
	Path   string // member path, e.g. "AccountDetails[0].AccountId"
	Reason string // what is wrong, ending without a period
}

// Message renders the violation in the style Security Hub uses for request-level input errors
// ("Invalid parameter 'Findings'. Size '109' is greater than maximum value: 100.").
func (v *Violation) Message() string {
	return fmt.Sprintf("Invalid parameter '%s'. %s.", v.Path, v.Reason)
}

// Validate checks a decoded JSON value (decoded with json.Decoder.UseNumber) against shape and
// returns the first violation, or nil. Absent members and JSON nulls count as not set.
// Structure members that the model does not know are ignored, as AWS services do.
func Validate(shape *Shape, v any) *Violation {
	return validate(shape, v, "")
}

func join(path, member string) string {
	if path == "" {
		return member
	}
	return path + "." + member
}

func validate(s *Shape, v any, path string) *Violation {
	if s.Document {
		return nil
	}
	switch s.Type {
	case "structure":
		obj, ok := v.(map[string]any)
		if !ok {
			return typeViolation(path, "an object")
		}
		set := 0
		for _, name := range s.MemberNames {
			mv, present := obj[name]
			if !present || mv == nil {
				if s.required[name] {
					return &Violation{join(path, name), "Member must not be null"}
				}
				continue
			}
			set++
			if vio := validate(s.Members[name].Shape, mv, join(path, name)); vio != nil {
				return vio
			}
		}
		if s.Union && set != 1 {
			p := path
			if p == "" {
				p = s.Name
			}
			return &Violation{p, "Exactly one member must be set"}
		}
	case "list":
		arr, ok := v.([]any)
		if !ok {
			return typeViolation(path, "a list")
		}
		if vio := sizeViolation(s, path, len(arr), "Size"); vio != nil {
			return vio
		}
		for i, e := range arr {
			if e == nil {
				return &Violation{fmt.Sprintf("%s[%d]", path, i), "Member must not be null"}
			}
			if vio := validate(s.Member.Shape, e, fmt.Sprintf("%s[%d]", path, i)); vio != nil {
				return vio
			}
		}
	case "map":
		obj, ok := v.(map[string]any)
		if !ok {
			return typeViolation(path, "a map")
		}
		if vio := sizeViolation(s, path, len(obj), "Size"); vio != nil {
			return vio
		}
		for k, e := range obj {
			if vio := validate(s.Key.Shape, k, path); vio != nil {
				vio.Reason = "Key '" + k + "': " + vio.Reason
				return vio
			}
			if e == nil {
				return &Violation{join(path, k), "Member must not be null"}
			}
			if vio := validate(s.Value.Shape, e, join(path, k)); vio != nil {
				return vio
			}
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			return typeViolation(path, "a string")
		}
		if vio := sizeViolation(s, path, utf8.RuneCountInString(str), "Length"); vio != nil {
			return vio
		}
		if s.enumSet != nil && !s.enumSet[str] {
			return &Violation{path, fmt.Sprintf("Value '%s' is not one of [%s]", str, strings.Join(s.Enum, ", "))}
		}
		if s.matcher != nil && !s.matcher(str) {
			return &Violation{path, fmt.Sprintf("Value '%s' does not match pattern '%s'", str, s.Pattern)}
		}
	case "integer", "long":
		n, ok := v.(json.Number)
		if !ok {
			return typeViolation(path, "an integer")
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil || (s.Type == "integer" && (i > math.MaxInt32 || i < math.MinInt32)) {
			return typeViolation(path, "an integer")
		}
		return rangeViolation(s, path, float64(i), string(n))
	case "double", "float":
		n, ok := v.(json.Number)
		if !ok {
			return typeViolation(path, "a number")
		}
		f, err := n.Float64()
		if err != nil {
			return typeViolation(path, "a number")
		}
		return rangeViolation(s, path, f, string(n))
	case "boolean":
		if _, ok := v.(bool); !ok {
			return typeViolation(path, "a boolean")
		}
	case "timestamp":
		switch t := v.(type) {
		case json.Number:
			if _, err := t.Float64(); err != nil {
				return typeViolation(path, "a timestamp")
			}
		case string:
			if _, err := ParseTimestamp(t); err != nil {
				return typeViolation(path, "an ISO 8601 timestamp")
			}
		default:
			return typeViolation(path, "a timestamp")
		}
	case "blob":
		if _, ok := v.(string); !ok {
			return typeViolation(path, "a base64 string")
		}
	}
	return nil
}

func typeViolation(path, want string) *Violation {
	return &Violation{path, "Expected " + want}
}

func sizeViolation(s *Shape, path string, n int, what string) *Violation {
	if s.Min != nil && float64(n) < *s.Min {
		return &Violation{path, fmt.Sprintf("%s '%d' is less than minimum value: %s", what, n, num(*s.Min))}
	}
	if s.Max != nil && float64(n) > *s.Max && !s.MaxNotEnforced {
		return &Violation{path, fmt.Sprintf("%s '%d' is greater than maximum value: %s", what, n, num(*s.Max))}
	}
	return nil
}

func rangeViolation(s *Shape, path string, f float64, text string) *Violation {
	if s.Min != nil && f < *s.Min {
		return &Violation{path, fmt.Sprintf("Value '%s' is less than minimum value: %s", text, num(*s.Min))}
	}
	if s.Max != nil && f > *s.Max {
		return &Violation{path, fmt.Sprintf("Value '%s' is greater than maximum value: %s", text, num(*s.Max))}
	}
	return nil
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// ParseTimestamp reads an ISO 8601 timestamp as AWS clients send it (RFC 3339, with or
// without fractional seconds).
func ParseTimestamp(s string) (time.Time, error) {
	return time.Parse(time.RFC3339Nano, s)
}
