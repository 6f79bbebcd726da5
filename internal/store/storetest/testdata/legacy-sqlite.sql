-- The schema of sechub builds before per-domain schemas (SQLite, schema_version 6), for the
-- test that such a database is adopted.

CREATE TABLE server_secret (value BLOB NOT NULL);

CREATE TABLE hubs (
	partition   TEXT NOT NULL,
	region      TEXT NOT NULL,
	account_id  TEXT NOT NULL,
	subscribed_at_ms INTEGER NOT NULL,
	auto_enable_controls INTEGER NOT NULL,
	control_finding_generator TEXT NOT NULL,
	PRIMARY KEY (partition, region, account_id)
) WITHOUT ROWID;

CREATE TABLE standards_subscriptions (
	partition   TEXT NOT NULL,
	region      TEXT NOT NULL,
	account_id  TEXT NOT NULL,
	standards_arn TEXT NOT NULL,
	subscription_arn TEXT NOT NULL,
	input_json  TEXT NOT NULL,
	status      TEXT NOT NULL,
	created_at_ms INTEGER NOT NULL,
	PRIMARY KEY (partition, region, account_id, standards_arn)
) WITHOUT ROWID;

CREATE TABLE resource_tags (
	resource_arn TEXT NOT NULL,
	tag_key     TEXT NOT NULL,
	tag_value   TEXT NOT NULL,
	partition   TEXT NOT NULL,
	region      TEXT NOT NULL,
	account_id  TEXT NOT NULL,
	PRIMARY KEY (resource_arn, tag_key)
) WITHOUT ROWID;
CREATE INDEX resource_tags_by_account ON resource_tags (partition, region, account_id);

CREATE TABLE memberships (
	partition   TEXT NOT NULL,
	region      TEXT NOT NULL,
	admin_id    TEXT NOT NULL,
	member_id   TEXT NOT NULL,
	email       TEXT NOT NULL,
	status      TEXT NOT NULL,
	origin      TEXT NOT NULL,
	invitation_id TEXT NOT NULL,
	invited_at_ms INTEGER NOT NULL,
	updated_at_ms INTEGER NOT NULL,
	member_visible INTEGER NOT NULL,
	PRIMARY KEY (partition, region, admin_id, member_id)
) WITHOUT ROWID;
CREATE INDEX memberships_by_member ON memberships (partition, region, member_id, admin_id);
CREATE INDEX memberships_by_admin_status ON memberships (partition, region, admin_id, status, member_id);
CREATE UNIQUE INDEX memberships_one_enabled_admin ON memberships (partition, region, member_id) WHERE status = 'Enabled';

CREATE TABLE organizations (
	partition TEXT NOT NULL, org_id TEXT NOT NULL, root_id TEXT NOT NULL,
	management_account_id TEXT NOT NULL, management_email TEXT NOT NULL,
	feature_set TEXT NOT NULL, created_at_ms INTEGER NOT NULL,
	PRIMARY KEY (partition, org_id)
) WITHOUT ROWID;
CREATE TABLE org_accounts (
	partition TEXT NOT NULL, account_id TEXT NOT NULL, org_id TEXT NOT NULL,
	name TEXT NOT NULL, email TEXT NOT NULL, status TEXT NOT NULL, joined_method TEXT NOT NULL,
	joined_at_ms INTEGER NOT NULL, parent_id TEXT NOT NULL,
	PRIMARY KEY (partition, account_id)
) WITHOUT ROWID;
CREATE INDEX org_accounts_by_org ON org_accounts (partition, org_id, account_id);
CREATE TABLE org_units (
	partition TEXT NOT NULL, org_id TEXT NOT NULL, ou_id TEXT NOT NULL, parent_id TEXT NOT NULL, name TEXT NOT NULL,
	PRIMARY KEY (partition, org_id, ou_id)
) WITHOUT ROWID;
CREATE TABLE org_handshakes (
	partition TEXT NOT NULL, handshake_id TEXT NOT NULL, org_id TEXT NOT NULL, target_id TEXT NOT NULL,
	target_type TEXT NOT NULL, state TEXT NOT NULL, requested_at_ms INTEGER NOT NULL, expires_at_ms INTEGER NOT NULL,
	PRIMARY KEY (partition, handshake_id)
) WITHOUT ROWID;
CREATE TABLE org_create_account_requests (
	partition TEXT NOT NULL, request_id TEXT NOT NULL, org_id TEXT NOT NULL, account_name TEXT NOT NULL,
	email TEXT NOT NULL, state TEXT NOT NULL, account_id TEXT NOT NULL, failure_reason TEXT NOT NULL,
	requested_at_ms INTEGER NOT NULL, completed_at_ms INTEGER NOT NULL,
	PRIMARY KEY (partition, request_id)
) WITHOUT ROWID;
CREATE TABLE org_service_access (
	partition TEXT NOT NULL, org_id TEXT NOT NULL, service_principal TEXT NOT NULL, account_id TEXT NOT NULL,
	enabled_at_ms INTEGER NOT NULL,
	PRIMARY KEY (partition, org_id, service_principal, account_id)
) WITHOUT ROWID;
CREATE TABLE securityhub_org_admins (
	partition TEXT NOT NULL, region TEXT NOT NULL, org_id TEXT NOT NULL, account_id TEXT NOT NULL, status TEXT NOT NULL,
	PRIMARY KEY (partition, region)
) WITHOUT ROWID;
CREATE TABLE securityhub_org_configs (
	partition TEXT NOT NULL, region TEXT NOT NULL, org_id TEXT NOT NULL, auto_enable INTEGER NOT NULL,
	auto_enable_standards TEXT NOT NULL, configuration_type TEXT NOT NULL, status TEXT NOT NULL,
	PRIMARY KEY (partition, region)
) WITHOUT ROWID;

CREATE TABLE findings (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	partition TEXT NOT NULL, region TEXT NOT NULL, product_arn TEXT NOT NULL, finding_id TEXT NOT NULL,
	account_id TEXT NOT NULL,
	generator_id TEXT, title TEXT, severity_label TEXT, workflow_status TEXT, record_state TEXT,
	compliance_status TEXT, product_name TEXT, company_name TEXT,
	severity_normalized INTEGER,
	created_at_ms INTEGER, updated_at_ms INTEGER NOT NULL, first_observed_at_ms INTEGER,
	last_observed_at_ms INTEGER, processed_at_ms INTEGER,
	expires_at_ms INTEGER NOT NULL,
	doc BLOB NOT NULL, meta BLOB NOT NULL
);
CREATE UNIQUE INDEX findings_by_key ON findings (partition, region, product_arn, finding_id);
CREATE INDEX findings_by_updated ON findings (partition, region, updated_at_ms DESC, seq);
CREATE INDEX findings_by_account_updated ON findings (partition, region, account_id, updated_at_ms DESC, seq);
CREATE INDEX findings_by_severity ON findings (partition, region, severity_label, workflow_status, record_state, updated_at_ms DESC, seq);
CREATE INDEX findings_by_expiry ON findings (expires_at_ms);
CREATE TABLE finding_values (
	seq INTEGER NOT NULL REFERENCES findings (seq) ON DELETE CASCADE,
	key TEXT NOT NULL, value TEXT NOT NULL,
	PRIMARY KEY (seq, key, value)
) WITHOUT ROWID;
CREATE INDEX finding_values_by_value ON finding_values (key, value, seq);
CREATE TABLE finding_history (
	hseq INTEGER PRIMARY KEY AUTOINCREMENT,
	seq INTEGER NOT NULL REFERENCES findings (seq) ON DELETE CASCADE,
	at_ms INTEGER NOT NULL, body BLOB NOT NULL
);
CREATE INDEX finding_history_by_finding ON finding_history (seq, at_ms DESC, hseq DESC);

CREATE TABLE insights (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	partition TEXT NOT NULL, region TEXT NOT NULL, account_id TEXT NOT NULL, arn TEXT NOT NULL,
	name TEXT NOT NULL, filters BLOB NOT NULL, group_by TEXT NOT NULL, created_at_ms INTEGER NOT NULL
);
CREATE UNIQUE INDEX insights_by_arn ON insights (partition, region, account_id, arn);

CREATE TABLE finding_docs (
	seq INTEGER PRIMARY KEY REFERENCES findings (seq) ON DELETE CASCADE,
	doc BLOB NOT NULL, meta BLOB NOT NULL
);
INSERT INTO finding_docs (seq, doc, meta) SELECT seq, doc, meta FROM findings;
ALTER TABLE findings DROP COLUMN doc;
ALTER TABLE findings DROP COLUMN meta;
CREATE TABLE finding_values_v6 (
	seq INTEGER NOT NULL REFERENCES findings (seq) ON DELETE CASCADE,
	key TEXT NOT NULL, value TEXT NOT NULL,
	partition TEXT NOT NULL, region TEXT NOT NULL, account_id TEXT NOT NULL, expires_at_ms INTEGER NOT NULL,
	PRIMARY KEY (seq, key, value)
) WITHOUT ROWID;
INSERT INTO finding_values_v6 (seq, key, value, partition, region, account_id, expires_at_ms)
	SELECT v.seq, v.key, v.value, f.partition, f.region, f.account_id, f.expires_at_ms FROM finding_values v JOIN findings f ON f.seq = v.seq;
DROP TABLE finding_values;
ALTER TABLE finding_values_v6 RENAME TO finding_values;
CREATE INDEX finding_values_by_value ON finding_values (partition, region, key, value, account_id, expires_at_ms, seq);
DROP INDEX findings_by_severity;
CREATE INDEX findings_by_severity ON findings (partition, region, severity_label, workflow_status, record_state, updated_at_ms DESC, seq, account_id, expires_at_ms);

CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version (version) VALUES (6);
