package orgadmin

import "github.com/sechub/sechub/internal/store"

// Schema declares the tables of this domain: Security Hub's organization configuration, per
// organization and region. (The organization's administrator is the members domain's, which decides who
// administers whom.)
var Schema = store.Schema{
	Name:   "orgadmin",
	Legacy: 1,
	Migrations: []string{`
CREATE TABLE securityhub_org_configs (
	partition TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C" NOT NULL, org_id TEXT NOT NULL,
	auto_enable INTEGER NOT NULL, auto_enable_standards TEXT NOT NULL, configuration_type TEXT NOT NULL, status TEXT NOT NULL,
	PRIMARY KEY (partition, region)
) WITHOUT ROWID;
`, `
CREATE TABLE securityhub_org_configs_by_org (
	partition TEXT COLLATE "C" NOT NULL, org_id TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C" NOT NULL,
	auto_enable INTEGER NOT NULL, auto_enable_standards TEXT NOT NULL, configuration_type TEXT NOT NULL, status TEXT NOT NULL,
	PRIMARY KEY (partition, org_id, region)
) WITHOUT ROWID;
INSERT INTO securityhub_org_configs_by_org (partition, org_id, region, auto_enable, auto_enable_standards, configuration_type, status)
	SELECT partition, org_id, region, auto_enable, auto_enable_standards, configuration_type, status FROM securityhub_org_configs;
DROP TABLE securityhub_org_configs;
`},
}
