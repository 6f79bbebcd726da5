// Package pagetoken makes the opaque NextTokens of list operations: a position in a listing,
// bound to the listing it came from (operation, caller, filters) and authenticated with the
// store's secret, so a tampered token or one reused elsewhere is refused.
package pagetoken

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
)

// ErrInvalid is returned for tokens that were not made for this listing.
var ErrInvalid = errors.New("invalid pagination token")

// Codec encodes and decodes tokens with one secret.
type Codec struct {
	Secret []byte
}

// Encode returns the token for position in the listing named by scope.
func (c Codec) Encode(scope, position string) string {
	p := base64.RawURLEncoding.EncodeToString([]byte(position))
	return p + "." + base64.RawURLEncoding.EncodeToString(c.mac(scope, position))
}

// Decode returns the position a token holds, or ErrInvalid if the token is malformed,
// tampered with, or made for another scope.
func (c Codec) Decode(scope, token string) (string, error) {
	p, m, ok := strings.Cut(token, ".")
	if !ok {
		return "", ErrInvalid
	}
	position, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil {
		return "", ErrInvalid
	}
	sum, err := base64.RawURLEncoding.DecodeString(m)
	if err != nil || !hmac.Equal(sum, c.mac(scope, string(position))) {
		return "", ErrInvalid
	}
	return string(position), nil
}

func (c Codec) mac(scope, position string) []byte {
	h := hmac.New(sha256.New, c.Secret)
	h.Write([]byte(scope))
	h.Write([]byte{0})
	h.Write([]byte(position))
	return h.Sum(nil)[:16]
}
