package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/store"
)

// txn implements store.Tx over one database/sql transaction.
type txn struct {
	ctx     context.Context
	tx      *sql.Tx
	stmts   *StmtCache // nil: statements are not prepared ahead
	dialect *Dialect
}

// NewTx returns the store.Tx of a database/sql transaction; stmts may be nil.
func NewTx(ctx context.Context, tx *sql.Tx, d *Dialect, stmts *StmtCache) store.Tx {
	return &txn{ctx: ctx, tx: tx, stmts: stmts, dialect: d}
}

func ms(t time.Time) int64     { return t.UnixMilli() }
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (t *txn) exec(query string, args ...any) error {
	query = t.dialect.rebind(query)
	var err error
	if st := t.stmts.get(query); st != nil {
		_, err = t.tx.StmtContext(t.ctx, st).ExecContext(t.ctx, args...)
	} else {
		_, err = t.tx.ExecContext(t.ctx, query, args...)
	}
	return err
}

func (t *txn) query(query string, args ...any) (*sql.Rows, error) {
	query = t.dialect.rebind(query)
	if st := t.stmts.get(query); st != nil {
		return t.tx.StmtContext(t.ctx, st).QueryContext(t.ctx, args...)
	}
	return t.tx.QueryContext(t.ctx, query, args...)
}

func (t *txn) queryRow(query string, args ...any) *sql.Row {
	query = t.dialect.rebind(query)
	if st := t.stmts.get(query); st != nil {
		return t.tx.StmtContext(t.ctx, st).QueryRowContext(t.ctx, args...)
	}
	return t.tx.QueryRowContext(t.ctx, query, args...)
}

func (t *txn) Hub(key store.AccountKey) (store.Hub, error) {
	h := store.Hub{Key: key}
	var subscribed int64
	var auto int
	err := t.queryRow(`SELECT subscribed_at_ms, auto_enable_controls, control_finding_generator
		FROM hubs WHERE partition = ? AND region = ? AND account_id = ?`, key.Partition, key.Region, key.AccountID).
		Scan(&subscribed, &auto, &h.ControlFindingGenerator)
	if errors.Is(err, sql.ErrNoRows) {
		return h, store.ErrNotFound
	}
	h.SubscribedAt, h.AutoEnableControls = fromMS(subscribed), auto != 0
	return h, err
}

func (t *txn) PutHub(h store.Hub) error {
	return t.exec(`INSERT INTO hubs (partition, region, account_id, subscribed_at_ms, auto_enable_controls, control_finding_generator)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (partition, region, account_id) DO UPDATE SET subscribed_at_ms = excluded.subscribed_at_ms,
			auto_enable_controls = excluded.auto_enable_controls, control_finding_generator = excluded.control_finding_generator`,
		h.Key.Partition, h.Key.Region, h.Key.AccountID, ms(h.SubscribedAt), boolInt(h.AutoEnableControls), h.ControlFindingGenerator)
}

func (t *txn) DeleteHub(key store.AccountKey) error {
	return t.exec(`DELETE FROM hubs WHERE partition = ? AND region = ? AND account_id = ?`, key.Partition, key.Region, key.AccountID)
}

func (t *txn) Tags(resourceARN string) (map[string]string, error) {
	rows, err := t.query(`SELECT tag_key, tag_value FROM resource_tags WHERE resource_arn = ?`, resourceARN)
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

func (t *txn) SetTags(key store.AccountKey, resourceARN string, tags map[string]string) error {
	for k, v := range tags {
		if err := t.exec(`INSERT INTO resource_tags (resource_arn, tag_key, tag_value, partition, region, account_id)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (resource_arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
			resourceARN, k, v, key.Partition, key.Region, key.AccountID); err != nil {
			return err
		}
	}
	return nil
}

func (t *txn) RemoveTags(resourceARN string, keys []string) error {
	for _, k := range keys {
		if err := t.exec(`DELETE FROM resource_tags WHERE resource_arn = ? AND tag_key = ?`, resourceARN, k); err != nil {
			return err
		}
	}
	return nil
}

func (t *txn) DeleteAccountTags(key store.AccountKey) error {
	return t.exec(`DELETE FROM resource_tags WHERE partition = ? AND region = ? AND account_id = ?`, key.Partition, key.Region, key.AccountID)
}

func (t *txn) StandardsSubscriptions(key store.AccountKey) ([]store.StandardsSubscription, error) {
	rows, err := t.query(`SELECT standards_arn, subscription_arn, input_json, status, created_at_ms
		FROM standards_subscriptions WHERE partition = ? AND region = ? AND account_id = ? ORDER BY standards_arn`,
		key.Partition, key.Region, key.AccountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var subs []store.StandardsSubscription
	for rows.Next() {
		s := store.StandardsSubscription{Key: key}
		var input string
		var created int64
		if err := rows.Scan(&s.StandardsARN, &s.SubscriptionARN, &input, &s.Status, &created); err != nil {
			return nil, err
		}
		s.CreatedAt = fromMS(created)
		if err := json.Unmarshal([]byte(input), &s.Input); err != nil {
			return nil, err
		}
		subs = append(subs, s)
	}
	return subs, rows.Err()
}

func (t *txn) PutStandardsSubscription(s store.StandardsSubscription) error {
	input := s.Input
	if input == nil {
		input = map[string]string{}
	}
	encoded, err := json.Marshal(input)
	if err != nil {
		return err
	}
	return t.exec(`INSERT INTO standards_subscriptions (partition, region, account_id, standards_arn, subscription_arn, input_json, status, created_at_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (partition, region, account_id, standards_arn) DO UPDATE SET subscription_arn = excluded.subscription_arn,
			input_json = excluded.input_json, status = excluded.status, created_at_ms = excluded.created_at_ms`,
		s.Key.Partition, s.Key.Region, s.Key.AccountID, s.StandardsARN, s.SubscriptionARN, string(encoded), s.Status, ms(s.CreatedAt))
}

func (t *txn) DeleteStandardsSubscription(key store.AccountKey, standardsARN string) error {
	return t.exec(`DELETE FROM standards_subscriptions WHERE partition = ? AND region = ? AND account_id = ? AND standards_arn = ?`,
		key.Partition, key.Region, key.AccountID, standardsARN)
}

func (t *txn) DeleteStandardsSubscriptions(key store.AccountKey) error {
	return t.exec(`DELETE FROM standards_subscriptions WHERE partition = ? AND region = ? AND account_id = ?`,
		key.Partition, key.Region, key.AccountID)
}

const membershipColumns = `partition, region, admin_id, member_id, email, status, origin, invitation_id, invited_at_ms, updated_at_ms, member_visible`

func scanMemberships(rows *sql.Rows) ([]store.Membership, error) {
	defer rows.Close()
	var out []store.Membership
	for rows.Next() {
		m, err := scanMembership(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

type scanner interface{ Scan(dest ...any) error }

func scanMembership(row scanner) (store.Membership, error) {
	var m store.Membership
	var invited, updated int64
	var visible int
	err := row.Scan(&m.Region.Partition, &m.Region.Region, &m.AdminID, &m.MemberID, &m.Email, &m.Status, &m.Origin,
		&m.InvitationID, &invited, &updated, &visible)
	if invited != 0 {
		m.InvitedAt = fromMS(invited)
	}
	m.UpdatedAt, m.MemberVisible = fromMS(updated), visible != 0
	return m, err
}

func (t *txn) Membership(region store.RegionKey, adminID, memberID string) (store.Membership, error) {
	m, err := scanMembership(t.queryRow(`SELECT `+membershipColumns+` FROM memberships
		WHERE partition = ? AND region = ? AND admin_id = ? AND member_id = ?`, region.Partition, region.Region, adminID, memberID))
	if errors.Is(err, sql.ErrNoRows) {
		return m, store.ErrNotFound
	}
	return m, err
}

func (t *txn) Memberships(region store.RegionKey, adminID string, memberIDs []string) ([]store.Membership, error) {
	if len(memberIDs) == 0 {
		return nil, nil
	}
	// The whole batch is one parameter, so one prepared statement serves every batch size.
	// The key columns are known; reading only the others halves the scanning work.
	anyOf, ids := t.dialect.AnyOf("member_id", memberIDs)
	rows, err := t.query(`SELECT member_id, email, status, origin, invitation_id, invited_at_ms, updated_at_ms, member_visible
		FROM memberships WHERE partition = ? AND region = ? AND admin_id = ? AND `+anyOf,
		region.Partition, region.Region, adminID, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]store.Membership, 0, len(memberIDs))
	for rows.Next() {
		m := store.Membership{Region: region, AdminID: adminID}
		var invited, updated int64
		var visible int
		if err := rows.Scan(&m.MemberID, &m.Email, &m.Status, &m.Origin, &m.InvitationID, &invited, &updated, &visible); err != nil {
			return nil, err
		}
		if invited != 0 {
			m.InvitedAt = fromMS(invited)
		}
		m.UpdatedAt, m.MemberVisible = fromMS(updated), visible != 0
		out = append(out, m)
	}
	return out, rows.Err()
}

func (t *txn) PutMembership(m store.Membership) error {
	var invited int64
	if !m.InvitedAt.IsZero() {
		invited = ms(m.InvitedAt)
	}
	if t.dialect.SavepointUniqueWrites {
		if err := t.exec(`SAVEPOINT put_membership`); err != nil {
			return err
		}
	}
	err := t.exec(`INSERT INTO memberships (`+membershipColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (partition, region, admin_id, member_id) DO UPDATE SET email = excluded.email, status = excluded.status,
			origin = excluded.origin, invitation_id = excluded.invitation_id, invited_at_ms = excluded.invited_at_ms,
			updated_at_ms = excluded.updated_at_ms, member_visible = excluded.member_visible`,
		m.Region.Partition, m.Region.Region, m.AdminID, m.MemberID, m.Email, m.Status, m.Origin, m.InvitationID,
		invited, ms(m.UpdatedAt), boolInt(m.MemberVisible))
	if t.dialect.SavepointUniqueWrites {
		end := `RELEASE SAVEPOINT put_membership`
		if err != nil {
			end = `ROLLBACK TO SAVEPOINT put_membership`
		}
		if err := t.exec(end); err != nil {
			return err
		}
	}
	if err != nil && t.dialect.IsUniqueViolation(err) {
		return fmt.Errorf("%w: %s already has an Enabled administrator", store.ErrConflict, m.MemberID)
	}
	return err
}

func (t *txn) DeleteMembership(region store.RegionKey, adminID, memberID string) error {
	return t.exec(`DELETE FROM memberships WHERE partition = ? AND region = ? AND admin_id = ? AND member_id = ?`,
		region.Partition, region.Region, adminID, memberID)
}

func (t *txn) MembersOf(region store.RegionKey, adminID string, onlyEnabled bool, after string, limit int) ([]store.Membership, error) {
	if limit <= 0 {
		limit = math.MaxInt32 // no limit (both engines take a large one; SQLite's -1 is not portable)
	}
	q := `SELECT ` + membershipColumns + ` FROM memberships WHERE partition = ? AND region = ? AND admin_id = ? AND member_id > ?`
	args := []any{region.Partition, region.Region, adminID, after}
	if onlyEnabled {
		q += ` AND status = 'Enabled'`
	}
	rows, err := t.query(q+` ORDER BY member_id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	return scanMemberships(rows)
}

func (t *txn) CountMembers(region store.RegionKey, adminID, origin string, statuses ...string) (int, error) {
	q := `SELECT COUNT(*) FROM memberships WHERE partition = ? AND region = ? AND admin_id = ?`
	args := []any{region.Partition, region.Region, adminID}
	if origin != "" {
		q += ` AND origin = ?`
		args = append(args, origin)
	}
	if len(statuses) > 0 {
		q += ` AND status IN (?` + strings.Repeat(", ?", len(statuses)-1) + `)`
		for _, s := range statuses {
			args = append(args, s)
		}
	}
	var n int
	err := t.queryRow(q, args...).Scan(&n)
	return n, err
}

func (t *txn) AdministratorsOf(region store.RegionKey, memberID string) ([]store.Membership, error) {
	rows, err := t.query(`SELECT `+membershipColumns+` FROM memberships WHERE partition = ? AND region = ? AND member_id = ?
		ORDER BY admin_id`, region.Partition, region.Region, memberID)
	if err != nil {
		return nil, err
	}
	return scanMemberships(rows)
}

func (t *txn) EnabledAdministrator(region store.RegionKey, memberID string) (store.Membership, error) {
	m, err := scanMembership(t.queryRow(`SELECT `+membershipColumns+` FROM memberships
		WHERE partition = ? AND region = ? AND member_id = ? AND status = 'Enabled'`, region.Partition, region.Region, memberID))
	if errors.Is(err, sql.ErrNoRows) {
		return m, store.ErrNotFound
	}
	return m, err
}

func (t *txn) DeleteMembershipsOf(region store.RegionKey, accountID string) error {
	return t.exec(`DELETE FROM memberships WHERE partition = ? AND region = ? AND (admin_id = ? OR member_id = ?)`,
		region.Partition, region.Region, accountID, accountID)
}
