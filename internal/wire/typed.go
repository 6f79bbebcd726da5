package wire

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/shapes"
)

// Handler runs one operation: it takes the validated call and returns the operation's output
// (a generated wire type; nil encodes as {}).
type Handler struct {
	run     func(ctx context.Context, call *Call) (any, error)
	in, out reflect.Type
	// emptyAsAbsent names top-level input members whose empty string counts as not given.
	emptyAsAbsent []string
}

// EmptyAsAbsent returns the handler with members whose empty string value counts as absent,
// before validation: for members where AWS accepts "" although the model's pattern refuses
// it, and real clients send it (Terraform sends DisabledReason "" when it enables a control).
func (h Handler) EmptyAsAbsent(members ...string) Handler {
	h.emptyAsAbsent = append(append([]string(nil), h.emptyAsAbsent...), members...)
	return h
}

// Typed makes the handler of an operation from a function on its generated input and output
// types. The input is filled from the request's validated input document: the body is
// decoded once, by the binder.
func Typed[In, Out any](fn func(ctx context.Context, caller identity.Caller, in *In) (*Out, error)) Handler {
	return typed[In, Out](func(ctx context.Context, caller identity.Caller, in *In) (any, error) {
		out, err := fn(ctx, caller, in)
		if err != nil || out == nil {
			return nil, err
		}
		return out, nil
	})
}

// TypedEncoded is Typed for a function that returns its output already encoded, as a
// handler that keeps its answers in an Answers cache does.
func TypedEncoded[In, Out any](fn func(ctx context.Context, caller identity.Caller, in *In) (Encoded[Out], error)) Handler {
	return typed[In, Out](func(ctx context.Context, caller identity.Caller, in *In) (any, error) {
		out, err := fn(ctx, caller, in)
		if err != nil {
			return nil, err
		}
		return out, nil
	})
}

// typed makes the handler of fn, which takes the operation's input type In and returns its
// output type Out, encoded or not.
func typed[In, Out any](fn func(ctx context.Context, caller identity.Caller, in *In) (any, error)) Handler {
	return Handler{
		in:  reflect.TypeFor[In](),
		out: reflect.TypeFor[Out](),
		run: func(ctx context.Context, call *Call) (any, error) {
			in := new(In)
			if err := fill(reflect.ValueOf(in).Elem(), call.input); err != nil {
				return nil, invalidInput(call.Operation, err.Error())
			}
			return fn(context.WithValue(ctx, callKey{}, call), call.Caller, in)
		},
	}
}

type callKey struct{}

// InputDocument returns the validated input document of the operation running in ctx
// (numbers as json.Number), for handlers that pass parts of it on as JSON.
func InputDocument(ctx context.Context) map[string]any {
	if c, ok := ctx.Value(callKey{}).(*Call); ok {
		return c.input
	}
	return nil
}

// BodySize returns the size in bytes of the request body of the operation running in ctx.
func BodySize(ctx context.Context) int {
	if c, ok := ctx.Value(callKey{}).(*Call); ok {
		return len(c.body)
	}
	return 0
}

// checkTypes panics when a handler's input or output type is not the generated type of the
// operation's shapes: a programming error caught when the server is assembled.
func checkTypes(op *awsmodel.Operation, h Handler) {
	want := func(ref *awsmodel.MemberRef) string {
		if ref == nil {
			return reflect.TypeFor[shapes.Empty]().Name()
		}
		return strings.ToUpper(ref.ShapeName[:1]) + ref.ShapeName[1:]
	}
	if h.in.Name() != want(op.Input) || h.out.Name() != want(op.Output) {
		panic(fmt.Sprintf("wire: %s takes %s and gives %s, not %s and %s", op.Name, want(op.Input), want(op.Output), h.in, h.out))
	}
}

var (
	timestampType = reflect.TypeFor[shapes.Timestamp]()
	epochType     = reflect.TypeFor[shapes.EpochTime]()
	documentType  = reflect.TypeFor[shapes.Document]()
	fieldsCache   sync.Map // reflect.Type → map[string]int (JSON name → field index)
)

// fields maps the JSON names of a generated struct's members to their field indexes.
func fields(t reflect.Type) map[string]int {
	if f, ok := fieldsCache.Load(t); ok {
		return f.(map[string]int)
	}
	f := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			f[name] = i
		}
	}
	fieldsCache.Store(t, f)
	return f
}

// fill sets dst from v, a JSON value already validated against dst's shape (numbers as
// json.Number). Members dst does not have are ignored, as the service ignores them.
func fill(dst reflect.Value, v any) error {
	if v == nil {
		return nil
	}
	switch dst.Type() {
	case documentType:
		dst.Set(reflect.ValueOf(shapes.Document{Value: v}))
		return nil
	case timestampType, epochType:
		t, err := parseTime(v)
		if err != nil {
			return err
		}
		dst.Set(reflect.ValueOf(t).Convert(dst.Type()))
		return nil
	}
	switch dst.Kind() {
	case reflect.Pointer:
		p := reflect.New(dst.Type().Elem())
		if err := fill(p.Elem(), v); err != nil {
			return err
		}
		dst.Set(p)
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("expected an object, got %T", v)
		}
		idx := fields(dst.Type())
		for name, mv := range obj {
			i, ok := idx[name]
			if !ok {
				continue
			}
			if err := fill(dst.Field(i), mv); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("expected a string, got %T", v)
		}
		dst.SetString(s)
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("expected a boolean, got %T", v)
		}
		dst.SetBool(b)
	case reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			return fmt.Errorf("expected an integer, got %T", v)
		}
		i, err := n.Int64()
		if err != nil || dst.OverflowInt(i) {
			return fmt.Errorf("%s is not an integer in range", n)
		}
		dst.SetInt(i)
	case reflect.Float64:
		n, ok := v.(json.Number)
		if !ok {
			return fmt.Errorf("expected a number, got %T", v)
		}
		f, err := n.Float64()
		if err != nil {
			return err
		}
		dst.SetFloat(f)
	case reflect.Slice:
		if dst.Type().Elem().Kind() == reflect.Uint8 { // blob
			s, _ := v.(string)
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				return fmt.Errorf("expected base64 data")
			}
			dst.SetBytes(b)
			return nil
		}
		items, ok := v.([]any)
		if !ok {
			return fmt.Errorf("expected a list, got %T", v)
		}
		s := reflect.MakeSlice(dst.Type(), len(items), len(items))
		for i, item := range items {
			if err := fill(s.Index(i), item); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
		dst.Set(s)
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("expected a map, got %T", v)
		}
		m := reflect.MakeMapWithSize(dst.Type(), len(obj))
		for k, mv := range obj {
			e := reflect.New(dst.Type().Elem()).Elem()
			if err := fill(e, mv); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
			m.SetMapIndex(reflect.ValueOf(k), e)
		}
		dst.Set(m)
	default:
		return fmt.Errorf("unsupported member type %s", dst.Type())
	}
	return nil
}

// parseTime reads a timestamp as the validator accepted it: an ISO 8601 string or a number of
// seconds since the epoch.
func parseTime(v any) (time.Time, error) {
	switch t := v.(type) {
	case string:
		return awsmodel.ParseTimestamp(t)
	case json.Number:
		f, err := t.Float64()
		if err != nil {
			return time.Time{}, err
		}
		return time.UnixMilli(int64(f * 1000)).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("expected a timestamp, got %T", v)
}
