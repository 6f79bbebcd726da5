package aggregators

import (
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/sechub/sechub/internal/store"
)

// stored is a row of finding_aggregators.
type stored struct {
	Aggregation
	ID        string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// load returns the aggregator of an account, or store.ErrNotFound.
func load(tx store.Tx, partition, account string) (stored, error) {
	s := stored{}
	s.Partition, s.Account = partition, account
	var regions string
	var created, updated int64
	err := tx.QueryRow(`SELECT aggregator_id, home_region, linking_mode, regions_json, created_at_ms, updated_at_ms
		FROM finding_aggregators WHERE partition = ? AND account_id = ?`, partition, account).
		Scan(&s.ID, &s.Home, &s.Mode, &regions, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return s, store.ErrNotFound
	} else if err != nil {
		return s, err
	}
	s.ARN = ARN(partition, s.Home, account, s.ID)
	s.CreatedAt, s.UpdatedAt = store.FromMillis(created), store.FromMillis(updated)
	return s, json.Unmarshal([]byte(regions), &s.Regions)
}

// insert adds an aggregator; store.ErrConflict when the account has one already.
func insert(tx store.Tx, s stored) error {
	regions, err := json.Marshal(s.Regions)
	if err != nil {
		return err
	}
	return tx.ExecUnique(`INSERT INTO finding_aggregators (partition, account_id, aggregator_id, home_region, linking_mode, regions_json,
		created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		s.Partition, s.Account, s.ID, s.Home, s.Mode, string(regions), store.Millis(s.CreatedAt), store.Millis(s.UpdatedAt))
}

// save replaces the linking mode and regions of an account's aggregator.
func save(tx store.Tx, s stored) error {
	regions, err := json.Marshal(s.Regions)
	if err != nil {
		return err
	}
	return tx.Exec(`UPDATE finding_aggregators SET linking_mode = ?, regions_json = ?, updated_at_ms = ?
		WHERE partition = ? AND account_id = ?`, s.Mode, string(regions), store.Millis(s.UpdatedAt), s.Partition, s.Account)
}

// remove deletes an account's aggregator.
func remove(tx store.Tx, partition, account string) error {
	return tx.Exec(`DELETE FROM finding_aggregators WHERE partition = ? AND account_id = ?`, partition, account)
}
