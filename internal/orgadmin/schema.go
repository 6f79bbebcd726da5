package orgadmin

import "github.com/sechub/sechub/internal/store"

// Schema declares the tables of this domain: Security Hub's organization configuration, per
// region. (The organization's administrator is the members domain's, which decides who
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
`},
}
