package wire

import (
	"encoding/json"
	"sync"
)

// Encoded is the JSON encoding of an operation's output of type Out, made by Encode or kept
// by an Answers cache. A handler made with TypedEncoded returns it instead of *Out.
type Encoded[Out any] struct{ json []byte }

// Encode encodes out as the operation's answer.
func Encode[Out any](out *Out) (Encoded[Out], error) {
	b, err := json.Marshal(out)
	return Encoded[Out]{b}, err
}

func (e Encoded[Out]) encodedJSON() []byte {
	if e.json == nil {
		return []byte("{}")
	}
	return e.json
}

// Answers keeps encoded answers of one operation by key, up to a total size in bytes; a full
// cache starts over empty, as the store's memos do. It is for answers that are large, costly
// to encode and asked for again unchanged (a page of 100 controls is 57 KB of JSON): the key
// must name everything the answer is made from, so that an answer kept under it is the
// answer. The zero of a *Answers keeps nothing.
type Answers[K comparable, Out any] struct {
	limit int
	mu    sync.Mutex
	size  int
	byKey map[K]Encoded[Out]
}

// NewAnswers returns a cache that keeps up to limit bytes of answers.
func NewAnswers[K comparable, Out any](limit int) *Answers[K, Out] {
	return &Answers[K, Out]{limit: limit, byKey: map[K]Encoded[Out]{}}
}

// Get returns the answer kept under key, or encodes what answer returns, keeps it under key
// and returns it. Errors of answer are returned and nothing is kept.
func (a *Answers[K, Out]) Get(key K, answer func() (*Out, error)) (Encoded[Out], error) {
	if a != nil {
		a.mu.Lock()
		e, ok := a.byKey[key]
		a.mu.Unlock()
		if ok {
			return e, nil
		}
	}
	out, err := answer()
	if err != nil {
		return Encoded[Out]{}, err
	}
	e, err := Encode(out)
	if err != nil || a == nil || len(e.json) > a.limit {
		return e, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if old, ok := a.byKey[key]; ok {
		a.size -= len(old.json)
	}
	if a.size+len(e.json) > a.limit {
		clear(a.byKey)
		a.size = 0
	}
	a.byKey[key] = e
	a.size += len(e.json)
	return e, nil
}
