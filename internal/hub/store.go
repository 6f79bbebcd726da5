package hub

import (
	"database/sql"
	"errors"

	"github.com/sechub/sechub/internal/store"
)

// The hubs table holds one row per account and region that has Security Hub on.

// memo is where a process that alone uses its store keeps the hubs it has read: nearly every
// request asks whether the caller's hub is on.
func memo(of interface{ Memos() *store.Memos }) *store.Memo[store.AccountKey, Hub] {
	return store.MemoOf[store.AccountKey, Hub](of, "hubs")
}

// get returns the hub of key, or store.ErrNotFound.
func get(tx store.Tx, key store.AccountKey) (Hub, error) {
	h, ok, err := memo(tx).Get(tx, key, func(tx store.Tx) (Hub, bool, error) {
		h, err := read(tx, key)
		if errors.Is(err, store.ErrNotFound) {
			return h, false, nil
		}
		return h, err == nil, err
	})
	if err == nil && !ok {
		return Hub{Key: key}, store.ErrNotFound
	}
	return h, err
}

// read reads the hub of key from the table, or store.ErrNotFound.
func read(tx store.Tx, key store.AccountKey) (Hub, error) {
	h := Hub{Key: key}
	var subscribed int64
	var auto int
	err := tx.QueryRow(`SELECT subscribed_at_ms, auto_enable_controls, control_finding_generator
		FROM hubs WHERE partition = ? AND region = ? AND account_id = ?`, key.Partition, key.Region, key.AccountID).
		Scan(&subscribed, &auto, &h.ControlFindingGenerator)
	if errors.Is(err, sql.ErrNoRows) {
		return h, store.ErrNotFound
	}
	h.SubscribedAt, h.AutoEnableControls = store.FromMillis(subscribed), auto != 0
	return h, err
}

// put writes a hub, replacing the one of the same key.
func put(tx store.Tx, h Hub) error {
	memo(tx).Changing(tx, h.Key)
	auto := 0
	if h.AutoEnableControls {
		auto = 1
	}
	return tx.Exec(`INSERT INTO hubs (partition, region, account_id, subscribed_at_ms, auto_enable_controls, control_finding_generator)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (partition, region, account_id) DO UPDATE SET subscribed_at_ms = excluded.subscribed_at_ms,
			auto_enable_controls = excluded.auto_enable_controls, control_finding_generator = excluded.control_finding_generator`,
		h.Key.Partition, h.Key.Region, h.Key.AccountID, store.Millis(h.SubscribedAt), auto, h.ControlFindingGenerator)
}

// Regions returns the regions where an account has its hub on.
func Regions(tx store.Tx, partition, accountID string) ([]string, error) {
	rows, err := tx.Query(`SELECT region FROM hubs WHERE partition = ? AND account_id = ? ORDER BY region`, partition, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// remove deletes the hub of key.
func remove(tx store.Tx, key store.AccountKey) error {
	memo(tx).Changing(tx, key)
	return tx.Exec(`DELETE FROM hubs WHERE partition = ? AND region = ? AND account_id = ?`, key.Partition, key.Region, key.AccountID)
}
