package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The seed: `aws securityhub create-members` as documented, with its example output exactly.
const emptyUnprocessed = "{\n    \"UnprocessedAccounts\": []\n}\n"

func TestCreateMembersSeed(t *testing.T) {
	t.Parallel()
	for _, cli := range awsCLIs(t) {
		t.Run(cliVersion(t, cli), func(t *testing.T) {
			t.Parallel()
			s := startServer(t, t.TempDir())
			const admin = "123456789012"
			mustRun(t, s, cli, admin, "us-east-1", "securityhub", "enable-security-hub")

			out := mustRun(t, s, cli, admin, "us-east-1", "securityhub", "create-members",
				"--account-details", `[{"AccountId": "123456789111"}, {"AccountId": "123456789222"}]`)
			if out != emptyUnprocessed {
				t.Errorf("create-members (JSON) printed %q, want %q", out, emptyUnprocessed)
			}
			out = mustRun(t, s, cli, admin, "us-east-1", "securityhub", "create-members",
				"--account-details", "AccountId=123456789333,Email=sec@example.com", "AccountId=123456789444")
			if out != emptyUnprocessed {
				t.Errorf("create-members (shorthand) printed %q", out)
			}
			dir := t.TempDir()
			jsonFile := filepath.Join(dir, "in.json")
			os.WriteFile(jsonFile, []byte(`{"AccountDetails": [{"AccountId": "123456789555"}]}`), 0o644)
			out = mustRun(t, s, cli, admin, "us-east-1", "securityhub", "create-members", "--cli-input-json", "file://"+jsonFile)
			if out != emptyUnprocessed {
				t.Errorf("create-members --cli-input-json printed %q", out)
			}
			if isV2(t, cli) {
				yamlFile := filepath.Join(dir, "in.yaml")
				os.WriteFile(yamlFile, []byte("AccountDetails:\n  - AccountId: '123456789666'\n    Email: ops@example.com\n"), 0o644)
				out = mustRun(t, s, cli, admin, "us-east-1", "securityhub", "create-members", "--cli-input-yaml", "file://"+yamlFile)
				if out != emptyUnprocessed {
					t.Errorf("create-members --cli-input-yaml printed %q", out)
				}
			}
			// Again: already a member, with AWS's exact text.
			out = mustRun(t, s, cli, admin, "us-east-1", "securityhub", "create-members", "--account-details", `[{"AccountId": "123456789111"}]`)
			if !strings.Contains(out, `"ProcessingResult": "The request is rejected because the given account ID is already a member or associated member of the current account."`) {
				t.Errorf("duplicate create-members printed %s", out)
			}

			list := decode(t, mustRun(t, s, cli, admin, "us-east-1", "securityhub", "list-members", "--no-only-associated"))
			members, _ := list["Members"].([]any)
			if len(members) < 5 {
				t.Fatalf("list-members: %v", list)
			}
			first := members[0].(map[string]any)
			if first["AccountId"] != "123456789111" || first["MemberStatus"] != "Created" || first["AdministratorId"] != admin || first["MasterId"] != admin {
				t.Errorf("first member: %v", first)
			}
			if _, ok := first["Email"]; ok {
				t.Errorf("Email present though none was given: %v", first)
			}
			if m := members[2].(map[string]any); m["Email"] != "sec@example.com" {
				t.Errorf("shorthand Email lost: %v", m)
			}
			if out := mustRun(t, s, cli, admin, "us-east-1", "securityhub", "list-members"); out != "{\n    \"Members\": []\n}\n" {
				t.Errorf("list-members (only associated) printed %q", out)
			}

			// invite-members, list-invitations, accept-administrator-invitation.
			if out := mustRun(t, s, cli, admin, "us-east-1", "securityhub", "invite-members", "--account-ids", "123456789111"); out != emptyUnprocessed {
				t.Errorf("invite-members printed %q", out)
			}
			const member = "123456789111"
			mustRun(t, s, cli, member, "us-east-1", "securityhub", "enable-security-hub")
			invs := decode(t, mustRun(t, s, cli, member, "us-east-1", "securityhub", "list-invitations"))
			list2, _ := invs["Invitations"].([]any)
			if len(list2) != 1 {
				t.Fatalf("list-invitations: %v", invs)
			}
			inv := list2[0].(map[string]any)
			if inv["AccountId"] != admin || inv["MemberStatus"] != "Invited" || len(inv["InvitationId"].(string)) != 32 {
				t.Errorf("invitation: %v", inv)
			}
			if out := mustRun(t, s, cli, member, "us-east-1", "securityhub", "accept-administrator-invitation",
				"--administrator-id", admin, "--invitation-id", inv["InvitationId"].(string)); strings.TrimSpace(out) != "" {
				t.Errorf("accept-administrator-invitation printed %q", out)
			}
			enabled := decode(t, mustRun(t, s, cli, admin, "us-east-1", "securityhub", "list-members"))
			if ms := enabled["Members"].([]any); len(ms) != 1 || ms[0].(map[string]any)["MemberStatus"] != "Enabled" {
				t.Errorf("after accepting: %v", enabled)
			}
			adm := decode(t, mustRun(t, s, cli, member, "us-east-1", "securityhub", "get-administrator-account"))
			if a := adm["Administrator"].(map[string]any); a["AccountId"] != admin || a["MemberStatus"] != "Enabled" {
				t.Errorf("get-administrator-account: %v", adm)
			}
		})
	}
}
