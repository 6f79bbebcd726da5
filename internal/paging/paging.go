// Package paging is the one paginator of every list operation: it cuts a listing into pages
// and makes the opaque NextTokens that continue it. A token holds a position in one listing,
// bound to that listing's scope (operation, caller, region and whatever input selects the
// listing) and authenticated with the store's secret, so a tampered token, or one reused with
// another operation, caller or filter, is refused with the service's error. Because the
// secret lives in the store, a token from one replica works on another.
package paging

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"

	"github.com/sechub/sechub/internal/apierr"
)

// ErrInvalid is returned by Codec.Decode for a token that was not made for the listing.
var ErrInvalid = errors.New("invalid pagination token")

// Codec encodes and decodes positions with one secret.
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

// Pager cuts listings into pages for one service.
type Pager struct {
	Codec Codec
	// Invalid is the service's answer to a token not made for the listing.
	Invalid apierr.Def
}

// Scope names one listing from its parts (operation, partition, region, account, filters...).
func Scope(parts ...string) string { return strings.Join(parts, "|") }

// Page is where a page starts and how long it may be.
type Page struct {
	Scope      string
	NextToken  string // "" for the first page
	MaxResults int    // 0 or less: Default
	Default    int
}

// MaxResults returns a request's MaxResults member as a page length: 0 (the listing's
// default) when the member is absent.
func MaxResults(n *int32) int {
	if n == nil {
		return 0
	}
	return int(*n)
}

func (p Page) size() int {
	if p.MaxResults > 0 {
		return p.MaxResults
	}
	return p.Default
}

// Position returns the position the page's token holds ("" for the first page), or the
// service's invalid-token error.
func (pg Pager) Position(p Page) (string, error) {
	if p.NextToken == "" {
		return "", nil
	}
	pos, err := pg.Codec.Decode(p.Scope, p.NextToken)
	if err != nil {
		return "", pg.Invalid.New()
	}
	return pos, nil
}

// Token returns the NextToken that continues the listing after position.
func (pg Pager) Token(p Page, position string) string { return pg.Codec.Encode(p.Scope, position) }

// Offset returns the page of items (the whole listing, already ordered) and the token of the
// next page ("" after the last).
func Offset[T any](pg Pager, p Page, items []T) ([]T, string, error) {
	pos, err := pg.Position(p)
	if err != nil {
		return nil, "", err
	}
	start := 0
	if pos != "" {
		n, err := strconv.Atoi(pos)
		if err != nil || n < 0 {
			return nil, "", pg.Invalid.New()
		}
		start = min(n, len(items))
	}
	end := min(start+p.size(), len(items))
	next := ""
	if end < len(items) {
		next = pg.Token(p, strconv.Itoa(end))
	}
	return items[start:end], next, nil
}

// Keyset returns a page of a listing ordered by a key, read by read (at most limit items
// after the key after, "" for the start), and the token of the next page. key gives an item's
// key. One more item than the page holds is read to know whether another page follows.
func Keyset[T any](pg Pager, p Page, read func(after string, limit int) ([]T, error), key func(T) string) ([]T, string, error) {
	after, err := pg.Position(p)
	if err != nil {
		return nil, "", err
	}
	size := p.size()
	items, err := read(after, size+1)
	if err != nil {
		return nil, "", err
	}
	if len(items) <= size {
		return items, "", nil
	}
	items = items[:size]
	return items, pg.Token(p, key(items[size-1])), nil
}

// Created returns a page of a listing in creation order, read by read (the items after the
// one of sequence number afterSeq, 0 for the start, at most limit), and the token of the next
// page; seq gives an item's sequence number (the generic records' Seq).
func Created[T any](pg Pager, p Page, read func(afterSeq int64, limit int) ([]T, error), seq func(T) int64) ([]T, string, error) {
	return Keyset(pg, p, func(after string, limit int) ([]T, error) {
		var afterSeq int64
		if after != "" {
			n, err := strconv.ParseInt(after, 10, 64)
			if err != nil || n < 0 {
				return nil, pg.Invalid.New()
			}
			afterSeq = n
		}
		return read(afterSeq, limit)
	}, func(t T) string { return strconv.FormatInt(seq(t), 10) })
}
