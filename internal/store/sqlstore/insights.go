package sqlstore

import (
	"database/sql"
	"errors"

	"github.com/sechub/sechub/internal/store"
)

func (t *txn) Insight(key store.AccountKey, arn string) (store.Insight, error) {
	i := store.Insight{Key: key, ARN: arn}
	var created int64
	err := t.queryRow(`SELECT name, filters, group_by, created_at_ms FROM insights
		WHERE partition = ? AND region = ? AND account_id = ? AND arn = ?`, key.Partition, key.Region, key.AccountID, arn).
		Scan(&i.Name, &i.Filters, &i.GroupByAttribute, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return i, store.ErrNotFound
	}
	i.CreatedAt = fromMS(created)
	return i, err
}

func (t *txn) Insights(key store.AccountKey) ([]store.Insight, error) {
	rows, err := t.query(`SELECT arn, name, filters, group_by, created_at_ms FROM insights
		WHERE partition = ? AND region = ? AND account_id = ? ORDER BY seq`, key.Partition, key.Region, key.AccountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Insight
	for rows.Next() {
		i := store.Insight{Key: key}
		var created int64
		if err := rows.Scan(&i.ARN, &i.Name, &i.Filters, &i.GroupByAttribute, &created); err != nil {
			return nil, err
		}
		i.CreatedAt = fromMS(created)
		out = append(out, i)
	}
	return out, rows.Err()
}

func (t *txn) PutInsight(i store.Insight) error {
	return t.exec(`INSERT INTO insights (partition, region, account_id, arn, name, filters, group_by, created_at_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (partition, region, account_id, arn) DO UPDATE SET
		name = excluded.name, filters = excluded.filters, group_by = excluded.group_by`,
		i.Key.Partition, i.Key.Region, i.Key.AccountID, i.ARN, i.Name, i.Filters, i.GroupByAttribute, ms(i.CreatedAt))
}

func (t *txn) DeleteInsight(key store.AccountKey, arn string) error {
	return t.exec(`DELETE FROM insights WHERE partition = ? AND region = ? AND account_id = ? AND arn = ?`,
		key.Partition, key.Region, key.AccountID, arn)
}
