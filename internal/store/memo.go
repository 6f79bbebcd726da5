package store

import (
	"context"
	"sync"
	"sync/atomic"
)

// Memos are the values a store's process keeps in memory for reads that nearly every request
// makes and that rarely change (whether an account has its hub on). Only a store that this
// process alone uses has them (the embedded store, which locks its folder): there nothing
// changes but through this process's own transactions, which forget what they change. A
// shared store (PostgreSQL) has none, and every read goes to the database.
type Memos struct {
	view   func(context.Context, func(Tx) error) error
	mu     sync.Mutex
	byName map[string]any
	forget []func()
	// replacing counts the transactions replacing the whole state (Reset), during which no
	// memo serves or keeps anything: they change every key without saying which.
	replacing atomic.Int32
}

// NewMemos returns the memos of a store used by this process alone; view is that store's View,
// with which a memo reads what it keeps.
func NewMemos(view func(context.Context, func(Tx) error) error) *Memos {
	return &Memos{view: view, byName: map[string]any{}}
}

// Replacing marks the start of a transaction that replaces the store's whole state (Reset):
// until the returned function is called, once it has ended, memos serve and keep nothing.
func (ms *Memos) Replacing() (done func()) {
	if ms == nil {
		return func() {}
	}
	ms.replacing.Add(1)
	ms.forgetAll()
	return func() {
		ms.forgetAll()
		ms.replacing.Add(-1)
	}
}

// forgetAll empties every memo.
func (ms *Memos) forgetAll() {
	ms.mu.Lock()
	forget := ms.forget
	ms.mu.Unlock()
	for _, f := range forget {
		f()
	}
}

// memoLimit bounds each memo; a full memo starts over empty.
const memoLimit = 100_000

// Memo keeps the values of one kind of read by key. The zero of a *Memo (a shared store's)
// keeps nothing.
type Memo[K comparable, V any] struct {
	owner    *Memos
	view     func(context.Context, func(Tx) error) error
	mu       sync.Mutex
	vals     map[K]V
	changing map[K]int  // keys that uncommitted transactions are changing
	filling  map[K]bool // keys being read to be kept
	gen      uint64     // counts changes, so that a read that raced one is not kept
	// changingAll counts uncommitted transactions that change keys they do not name (a
	// delete by a condition): until they end the memo serves and keeps nothing.
	changingAll int
}

// MemoOf returns the memo called name of a store, or of the store a transaction belongs to,
// made on first use; nil on a shared store.
func MemoOf[K comparable, V any](of interface{ Memos() *Memos }, name string) *Memo[K, V] {
	ms := of.Memos()
	if ms == nil {
		return nil
	}
	ms.mu.Lock()
	defer ms.mu.Unlock()
	if m, ok := ms.byName[name]; ok {
		return m.(*Memo[K, V])
	}
	m := &Memo[K, V]{owner: ms, view: ms.view, vals: map[K]V{}, changing: map[K]int{}, filling: map[K]bool{}}
	ms.byName[name] = m
	ms.forget = append(ms.forget, m.forgetAll)
	return m
}

// Get returns key's value as load reads it in tx. A value found is kept for later calls; ok
// false (nothing there) is not, and neither is anything while a transaction is changing key
// or replacing the state. What is kept is read again, in the background, by a transaction
// begun after Get was called: tx's snapshot may be older than a change that has ended
// meanwhile.
func (m *Memo[K, V]) Get(tx Tx, key K, load func(Tx) (v V, ok bool, err error)) (V, bool, error) {
	if m == nil || m.owner.replacing.Load() > 0 {
		return load(tx)
	}
	m.mu.Lock()
	if v, ok := m.vals[key]; ok && m.changingAll == 0 {
		m.mu.Unlock()
		return v, true, nil
	}
	gen := m.gen
	m.mu.Unlock()
	v, ok, err := load(tx)
	if err != nil || !ok {
		return v, ok, err // nothing to keep: no background read either
	}
	m.mu.Lock()
	fill := m.gen == gen && m.changingAll == 0 && m.changing[key] == 0 && !m.filling[key]
	if fill {
		m.filling[key] = true
	}
	m.mu.Unlock()
	if fill {
		go m.fill(key, gen, load)
	}
	return v, ok, nil
}

// Peek returns key's value if the memo keeps it, without a transaction.
func (m *Memo[K, V]) Peek(key K) (V, bool) {
	if m == nil || m.owner.replacing.Load() > 0 {
		var none V
		return none, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.vals[key]
	return v, ok && m.changingAll == 0
}

// GetMany is Get for several keys read in one go: load reads those of keys the memo does not
// keep, and returns the values it found by key. The values found are kept as Get keeps them,
// read again in one background transaction.
func (m *Memo[K, V]) GetMany(tx Tx, keys []K, load func(tx Tx, keys []K) (map[K]V, error)) (map[K]V, error) {
	if m == nil || m.owner.replacing.Load() > 0 {
		return load(tx, keys)
	}
	out := make(map[K]V, len(keys))
	var missing []K
	m.mu.Lock()
	for _, k := range keys {
		if v, ok := m.vals[k]; ok && m.changingAll == 0 {
			out[k] = v
		} else {
			missing = append(missing, k)
		}
	}
	gen := m.gen
	m.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	found, err := load(tx, missing)
	if err != nil {
		return nil, err
	}
	var fill []K
	m.mu.Lock()
	if m.gen == gen && m.changingAll == 0 {
		for k := range found {
			if m.changing[k] == 0 && !m.filling[k] {
				m.filling[k] = true
				fill = append(fill, k)
			}
		}
	}
	m.mu.Unlock()
	if len(fill) > 0 {
		go m.fillMany(fill, gen, load)
	}
	for k, v := range found {
		out[k] = v
	}
	return out, nil
}

// fill reads key's value in a transaction of its own and keeps it unless a change began since
// gen. It runs apart from the caller's transaction, which holds a connection: waiting for a
// second one there could exhaust the pool.
func (m *Memo[K, V]) fill(key K, gen uint64, load func(Tx) (V, bool, error)) {
	var v V
	var ok bool
	err := m.view(context.Background(), func(tx Tx) (err error) {
		v, ok, err = load(tx)
		return err
	})
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.filling, key)
	if err != nil || !ok || m.gen != gen || m.changingAll > 0 || m.changing[key] > 0 || m.owner.replacing.Load() > 0 {
		return
	}
	if len(m.vals) >= memoLimit {
		clear(m.vals)
	}
	m.vals[key] = v
}

// fillMany is fill for the keys GetMany read.
func (m *Memo[K, V]) fillMany(keys []K, gen uint64, load func(Tx, []K) (map[K]V, error)) {
	var found map[K]V
	err := m.view(context.Background(), func(tx Tx) (err error) {
		found, err = load(tx, keys)
		return err
	})
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range keys {
		delete(m.filling, k)
	}
	if err != nil || m.gen != gen || m.changingAll > 0 || m.owner.replacing.Load() > 0 {
		return
	}
	for k, v := range found {
		if m.changing[k] > 0 {
			continue
		}
		if len(m.vals) >= memoLimit {
			clear(m.vals)
		}
		m.vals[k] = v
	}
}

// Changing tells the memo that tx changes key's value: it is read from the store, not the
// memo, until tx has ended, and forgotten then. Every write of what a memo keeps calls it.
func (m *Memo[K, V]) Changing(tx Tx, key K) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.changing[key]++
	delete(m.vals, key)
	m.gen++
	m.mu.Unlock()
	tx.Finally(func() {
		m.mu.Lock()
		if m.changing[key]--; m.changing[key] == 0 {
			delete(m.changing, key)
		}
		delete(m.vals, key)
		m.gen++
		m.mu.Unlock()
	})
}

// ChangingAll tells the memo that tx changes values of keys it cannot name (a delete by a
// condition): the memo forgets every value and serves and keeps none until tx has ended.
func (m *Memo[K, V]) ChangingAll(tx Tx) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.changingAll++
	clear(m.vals)
	m.gen++
	m.mu.Unlock()
	tx.Finally(func() {
		m.mu.Lock()
		m.changingAll--
		clear(m.vals)
		m.gen++
		m.mu.Unlock()
	})
}

func (m *Memo[K, V]) forgetAll() {
	m.mu.Lock()
	clear(m.vals)
	m.gen++
	m.mu.Unlock()
}
