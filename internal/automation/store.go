package automation

import (
	"errors"

	"github.com/sechub/sechub/internal/store"
)

// kind is the store's record kind of automation rules; a record's id is the rule's id (the
// UUID its ARN ends with).
const kind = "automation-rule"

// rules are the stored rules; their criteria keep numbers as json.Number, the form the
// findings filter code compiles.
var rules = store.JSONKind[Rule]{Kind: kind}

// entry is one stored rule with its place in creation order.
type entry = store.Entry[Rule]

// count counts key's rules.
func count(tx store.Tx, key store.AccountKey) (int, error) { return tx.CountRecords(key, kind) }

// remove deletes the rule id of key; store.ErrNotFound when it does not exist.
func remove(tx store.Tx, key store.AccountKey, id string) error {
	return tx.DeleteRecord(key, kind, id)
}

// removeAll deletes every rule of key: what happens to them when the account disables
// Security Hub in the region (the tags domain deletes their tags).
func removeAll(tx store.Tx, key store.AccountKey) error { return tx.DeleteRecords(key, kind) }

// exists tells the tags domain whether an "automation-rule/" resource of key exists.
func exists(tx store.Tx, key store.AccountKey, arn, _ string) (bool, error) {
	owner, id, ok := ParseARN(arn)
	if !ok || owner != key {
		return false, nil
	}
	_, err := tx.Record(key, kind, id)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}
