package controls

import "github.com/sechub/sechub/internal/store"

// Schema declares the tables of this domain. Both hold only what an account changed: a
// control of an enabled standard without a row in control_associations is ENABLED since the
// subscription began, and a security control without a row in security_control_settings has
// its default parameters.
var Schema = store.Schema{
	Name: "controls",
	Migrations: []string{`
CREATE TABLE control_associations (
	partition TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C" NOT NULL, account_id TEXT COLLATE "C" NOT NULL,
	standard TEXT COLLATE "C" NOT NULL, control_id TEXT COLLATE "C" NOT NULL,
	status TEXT NOT NULL, reason TEXT NOT NULL, updated_at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, region, account_id, standard, control_id)
) WITHOUT ROWID;
CREATE TABLE security_control_settings (
	partition TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C" NOT NULL, account_id TEXT COLLATE "C" NOT NULL,
	control_id TEXT COLLATE "C" NOT NULL,
	parameters_json TEXT NOT NULL, reason TEXT NOT NULL, updated_at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, region, account_id, control_id)
) WITHOUT ROWID;
`},
}
