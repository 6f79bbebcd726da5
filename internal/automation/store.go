package automation

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/sechub/sechub/internal/store"
)

// kind is the store's record kind of automation rules; a record's id is the rule's id (the
// UUID its ARN ends with).
const kind = "automation-rule"

// entry is one stored rule with its place in creation order.
type entry struct {
	seq  int64
	rule Rule
}

// decode reads a rule's record body, numbers as json.Number: the filter code compiles them
// from that form.
func decode(body []byte) (Rule, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var r Rule
	return r, dec.Decode(&r)
}

// load returns the rule id of key, or store.ErrNotFound.
func load(tx store.Tx, key store.AccountKey, id string) (Rule, error) {
	rec, err := tx.Record(key, kind, id)
	if err != nil {
		return Rule{}, err
	}
	return decode(rec.Body)
}

// listAfter lists key's rules created after the one of seq afterSeq (0 for the start), in
// creation order, at most limit (0 for all).
func listAfter(tx store.Tx, key store.AccountKey, afterSeq int64, limit int) ([]entry, error) {
	recs, err := tx.Records(key, kind, afterSeq, limit)
	if err != nil {
		return nil, err
	}
	out := make([]entry, len(recs))
	for i, rec := range recs {
		r, err := decode(rec.Body)
		if err != nil {
			return nil, err
		}
		out[i] = entry{seq: rec.Seq, rule: r}
	}
	return out, nil
}

// count counts key's rules.
func count(tx store.Tx, key store.AccountKey) (int, error) { return tx.CountRecords(key, kind) }

// insert adds the rule id of key.
func insert(tx store.Tx, key store.AccountKey, id string, r Rule) error {
	body, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = tx.InsertRecord(store.Record{Key: key, Kind: kind, ID: id, Body: body})
	return err
}

// save replaces the rule id of key; store.ErrNotFound when it does not exist.
func save(tx store.Tx, key store.AccountKey, id string, r Rule) error {
	body, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return tx.UpdateRecord(store.Record{Key: key, Kind: kind, ID: id, Body: body})
}

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
