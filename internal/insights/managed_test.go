package insights

import (
	"testing"

	"github.com/sechub/sechub/internal/findings"
)

// TestManagedInsights checks the catalogue: 32 insights, unique numbers, filters that compile,
// attributes that group.
func TestManagedInsights(t *testing.T) {
	if len(managedInsights) != 32 {
		t.Fatalf("%d managed insights, want 32", len(managedInsights))
	}
	svc := &findings.Service{}
	seen := map[int]bool{}
	for _, m := range managedInsights {
		if seen[m.n] {
			t.Errorf("number %d twice", m.n)
		}
		seen[m.n] = true
		f, err := m.filtersDoc()
		if err != nil {
			t.Fatalf("%d: %v", m.n, err)
		}
		if err := svc.CheckFilters(f); err != nil {
			t.Errorf("%d %s: %v", m.n, m.name, err)
		}
		if !findings.Groupable(m.groupBy) {
			t.Errorf("%d: cannot group by %s", m.n, m.groupBy)
		}
		if got, ok := isManaged(managedARN("aws", m.n)); !ok || got.n != m.n {
			t.Errorf("%d: ARN not recognised", m.n)
		}
	}
}
