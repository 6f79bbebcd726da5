package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"unicode/utf8"

	"github.com/sechub/sechub/internal/apierr"
)

// Allowance is the memory a request's decoded body may take. Decoded, JSON takes several
// times its size (a map for each object), and how many times depends on its shape, not its
// length: small objects in a long list cost tens of times their text. So the server gives each
// request an allowance in proportion to its length, and More for what goes beyond.
type Allowance struct {
	// Bytes is what the document may take without asking (0: no limit).
	Bytes int64
	// More asks for n bytes more; false when there is no room.
	More func(n int64) bool
	// Refused is the answer to a request whose document did not get the room it needed.
	Refused *apierr.Error
}

type allowanceKey struct{}

// WithAllowance gives the request served with ctx an allowance for its decoded body.
func WithAllowance(ctx context.Context, a Allowance) context.Context {
	return context.WithValue(ctx, allowanceKey{}, a)
}

func allowanceOf(ctx context.Context) Allowance {
	a, _ := ctx.Value(allowanceKey{}).(Allowance)
	return a
}

// Reserve asks the allowance of the request served with ctx for n bytes more: for what its
// answer will hold, read from the store and encoded. False when there is no room; a request
// without an allowance always has room.
func Reserve(ctx context.Context, n int64) bool {
	a := allowanceOf(ctx)
	return a.More == nil || a.More(n)
}

// allowanceStep is how much more a document asks for at a time.
const allowanceStep = 1 << 20

// Estimated memory of decoded values, for the allowance: a map's header, then its first
// group of eight slots, then about 48 bytes a member; a list's header and 16 bytes an item;
// a boxed string or number's header and bytes.
const (
	costMapHeader  = 48
	costMapGroup   = 288
	costMapMember  = 48
	costListHeader = 24
	costListItem   = 16
	costBox        = 16
)

// decodeJSON decodes the one JSON value of data as json.Decoder with UseNumber does (objects
// as map[string]any, arrays as []any, numbers as json.Number), but reads data in place:
// json.Decoder first copies its whole input into a buffer of its own, which it grows by
// doubling, so a 6 MB body used to cost three times its size before a value was made. Member
// names and short values, repeated in every element of a list (ProductArn, enumerations), are
// made once per request. Invalid input gets json.Decoder's own error.
// The decoded document is kept within the allowance: errAllowance when it needed more than
// it got.
func decodeJSON(data []byte, allowance Allowance) (v any, err error) {
	if !json.Valid(data) {
		end, err := firstValue(data)
		if err != nil {
			return nil, err
		}
		data = data[:end] // followed by spaces JSON does not count as such (form feeds)
	}
	d := docDecoder{data: data, names: map[string]string{}, values: map[string]any{}, allowance: allowance}
	defer func() {
		if p := recover(); p != nil {
			if p != errAllowance {
				panic(p)
			}
			v, err = nil, errAllowance
		}
	}()
	return d.value(), nil
}

// errAllowance is a document that outgrew its allowance.
var errAllowance error = allowanceError{}

type allowanceError struct{}

func (allowanceError) Error() string { return "the decoded request outgrew its memory allowance" }

// firstValue reads data, which json.Valid refused, as the binder always has: json.Decoder's
// first value, followed by nothing but spaces (bytes.TrimSpace's). It returns where that
// value ends, or json.Decoder's error, without decoding the value.
func firstValue(data []byte) (int, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return 0, err
	}
	end := int(dec.InputOffset())
	if len(bytes.TrimSpace(data[end:])) > 0 {
		return 0, errTrailingData
	}
	return end, nil
}

type trailingDataError struct{}

func (trailingDataError) Error() string { return "unexpected data after the top-level value" }

var errTrailingData error = trailingDataError{}

// Bounds of what one request shares: member names, and string values of at most
// maxInternedLength bytes.
const (
	maxInternedNames  = 512
	maxInternedValues = 4096
	maxInternedLength = 128
)

// docDecoder reads a JSON text that json.Valid accepted, so it checks nothing.
type docDecoder struct {
	data      []byte
	off       int
	names     map[string]string
	values    map[string]any // a string boxed once: boxing allocates
	allowance Allowance
	cost      int64 // estimated memory of what is decoded so far
}

// spend counts n bytes of decoded values, asking for more allowance when they go beyond it;
// it unwinds the decoding (a panic decodeJSON recovers) when none is given.
func (d *docDecoder) spend(n int64) {
	d.cost += n
	if d.allowance.Bytes <= 0 || d.cost <= d.allowance.Bytes {
		return
	}
	more := max(allowanceStep, d.cost-d.allowance.Bytes)
	if d.allowance.More == nil || !d.allowance.More(more) {
		panic(errAllowance)
	}
	d.allowance.Bytes += more
}

func (d *docDecoder) skipSpace() {
	for d.off < len(d.data) {
		switch d.data[d.off] {
		case ' ', '\t', '\n', '\r':
			d.off++
		default:
			return
		}
	}
}

func (d *docDecoder) value() any {
	d.skipSpace()
	switch c := d.data[d.off]; c {
	case '{':
		d.off++
		obj := map[string]any{}
		d.spend(costMapHeader + costBox)
		for {
			d.skipSpace()
			if d.data[d.off] == '}' {
				d.off++
				return obj
			}
			if len(obj) == 0 {
				d.spend(costMapGroup)
			} else if len(obj) >= 8 {
				d.spend(costMapMember)
			}
			name := d.name()
			d.skipSpace()
			d.off++ // ':'
			obj[name] = d.value()
			d.skipSpace()
			if d.data[d.off] == ',' {
				d.off++
			}
		}
	case '[':
		d.off++
		list := make([]any, 0)
		d.spend(costListHeader + costBox)
		for {
			d.skipSpace()
			if d.data[d.off] == ']' {
				d.off++
				return list
			}
			d.spend(costListItem)
			list = append(list, d.value())
			d.skipSpace()
			if d.data[d.off] == ',' {
				d.off++
			}
		}
	case '"':
		return d.stringValue()
	case 't':
		d.off += len("true")
		return true
	case 'f':
		d.off += len("false")
		return false
	case 'n':
		d.off += len("null")
		return nil
	default:
		start := d.off
		for d.off < len(d.data) && isNumberByte(d.data[d.off]) {
			d.off++
		}
		d.spend(costBox + int64(d.off-start))
		return json.Number(d.data[start:d.off])
	}
}

func isNumberByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// token returns the quoted string starting at the offset, quotes included, and whether its
// bytes between the quotes are the string (no escapes, valid UTF-8).
func (d *docDecoder) token() ([]byte, bool) {
	start := d.off
	d.off++
	escaped, ascii := false, true
	for {
		c := d.data[d.off]
		switch {
		case c == '"':
			d.off++
			tok := d.data[start:d.off]
			return tok, !escaped && (ascii || utf8.Valid(tok))
		case c == '\\':
			escaped = true
			d.off += 2
			continue
		case c >= 0x80:
			ascii = false
		}
		d.off++
	}
}

// stringValue returns a string value, boxed, the same box for every occurrence of a short one.
func (d *docDecoder) stringValue() any {
	start := d.off
	tok, plain := d.token()
	if !plain || len(tok) > maxInternedLength+2 {
		d.off = start
		s := d.string()
		d.spend(costBox + int64(len(s)))
		return s
	}
	raw := tok[1 : len(tok)-1]
	if v, ok := d.values[string(raw)]; ok {
		return v
	}
	str := string(raw)
	d.spend(costBox + int64(len(str)))
	var v any = str
	if len(d.values) < maxInternedValues {
		d.values[str] = v
	}
	return v
}

func (d *docDecoder) string() string {
	tok, plain := d.token()
	if plain {
		return string(tok[1 : len(tok)-1])
	}
	var s string
	json.Unmarshal(tok, &s) // valid, as json.Valid said; this decodes escapes and bad UTF-8 as Decoder does
	return s
}

// name returns a member name, the same string for every occurrence of it.
func (d *docDecoder) name() string {
	tok, plain := d.token()
	if !plain {
		var s string
		json.Unmarshal(tok, &s)
		d.spend(int64(len(s)))
		return s
	}
	raw := tok[1 : len(tok)-1]
	if s, ok := d.names[string(raw)]; ok {
		return s
	}
	s := string(raw)
	d.spend(int64(len(s)))
	if len(d.names) < maxInternedNames {
		d.names[s] = s
	}
	return s
}
