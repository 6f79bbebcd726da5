package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportSurvivesKill imports a finding with the AWS CLI, kills the server with SIGKILL
// right after the answer, and finds the finding after a restart.
func TestImportSurvivesKill(t *testing.T) {
	t.Parallel()
	cli := awsCLIs(t)[0]
	data := t.TempDir()
	s := startServer(t, data)
	const acct = "111111111111"
	mustRun(t, s, cli, acct, "us-east-1", "securityhub", "enable-security-hub")
	file := filepath.Join(t.TempDir(), "findings.json")
	os.WriteFile(file, []byte(`[{"SchemaVersion":"2018-10-08","Id":"crash-1","ProductArn":"arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default",
		"GeneratorId":"g","AwsAccountId":"111111111111","Types":["Software and Configuration Checks/Vulnerabilities/CVE"],
		"CreatedAt":"2026-11-01T00:00:00.123456789Z","UpdatedAt":"2026-11-01T00:00:00.123456789Z","Severity":{"Label":"HIGH"},
		"Title":"t","Description":"d","Resources":[{"Type":"AwsS3Bucket","Id":"arn:aws:s3:::b"}]}]`), 0o644)
	out := decode(t, mustRun(t, s, cli, acct, "us-east-1", "securityhub", "batch-import-findings", "--findings", "file://"+file))
	if out["SuccessCount"] != float64(1) || out["FailedCount"] != float64(0) {
		t.Fatalf("batch-import-findings: %v", out)
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()

	s = startServer(t, data)
	got := decode(t, mustRun(t, s, cli, acct, "us-east-1", "securityhub", "get-findings"))
	fs, _ := got["Findings"].([]any)
	if len(fs) != 1 {
		t.Fatalf("after kill -9: %v", got)
	}
	f := fs[0].(map[string]any)
	if f["Id"] != "crash-1" || !strings.HasSuffix(f["UpdatedAt"].(string), ".123Z") {
		t.Fatalf("finding after restart: %v", f)
	}
}
