package tags

import "github.com/sechub/sechub/internal/store"

// The resource_tags table holds the tags of every taggable resource by ARN, with the account
// and region that own the resource, so that an account's tags go with its hub.

// read returns the tags of a resource (empty, not nil, when it has none).
func read(tx store.Tx, resourceARN string) (map[string]string, error) {
	rows, err := tx.Query(`SELECT tag_key, tag_value FROM resource_tags WHERE resource_arn = ?`, resourceARN)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tags := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		tags[k] = v
	}
	return tags, rows.Err()
}

// Set adds or overwrites tags of a resource owned by owner. It checks neither the resource
// nor the number of tags: TagResource does, and a new hub's tags are bounded by the model.
func Set(tx store.Tx, owner store.AccountKey, resourceARN string, tags map[string]string) error {
	for k, v := range tags {
		if err := tx.Exec(`INSERT INTO resource_tags (resource_arn, tag_key, tag_value, partition, region, account_id)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (resource_arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
			resourceARN, k, v, owner.Partition, owner.Region, owner.AccountID); err != nil {
			return err
		}
	}
	return nil
}

// remove deletes the named tags of a resource; keys it does not have are ignored.
func remove(tx store.Tx, resourceARN string, keys []string) error {
	for _, k := range keys {
		if err := tx.Exec(`DELETE FROM resource_tags WHERE resource_arn = ? AND tag_key = ?`, resourceARN, k); err != nil {
			return err
		}
	}
	return nil
}

// deleteAccount deletes the tags of every resource owned by key: what goes when the account
// disables its hub.
func deleteAccount(tx store.Tx, key store.AccountKey) error {
	return tx.Exec(`DELETE FROM resource_tags WHERE partition = ? AND region = ? AND account_id = ?`, key.Partition, key.Region, key.AccountID)
}

// DeleteResource deletes every tag of a resource: what its domain does when it deletes the
// resource.
func DeleteResource(tx store.Tx, resourceARN string) error {
	return tx.Exec(`DELETE FROM resource_tags WHERE resource_arn = ?`, resourceARN)
}
