package hubv2

import "github.com/sechub/sechub/internal/store"

// Schema declares the tables of this domain: the accounts' Security Hub V2 subscriptions,
// their opt-in features (hub_features_v2, emptied when V2 is disabled) and their free trials
// (free_trials_v2, which outlive the subscription: a trial is never restarted).
var Schema = store.Schema{
	Name: "hubv2",
	Migrations: []string{`
CREATE TABLE hubs_v2 (
	partition TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C" NOT NULL, account_id TEXT COLLATE "C" NOT NULL,
	hub_id TEXT NOT NULL, subscribed_at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, region, account_id)
) WITHOUT ROWID;
`, `
CREATE TABLE hub_features_v2 (
	partition TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C" NOT NULL, account_id TEXT COLLATE "C" NOT NULL,
	feature TEXT COLLATE "C" NOT NULL, status TEXT NOT NULL, updated_at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, region, account_id, feature)
) WITHOUT ROWID;
CREATE TABLE free_trials_v2 (
	partition TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C" NOT NULL, account_id TEXT COLLATE "C" NOT NULL,
	trial_type TEXT COLLATE "C" NOT NULL, started_at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, region, account_id, trial_type)
) WITHOUT ROWID;
`},
}
