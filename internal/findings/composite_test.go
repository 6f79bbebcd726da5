package findings

import (
	"testing"
	"time"
)

// TestCompileTreeNarrows checks which leaves of a filter tree narrow the store query: those
// reached through AND nodes (or OR nodes of one member), not those under an OR.
func TestCompileTreeNarrows(t *testing.T) {
	eq := func(key, value string) FilterLeaf {
		return FilterLeaf{Key: key, Filter: map[string]any{"Comparison": "EQUALS", "Value": value}}
	}
	custom := FilterLeaf{Key: "derived", Custom: &CustomKey{Kind: KindString, Values: func(map[string]any) []any { return []any{"x"} }},
		Filter: map[string]any{"Comparison": "EQUALS", "Value": "x"}}
	cases := []struct {
		name    string
		tree    FilterTree
		conds   int
		inexact bool
	}{
		{"AND of columns", FilterTree{Leaves: []FilterLeaf{eq("Title", "a"), eq("SeverityLabel", "HIGH")}}, 2, false},
		{"AND below AND", FilterTree{Children: []FilterTree{{Leaves: []FilterLeaf{eq("Title", "a")}}, {Leaves: []FilterLeaf{eq("ResourceType", "b")}}}}, 2, false},
		{"OR of one", FilterTree{Or: true, Children: []FilterTree{{Leaves: []FilterLeaf{eq("Title", "a")}}}}, 1, false},
		{"OR of two", FilterTree{Or: true, Leaves: []FilterLeaf{eq("Title", "a"), eq("Title", "b")}}, 0, true},
		{"AND with a computed key", FilterTree{Leaves: []FilterLeaf{eq("Title", "a"), custom}}, 1, true},
		{"AND with a key off the store", FilterTree{Leaves: []FilterLeaf{eq("Title", "a"), eq("Description", "d")}}, 1, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := compileTree(c.tree, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if len(got.conds) != c.conds || got.inexact != c.inexact {
				t.Errorf("conds %d inexact %v, want %d %v", len(got.conds), got.inexact, c.conds, c.inexact)
			}
		})
	}
	if _, err := compileTree(FilterTree{Leaves: []FilterLeaf{eq("NoSuchKey", "a")}}, time.Now()); err == nil {
		t.Error("an unknown key was accepted")
	}
	if !containsWord("a public bucket", "public") || containsWord("publicity", "public") || !containsWord("x-public", "public") {
		t.Error("containsWord")
	}
}
