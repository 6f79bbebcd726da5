package paging

import (
	"fmt"
	"slices"
	"testing"

	"github.com/sechub/sechub/internal/apierr"
)

func TestCodecRoundTripAndRejection(t *testing.T) {
	c := Codec{Secret: []byte("k1")}
	tok := c.Encode("ListMembers|aws|us-east-1|111111111111", "222222222222")
	if pos, err := c.Decode("ListMembers|aws|us-east-1|111111111111", tok); err != nil || pos != "222222222222" {
		t.Fatalf("round trip: %q %v", pos, err)
	}
	bad := []struct{ name, scope, token string }{
		{"other scope", "ListMembers|aws|us-east-1|999999999999", tok},
		{"tampered", "ListMembers|aws|us-east-1|111111111111", "x" + tok[1:]},
		{"garbage", "ListMembers|aws|us-east-1|111111111111", "not a token"},
		{"empty mac", "ListMembers|aws|us-east-1|111111111111", tok[:len(tok)-22]},
	}
	for _, b := range bad {
		if _, err := c.Decode(b.scope, b.token); err != ErrInvalid {
			t.Errorf("%s: err = %v", b.name, err)
		}
	}
	if _, err := (Codec{Secret: []byte("k2")}).Decode("ListMembers|aws|us-east-1|111111111111", tok); err != ErrInvalid {
		t.Error("token accepted under another secret")
	}
}

var pager = Pager{Codec: Codec{Secret: []byte("s")}, Invalid: apierr.InvalidNextToken}

// walk reads every page of a listing of n items with pages of size and returns what it saw.
func walk(t *testing.T, n, size int, keyset bool) []int {
	t.Helper()
	items := make([]int, n)
	for i := range items {
		items[i] = i * 10
	}
	var seen []int
	p := Page{Scope: "L", MaxResults: size, Default: 3}
	for pages := 0; ; pages++ {
		if pages > n+1 {
			t.Fatal("listing does not end")
		}
		var page []int
		var next string
		var err error
		if keyset {
			page, next, err = Keyset(pager, p, func(after string, limit int) ([]int, error) {
				var out []int
				for _, it := range items {
					if (after == "" || fmt.Sprint(it) > after) && len(out) < limit {
						out = append(out, it)
					}
				}
				return out, nil
			}, func(i int) string { return fmt.Sprint(i) })
		} else {
			page, next, err = Offset(pager, p, items)
		}
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, page...)
		if next == "" {
			return seen
		}
		p.NextToken = next
	}
}

func TestOffsetAndKeysetPages(t *testing.T) {
	for _, keyset := range []bool{false, true} {
		for _, c := range []struct{ n, size int }{{0, 2}, {1, 1}, {5, 2}, {6, 2}, {7, 0}} {
			want := make([]int, c.n)
			for i := range want {
				want[i] = i * 10
			}
			if got := walk(t, c.n, c.size, keyset); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("keyset=%v n=%d size=%d: got %v", keyset, c.n, c.size, got)
			}
		}
	}
}

func TestForeignTokenRefusedWithServiceError(t *testing.T) {
	_, next, _ := Offset(pager, Page{Scope: "A", MaxResults: 1}, []int{1, 2})
	_, _, err := Offset(pager, Page{Scope: "B", MaxResults: 1, NextToken: next}, []int{1, 2})
	if !apierr.InvalidNextToken.Is(err) {
		t.Fatalf("err = %v", err)
	}
}

// TestCreatedPages pages a creation-ordered listing by sequence number, and refuses a token
// whose position is not a sequence number.
func TestCreatedPages(t *testing.T) {
	seqs := []int64{3, 5, 8, 13, 21}
	read := func(afterSeq int64, limit int) ([]int64, error) {
		var out []int64
		for _, s := range seqs {
			if s > afterSeq && len(out) < limit {
				out = append(out, s)
			}
		}
		return out, nil
	}
	id := func(s int64) int64 { return s }
	p := Page{Scope: "created", MaxResults: 2}
	var got []int64
	for {
		page, next, err := Created(pager, p, read, id)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, page...)
		if next == "" {
			break
		}
		p.NextToken = next
	}
	if fmt.Sprint(got) != fmt.Sprint(seqs) {
		t.Fatalf("pages %v, want %v", got, seqs)
	}
	bad := Page{Scope: "created", MaxResults: 2, NextToken: pager.Token(Page{Scope: "created"}, "x")}
	if _, _, err := Created(pager, bad, read, id); !apierr.InvalidNextToken.Is(err) {
		t.Fatalf("a position that is no sequence number: %v", err)
	}
}
