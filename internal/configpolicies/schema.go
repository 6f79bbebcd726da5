package configpolicies

import "github.com/sechub/sechub/internal/store"

// Schema declares the tables of this domain: an organization's configuration policies, and
// the configurations applied to its root, organizational units and accounts (a target with
// no row inherits), and the accounts whose policy could not be applied, with why (their
// associations are FAILED). A unique index keeps policy names unique per organization when two
// creations race.
var Schema = store.Schema{
	Name: "configpolicies",
	Migrations: []string{`
CREATE TABLE configuration_policies (
	partition TEXT COLLATE "C" NOT NULL, policy_id TEXT COLLATE "C" NOT NULL, org_id TEXT COLLATE "C" NOT NULL,
	home_region TEXT COLLATE "C" NOT NULL, admin_id TEXT COLLATE "C" NOT NULL,
	name TEXT COLLATE "C" NOT NULL, description TEXT NOT NULL, settings_json TEXT NOT NULL,
	created_at_ms BIGINT NOT NULL, updated_at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, policy_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX configuration_policies_by_name ON configuration_policies (partition, org_id, name);
CREATE TABLE configuration_policy_associations (
	partition TEXT COLLATE "C" NOT NULL, org_id TEXT COLLATE "C" NOT NULL, target_id TEXT COLLATE "C" NOT NULL,
	target_type TEXT NOT NULL, policy_id TEXT COLLATE "C" NOT NULL, updated_at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, org_id, target_id)
) WITHOUT ROWID;
CREATE INDEX configuration_policy_associations_by_policy ON configuration_policy_associations (partition, policy_id);
`, `
CREATE TABLE configuration_policy_failures (
	partition TEXT COLLATE "C" NOT NULL, org_id TEXT COLLATE "C" NOT NULL, account_id TEXT COLLATE "C" NOT NULL,
	message TEXT NOT NULL, at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, org_id, account_id)
) WITHOUT ROWID;
`},
}
