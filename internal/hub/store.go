package hub

import (
	"database/sql"
	"errors"

	"github.com/sechub/sechub/internal/store"
)

// The hubs table holds one row per account and region that has Security Hub on.

// get returns the hub of key, or store.ErrNotFound.
func get(tx store.Tx, key store.AccountKey) (Hub, error) {
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

// remove deletes the hub of key.
func remove(tx store.Tx, key store.AccountKey) error {
	return tx.Exec(`DELETE FROM hubs WHERE partition = ? AND region = ? AND account_id = ?`, key.Partition, key.Region, key.AccountID)
}
