package standards

import "github.com/sechub/sechub/internal/store"

// Schema declares the tables of this domain: the accounts' standards subscriptions.
var Schema = store.Schema{
	Name:   "standards",
	Legacy: 1,
	Migrations: []string{`
CREATE TABLE standards_subscriptions (
	partition TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C" NOT NULL, account_id TEXT COLLATE "C" NOT NULL,
	standards_arn TEXT COLLATE "C" NOT NULL, subscription_arn TEXT NOT NULL, input_json TEXT NOT NULL,
	status TEXT NOT NULL, created_at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, region, account_id, standards_arn)
) WITHOUT ROWID;
`},
}
