package actiontargets

import (
	"encoding/json"
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

// entry is one listed action target with its Id and its place in creation order.
type entry struct {
	id     string
	seq    int64
	target ActionTarget
}

// load returns the action target id of key, or store.ErrNotFound.
func load(tx store.Tx, key store.AccountKey, id string) (stored, error) {
	rec, err := tx.Record(key, kind, id)
	if err != nil {
		return stored{}, err
	}
	var s stored
	return s, json.Unmarshal(rec.Body, &s)
}

// listAfter lists key's action targets created after the one of seq afterSeq (0 for the
// start), in creation order, at most limit (0 for all).
func listAfter(tx store.Tx, key store.AccountKey, afterSeq int64, limit int) ([]entry, error) {
	recs, err := tx.Records(key, kind, afterSeq, limit)
	if err != nil {
		return nil, err
	}
	out := make([]entry, len(recs))
	for i, rec := range recs {
		var s stored
		if err := json.Unmarshal(rec.Body, &s); err != nil {
			return nil, err
		}
		out[i] = entry{id: rec.ID, seq: rec.Seq,
			target: ActionTarget{ARN: ARN(key, rec.ID), Name: s.Name, Description: s.Description}}
	}
	return out, nil
}

// count counts key's action targets.
func count(tx store.Tx, key store.AccountKey) (int, error) { return tx.CountRecords(key, kind) }

// insert adds the action target id of key; store.ErrConflict when the Id is taken.
func insert(tx store.Tx, key store.AccountKey, id string, s stored) error {
	body, err := json.Marshal(s)
	if err != nil {
		return err
	}
	_, err = tx.InsertRecord(store.Record{Key: key, Kind: kind, ID: id, Body: body})
	return err
}

// save replaces the action target id of key; store.ErrNotFound when it does not exist.
func save(tx store.Tx, key store.AccountKey, id string, s stored) error {
	body, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return tx.UpdateRecord(store.Record{Key: key, Kind: kind, ID: id, Body: body})
}

// remove deletes the action target id of key; store.ErrNotFound when it does not exist.
func remove(tx store.Tx, key store.AccountKey, id string) error {
	return tx.DeleteRecord(key, kind, id)
}

// removeAll deletes every action target of key: what happens to them when the account
// disables Security Hub in the region.
func removeAll(tx store.Tx, key store.AccountKey) error { return tx.DeleteRecords(key, kind) }
