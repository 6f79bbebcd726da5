package configpolicies

import (
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/sechub/sechub/internal/store"
)

const policyColumns = `policy_id, org_id, home_region, admin_id, name, description, settings_json, created_at_ms, updated_at_ms`

type scanner interface{ Scan(dest ...any) error }

func scanPolicy(partition string, row scanner) (Policy, error) {
	p := Policy{Home: store.RegionKey{Partition: partition}}
	var settings string
	var created, updated int64
	err := row.Scan(&p.ID, &p.OrgID, &p.Home.Region, &p.AdminID, &p.Name, &p.Description, &settings, &created, &updated)
	if err != nil {
		return p, err
	}
	p.CreatedAt, p.UpdatedAt = store.FromMillis(created), store.FromMillis(updated)
	return p, json.Unmarshal([]byte(settings), &p.Settings)
}

// loadPolicy returns a policy by id, or store.ErrNotFound.
func loadPolicy(tx store.Tx, partition, id string) (Policy, error) {
	p, err := scanPolicy(partition, tx.QueryRow(`SELECT `+policyColumns+` FROM configuration_policies WHERE partition = ? AND policy_id = ?`,
		partition, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, store.ErrNotFound
	}
	return p, err
}

// policiesOf lists an organization's policies in creation order.
func policiesOf(tx store.Tx, partition, orgID string) ([]Policy, error) {
	rows, err := tx.Query(`SELECT `+policyColumns+` FROM configuration_policies WHERE partition = ? AND org_id = ?
		ORDER BY created_at_ms, policy_id`, partition, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Policy
	for rows.Next() {
		p, err := scanPolicy(partition, rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// insertPolicy adds a policy; store.ErrConflict when its name is taken.
func insertPolicy(tx store.Tx, p Policy) error {
	settings, err := json.Marshal(p.Settings)
	if err != nil {
		return err
	}
	return tx.ExecUnique(`INSERT INTO configuration_policies (`+policyColumns+`, partition) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.OrgID, p.Home.Region, p.AdminID, p.Name, p.Description, string(settings), store.Millis(p.CreatedAt), store.Millis(p.UpdatedAt),
		p.Home.Partition)
}

// updatePolicy replaces a policy's name, description and settings; store.ErrConflict when the
// new name is taken.
func updatePolicy(tx store.Tx, p Policy) error {
	settings, err := json.Marshal(p.Settings)
	if err != nil {
		return err
	}
	return tx.ExecUnique(`UPDATE configuration_policies SET name = ?, description = ?, settings_json = ?, updated_at_ms = ?
		WHERE partition = ? AND policy_id = ?`, p.Name, p.Description, string(settings), store.Millis(p.UpdatedAt), p.Home.Partition, p.ID)
}

// deletePolicy deletes a policy.
func deletePolicy(tx store.Tx, partition, id string) error {
	return tx.Exec(`DELETE FROM configuration_policies WHERE partition = ? AND policy_id = ?`, partition, id)
}

// applied is a configuration applied to one target: a row of
// configuration_policy_associations.
type applied struct {
	TargetID   string
	TargetType string
	PolicyID   string // a policy's id or SelfManaged
	UpdatedAt  time.Time
}

// appliedIn returns the configurations applied in an organization, by target id.
func appliedIn(tx store.Tx, partition, orgID string) (map[string]applied, error) {
	rows, err := tx.Query(`SELECT target_id, target_type, policy_id, updated_at_ms FROM configuration_policy_associations
		WHERE partition = ? AND org_id = ?`, partition, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]applied{}
	for rows.Next() {
		var a applied
		var at int64
		if err := rows.Scan(&a.TargetID, &a.TargetType, &a.PolicyID, &at); err != nil {
			return nil, err
		}
		a.UpdatedAt = store.FromMillis(at)
		out[a.TargetID] = a
	}
	return out, rows.Err()
}

// countApplied counts the targets a policy is applied to.
func countApplied(tx store.Tx, partition, policyID string) (int, error) {
	var n int
	err := tx.QueryRow(`SELECT COUNT(*) FROM configuration_policy_associations WHERE partition = ? AND policy_id = ?`,
		partition, policyID).Scan(&n)
	return n, err
}

// putApplied applies a configuration to a target, replacing the one applied before.
func putApplied(tx store.Tx, partition, orgID string, a applied) error {
	return tx.Exec(`INSERT INTO configuration_policy_associations (partition, org_id, target_id, target_type, policy_id, updated_at_ms)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (partition, org_id, target_id) DO UPDATE SET target_type = excluded.target_type,
			policy_id = excluded.policy_id, updated_at_ms = excluded.updated_at_ms`,
		partition, orgID, a.TargetID, a.TargetType, a.PolicyID, store.Millis(a.UpdatedAt))
}

// removeApplied removes what is applied to a target.
func removeApplied(tx store.Tx, partition, orgID, targetID string) error {
	return tx.Exec(`DELETE FROM configuration_policy_associations WHERE partition = ? AND org_id = ? AND target_id = ?`,
		partition, orgID, targetID)
}

// failuresIn returns why the policies of an organization's accounts that could not be
// configured were not applied, by account.
func failuresIn(tx store.Tx, partition, orgID string) (map[string]string, error) {
	rows, err := tx.Query(`SELECT account_id, message FROM configuration_policy_failures WHERE partition = ? AND org_id = ?`, partition, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var account, message string
		if err := rows.Scan(&account, &message); err != nil {
			return nil, err
		}
		out[account] = message
	}
	return out, rows.Err()
}

// failureOf returns why an account's policy could not be applied, "" when it was.
func failureOf(tx store.Tx, partition, orgID, accountID string) (string, error) {
	var message string
	err := tx.QueryRow(`SELECT message FROM configuration_policy_failures WHERE partition = ? AND org_id = ? AND account_id = ?`,
		partition, orgID, accountID).Scan(&message)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return message, err
}

// setFailure records why an account's policy could not be applied, or, with an empty
// message, that it was.
func setFailure(tx store.Tx, partition, orgID, accountID, message string, now time.Time) error {
	if message == "" {
		return tx.Exec(`DELETE FROM configuration_policy_failures WHERE partition = ? AND org_id = ? AND account_id = ?`, partition, orgID, accountID)
	}
	return tx.Exec(`INSERT INTO configuration_policy_failures (partition, org_id, account_id, message, at_ms) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (partition, org_id, account_id) DO UPDATE SET message = excluded.message, at_ms = excluded.at_ms`,
		partition, orgID, accountID, message, store.Millis(now))
}

// clearFailures forgets the failures of an organization's accounts.
func clearFailures(tx store.Tx, partition, orgID string) error {
	return tx.Exec(`DELETE FROM configuration_policy_failures WHERE partition = ? AND org_id = ?`, partition, orgID)
}

// removeAppliedEverywhere removes what is applied to a target in any organization: an
// account that leaves its organization takes nothing with it.
func removeAppliedEverywhere(tx store.Tx, partition, targetID string) error {
	if err := tx.Exec(`DELETE FROM configuration_policy_failures WHERE partition = ? AND account_id = ?`, partition, targetID); err != nil {
		return err
	}
	return tx.Exec(`DELETE FROM configuration_policy_associations WHERE partition = ? AND target_id = ?`, partition, targetID)
}

// removeOrganization deletes an organization's policies and associations.
func removeOrganization(tx store.Tx, partition, orgID string) error {
	if err := clearFailures(tx, partition, orgID); err != nil {
		return err
	}
	if err := tx.Exec(`DELETE FROM configuration_policy_associations WHERE partition = ? AND org_id = ?`, partition, orgID); err != nil {
		return err
	}
	return tx.Exec(`DELETE FROM configuration_policies WHERE partition = ? AND org_id = ?`, partition, orgID)
}
