package insights

import (
	"database/sql"
	"errors"
	"time"

	"github.com/sechub/sechub/internal/store"
)

// customInsight is a custom insight as the insights table keeps it (its filters as JSON).
type customInsight struct {
	Key              store.AccountKey
	ARN              string
	Name             string
	Filters          []byte
	GroupByAttribute string
	CreatedAt        time.Time
}

// readInsight returns one of the account's insights, or store.ErrNotFound.
func readInsight(tx store.Tx, key store.AccountKey, arn string) (customInsight, error) {
	i := customInsight{Key: key, ARN: arn}
	var created int64
	err := tx.QueryRow(`SELECT name, filters, group_by, created_at_ms FROM insights
		WHERE partition = ? AND region = ? AND account_id = ? AND arn = ?`, key.Partition, key.Region, key.AccountID, arn).
		Scan(&i.Name, &i.Filters, &i.GroupByAttribute, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return i, store.ErrNotFound
	}
	i.CreatedAt = store.FromMillis(created)
	return i, err
}

// readInsights lists the account's insights in creation order.
func readInsights(tx store.Tx, key store.AccountKey) ([]customInsight, error) {
	rows, err := tx.Query(`SELECT arn, name, filters, group_by, created_at_ms FROM insights
		WHERE partition = ? AND region = ? AND account_id = ? ORDER BY seq`, key.Partition, key.Region, key.AccountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []customInsight
	for rows.Next() {
		i := customInsight{Key: key}
		var created int64
		if err := rows.Scan(&i.ARN, &i.Name, &i.Filters, &i.GroupByAttribute, &created); err != nil {
			return nil, err
		}
		i.CreatedAt = store.FromMillis(created)
		out = append(out, i)
	}
	return out, rows.Err()
}

// putInsight adds an insight or replaces the name, filters and grouping of a stored one.
func putInsight(tx store.Tx, i customInsight) error {
	return tx.Exec(`INSERT INTO insights (partition, region, account_id, arn, name, filters, group_by, created_at_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (partition, region, account_id, arn) DO UPDATE SET
		name = excluded.name, filters = excluded.filters, group_by = excluded.group_by`,
		i.Key.Partition, i.Key.Region, i.Key.AccountID, i.ARN, i.Name, i.Filters, i.GroupByAttribute, store.Millis(i.CreatedAt))
}

// deleteInsight deletes one of the account's insights (nothing when it has no such insight).
func deleteInsight(tx store.Tx, key store.AccountKey, arn string) error {
	return tx.Exec(`DELETE FROM insights WHERE partition = ? AND region = ? AND account_id = ? AND arn = ?`,
		key.Partition, key.Region, key.AccountID, arn)
}

// deleteInsights deletes every insight of the account in the region.
func deleteInsights(tx store.Tx, key store.AccountKey) error {
	return tx.Exec(`DELETE FROM insights WHERE partition = ? AND region = ? AND account_id = ?`,
		key.Partition, key.Region, key.AccountID)
}
