package standards

import (
	"encoding/json"

	"github.com/sechub/sechub/internal/store"
)

// The standards_subscriptions table holds one row per account, region and subscribed
// standard; the standard's input parameters are kept as a JSON object.

// memo is where a process that alone uses its store keeps the accounts' subscriptions it has
// read: every read of an account's standards controls asks which standards it has enabled.
// Every write below tells it. What it keeps is shared: callers must not change it.
func memo(of interface{ Memos() *store.Memos }) *store.Memo[store.AccountKey, []Subscription] {
	return store.MemoOf[store.AccountKey, []Subscription](of, "standards_subscriptions")
}

// Subscriptions lists key's subscriptions ordered by standard ARN (the controls domain reads
// them to know which standards an account has enabled). The list is shared: callers must not
// change it.
func Subscriptions(tx store.Tx, key store.AccountKey) ([]Subscription, error) {
	subs, _, err := memo(tx).Get(tx, key, func(tx store.Tx) ([]Subscription, bool, error) {
		subs, err := readSubscriptions(tx, key)
		return subs, err == nil, err
	})
	return subs, err
}

// readSubscriptions reads key's subscriptions from the table.
func readSubscriptions(tx store.Tx, key store.AccountKey) ([]Subscription, error) {
	rows, err := tx.Query(`SELECT standards_arn, subscription_arn, input_json, status, created_at_ms
		FROM standards_subscriptions WHERE partition = ? AND region = ? AND account_id = ? ORDER BY standards_arn`,
		key.Partition, key.Region, key.AccountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var subs []Subscription
	for rows.Next() {
		s := Subscription{Key: key}
		var input string
		var created int64
		if err := rows.Scan(&s.StandardsARN, &s.SubscriptionARN, &input, &s.Status, &created); err != nil {
			return nil, err
		}
		s.CreatedAt = store.FromMillis(created)
		if err := json.Unmarshal([]byte(input), &s.Input); err != nil {
			return nil, err
		}
		if s.Input == nil {
			s.Input = map[string]string{}
		}
		subs = append(subs, s)
	}
	return subs, rows.Err()
}

// put writes a subscription, replacing the account's subscription to the same standard.
func put(tx store.Tx, s Subscription) error {
	input := s.Input
	if input == nil {
		input = map[string]string{}
	}
	encoded, err := json.Marshal(input)
	if err != nil {
		return err
	}
	memo(tx).Changing(tx, s.Key)
	return tx.Exec(`INSERT INTO standards_subscriptions (partition, region, account_id, standards_arn, subscription_arn, input_json, status, created_at_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (partition, region, account_id, standards_arn) DO UPDATE SET subscription_arn = excluded.subscription_arn,
			input_json = excluded.input_json, status = excluded.status, created_at_ms = excluded.created_at_ms`,
		s.Key.Partition, s.Key.Region, s.Key.AccountID, s.StandardsARN, s.SubscriptionARN, string(encoded), s.Status, store.Millis(s.CreatedAt))
}

// remove deletes key's subscription to one standard.
func remove(tx store.Tx, key store.AccountKey, standardsARN string) error {
	memo(tx).Changing(tx, key)
	return tx.Exec(`DELETE FROM standards_subscriptions WHERE partition = ? AND region = ? AND account_id = ? AND standards_arn = ?`,
		key.Partition, key.Region, key.AccountID, standardsARN)
}

// removeAll deletes every subscription of key: what goes when the account disables its hub.
func removeAll(tx store.Tx, key store.AccountKey) error {
	memo(tx).Changing(tx, key)
	return tx.Exec(`DELETE FROM standards_subscriptions WHERE partition = ? AND region = ? AND account_id = ?`,
		key.Partition, key.Region, key.AccountID)
}
