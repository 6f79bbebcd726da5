package controls

import (
	"encoding/json"
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"sync"

	"github.com/sechub/sechub/internal/controls/catalogue"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
)

// The types of control parameters: the members of the model's ParameterValue and
// ConfigurationOptions unions.
const (
	TypeInteger     = "Integer"
	TypeIntegerList = "IntegerList"
	TypeDouble      = "Double"
	TypeString      = "String"
	TypeStringList  = "StringList"
	TypeBoolean     = "Boolean"
	TypeEnum        = "Enum"
	TypeEnumList    = "EnumList"
)

// Value is one control parameter's value: Type says which of the other fields holds it (an
// Integer or IntegerList in Integers, a String, Enum, StringList or EnumList in Strings).
type Value struct {
	Type     string   `json:"type"`
	Integers []int32  `json:"integers,omitempty"`
	Double   *float64 `json:"double,omitempty"`
	Strings  []string `json:"strings,omitempty"`
	Bool     *bool    `json:"bool,omitempty"`
}

// Parameter is the definition of one parameter a control takes: its options as the model
// shapes them, and the RE2 expression string values must match.
type Parameter struct {
	Name    string
	Type    string
	Options sh.ConfigurationOptions
	pattern string
}

// patterns caches compiled RE2 expressions by their text. They are compiled when first used:
// the catalogue's tag-key expression alone takes tens of milliseconds to compile, which every
// server start would otherwise pay for each of the 140 controls that share it.
var patterns sync.Map // string -> *regexp.Regexp

// compiled returns the compiled expression.
func compiled(expr string) *regexp.Regexp {
	if re, ok := patterns.Load(expr); ok {
		return re.(*regexp.Regexp)
	}
	re := regexp.MustCompile(expr) // TestCatalogue compiles every expression of the catalogue
	patterns.Store(expr, re)
	return re
}

// parseParameter reads a catalogue parameter. The catalogue's consistency test guarantees
// that exactly one member of the options is set.
func parseParameter(p catalogue.Parameter) (Parameter, error) {
	def := Parameter{Name: p.Name}
	if err := json.Unmarshal(p.Options, &def.Options); err != nil {
		return def, fmt.Errorf("parameter %s: %w", p.Name, err)
	}
	o := def.Options
	expr := ""
	switch {
	case o.Integer != nil:
		def.Type = TypeInteger
	case o.IntegerList != nil:
		def.Type = TypeIntegerList
	case o.Double != nil:
		def.Type = TypeDouble
	case o.String != nil:
		def.Type, expr = TypeString, o.String.Re2Expression
	case o.StringList != nil:
		def.Type, expr = TypeStringList, o.StringList.Re2Expression
	case o.Boolean != nil:
		def.Type = TypeBoolean
	case o.Enum != nil:
		def.Type = TypeEnum
	case o.EnumList != nil:
		def.Type = TypeEnumList
	default:
		return def, fmt.Errorf("parameter %s: no configuration option", p.Name)
	}
	if expr != "" {
		if _, err := syntax.Parse(expr, syntax.Perl); err != nil {
			return def, fmt.Errorf("parameter %s: %w", p.Name, err)
		}
		def.pattern = expr
	}
	return def, nil
}

// Default returns the parameter's default value, and false when it has none (Security Hub
// then ignores the parameter until a custom value is given).
func (p Parameter) Default() (Value, bool) {
	o := p.Options
	v := Value{Type: p.Type}
	switch p.Type {
	case TypeInteger:
		if o.Integer.DefaultValue == nil {
			return v, false
		}
		v.Integers = []int32{*o.Integer.DefaultValue}
	case TypeIntegerList:
		if o.IntegerList.DefaultValue == nil {
			return v, false
		}
		v.Integers = o.IntegerList.DefaultValue
	case TypeDouble:
		if o.Double.DefaultValue == nil {
			return v, false
		}
		v.Double = o.Double.DefaultValue
	case TypeString:
		if o.String.DefaultValue == "" {
			return v, false
		}
		v.Strings = []string{o.String.DefaultValue}
	case TypeStringList:
		if o.StringList.DefaultValue == nil {
			return v, false
		}
		v.Strings = o.StringList.DefaultValue
	case TypeBoolean:
		if o.Boolean.DefaultValue == nil {
			return v, false
		}
		v.Bool = o.Boolean.DefaultValue
	case TypeEnum:
		if o.Enum.DefaultValue == "" {
			return v, false
		}
		v.Strings = []string{o.Enum.DefaultValue}
	case TypeEnumList:
		if o.EnumList.DefaultValue == nil {
			return v, false
		}
		v.Strings = o.EnumList.DefaultValue
	}
	return v, true
}

// Check returns why v is not a valid custom value of the parameter, or "" when it is.
func (p Parameter) Check(v Value) string {
	switch v.Type {
	case "":
		return fmt.Sprintf("Parameter %s has ValueType CUSTOM but its Value sets no member.", p.Name)
	case "several":
		return fmt.Sprintf("The Value of parameter %s must set exactly one member.", p.Name)
	}
	if v.Type != p.Type {
		return fmt.Sprintf("Parameter %s takes a value of type %s, not %s.", p.Name, p.Type, v.Type)
	}
	o := p.Options
	switch p.Type {
	case TypeInteger:
		return checkInts(p.Name, v.Integers, o.Integer.Min, o.Integer.Max, nil)
	case TypeIntegerList:
		return checkInts(p.Name, v.Integers, o.IntegerList.Min, o.IntegerList.Max, o.IntegerList.MaxItems)
	case TypeDouble:
		d := *v.Double
		if o.Double.Min != nil && d < *o.Double.Min || o.Double.Max != nil && d > *o.Double.Max {
			return fmt.Sprintf("Parameter %s must be between %s and %s, not %s.", p.Name,
				bound(o.Double.Min), bound(o.Double.Max), strconv.FormatFloat(d, 'g', -1, 64))
		}
	case TypeString, TypeStringList:
		var maxItems *int32
		if p.Type == TypeStringList {
			maxItems = o.StringList.MaxItems
		}
		if why := checkCount(p.Name, len(v.Strings), maxItems); why != "" {
			return why
		}
		for _, s := range v.Strings {
			if p.pattern != "" && !compiled(p.pattern).MatchString(s) {
				return fmt.Sprintf("Value '%s' of parameter %s does not match the expression '%s'.", s, p.Name, p.pattern)
			}
		}
	case TypeEnum, TypeEnumList:
		allowed, maxItems := []string(nil), (*int32)(nil)
		if p.Type == TypeEnum {
			allowed = o.Enum.AllowedValues
		} else {
			allowed, maxItems = o.EnumList.AllowedValues, o.EnumList.MaxItems
		}
		if why := checkCount(p.Name, len(v.Strings), maxItems); why != "" {
			return why
		}
		for _, s := range v.Strings {
			if !slices.Contains(allowed, s) {
				return fmt.Sprintf("Value '%s' of parameter %s is not one of its allowed values %v.", s, p.Name, allowed)
			}
		}
	}
	return ""
}

func checkInts(name string, values []int32, lo, hi, maxItems *int32) string {
	if why := checkCount(name, len(values), maxItems); why != "" {
		return why
	}
	for _, n := range values {
		if lo != nil && n < *lo || hi != nil && n > *hi {
			return fmt.Sprintf("Parameter %s must be between %s and %s, not %d.", name, bound32(lo), bound32(hi), n)
		}
	}
	return ""
}

func checkCount(name string, n int, maxItems *int32) string {
	if maxItems != nil && n > int(*maxItems) {
		return fmt.Sprintf("Parameter %s takes at most %d values, not %d.", name, *maxItems, n)
	}
	return ""
}

func bound(f *float64) string {
	if f == nil {
		return "any"
	}
	return strconv.FormatFloat(*f, 'g', -1, 64)
}

func bound32(n *int32) string {
	if n == nil {
		return "any"
	}
	return strconv.Itoa(int(*n))
}
