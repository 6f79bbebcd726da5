package connectorsv2

import "github.com/sechub/sechub/internal/store"

// kind is the store's record kind of connectors; a record's id is the connector's id.
const kind = "connector-v2"

// stored are the stored connectors.
var stored = store.JSONKind[Connector]{Kind: kind}

// entry is one stored connector with its place in creation order.
type entry = store.Entry[Connector]
