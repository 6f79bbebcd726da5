package postgres

import (
	"database/sql/driver"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestEscapeText checks the text escaping of the PostgreSQL store: no U+0000 reaches the
// database, every string comes back as it was, distinct strings stay distinct, and a string's
// escaped prefix is the escaped string's prefix (the index ranges of PREFIX filters). Bytes
// that are not UTF-8 (a percent-encoded path may hold them) are escaped too.
func TestEscapeText(t *testing.T) {
	cases := []string{"", "plain", "a\x00b", "\x00", "\x00\x00", nulEscape, nulEscape + "0", "a" + nulEscape + "1\x00",
		"\x00" + nulEscape, "é\x00世", nulEscape + nulEscape, "x" + nulEscape, "\xff", "a\xffb\xc3", nulEscape + "xff", "\xe4\xb8"}
	seen := map[string]string{}
	for _, s := range cases {
		e := escapeText(s)
		if strings.IndexByte(e, 0) >= 0 || !utf8.ValidString(e) {
			t.Errorf("escapeText(%q) = %q holds U+0000 or is not UTF-8", s, e)
		}
		if back := unescapeText(e); back != s {
			t.Errorf("unescapeText(escapeText(%q)) = %q", s, back)
		}
		if other, ok := seen[e]; ok {
			t.Errorf("%q and %q escape alike, to %q", s, other, e)
		}
		seen[e] = s
		for i := range s { // at every character: prefixes are whole strings
			if !strings.HasPrefix(e, escapeText(s[:i])) {
				t.Errorf("escapeText(%q) does not start with escapeText(%q)", s, s[:i])
			}
		}
	}
	if s := "no escape"; escapeText(s) != s || unescapeText(s) != s {
		t.Error("a plain string changed")
	}
	if got := unescapeText("a" + nulEscape + "z"); got != "a"+nulEscape+"z" {
		t.Errorf("a stray escape character: %q", got)
	}
}

// TestCheckNamedValueEscapes checks that the connection escapes the strings of arguments,
// lists of strings included, and leaves other arguments alone.
func TestCheckNamedValueEscapes(t *testing.T) {
	c := &nulConn{}
	for _, tc := range []struct{ in, want any }{
		{"a\x00", "a" + nulEscape + "0"},
		{[]string{"ok", "\x00"}, []string{"ok", nulEscape + "0"}},
		{[]byte("a\x00"), []byte("a\x00")},
		{int64(7), int64(7)},
	} {
		v := driver.NamedValue{Value: tc.in}
		if err := c.checkText(&v); err != nil {
			t.Fatal(err)
		}
		if got, want := asText(v.Value), asText(tc.want); got != want {
			t.Errorf("argument %#v became %#v, want %#v", tc.in, v.Value, tc.want)
		}
	}
	rows := nulRows{&fakeRows{[]driver.Value{"x" + nulEscape + "0", []byte("b" + nulEscape + "0"), int64(1)}}}
	dest := make([]driver.Value, 3)
	if err := rows.Next(dest); err != nil {
		t.Fatal(err)
	}
	if dest[0] != "x\x00" || string(dest[1].([]byte)) != "b"+nulEscape+"0" || dest[2] != int64(1) {
		t.Errorf("row read as %#v", dest)
	}
}

func asText(v any) string {
	switch x := v.(type) {
	case []string:
		return strings.Join(x, "|")
	case []byte:
		return "bytes:" + string(x)
	case string:
		return x
	}
	return "other"
}

type fakeRows struct{ row []driver.Value }

func (r *fakeRows) Columns() []string { return make([]string, len(r.row)) }
func (r *fakeRows) Close() error      { return nil }
func (r *fakeRows) Next(dest []driver.Value) error {
	copy(dest, r.row)
	return nil
}
