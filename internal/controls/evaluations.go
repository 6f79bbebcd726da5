package controls

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/identity"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/standards"
	"github.com/sechub/sechub/internal/store"
)

// Evaluation is the result of checking one resource against a security control, which AWS
// gets from AWS Config and sechub from its users: the controls domain turns it into the
// control finding Security Hub would produce.
type Evaluation struct {
	SecurityControlID string
	ResourceType      string // an ASFF resource type: AwsS3Bucket, AwsAccount, ...
	ResourceID        string // the resource's ARN or id
	// ComplianceStatus is PASSED, FAILED, WARNING or NOT_AVAILABLE.
	ComplianceStatus string
}

// complianceStatuses are the values of a finding's Compliance.Status.
var complianceStatuses = []string{"PASSED", "WARNING", "FAILED", "NOT_AVAILABLE"}

// findingNamespace makes control finding ids stable: the same control, resource and standard
// of an account and region always name the same finding, so a new evaluation updates it.
var findingNamespace = uuid.MustParse("5e0c7b52-9d4e-4a51-8a55-2f0c1d3e6a10")

// Evaluate produces or updates the control findings of one evaluation, shaped as Security
// Hub shapes them: one finding for the control when the hub's ControlFindingGenerator is
// SECURITY_CONTROL (consolidated), else one per enabled standard in which the control is
// enabled. The control's status is read and the findings written in one transaction. It
// returns the findings' ids.
func (s *Service) Evaluate(ctx context.Context, c identity.Caller, e Evaluation) ([]string, error) {
	switch {
	case e.ResourceType == "" || e.ResourceID == "":
		return nil, apierr.EvaluationInvalid.New("ResourceType and ResourceId are required.")
	case !slices.Contains(complianceStatuses, e.ComplianceStatus):
		return nil, apierr.EvaluationInvalid.New(fmt.Sprintf("ComplianceStatus must be one of %v.", complianceStatuses))
	}
	key := domain.Key(c)
	ctl, known := s.Catalog.Control(e.SecurityControlID)
	now := s.Clock.Now()
	var ids []string
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		acct, err := load(tx, key)
		if err != nil {
			return err
		}
		if !known {
			return apierr.SecurityControlNotFound.New(e.SecurityControlID)
		}
		var enabled []Association
		for _, a := range acct.associations(s.Catalog, ctl) {
			if a.Status == sh.ControlStatusEnabled {
				enabled = append(enabled, a)
			}
		}
		if len(enabled) == 0 {
			return apierr.EvaluationInvalid.New(fmt.Sprintf("Control %s is not enabled in any standard the account has enabled: Security Hub does not evaluate it.", ctl.ID))
		}
		var docs []findings.Finding
		if acct.hub.ControlFindingGenerator == sh.ControlFindingGeneratorStandardControl {
			for _, a := range enabled {
				docs = append(docs, s.standardFinding(c, a, e, now))
			}
		} else {
			docs = append(docs, s.consolidatedFinding(c, ctl, enabled, e, now))
		}
		ids = make([]string, len(docs))
		for i, d := range docs {
			ids[i] = d["Id"].(string)
		}
		return s.Findings.ImportControlFindingsIn(tx, c, docs, now)
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// commonFinding is what every control finding carries.
func commonFinding(c identity.Caller, id, generatorID, title string, ctl *Control, e Evaluation, now time.Time) map[string]any {
	ts := findings.FormatTime(now)
	return map[string]any{
		"SchemaVersion": "2018-10-08", "Id": id, "ProductArn": findings.SecurityHubProductARN(c),
		"GeneratorId": generatorID, "AwsAccountId": c.AccountID,
		"Types":     []any{"Software and Configuration Checks/Industry and Regulatory Standards"},
		"CreatedAt": ts, "UpdatedAt": ts, "FirstObservedAt": ts, "LastObservedAt": ts,
		"Severity": map[string]any{"Label": ctl.Severity, "Original": ctl.Severity},
		"Title":    title, "Description": ctl.Description(),
		"Remediation": map[string]any{"Recommendation": map[string]any{
			"Text": "For information on how to correct this issue, consult the AWS Security Hub controls documentation.",
			"Url":  RemediationURL(ctl.ID)}},
		"Resources":   []any{map[string]any{"Type": e.ResourceType, "Id": e.ResourceID, "Partition": c.Partition, "Region": c.Region}},
		"RecordState": "ACTIVE",
	}
}

// consolidatedFinding is the one finding of a control and resource (SECURITY_CONTROL).
func (s *Service) consolidatedFinding(c identity.Caller, ctl *Control, enabled []Association, e Evaluation, now time.Time) map[string]any {
	key := domain.Key(c)
	name := uuid.NewSHA1(findingNamespace, []byte(key.Partition+"|"+key.Region+"|"+key.AccountID+"|"+ctl.ID+"|"+e.ResourceID))
	id := SecurityControlARN(key, ctl.ID) + "/finding/" + name.String()
	f := commonFinding(c, id, "security-control/"+ctl.ID, ctl.Title, ctl, e, now)
	var associated []any
	var requirements []any
	for _, a := range enabled {
		associated = append(associated, map[string]any{"StandardsId": a.Standard.Path})
		for _, r := range a.Requirements {
			requirements = append(requirements, r)
		}
	}
	compliance := map[string]any{"Status": e.ComplianceStatus, "SecurityControlId": ctl.ID, "AssociatedStandards": associated}
	if len(requirements) > 0 {
		compliance["RelatedRequirements"] = requirements
	}
	f["Compliance"] = compliance
	f["ProductFields"] = map[string]any{"RelatedAWSResources:0/type": "AWS::Config::ConfigRule",
		"RecommendationUrl": RemediationURL(ctl.ID)}
	return f
}

// standardFinding is the finding of a control and resource in one standard (STANDARD_CONTROL).
func (s *Service) standardFinding(c identity.Caller, a Association, e Evaluation, now time.Time) map[string]any {
	key := domain.Key(c)
	name := uuid.NewSHA1(findingNamespace, []byte(key.Partition+"|"+key.Region+"|"+key.AccountID+"|"+a.Control.ID+"|"+e.ResourceID+"|"+a.Standard.Path))
	subscription := a.Standard.SubscriptionARN(key.Partition, key.Region, key.AccountID)
	id := subscription + "/" + a.ARNSuffix + "/finding/" + name.String()
	f := commonFinding(c, id, a.GeneratorID(), a.Control.Title, a.Control, e, now)
	compliance := map[string]any{"Status": e.ComplianceStatus, "SecurityControlId": a.Control.ID,
		"AssociatedStandards": []any{map[string]any{"StandardsId": a.Standard.Path}}}
	if len(a.Requirements) > 0 {
		requirements := make([]any, len(a.Requirements))
		for i, r := range a.Requirements {
			requirements[i] = r
		}
		compliance["RelatedRequirements"] = requirements
	}
	f["Compliance"] = compliance
	f["ProductFields"] = map[string]any{"StandardsArn": a.StandardsARN(), "StandardsSubscriptionArn": subscription,
		"ControlId": a.ControlID, "StandardsControlArn": a.ARN(), "RecommendationUrl": a.RemediationURL,
		"RelatedAWSResources:0/type": "AWS::Config::ConfigRule"}
	return f
}

// equals is the finding filter "field EQUALS value".
func equals(value string) []any {
	return []any{map[string]any{"Value": value, "Comparison": "EQUALS"}}
}

// controlFindings returns, in tx, the control findings of the caller's own account that match
// filters.
func (s *Service) controlFindings(tx store.Tx, c identity.Caller, filters map[string]any, now time.Time) ([]findings.Finding, error) {
	filters["ProductArn"] = equals(findings.SecurityHubProductARN(c))
	filters["AwsAccountId"] = equals(c.AccountID)
	return s.Findings.FindIn(tx, c, filters, now)
}

// archiveDisabled archives, in tx, the active control findings of controls that are no
// longer evaluated after a status change in tx: in consolidated mode those of a control
// disabled in every enabled standard, in per-standard mode those of the standards where it is
// disabled. As in AWS, enabling a control again does not reopen them: its next evaluation does.
func (s *Service) archiveDisabled(tx store.Tx, c identity.Caller, controlIDs []string, now time.Time) error {
	acct, err := load(tx, domain.Key(c))
	if err != nil {
		return err
	}
	var docs []findings.Finding
	slices.Sort(controlIDs)
	controlIDs = slices.Compact(controlIDs)
	// The account's active control findings are read once, whatever the number of controls
	// (a configuration policy disables hundreds at once).
	active, err := s.controlFindings(tx, c, map[string]any{"RecordState": equals("ACTIVE")}, now)
	if err != nil {
		return err
	}
	byControl := map[string][]findings.Finding{}
	for _, f := range active {
		if compliance, ok := f["Compliance"].(map[string]any); ok {
			id, _ := compliance["SecurityControlId"].(string)
			byControl[id] = append(byControl[id], f)
		}
	}
	for _, id := range controlIDs {
		ctl, ok := s.Catalog.Control(id)
		if !ok || len(byControl[id]) == 0 {
			continue
		}
		disabled := map[string]bool{} // generator ids whose findings go
		allOff := true
		for _, a := range acct.associations(s.Catalog, ctl) {
			if a.Status == sh.ControlStatusEnabled {
				allOff = false
				continue
			}
			disabled[a.GeneratorID()] = true
		}
		if allOff {
			disabled["security-control/"+ctl.ID] = true
		}
		for _, f := range byControl[id] {
			if g, _ := f["GeneratorId"].(string); disabled[g] {
				f["RecordState"], f["UpdatedAt"] = "ARCHIVED", findings.FormatTime(now)
				docs = append(docs, f)
			}
		}
	}
	return s.Findings.ImportControlFindingsIn(tx, c, docs, now)
}

// standardDisabled runs, in the BatchDisableStandards transaction, when key unsubscribes from
// a standard: the account's control statuses in it are forgotten (enabling it again starts
// afresh), the control findings made for that standard are archived, and so are the
// consolidated findings of its controls that no enabled standard holds any more.
func (s *Service) standardDisabled(tx store.Tx, key store.AccountKey, d standards.Definition) error {
	if err := removeOverrides(tx, key, d.Path); err != nil {
		return err
	}
	std, ok := s.Catalog.Standard(d.Path)
	if !ok {
		return nil
	}
	c := identity.Caller{Partition: key.Partition, Region: key.Region, AccountID: key.AccountID}
	now := s.Clock.Now()
	prefix := d.ResourceSuffix() + "/"
	if d.Global {
		prefix = d.ARN(key.Partition, key.Region) + "/rule/"
	}
	own, err := s.controlFindings(tx, c, map[string]any{"GeneratorId": []any{map[string]any{"Value": prefix, "Comparison": "PREFIX"}},
		"RecordState": equals("ACTIVE")}, now)
	if err != nil {
		return err
	}
	for _, f := range own {
		f["RecordState"], f["UpdatedAt"] = "ARCHIVED", findings.FormatTime(now)
	}
	if err := s.Findings.ImportControlFindingsIn(tx, c, own, now); err != nil {
		return err
	}
	ids := make([]string, len(std.Members))
	for i, m := range std.Members {
		ids[i] = m.Control.ID
	}
	return s.archiveDisabled(tx, c, ids, now)
}

// ControlReport is what the control findings say of an account's controls.
type ControlReport struct {
	Controls  []ControlCompliance
	Standards []StandardScore
}

// ControlCompliance is a security control's compliance status, from its active findings:
// FAILED when one failed, UNKNOWN when one is WARNING or NOT_AVAILABLE and none failed,
// PASSED when all passed, NO_DATA without findings, DISABLED when it is disabled.
type ControlCompliance struct {
	SecurityControlID string
	Status            string
}

// StandardScore is an enabled standard's security score: its passed controls among its
// enabled controls that have data.
type StandardScore struct {
	StandardsARN string
	Passed       int
	WithData     int
	Score        float64 // Passed/WithData, 0 without data
}

// Report derives each control's compliance status and each enabled standard's score from the
// account's control findings, as one transaction sees them.
func (s *Service) Report(ctx context.Context, c identity.Caller) (ControlReport, error) {
	key := domain.Key(c)
	now := s.Clock.Now()
	var acct *account
	var active []findings.Finding
	if err := s.Store.View(ctx, func(tx store.Tx) (err error) {
		if acct, err = load(tx, key); err != nil {
			return err
		}
		active, err = s.controlFindings(tx, c, map[string]any{"RecordState": equals("ACTIVE")}, now)
		return err
	}); err != nil {
		return ControlReport{}, err
	}
	// statuses[standard path][control id] holds the compliance statuses of the findings that
	// count for that standard; "" collects the consolidated findings of a control.
	statuses := map[string]map[string][]string{}
	add := func(std, id, status string) {
		if statuses[std] == nil {
			statuses[std] = map[string][]string{}
		}
		statuses[std][id] = append(statuses[std][id], status)
	}
	for _, f := range active {
		comp, _ := f["Compliance"].(map[string]any)
		id, _ := comp["SecurityControlId"].(string)
		status, _ := comp["Status"].(string)
		add("", id, status)
		list, _ := comp["AssociatedStandards"].([]any)
		for _, a := range list {
			if std, ok := a.(map[string]any); ok {
				path, _ := std["StandardsId"].(string)
				add(path, id, status)
			}
		}
	}
	var report ControlReport
	for _, ctl := range s.Catalog.Controls {
		associations := acct.associations(s.Catalog, ctl)
		if len(associations) == 0 {
			continue
		}
		status := sh.ControlStatusDisabled
		if acct.status(s.Catalog, ctl) == sh.ControlStatusEnabled {
			status = compliance(statuses[""][ctl.ID])
		}
		report.Controls = append(report.Controls, ControlCompliance{SecurityControlID: ctl.ID, Status: status})
	}
	for path := range acct.enabled {
		std, ok := s.Catalog.Standard(path)
		if !ok {
			continue
		}
		score := StandardScore{StandardsARN: std.ARN(key.Partition, key.Region)}
		for _, m := range std.Members {
			if acct.association(std, m).Status != sh.ControlStatusEnabled {
				continue
			}
			switch compliance(statuses[path][m.Control.ID]) {
			case "PASSED":
				score.Passed++
				score.WithData++
			case "FAILED", "UNKNOWN":
				score.WithData++
			}
		}
		if score.WithData > 0 {
			score.Score = float64(score.Passed) / float64(score.WithData)
		}
		report.Standards = append(report.Standards, score)
	}
	slices.SortFunc(report.Standards, func(a, b StandardScore) int { return strings.Compare(a.StandardsARN, b.StandardsARN) })
	return report, nil
}

// compliance is a control's status from its findings' compliance statuses.
func compliance(statuses []string) string {
	if len(statuses) == 0 {
		return "NO_DATA"
	}
	unknown := false
	for _, s := range statuses {
		switch s {
		case "FAILED":
			return "FAILED"
		case "WARNING", "NOT_AVAILABLE":
			unknown = true
		}
	}
	if unknown {
		return "UNKNOWN"
	}
	return "PASSED"
}
