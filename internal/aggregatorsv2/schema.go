package aggregatorsv2

import "github.com/sechub/sechub/internal/store"

// Schema declares the tables of this domain: one aggregator V2 per account and partition,
// whatever the region it was made in (its home region), in a table of the CSPM aggregators'
// form (aggregators.Table).
var Schema = store.Schema{
	Name:       "aggregatorsv2",
	Migrations: []string{table.CreateSQL()},
}
