package products

import "github.com/sechub/sechub/internal/store"

// Schema declares the tables of this domain: what an account changed of its product
// subscriptions in a region. A product enabled by default has a row only once the account
// disabled it (enabled 0); another product has one while it is enabled.
var Schema = store.Schema{
	Name: "products",
	Migrations: []string{`
CREATE TABLE product_subscriptions (
	partition TEXT COLLATE "C" NOT NULL, region TEXT COLLATE "C" NOT NULL, account_id TEXT COLLATE "C" NOT NULL,
	product_path TEXT COLLATE "C" NOT NULL, enabled INTEGER NOT NULL,
	PRIMARY KEY (partition, region, account_id, product_path)
) WITHOUT ROWID;
`},
}
