package hub

import "github.com/sechub/sechub/internal/store"

// Schema declares the tables of this domain: the hubs: one row per account and region that has Security Hub on.
var Schema = store.Schema{
	Name:   "hub",
	Legacy: 1,
	Migrations: []string{`
CREATE TABLE hubs (
	partition TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C" NOT NULL, account_id TEXT COLLATE "C" NOT NULL,
	subscribed_at_ms BIGINT NOT NULL, auto_enable_controls INTEGER NOT NULL, control_finding_generator TEXT NOT NULL,
	PRIMARY KEY (partition, region, account_id)
) WITHOUT ROWID;
`},
}
