package aggregators

import "github.com/sechub/sechub/internal/store"

// Schema declares the tables of this domain: one finding aggregator per account and
// partition, whatever the region it was made in (its home region; Table.CreateSQL).
var Schema = store.Schema{
	Name:       "aggregators",
	Migrations: []string{cspm.CreateSQL()},
}
