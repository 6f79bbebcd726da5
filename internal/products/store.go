package products

import "github.com/sechub/sechub/internal/store"

// choices reads what key changed of its subscriptions: enabled or not, by product path.
func choices(tx store.Tx, key store.AccountKey) (map[string]bool, error) {
	rows, err := tx.Query(`SELECT product_path, enabled FROM product_subscriptions WHERE partition = ? AND region = ? AND account_id = ?`,
		key.Partition, key.Region, key.AccountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var path string
		var enabled int
		if err := rows.Scan(&path, &enabled); err != nil {
			return nil, err
		}
		out[path] = enabled != 0
	}
	return out, rows.Err()
}

// choose records whether key takes the findings of the product at path.
func choose(tx store.Tx, key store.AccountKey, path string, enabled bool) error {
	return tx.Exec(`INSERT INTO product_subscriptions (partition, region, account_id, product_path, enabled) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (partition, region, account_id, product_path) DO UPDATE SET enabled = excluded.enabled`,
		key.Partition, key.Region, key.AccountID, path, store.Flag(enabled))
}

// removeAll forgets key's choices: what goes when the account disables its hub.
func removeAll(tx store.Tx, key store.AccountKey) error {
	return tx.Exec(`DELETE FROM product_subscriptions WHERE partition = ? AND region = ? AND account_id = ?`,
		key.Partition, key.Region, key.AccountID)
}
