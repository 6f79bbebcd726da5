package members

import "github.com/sechub/sechub/internal/store"

// Schema declares the tables of this domain: the administrator/member relationships, and each
// organization's administrator per region (securityhub_org_admins_by_org). The partial unique index makes
// "a member has at most one Enabled administrator in a region" a property of the database
// itself, whichever replica writes.
var Schema = store.Schema{
	Name:   "members",
	Legacy: 1,
	Migrations: []string{`
CREATE TABLE memberships (
	partition TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C" NOT NULL,
	admin_id TEXT COLLATE "C" NOT NULL, member_id TEXT COLLATE "C" NOT NULL,
	email TEXT NOT NULL, status TEXT COLLATE "C" NOT NULL, origin TEXT NOT NULL, invitation_id TEXT NOT NULL,
	invited_at_ms BIGINT NOT NULL, updated_at_ms BIGINT NOT NULL, member_visible INTEGER NOT NULL,
	PRIMARY KEY (partition, region, admin_id, member_id)
) WITHOUT ROWID;
CREATE INDEX memberships_by_member ON memberships (partition, region, member_id, admin_id);
CREATE INDEX memberships_by_admin_status ON memberships (partition, region, admin_id, status, member_id);
CREATE UNIQUE INDEX memberships_one_enabled_admin ON memberships (partition, region, member_id) WHERE status = 'Enabled';
CREATE TABLE securityhub_org_admins (
	partition TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C" NOT NULL, org_id TEXT NOT NULL,
	account_id TEXT NOT NULL, status TEXT NOT NULL,
	PRIMARY KEY (partition, region)
) WITHOUT ROWID;
`, `
CREATE TABLE securityhub_org_admins_by_org (
	partition TEXT COLLATE "C" NOT NULL, org_id TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C" NOT NULL,
	account_id TEXT NOT NULL, status TEXT NOT NULL,
	PRIMARY KEY (partition, org_id, region)
) WITHOUT ROWID;
INSERT INTO securityhub_org_admins_by_org (partition, org_id, region, account_id, status)
	SELECT partition, org_id, region, account_id, status FROM securityhub_org_admins;
DROP TABLE securityhub_org_admins;
`},
}
