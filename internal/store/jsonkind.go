package store

import (
	"bytes"
	"encoding/json"
)

// JSONKind is one kind of generic record whose bodies are values of T as JSON: what a domain
// that keeps its resources in the generic records (action targets, automation rules) reads and
// writes them with. Bodies are decoded with numbers as json.Number, the form the findings
// filters compile documents from.
type JSONKind[T any] struct{ Kind string }

// Entry is one stored value with its record's id and place in creation order.
type Entry[T any] struct {
	ID    string
	Seq   int64
	Value T
}

func decodeJSON[T any](body []byte) (T, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v T
	return v, dec.Decode(&v)
}

// Get returns key's value id, or ErrNotFound.
func (k JSONKind[T]) Get(tx Tx, key AccountKey, id string) (T, error) {
	rec, err := tx.Record(key, k.Kind, id)
	if err != nil {
		var zero T
		return zero, err
	}
	return decodeJSON[T](rec.Body)
}

// List lists key's values created after the one of Seq afterSeq (0 for the start), in
// creation order, at most limit (0 for all).
func (k JSONKind[T]) List(tx Tx, key AccountKey, afterSeq int64, limit int) ([]Entry[T], error) {
	recs, err := tx.Records(key, k.Kind, afterSeq, limit)
	if err != nil {
		return nil, err
	}
	out := make([]Entry[T], len(recs))
	for i, rec := range recs {
		v, err := decodeJSON[T](rec.Body)
		if err != nil {
			return nil, err
		}
		out[i] = Entry[T]{ID: rec.ID, Seq: rec.Seq, Value: v}
	}
	return out, nil
}

// Insert adds key's value id; ErrConflict when the id is taken.
func (k JSONKind[T]) Insert(tx Tx, key AccountKey, id string, v T) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = tx.InsertRecord(Record{Key: key, Kind: k.Kind, ID: id, Body: body})
	return err
}

// Save replaces key's value id; ErrNotFound when it does not exist.
func (k JSONKind[T]) Save(tx Tx, key AccountKey, id string, v T) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.UpdateRecord(Record{Key: key, Kind: k.Kind, ID: id, Body: body})
}
