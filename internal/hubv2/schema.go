package hubv2

import "github.com/sechub/sechub/internal/store"

// Schema declares the tables of this domain: the accounts' Security Hub V2 subscriptions.
var Schema = store.Schema{
	Name: "hubv2",
	Migrations: []string{`
CREATE TABLE hubs_v2 (
	partition TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C" NOT NULL, account_id TEXT COLLATE "C" NOT NULL,
	hub_id TEXT NOT NULL, subscribed_at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, region, account_id)
) WITHOUT ROWID;
`},
}
