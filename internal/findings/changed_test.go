package findings

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/store"
)

// TestChangedHook: an OnChanged hook is told, in the write's transaction, of each finding a
// write creates or changes, as stored (after automation rules), and of nothing else; its error
// undoes the write.
func TestChangedHook(t *testing.T) {
	clock := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	svc, c := newTestService(t, func() time.Time { return clock })
	var told []string // "account id workflow"
	var refuse error
	svc.OnChanged(func(tx store.Tx, key store.AccountKey, changes []Change) error {
		for _, ch := range changes {
			var f struct {
				Id         string
				ProductArn string
				Workflow   struct{ Status string }
			}
			if err := json.Unmarshal(ch.Doc, &f); err != nil || f.Id != ch.ID || f.ProductArn != ch.ProductARN {
				t.Errorf("change %+v of %s: %v", ch, ch.Doc, err)
			}
			told = append(told, fmt.Sprintf("%s %s %s", key.AccountID, ch.ID, f.Workflow.Status))
		}
		return refuse
	})
	svc.Rules = func(store.Tx, store.AccountKey, time.Time) ([]AutomationRule, error) {
		criteria, err := CompileCriteria(map[string]any{"Id": []any{map[string]any{"Value": "ruled", "Comparison": "EQUALS"}}}, clock)
		return []AutomationRule{{ARN: "rule", Criteria: criteria, Update: map[string]any{"Workflow": map[string]any{"Status": "SUPPRESSED"}}}}, err
	}
	finding := func(id, updated string) any {
		return doc(t, fmt.Sprintf(`{"SchemaVersion":"2018-10-08","Id":"%s","ProductArn":"%s","GeneratorId":"g","AwsAccountId":"111111111111",
			"CreatedAt":"%s","UpdatedAt":"%s","Title":"t","Description":"d","Resources":[{"Type":"Other","Id":"r"}],
			"Severity":{"Label":"LOW"},"Types":["a/b"]}`, id, DefaultProductARN(c), updated, updated))
	}
	importDocs := func(docs ...any) error {
		_, err := svc.Import(ctx, c, docs, 10000)
		return err
	}
	update := func(id string, u map[string]any) error {
		_, _, err := svc.BatchUpdate(ctx, c, []Identifier{{ID: id, ProductARN: DefaultProductARN(c)}}, u)
		return err
	}
	const t1, t2 = "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"
	for _, step := range []struct {
		name   string
		write  func() error
		refuse bool
		want   []string
	}{
		{"created", func() error { return importDocs(finding("a", t1), finding("ruled", t1)) }, false,
			[]string{"111111111111 a NEW", "111111111111 ruled SUPPRESSED"}},
		{"an import that is not newer", func() error { return importDocs(finding("a", t1)) }, false, nil},
		{"a newer import", func() error { return importDocs(finding("a", t2)) }, false, []string{"111111111111 a NEW"}},
		{"an update", func() error { return update("a", map[string]any{"Workflow": map[string]any{"Status": "NOTIFIED"}}) }, false,
			[]string{"111111111111 a NOTIFIED"}},
		{"an update that changes nothing", func() error { return update("a", map[string]any{"Workflow": map[string]any{"Status": "NOTIFIED"}}) }, false, nil},
		{"refused by the hook", func() error { return update("a", map[string]any{"Workflow": map[string]any{"Status": "RESOLVED"}}) }, true,
			[]string{"111111111111 a RESOLVED"}},
		{"after the refusal", func() error { return update("a", map[string]any{"Workflow": map[string]any{"Status": "NOTIFIED"}}) }, false, nil},
	} {
		told, refuse = nil, nil
		if step.refuse {
			refuse = errors.New("no")
		}
		err := step.write()
		if (err != nil) != step.refuse || !slices.Equal(told, step.want) {
			t.Fatalf("%s: told %q (%v), want %q", step.name, told, err, step.want)
		}
	}
}

// TestChangedHooksAllTold: every hook registered with OnChanged is told of a write, in the
// order registered (the events outbox and automation rules V2's tickets both listen).
func TestChangedHooksAllTold(t *testing.T) {
	svc, c := newTestService(t, func() time.Time { return time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC) })
	var told []string
	for _, name := range []string{"first", "second"} {
		svc.OnChanged(func(tx store.Tx, key store.AccountKey, changes []Change) error {
			told = append(told, fmt.Sprintf("%s %d", name, len(changes)))
			return nil
		})
	}
	f := doc(t, fmt.Sprintf(`{"SchemaVersion":"2018-10-08","Id":"x","ProductArn":"%s","GeneratorId":"g","AwsAccountId":"111111111111",
		"CreatedAt":"2026-01-01T00:00:00Z","UpdatedAt":"2026-01-01T00:00:00Z","Title":"t","Description":"d","Resources":[{"Type":"Other","Id":"r"}],
		"Severity":{"Label":"LOW"},"Types":["a/b"]}`, DefaultProductARN(c)))
	if _, err := svc.Import(context.Background(), c, []any{f}, 10000); err != nil {
		t.Fatal(err)
	}
	if strings.Join(told, ", ") != "first 1, second 1" {
		t.Fatalf("hooks told: %v", told)
	}
}
