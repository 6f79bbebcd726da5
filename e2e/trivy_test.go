package e2e

import (
	"bytes"
	"encoding/json"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
	"text/template"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/store/storetest"
	"github.com/sechub/sechub/internal/testenv"
)

// trivyModule is the Trivy release whose ASFF template the test renders.
const trivyModule = "github.com/aquasecurity/trivy@v0.74.0"

// trivyASFFTemplate returns Trivy's contrib/asff.tpl from its Go module (through the module
// proxy, or the module cache). Without either the test is skipped, unless CI is set.
func trivyASFFTemplate(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "mod", "download", "-json", trivyModule).Output()
	var mod struct{ Dir, Error string }
	if err == nil {
		err = json.Unmarshal(out, &mod)
	}
	var tpl []byte
	if err == nil {
		tpl, err = os.ReadFile(filepath.Join(mod.Dir, "contrib", "asff.tpl"))
	}
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("Trivy's module: %v %s", err, mod.Error)
		}
		t.Fatalf("Trivy's module: %v %s", err, mod.Error)
	}
	return string(tpl)
}

// The parts of Trivy's report (pkg/types.Result) that asff.tpl reads, with their Go names.
type (
	trivyCVSS struct {
		V2Vector, V3Vector string
		V2Score, V3Score   float64
	}
	trivyVulnerability struct {
		VulnerabilityID, PkgName, InstalledVersion, FixedVersion, Severity, Title, Description, PrimaryURL string
		CVSS                                                                                               map[string]trivyCVSS
	}
	trivyMisconfiguration struct {
		ID, Title, Description, Message, Resolution, Severity, PrimaryURL string
		CauseMetadata                                                     struct{ StartLine, EndLine int }
	}
	trivySecret struct{ Title, Severity string }
	trivyResult struct {
		Target            string
		Vulnerabilities   []trivyVulnerability
		Misconfigurations []trivyMisconfiguration
		Secrets           []trivySecret
	}
)

// renderTrivyASFF renders asff.tpl over results as `trivy --format template --template
// @contrib/asff.tpl` does: with the functions Trivy gives its templates (sprig's generic ones
// that asff.tpl uses, escapeString, sourceID), AWS_REGION and AWS_ACCOUNT_ID from env.
func renderTrivyASFF(t *testing.T, tpl string, results []trivyResult, env map[string]string) []byte {
	t.Helper()
	funcs := template.FuncMap{
		"regexFind":    func(re, s string) string { return regexp.MustCompile(re).FindString(s) },
		"substr":       func(start, end int, s string) string { return s[start:min(end, len(s))] },
		"env":          func(name string) string { return env[name] },
		"now":          time.Now,
		"date":         func(layout string, at time.Time) string { return at.Format(layout) },
		"empty":        func(v any) bool { return v == nil || reflect.ValueOf(v).IsZero() },
		"escapeString": html.EscapeString,
		"sourceID":     func(s string) string { return s },
	}
	parsed, err := template.New("asff").Funcs(funcs).Parse(tpl)
	if err != nil {
		t.Fatalf("Trivy's asff.tpl: %v", err)
	}
	var out bytes.Buffer
	if err := parsed.Execute(&out, results); err != nil {
		t.Fatalf("rendering asff.tpl: %v", err)
	}
	return out.Bytes()
}

// TestTrivyASFFImport: findings made by Trivy's own ASFF template (a vulnerability, a
// misconfiguration and a secret, as `trivy image --format template --template
// @contrib/asff.tpl` writes them) are refused until the account takes Aqua Security's
// product, then import, read back by ProductName, and each sends its event.
func TestTrivyASFFImport(t *testing.T) {
	if storetest.OnPostgres() {
		t.Skip("the producer does not depend on the store: this test runs in the SQLite run of the suite")
	}
	tpl := trivyASFFTemplate(t)
	recv := newReceiver(t)
	env := testenv.Start(t, withEvents(recv))
	a := newAccount(t, env, acctA, true)
	// Every value is given: the template writes "" for a missing one (a CVE without a CVSS v2
	// score, a package without a fix) into Details.Other, whose values ASFF's FieldMap
	// declares NonEmptyString: sechub refuses those, as the model says (whether AWS accepts
	// them is not known here).
	results := []trivyResult{
		{Target: "registry.example.com/shop/api:1.4 (debian 12.5)", Vulnerabilities: []trivyVulnerability{{
			VulnerabilityID: "CVE-2024-6119", PkgName: "libssl3", InstalledVersion: "3.0.13-1~deb12u1", FixedVersion: "3.0.14-1~deb12u2",
			Severity: "HIGH", Title: `openssl: Possible denial of service in X.509 name checks`,
			Description: `Applications performing certificate name checks (e.g., TLS clients checking server certificates) may attempt to read an invalid memory address "<here>".`,
			PrimaryURL:  "https://avd.aquasec.com/nvd/cve-2024-6119",
			CVSS: map[string]trivyCVSS{"nvd": {V3Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", V3Score: 7.5,
				V2Vector: "AV:N/AC:L/Au:N/C:N/I:N/A:P", V2Score: 5}},
		}, {VulnerabilityID: "CVE-2023-0000", PkgName: "zlib1g", InstalledVersion: "1:1.2.13", FixedVersion: "1:1.2.13.dfsg-1",
			Severity: "UNKNOWN", Title: "zlib: an unscored flaw", Description: "Not scored yet.",
			CVSS: map[string]trivyCVSS{"nvd": {V3Vector: "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:L", V3Score: 1.8,
				V2Vector: "AV:L/AC:H/Au:S/C:N/I:N/A:P", V2Score: 1}}}}},
		{Target: "deploy/Dockerfile", Misconfigurations: []trivyMisconfiguration{{ID: "DS002", Title: "Image user should not be 'root'",
			Description: "Running containers with 'root' user can lead to a container escape situation.", Message: "Specify at least 1 USER command in Dockerfile",
			Resolution: "Add 'USER <non root user name>' line to the Dockerfile", Severity: "HIGH", PrimaryURL: "https://avd.aquasec.com/misconfig/ds002"}}},
		{Target: "app/config.env", Secrets: []trivySecret{{Title: "AWS Access Key ID", Severity: "CRITICAL"}}},
	}
	raw := renderTrivyASFF(t, tpl, results, map[string]string{"AWS_REGION": region, "AWS_ACCOUNT_ID": acctA})
	var doc struct{ Findings []types.AwsSecurityFinding }
	if err := json.Unmarshal(raw, &doc); err != nil || len(doc.Findings) != 4 {
		t.Fatalf("Trivy's output: %d findings, %v:\n%s", len(doc.Findings), err, raw)
	}
	trivy := "arn:aws:securityhub:" + region + "::product/aquasecurity/aquasecurity"
	out := importFindings(t, a.c, doc.Findings...)
	if out.FailedCount == nil || *out.FailedCount != 4 || aws.ToString(out.FailedFindings[0].ErrorCode) != "InvalidAccess" {
		t.Fatalf("import before taking the product: %d failed, %s: %s", aws.ToInt32(out.FailedCount),
			aws.ToString(out.FailedFindings[0].ErrorCode), aws.ToString(out.FailedFindings[0].ErrorMessage))
	}
	if _, err := a.c.EnableImportFindingsForProduct(ctx, &securityhub.EnableImportFindingsForProductInput{ProductArn: aws.String(trivy)}); err != nil {
		t.Fatal(err)
	}
	if out := importFindings(t, a.c, doc.Findings...); aws.ToInt32(out.SuccessCount) != 4 {
		t.Fatalf("import of Trivy's findings: %+v %+v", out, out.FailedFindings)
	}
	got, err := a.c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		ProductName: equals("Aqua Cloud Native Security Platform"), RecordState: equals("ACTIVE")}})
	if err != nil || len(got.Findings) != 4 {
		t.Fatalf("GetFindings of Trivy's findings: %v %v", got, err)
	}
	byID := map[string]types.AwsSecurityFinding{}
	for _, f := range got.Findings {
		byID[aws.ToString(f.Id)] = f
	}
	vuln := byID["registry.example.com/shop/api:1.4 (debian 12.5)/CVE-2024-6119"]
	if vuln.Severity == nil || vuln.Severity.Label != types.SeverityLabelHigh || aws.ToString(vuln.CompanyName) != "Aqua Security" ||
		aws.ToString(vuln.Resources[0].Type) != "Container" || vuln.Resources[0].Details.Other["NvdCvssScoreV3"] != "7.5" ||
		aws.ToString(vuln.Remediation.Recommendation.Url) != "https://avd.aquasec.com/nvd/cve-2024-6119" {
		t.Fatalf("the vulnerability as imported: %+v", vuln)
	}
	if f := byID["registry.example.com/shop/api:1.4 (debian 12.5)/CVE-2023-0000"]; f.Severity == nil || f.Severity.Label != types.SeverityLabelInformational {
		t.Fatalf("an UNKNOWN vulnerability: %+v", f.Severity)
	}
	if _, ok := byID["deploy/Dockerfile/DS002"]; !ok {
		t.Fatalf("the misconfiguration is missing: %v", byID)
	}
	events := recv.waitCount(t, 4)
	for _, e := range events {
		checkImported(t, e, acctA, trivy, e.Finding["Id"].(string))
	}
}
