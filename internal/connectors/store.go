package connectors

import "github.com/sechub/sechub/internal/store"

// kind is the store's record kind of connectors; a record's id is the connector's id.
const kind = "connector"

// connectors are the stored connectors.
var connectors = store.JSONKind[Connector]{Kind: kind}

// entry is one stored connector with its place in creation order.
type entry = store.Entry[Connector]

// removeAll deletes an account's connectors in a region when it disables Security Hub there
// (the tags domain deletes their tags).
func removeAll(tx store.Tx, key store.AccountKey) error { return tx.DeleteRecords(key, kind) }
