package actiontargets

import (
	"time"

	"github.com/sechub/sechub/internal/store"
)

// kind is the store's record kind of action targets; a record's id is the action target's Id.
const kind = "action-target"

// stored is the body of an action target's record. The times are not part of the API; they
// say when the action target was made and last changed.
type stored struct {
	Name        string    `json:"name"`
	Description string    `json:"description"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
}

// targets are the stored action targets.
var targets = store.JSONKind[stored]{Kind: kind}

// entry is one stored action target with its Id and its place in creation order.
type entry = store.Entry[stored]

// count counts key's action targets.
func count(tx store.Tx, key store.AccountKey) (int, error) { return tx.CountRecords(key, kind) }

// remove deletes the action target id of key; store.ErrNotFound when it does not exist.
func remove(tx store.Tx, key store.AccountKey, id string) error {
	return tx.DeleteRecord(key, kind, id)
}

// removeAll deletes every action target of key: what happens to them when the account
// disables Security Hub in the region.
func removeAll(tx store.Tx, key store.AccountKey) error { return tx.DeleteRecords(key, kind) }
