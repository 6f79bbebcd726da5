package findingsv2

import (
	"github.com/sechub/sechub/internal/findings"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
)

// The entry points of automation rules V2 (internal/automationv2), which evaluate their
// OcsfFindingCriteria and set severity_id and status_id as GetFindingsV2 and
// BatchUpdateFindingsV2 do. (Added by the automation rules V2 work: this file only exports
// what this package already has.)

// RuleCriteria translates the OcsfFindingCriteria of automation rules V2 into the findings
// filter trees GetFindingsV2 would evaluate them with (nil: every finding), one for each.
// The trees share the OCSF form of the finding they last tested: rules are evaluated on a
// finding one after the other, which maps it to OCSF once.
func RuleCriteria(list []*sh.OcsfFindingFilters) ([]*findings.FilterTree, error) {
	cache := &ocsfCache{}
	resolve := func(l leaf) (findings.FilterLeaf, error) { return resolveFinding(l, cache) }
	out := make([]*findings.FilterTree, len(list))
	for i, f := range list {
		if f == nil {
			continue
		}
		comps, err := ocsfComposites(f.CompositeFilters)
		if err != nil {
			return nil, err
		}
		if len(comps) > 0 {
			if out[i], err = tree(comps, f.CompositeOperator, resolve); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// SeverityLabel returns the ASFF Severity.Label of an OCSF severity_id ("" when ASFF has
// none).
func SeverityLabel(id int) string {
	for _, sv := range severities {
		if sv.ID == id {
			return sv.Label
		}
	}
	return ""
}

// WorkflowStatus returns the ASFF Workflow.Status of an OCSF status_id ("" when ASFF has
// none).
func WorkflowStatus(id int) string {
	for _, st := range statuses {
		if st.ID == id {
			return st.Workflow
		}
	}
	return ""
}
