package postgres

import (
	"context"
	"database/sql/driver"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// PostgreSQL's text cannot hold U+0000 nor bytes that are not UTF-8 (SQLSTATE 22021), which
// JSON strings and percent-encoded paths may carry. So that both stores keep every string as
// it was sent, the connections of this store escape strings on the way in and unescape them
// on the way out: U+0000 becomes nulEscape followed by '0', nulEscape itself nulEscape
// followed by '1', and a byte that is not UTF-8 nulEscape, 'x' and its two hex digits. The
// escaping is injective and keeps concatenation, so equality, IN lists and prefix ranges
// (which the domains build from the same strings) hold as they did; only the byte order of
// strings holding such characters differs from SQLite's. U+FFFF is a noncharacter, rare in
// text.
const nulEscape = "\uffff"

// escapeText returns s with U+0000, nulEscape and bytes that are not UTF-8 escaped; s itself
// when it holds none.
func escapeText(s string) string {
	if strings.IndexByte(s, 0) < 0 && !strings.Contains(s, nulEscape) && utf8.ValidString(s) {
		return s
	}
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(nulEscape + "x")
			b.WriteByte(hex[s[i]>>4])
			b.WriteByte(hex[s[i]&0xf])
		case r == 0:
			b.WriteString(nulEscape + "0")
		case r == '\uffff':
			b.WriteString(nulEscape + "1")
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unescapeText undoes escapeText.
func unescapeText(s string) string {
	if !strings.Contains(s, nulEscape) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.Index(s, nulEscape)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i+len(nulEscape):]
		switch {
		case strings.HasPrefix(s, "0"):
			b.WriteByte(0)
			s = s[1:]
		case strings.HasPrefix(s, "1"):
			b.WriteString(nulEscape)
			s = s[1:]
		case len(s) >= 3 && s[0] == 'x' && isHex(s[1]) && isHex(s[2]):
			n, _ := strconv.ParseUint(s[1:3], 16, 8)
			b.WriteByte(byte(n))
			s = s[3:]
		default: // not written by escapeText: kept as it is
			b.WriteString(nulEscape)
		}
	}
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }

// nulConnector makes pgx connections that escape text (see nulEscape).
type nulConnector struct{ inner driver.Connector }

func newConnector(url string) (driver.Connector, error) {
	config, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	return nulConnector{stdlib.GetConnector(*config, stdlib.OptionAfterConnect(sessionDefaults))}, nil
}

// sessionDefaults turns JIT compilation off for the session unless the URL sets it: sechub's
// statements are index walks and counts of at most a region's findings, which JIT would
// compile (tens of milliseconds) for each GetInsightResults or statistics call at a million
// findings without saving as much. Engines that have no such setting refuse it; that is
// ignored.
func sessionDefaults(ctx context.Context, conn *pgx.Conn) error {
	if _, set := conn.Config().RuntimeParams["jit"]; !set {
		conn.Exec(ctx, "SET jit = off")
	}
	return nil
}

func (c nulConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &nulConn{conn.(*stdlib.Conn)}, nil
}

func (c nulConnector) Driver() driver.Driver { return c.inner.Driver() }

// nulConn is a pgx connection whose arguments are escaped and whose rows are unescaped.
type nulConn struct{ *stdlib.Conn }

// CheckNamedValue escapes text arguments; database/sql passes every argument through it.
func (c *nulConn) CheckNamedValue(v *driver.NamedValue) error {
	if err := c.checkText(v); err != nil {
		return err
	}
	return c.Conn.CheckNamedValue(v)
}

// checkText escapes an argument that is text or a list of texts.
func (c *nulConn) checkText(v *driver.NamedValue) error {
	switch x := v.Value.(type) {
	case string:
		v.Value = escapeText(x)
	case []string:
		var escaped []string // made at the first string that changes
		for i, s := range x {
			e := escapeText(s)
			if e != s && escaped == nil {
				escaped = append(make([]string, 0, len(x)), x[:i]...)
			}
			if escaped != nil {
				escaped = append(escaped, e)
			}
		}
		if escaped != nil {
			v.Value = escaped
		}
	}
	return nil
}

func (c *nulConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := c.Conn.QueryContext(ctx, query, args)
	if err != nil {
		return nil, err
	}
	return nulRows{rows}, nil
}

func (c *nulConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *nulConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.Conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return nulStmt{st.(*stdlib.Stmt)}, nil
}

// nulStmt is a prepared statement whose rows are unescaped (its arguments went through the
// connection's CheckNamedValue).
type nulStmt struct{ *stdlib.Stmt }

func (s nulStmt) Query(args []driver.Value) (driver.Rows, error) {
	rows, err := s.Stmt.Query(args)
	if err != nil {
		return nil, err
	}
	return nulRows{rows}, nil
}

func (s nulStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := s.Stmt.QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	return nulRows{rows}, nil
}

// nulRows unescapes the text of each row.
type nulRows struct{ driver.Rows }

func (r nulRows) Next(dest []driver.Value) error {
	if err := r.Rows.Next(dest); err != nil {
		return err
	}
	for i, v := range dest {
		if s, ok := v.(string); ok {
			dest[i] = unescapeText(s)
		}
	}
	return nil
}
