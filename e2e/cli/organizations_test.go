package cli

import (
	"strings"
	"testing"
)

// TestOrganizationCommands creates an organization and its accounts, designates a Security Hub
// administrator and lets it auto-enable new accounts. It runs with the first AWS CLI only, as
// TestActionTargetCommands does; SECHUB_AWS_CLI=/usr/bin/aws runs it with Debian's v2.9, whose
// older model prints nothing for enable-organization-admin-account.
func TestOrganizationCommands(t *testing.T) {
	t.Parallel()
	for _, cli := range awsCLIs(t)[:1] {
		t.Run(cliVersion(t, cli), func(t *testing.T) {
			t.Parallel()
			s := startServer(t, t.TempDir())
			const mgmt = "100000000000"
			org := decode(t, mustRun(t, s, cli, mgmt, "us-east-1", "organizations", "create-organization", "--feature-set", "ALL"))
			o := org["Organization"].(map[string]any)
			if o["MasterAccountId"] != mgmt || !strings.HasPrefix(o["Id"].(string), "o-") || o["FeatureSet"] != "ALL" {
				t.Fatalf("create-organization: %v", org)
			}
			created := decode(t, mustRun(t, s, cli, mgmt, "us-east-1", "organizations", "create-account",
				"--account-name", "security", "--email", "security@example.com"))
			da := created["CreateAccountStatus"].(map[string]any)["AccountId"].(string)

			// Older CLIs (Debian's 2.9) model no output for this command and print nothing.
			if raw := mustRun(t, s, cli, mgmt, "us-east-1", "securityhub", "enable-organization-admin-account", "--admin-account-id", da); strings.TrimSpace(raw) != "" {
				if out := decode(t, raw); out["AdminAccountId"] != da || out["Feature"] != "SecurityHub" {
					t.Fatalf("enable-organization-admin-account: %v", out)
				}
			}
			list := decode(t, mustRun(t, s, cli, mgmt, "us-east-1", "securityhub", "list-organization-admin-accounts"))
			admins := list["AdminAccounts"].([]any)
			if len(admins) != 1 || admins[0].(map[string]any)["AccountId"] != da || admins[0].(map[string]any)["Status"] != "ENABLED" {
				t.Fatalf("list-organization-admin-accounts: %v", list)
			}
			if out := mustRun(t, s, cli, da, "us-east-1", "securityhub", "update-organization-configuration", "--auto-enable",
				"--auto-enable-standards", "NONE"); strings.TrimSpace(out) != "" {
				t.Fatalf("update-organization-configuration printed %q", out)
			}
			cfg := decode(t, mustRun(t, s, cli, da, "us-east-1", "securityhub", "describe-organization-configuration"))
			if cfg["AutoEnable"] != true || cfg["AutoEnableStandards"] != "NONE" {
				t.Fatalf("describe-organization-configuration: %v", cfg)
			}
			_, err := s.run(cli, mgmt, "us-east-1", "securityhub", "update-organization-configuration", "--auto-enable")
			if err == nil || !strings.Contains(err.Error(), "(InvalidAccessException)") {
				t.Fatalf("update-organization-configuration by a non-administrator: %v", err)
			}
			// A new account joins as an Enabled member.
			created = decode(t, mustRun(t, s, cli, mgmt, "us-east-1", "organizations", "create-account",
				"--account-name", "app", "--email", "app@example.com"))
			app := created["CreateAccountStatus"].(map[string]any)["AccountId"].(string)
			members := decode(t, mustRun(t, s, cli, da, "us-east-1", "securityhub", "list-members"))
			ms := members["Members"].([]any)
			if len(ms) != 1 || ms[0].(map[string]any)["AccountId"] != app || ms[0].(map[string]any)["MemberStatus"] != "Enabled" {
				t.Fatalf("list-members after auto-enable: %v", members)
			}
		})
	}
}
