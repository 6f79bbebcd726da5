package wire

import (
	"errors"
	"strings"
	"testing"
)

type page struct {
	Items []string `json:"Items"`
}

func TestAnswers(t *testing.T) {
	calls := 0
	answer := func(item string) func() (*page, error) {
		return func() (*page, error) {
			calls++
			return &page{Items: []string{item}}, nil
		}
	}
	get := func(a *Answers[string, page], key, item string) string {
		t.Helper()
		e, err := a.Get(key, answer(item))
		if err != nil {
			t.Fatal(err)
		}
		return string(e.encodedJSON())
	}
	a := NewAnswers[string, page](40) // room for two answers of 17 bytes
	if got := get(a, "one", "a"); got != `{"Items":["a"]}` {
		t.Fatalf("first answer: %s", got)
	}
	// Kept: what answer would return now is not asked for.
	if got := get(a, "one", "changed"); got != `{"Items":["a"]}` || calls != 1 {
		t.Fatalf("kept answer: %s after %d calls", got, calls)
	}
	get(a, "two", "b")
	if calls != 2 || a.size != 30 {
		t.Fatalf("two answers: %d calls, %d bytes", calls, a.size)
	}
	// A third does not fit: the cache starts over with it alone.
	get(a, "three", "c")
	if len(a.byKey) != 1 || a.size != 15 {
		t.Fatalf("after overflowing: %d answers, %d bytes", len(a.byKey), a.size)
	}
	if get(a, "one", "a2"); calls != 4 {
		t.Fatalf("a forgotten answer was not made again: %d calls", calls)
	}
	// Larger than the whole cache: answered, not kept.
	big := strings.Repeat("x", 50)
	if got := get(a, "big", big); !strings.Contains(got, big) || a.byKey["big"].json != nil {
		t.Fatalf("an answer larger than the cache: %s kept=%v", got, a.byKey["big"].json != nil)
	}
	// Errors are returned, not kept.
	failed := errors.New("no")
	if _, err := a.Get("err", func() (*page, error) { return nil, failed }); err != failed {
		t.Fatalf("error: %v", err)
	}
	if _, ok := a.byKey["err"]; ok {
		t.Fatal("a failed answer was kept")
	}
	// The zero cache keeps nothing.
	var none *Answers[string, page]
	get(none, "one", "a")
	if get(none, "one", "z") != `{"Items":["z"]}` {
		t.Fatal("a nil cache kept an answer")
	}
}
