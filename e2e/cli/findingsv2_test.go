package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFindingsV2Commands imports findings with batch-import-findings and reads them as OCSF
// with get-findings-v2 (filters, sort, pages of one), updates one with
// batch-update-findings-v2 and reads the change back with get-findings, with the AWS CLI.
func TestFindingsV2Commands(t *testing.T) {
	t.Parallel()
	cli := awsCLIs(t)[0]
	if isV2(t, cli) && cliVersion(t, cli) < "2.28" {
		t.Skipf("AWS CLI %s predates Security Hub V2", cliVersion(t, cli))
	}
	s := startServer(t, t.TempDir())
	const acct = "111111111111"
	product := "arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default"
	mustRun(t, s, cli, acct, "us-east-1", "securityhub", "enable-security-hub")
	mustRun(t, s, cli, acct, "us-east-1", "securityhub", "enable-security-hub-v2")
	file := filepath.Join(t.TempDir(), "findings.json")
	finding := func(id, label, updated string) string {
		return `{"SchemaVersion":"2018-10-08","Id":"` + id + `","ProductArn":"` + product + `","GeneratorId":"g","AwsAccountId":"111111111111",
		"Types":["Software and Configuration Checks/Vulnerabilities/CVE"],"CreatedAt":"` + updated + `","UpdatedAt":"` + updated + `",
		"Severity":{"Label":"` + label + `"},"Title":"title ` + id + `","Description":"d","Resources":[{"Type":"AwsS3Bucket","Id":"arn:aws:s3:::` + id + `"}]}`
	}
	os.WriteFile(file, []byte("["+finding("v2-low", "LOW", "2026-11-01T00:00:00Z")+","+finding("v2-high", "HIGH", "2026-11-02T00:00:00Z")+","+
		finding("v2-critical", "CRITICAL", "2026-11-03T00:00:00Z")+"]"), 0o644)
	mustRun(t, s, cli, acct, "us-east-1", "securityhub", "batch-import-findings", "--findings", "file://"+file)

	got := decode(t, mustRun(t, s, cli, acct, "us-east-1", "securityhub", "get-findings-v2", "--page-size", "1",
		"--filters", `{"CompositeFilters":[{"Operator":"OR","StringFilters":[{"FieldName":"severity","Filter":{"Comparison":"EQUALS","Value":"Low"}},`+
			`{"FieldName":"severity","Filter":{"Comparison":"EQUALS","Value":"Critical"}}]}]}`,
		"--sort-criteria", `[{"Field":"severity_id","SortOrder":"asc"}]`))
	fs, _ := got["Findings"].([]any)
	var ids []string
	for _, f := range fs {
		m := f.(map[string]any)
		info := m["finding_info"].(map[string]any)
		ids = append(ids, info["uid"].(string))
		if m["class_name"] != "Vulnerability Finding" || m["metadata"].(map[string]any)["uid"] != product+"/"+info["uid"].(string) {
			t.Errorf("OCSF finding: %v", m)
		}
	}
	if strings.Join(ids, ",") != "v2-low,v2-critical" {
		t.Fatalf("get-findings-v2: %v", ids)
	}

	up := decode(t, mustRun(t, s, cli, acct, "us-east-1", "securityhub", "batch-update-findings-v2",
		"--metadata-uids", product+"/v2-high", "--status-id", "4", "--comment", "fixed"))
	if p, _ := up["ProcessedFindings"].([]any); len(p) != 1 {
		t.Fatalf("batch-update-findings-v2: %v", up)
	}
	v1 := decode(t, mustRun(t, s, cli, acct, "us-east-1", "securityhub", "get-findings", "--filters",
		`{"Id":[{"Comparison":"EQUALS","Value":"v2-high"}]}`))
	f := v1["Findings"].([]any)[0].(map[string]any)
	if f["Workflow"].(map[string]any)["Status"] != "RESOLVED" || f["Note"].(map[string]any)["Text"] != "fixed" {
		t.Fatalf("get-findings after the V2 update: %v %v", f["Workflow"], f["Note"])
	}

	// A field of no V2 filter: the CLI v1 exits 255 with the ValidationException.
	_, err := s.run(cli, acct, "us-east-1", "securityhub", "get-findings-v2", "--sort-criteria", `[{"Field":"no.such.field"}]`)
	if err == nil || !strings.Contains(err.Error(), "ValidationException") {
		t.Fatalf("bad sort field: %v", err)
	}
}
