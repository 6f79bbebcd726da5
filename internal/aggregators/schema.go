package aggregators

import "github.com/sechub/sechub/internal/store"

// Schema declares the tables of this domain: one finding aggregator per account and
// partition, whatever the region it was made in (its home region). The primary key is what
// makes "one per account" hold when two creations race.
var Schema = store.Schema{
	Name: "aggregators",
	Migrations: []string{`
CREATE TABLE finding_aggregators (
	partition TEXT COLLATE "C" NOT NULL, account_id TEXT COLLATE "C" NOT NULL,
	aggregator_id TEXT COLLATE "C" NOT NULL, home_region TEXT COLLATE "C" NOT NULL,
	linking_mode TEXT NOT NULL, regions_json TEXT NOT NULL,
	created_at_ms BIGINT NOT NULL, updated_at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, account_id)
) WITHOUT ROWID;
`},
}
