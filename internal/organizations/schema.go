package organizations

import "github.com/sechub/sechub/internal/store"

// Schema declares the domain's tables: organizations, their accounts and organizational units,
// handshakes, account creation requests, trusted services and delegated administrators, all
// global within a partition; then (migration 2) the tags of accounts, roots, OUs and policies,
// the organization's policies, their attachments and the policy types enabled in the root.
// These are tables rather than generic records because Organizations is global (records are
// per account and region) and the attachments are read both by policy and by target.
var Schema = store.Schema{
	Name:   "organizations",
	Legacy: 1,
	Migrations: []string{`
CREATE TABLE organizations (
	partition TEXT COLLATE "C" NOT NULL, org_id TEXT COLLATE "C" NOT NULL, root_id TEXT NOT NULL,
	management_account_id TEXT NOT NULL, management_email TEXT NOT NULL,
	feature_set TEXT NOT NULL, created_at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, org_id)
) WITHOUT ROWID;
CREATE TABLE org_accounts (
	partition TEXT COLLATE "C" NOT NULL, account_id TEXT COLLATE "C" NOT NULL, org_id TEXT COLLATE "C" NOT NULL,
	name TEXT NOT NULL, email TEXT NOT NULL, status TEXT NOT NULL, joined_method TEXT NOT NULL,
	joined_at_ms BIGINT NOT NULL, parent_id TEXT NOT NULL,
	PRIMARY KEY (partition, account_id)
) WITHOUT ROWID;
CREATE INDEX org_accounts_by_org ON org_accounts (partition, org_id, account_id);
CREATE TABLE org_units (
	partition TEXT COLLATE "C" NOT NULL, org_id TEXT COLLATE "C" NOT NULL, ou_id TEXT COLLATE "C" NOT NULL,
	parent_id TEXT NOT NULL, name TEXT NOT NULL,
	PRIMARY KEY (partition, org_id, ou_id)
) WITHOUT ROWID;
CREATE TABLE org_handshakes (
	partition TEXT COLLATE "C" NOT NULL, handshake_id TEXT COLLATE "C" NOT NULL, org_id TEXT NOT NULL,
	target_id TEXT NOT NULL, target_type TEXT NOT NULL, state TEXT NOT NULL,
	requested_at_ms BIGINT NOT NULL, expires_at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, handshake_id)
) WITHOUT ROWID;
CREATE TABLE org_create_account_requests (
	partition TEXT COLLATE "C" NOT NULL, request_id TEXT COLLATE "C" NOT NULL, org_id TEXT COLLATE "C" NOT NULL,
	account_name TEXT NOT NULL, email TEXT NOT NULL, state TEXT NOT NULL, account_id TEXT NOT NULL,
	failure_reason TEXT NOT NULL, requested_at_ms BIGINT NOT NULL, completed_at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, request_id)
) WITHOUT ROWID;
CREATE TABLE org_service_access (
	partition TEXT COLLATE "C" NOT NULL, org_id TEXT COLLATE "C" NOT NULL,
	service_principal TEXT COLLATE "C" NOT NULL, account_id TEXT COLLATE "C" NOT NULL, enabled_at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, org_id, service_principal, account_id)
) WITHOUT ROWID;
`, `
CREATE TABLE org_tags (
	partition TEXT COLLATE "C" NOT NULL, org_id TEXT COLLATE "C" NOT NULL, resource_id TEXT COLLATE "C" NOT NULL,
	tag_key TEXT COLLATE "C" NOT NULL, tag_value TEXT NOT NULL,
	PRIMARY KEY (partition, org_id, resource_id, tag_key)
) WITHOUT ROWID;
CREATE TABLE org_policies (
	partition TEXT COLLATE "C" NOT NULL, org_id TEXT COLLATE "C" NOT NULL, policy_id TEXT COLLATE "C" NOT NULL,
	policy_type TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL, content TEXT NOT NULL,
	PRIMARY KEY (partition, org_id, policy_id)
) WITHOUT ROWID;
CREATE TABLE org_policy_attachments (
	partition TEXT COLLATE "C" NOT NULL, org_id TEXT COLLATE "C" NOT NULL, policy_id TEXT COLLATE "C" NOT NULL,
	target_id TEXT COLLATE "C" NOT NULL, policy_type TEXT NOT NULL,
	PRIMARY KEY (partition, org_id, policy_id, target_id)
) WITHOUT ROWID;
CREATE INDEX org_policy_attachments_by_target ON org_policy_attachments (partition, org_id, target_id, policy_id);
CREATE TABLE org_policy_types (
	partition TEXT COLLATE "C" NOT NULL, org_id TEXT COLLATE "C" NOT NULL, policy_type TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (partition, org_id, policy_type)
) WITHOUT ROWID;
`},
}
