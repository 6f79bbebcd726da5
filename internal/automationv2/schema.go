package automationv2

import "github.com/sechub/sechub/internal/store"

// Schema declares the tables of this domain: the tickets of EXTERNAL_INTEGRATION rules, one
// per rule and finding (the primary key keeps a finding from being ticketed twice by a rule),
// queued in the transaction of the finding's write and kept once delivered.
var Schema = store.Schema{
	Name: "automationv2",
	Migrations: []string{`
CREATE TABLE rule_tickets_v2 (
	partition TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C" NOT NULL, account_id TEXT COLLATE "C" NOT NULL,
	rule_id TEXT COLLATE "C" NOT NULL, finding_uid TEXT COLLATE "C" NOT NULL,
	rule_arn TEXT NOT NULL, connector_arn TEXT NOT NULL, finding_json TEXT NOT NULL,
	state TEXT NOT NULL, attempts INTEGER NOT NULL, due_at_ms BIGINT NOT NULL, claim TEXT NOT NULL,
	ticket_id TEXT NOT NULL, ticket_url TEXT NOT NULL, message TEXT NOT NULL, queued_at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, region, account_id, rule_id, finding_uid)
);
CREATE INDEX rule_tickets_v2_due ON rule_tickets_v2 (state, due_at_ms);
`},
}
