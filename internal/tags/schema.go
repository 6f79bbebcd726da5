package tags

import "github.com/sechub/sechub/internal/store"

// Schema declares the tables of this domain: the tags of every taggable resource, by ARN, with the owning account so that its tags go with its hub.
var Schema = store.Schema{
	Name:   "tags",
	Legacy: 1,
	Migrations: []string{`
CREATE TABLE resource_tags (
	resource_arn TEXT COLLATE "C" NOT NULL, tag_key TEXT COLLATE "C" NOT NULL, tag_value TEXT NOT NULL,
	partition TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C" NOT NULL, account_id TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (resource_arn, tag_key)
) WITHOUT ROWID;
CREATE INDEX resource_tags_by_account ON resource_tags (partition, region, account_id);
`},
}
