package automationv2

import "github.com/sechub/sechub/internal/store"

// kind is the store's record kind of automation rules V2; a record's id is the rule's id.
const kind = "automation-rule-v2"

// rules are the stored rules; their criteria keep numbers as json.Number.
var rules = store.JSONKind[Rule]{Kind: kind}

// entry is one stored rule with its place in creation order.
type entry = store.Entry[Rule]
