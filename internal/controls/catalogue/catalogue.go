// Package catalogue is the Security Hub CSPM control catalogue as data: every security control,
// the standards that hold it under their own ids, its related requirements and its custom
// parameters. The data (controls.json) is generated from public sources listed in SOURCES.md
// and embedded in the binary.
package catalogue

import (
	_ "embed"
	"encoding/json"
	"slices"
	"sync"

	"github.com/sechub/sechub/internal/controls/catalogue/ids"
)

//go:generate go run ./gen -in gen/testdata -out controls.json

//go:embed controls.json
var controlsJSON []byte

// Control is one security control.
type Control struct {
	ID           string // "S3.1"
	Title        string
	Severity     string       // LOW, MEDIUM, HIGH, CRITICAL
	ScheduleType string       // "Periodic", "Change triggered", "Change triggered and periodic"
	Standards    []Membership // the standards that hold it
	Parameters   []Parameter  // sorted by Name; empty when it takes none
}

// Membership is a control's place in one standard.
type Membership struct {
	Standard     string   // the standard's ARN resource path as in internal/standards/catalog.go: "standards/pci-dss/v/3.2.1", "ruleset/cis-aws-foundations-benchmark/v/1.2.0"
	ControlID    string   // the standard's own id: "CIS.1.10", "1.17", "PCI.S3.1", "S3.1"
	ARNSuffix    string   // what ends the standards control ARN .../control/<std>/v/<ver>/<ARNSuffix> ("1.10" for CIS 1.2.0's "CIS.1.10"; usually ControlID)
	Requirements []string // RelatedRequirements
}

// Parameter is one custom parameter a control takes.
type Parameter struct {
	Name    string
	Options json.RawMessage // exactly the model's ConfigurationOptions union as JSON, e.g. {"Integer":{"DefaultValue":30,"Min":14,"Max":365}}
}

// catalogue is controls.json parsed, with its indexes.
type catalogue struct {
	all        []Control
	byID       map[string]int
	byStandard map[string][]Control
}

// load parses the embedded data once. The data is generated and checked by the tests, so a
// failure here is a build defect, not a runtime condition.
var load = sync.OnceValue(func() *catalogue {
	var all []Control
	if err := json.Unmarshal(controlsJSON, &all); err != nil {
		panic("catalogue: controls.json: " + err.Error())
	}
	c := &catalogue{all: all, byID: make(map[string]int, len(all)), byStandard: map[string][]Control{}}
	type place struct {
		control   Control
		controlID string
	}
	places := map[string][]place{}
	for i, ctl := range all {
		c.byID[ctl.ID] = i
		for _, m := range ctl.Standards {
			places[m.Standard] = append(places[m.Standard], place{ctl, m.ControlID})
		}
	}
	for std, ps := range places {
		slices.SortStableFunc(ps, func(a, b place) int { return ids.CompareInStandard(a.controlID, b.controlID) })
		controls := make([]Control, len(ps))
		for i, p := range ps {
			controls[i] = p.control
		}
		c.byStandard[std] = controls
	}
	return c
})

// All returns every control, sorted by ID in AWS's order (service name case-insensitively, then
// number numerically). The slice and what it holds are shared: callers must not modify them.
func All() []Control {
	return load().all
}

// Lookup returns one control by id. The control's slices are shared: callers must not modify
// them.
func Lookup(id string) (Control, bool) {
	c := load()
	i, ok := c.byID[id]
	if !ok {
		return Control{}, false
	}
	return c.all[i], true
}

// InStandard returns the controls of a standard (by ARN resource path), in the standard's
// order: by the standard's own control ids, numbers numerically ("1.2" before "1.10"). It
// returns nil for a path no control names. The slice is shared: callers must not modify it.
func InStandard(path string) []Control {
	return load().byStandard[path]
}
