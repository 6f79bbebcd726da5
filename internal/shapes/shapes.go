// Package shapes holds what the generated wire types of every service share: the two
// timestamp encodings of AWS's JSON protocols and the Document type for shapes a domain keeps
// as decoded JSON. The types themselves are generated from the service models into
// internal/shapes/<service> by ./gen (go generate ./internal/shapes).
package shapes

//go:generate go run ./gen

import (
	"encoding/json"
	"strconv"
	"time"
)

// Timestamp is a time that travels as an ISO 8601 string in UTC with milliseconds, the
// form rest-json services such as Security Hub answer with ("2020-05-27T17:05:54.832Z").
type Timestamp time.Time

// ISO8601 is the layout of Security Hub's timestamps.
const ISO8601 = "2006-01-02T15:04:05.000Z"

// Time returns the time.
func (t Timestamp) Time() time.Time { return time.Time(t) }

// IsZero reports whether the time is unset (the member is then left out of the answer).
func (t Timestamp) IsZero() bool { return time.Time(t).IsZero() }

// String renders the time as it travels.
func (t Timestamp) String() string { return time.Time(t).UTC().Format(ISO8601) }

// MarshalJSON renders the time as it travels.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, len(ISO8601)+2)
	b = append(b, '"')
	b = time.Time(t).UTC().AppendFormat(b, ISO8601)
	return append(b, '"'), nil
}

// EpochTime is a time that travels as seconds since the epoch, with the milliseconds as the
// fraction: the awsJson protocols' default (AWS Organizations).
type EpochTime time.Time

// Time returns the time.
func (t EpochTime) Time() time.Time { return time.Time(t) }

// IsZero reports whether the time is unset.
func (t EpochTime) IsZero() bool { return time.Time(t).IsZero() }

// MarshalJSON renders the number of seconds.
func (t EpochTime) MarshalJSON() ([]byte, error) {
	ms := time.Time(t).UnixMilli()
	return []byte(strconv.FormatFloat(float64(ms)/1000, 'f', -1, 64)), nil
}

// Document is a member a domain handles as JSON rather than as a typed struct: finding
// documents and finding filters, which the findings domain reads, validates and stores as
// documents. On input Value holds the decoded JSON (numbers as json.Number); on output Raw,
// when set, is sent as it is (a stored finding), else Value is encoded.
type Document struct {
	Value any
	Raw   json.RawMessage
}

// IsZero reports whether the document is absent.
func (d Document) IsZero() bool { return d.Value == nil && d.Raw == nil }

// MarshalJSON sends Raw when set, else Value.
func (d Document) MarshalJSON() ([]byte, error) {
	if d.Raw != nil {
		return d.Raw, nil
	}
	return json.Marshal(d.Value)
}

// Object returns the document as a JSON object, or nil when it is not one.
func (d Document) Object() map[string]any {
	m, _ := d.Value.(map[string]any)
	return m
}

// Empty is the input or output of an operation the model gives no members.
type Empty struct{}

// NonNil returns list, or an empty list for none: AWS sends these lists even when they are
// empty ("RelatedRequirements": [], "Categories": []), and a nil slice is left out.
func NonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}
