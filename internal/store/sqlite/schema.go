package sqlite

// migrations are applied in order; migrations[i] brings the schema from version i to i+1.
// Never edit a migration that has shipped: add a new one.
var migrations = []string{
	// 1: hubs, standards subscriptions, tags.
	`
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
`,
	// 2: administrator/member relationships. The partial unique index makes "a member has at
	// most one Enabled administrator in a region" a property of the database itself.
	`
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
`,
}

// stateTables are emptied by Reset, children before parents.
var stateTables = []string{"memberships", "resource_tags", "standards_subscriptions", "hubs"}
