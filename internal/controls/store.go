package controls

import (
	"encoding/json"
	"sync/atomic"
	"time"

	"github.com/sechub/sechub/internal/store"
)

// override is what an account set for a control in one standard.
type override struct {
	Status    string
	Reason    string
	UpdatedAt time.Time
}

// overrideSet is what an account set for its controls, by standard path and control id, as
// read at one time. A set is never changed once read: generation tells sets apart, so that
// equal generations mean equal overrides.
type overrideSet struct {
	generation uint64
	byStandard map[string]map[string]override
}

// generations numbers the override sets this process reads.
var generations atomic.Uint64

// overridesMemo is where a process that alone uses its store keeps the override sets it has
// read: every read of an account's standards controls needs them. Every write below tells it.
func overridesMemo(of interface{ Memos() *store.Memos }) *store.Memo[store.AccountKey, *overrideSet] {
	return store.MemoOf[store.AccountKey, *overrideSet](of, "control_overrides")
}

// overrides returns key's overrides in every standard.
func overrides(tx store.Tx, key store.AccountKey) (*overrideSet, error) {
	set, _, err := overridesMemo(tx).Get(tx, key, func(tx store.Tx) (*overrideSet, bool, error) {
		set, err := readOverrides(tx, key)
		return set, err == nil, err
	})
	return set, err
}

// readOverrides reads key's overrides from the table.
func readOverrides(tx store.Tx, key store.AccountKey) (*overrideSet, error) {
	rows, err := tx.Query(`SELECT standard, control_id, status, reason, updated_at_ms FROM control_associations
		WHERE partition = ? AND region = ? AND account_id = ?`, key.Partition, key.Region, key.AccountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	set := &overrideSet{generation: generations.Add(1), byStandard: map[string]map[string]override{}}
	for rows.Next() {
		var std, id string
		var o override
		var at int64
		if err := rows.Scan(&std, &id, &o.Status, &o.Reason, &at); err != nil {
			return nil, err
		}
		o.UpdatedAt = store.FromMillis(at)
		if set.byStandard[std] == nil {
			set.byStandard[std] = map[string]override{}
		}
		set.byStandard[std][id] = o
	}
	return set, rows.Err()
}

// putOverride records key's status of a control in a standard.
func putOverride(tx store.Tx, key store.AccountKey, standard, controlID string, o override) error {
	overridesMemo(tx).Changing(tx, key)
	return tx.Exec(`INSERT INTO control_associations (partition, region, account_id, standard, control_id, status, reason, updated_at_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (partition, region, account_id, standard, control_id) DO UPDATE SET status = excluded.status,
			reason = excluded.reason, updated_at_ms = excluded.updated_at_ms`,
		key.Partition, key.Region, key.AccountID, standard, controlID, o.Status, o.Reason, store.Millis(o.UpdatedAt))
}

// removeOverrides deletes key's overrides in one standard.
func removeOverrides(tx store.Tx, key store.AccountKey, standard string) error {
	overridesMemo(tx).Changing(tx, key)
	return tx.Exec(`DELETE FROM control_associations WHERE partition = ? AND region = ? AND account_id = ? AND standard = ?`,
		key.Partition, key.Region, key.AccountID, standard)
}

// settings is what an account set for a security control: custom parameter values by name.
type settings struct {
	Parameters map[string]Value
	Reason     string
	UpdatedAt  time.Time
}

// readSettings reads key's settings of the given controls (every control when ids is empty),
// by control id.
func readSettings(tx store.Tx, key store.AccountKey, ids []string) (map[string]settings, error) {
	query := `SELECT control_id, parameters_json, reason, updated_at_ms FROM security_control_settings
		WHERE partition = ? AND region = ? AND account_id = ?`
	args := []any{key.Partition, key.Region, key.AccountID}
	if len(ids) > 0 {
		cond, params := tx.AnyOf("control_id", ids)
		query += ` AND ` + cond
		args = append(args, params...)
	}
	rows, err := tx.Query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]settings{}
	for rows.Next() {
		var id, params string
		var s settings
		var at int64
		if err := rows.Scan(&id, &params, &s.Reason, &at); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(params), &s.Parameters); err != nil {
			return nil, err
		}
		s.UpdatedAt = store.FromMillis(at)
		out[id] = s
	}
	return out, rows.Err()
}

// putSettings records key's settings of one security control.
func putSettings(tx store.Tx, key store.AccountKey, controlID string, s settings) error {
	params, err := json.Marshal(s.Parameters)
	if err != nil {
		return err
	}
	return tx.Exec(`INSERT INTO security_control_settings (partition, region, account_id, control_id, parameters_json, reason, updated_at_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (partition, region, account_id, control_id) DO UPDATE SET parameters_json = excluded.parameters_json,
			reason = excluded.reason, updated_at_ms = excluded.updated_at_ms`,
		key.Partition, key.Region, key.AccountID, controlID, string(params), s.Reason, store.Millis(s.UpdatedAt))
}

// removeAll deletes what key set for its controls: what goes when the account disables its hub.
func removeAll(tx store.Tx, key store.AccountKey) error {
	overridesMemo(tx).Changing(tx, key)
	for _, table := range []string{"control_associations", "security_control_settings"} {
		if err := tx.Exec(`DELETE FROM `+table+` WHERE partition = ? AND region = ? AND account_id = ?`,
			key.Partition, key.Region, key.AccountID); err != nil {
			return err
		}
	}
	return nil
}
