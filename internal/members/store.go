package members

import (
	"database/sql"
	"errors"
	"math"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/store"
)

// Membership is the stored relationship between an administrator and a member account in a
// region (a row of memberships).
type Membership struct {
	Region       store.RegionKey
	AdminID      string
	MemberID     string
	Email        string // "" when not supplied
	Status       string
	Origin       string
	InvitationID string    // "" until invited
	InvitedAt    time.Time // zero until invited
	UpdatedAt    time.Time
	// MemberVisible: the invitation shows on the member's side (ListInvitations); false once
	// the member declined or deleted it or the administrator withdrew it.
	MemberVisible bool
}

// OrgAdmin is the Security Hub administrator an organization designated in a region (a row of
// securityhub_org_admins_by_org).
type OrgAdmin struct {
	Region    store.RegionKey
	OrgID     string
	AccountID string
	Status    string // ENABLED, DISABLE_IN_PROGRESS
}

const membershipColumns = `partition, region, admin_id, member_id, email, status, origin, invitation_id, invited_at_ms, updated_at_ms, member_visible`

type scanner interface{ Scan(dest ...any) error }

func scanMembership(row scanner) (Membership, error) {
	var m Membership
	var invited, updated int64
	var visible int
	err := row.Scan(&m.Region.Partition, &m.Region.Region, &m.AdminID, &m.MemberID, &m.Email, &m.Status, &m.Origin,
		&m.InvitationID, &invited, &updated, &visible)
	if invited != 0 {
		m.InvitedAt = store.FromMillis(invited)
	}
	m.UpdatedAt, m.MemberVisible = store.FromMillis(updated), visible != 0
	return m, err
}

func scanMemberships(rows *sql.Rows, err error) ([]Membership, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Membership
	for rows.Next() {
		m, err := scanMembership(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// memberKey names one relationship: an administrator's with a member in a region.
type memberKey struct {
	Region            store.RegionKey
	AdminID, MemberID string
}

// memo is where a process that alone uses its store keeps the relationships GetMembers has
// read: every write of a relationship below tells it (Changing, ChangingAll).
func memo(of interface{ Memos() *store.Memos }) *store.Memo[memberKey, Membership] {
	return store.MemoOf[memberKey, Membership](of, "memberships")
}

// membership returns the relationship of admin and member, or store.ErrNotFound.
func membership(tx store.Tx, region store.RegionKey, adminID, memberID string) (Membership, error) {
	m, err := scanMembership(tx.QueryRow(`SELECT `+membershipColumns+` FROM memberships
		WHERE partition = ? AND region = ? AND admin_id = ? AND member_id = ?`, region.Partition, region.Region, adminID, memberID))
	if errors.Is(err, sql.ErrNoRows) {
		return m, store.ErrNotFound
	}
	return m, err
}

// memberships returns admin's relationships with those of memberIDs that it has, in any order:
// one query for a batch of ids.
func memberships(tx store.Tx, region store.RegionKey, adminID string, memberIDs []string) ([]Membership, error) {
	if len(memberIDs) == 0 {
		return nil, nil
	}
	// The key columns are known; reading only the others halves the scanning work.
	anyOf, ids := tx.AnyOf("member_id", memberIDs)
	rows, err := tx.Query(`SELECT member_id, email, status, origin, invitation_id, invited_at_ms, updated_at_ms, member_visible
		FROM memberships WHERE partition = ? AND region = ? AND admin_id = ? AND `+anyOf,
		append([]any{region.Partition, region.Region, adminID}, ids...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]Membership, 0, len(memberIDs))
	for rows.Next() {
		m := Membership{Region: region, AdminID: adminID}
		var invited, updated int64
		var visible int
		if err := rows.Scan(&m.MemberID, &m.Email, &m.Status, &m.Origin, &m.InvitationID, &invited, &updated, &visible); err != nil {
			return nil, err
		}
		if invited != 0 {
			m.InvitedAt = store.FromMillis(invited)
		}
		m.UpdatedAt, m.MemberVisible = store.FromMillis(updated), visible != 0
		out = append(out, m)
	}
	return out, rows.Err()
}

// putMembership inserts or replaces a relationship. A second Enabled relationship for one
// member in a region breaks the unique index memberships_one_enabled_admin: store.ErrConflict.
func putMembership(tx store.Tx, m Membership) error {
	memo(tx).Changing(tx, memberKey{m.Region, m.AdminID, m.MemberID})
	var invited int64
	if !m.InvitedAt.IsZero() {
		invited = store.Millis(m.InvitedAt)
	}
	return tx.ExecUnique(`INSERT INTO memberships (`+membershipColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (partition, region, admin_id, member_id) DO UPDATE SET email = excluded.email, status = excluded.status,
			origin = excluded.origin, invitation_id = excluded.invitation_id, invited_at_ms = excluded.invited_at_ms,
			updated_at_ms = excluded.updated_at_ms, member_visible = excluded.member_visible`,
		m.Region.Partition, m.Region.Region, m.AdminID, m.MemberID, m.Email, m.Status, m.Origin, m.InvitationID,
		invited, store.Millis(m.UpdatedAt), store.Flag(m.MemberVisible))
}

func deleteMembership(tx store.Tx, region store.RegionKey, adminID, memberID string) error {
	memo(tx).Changing(tx, memberKey{region, adminID, memberID})
	return tx.Exec(`DELETE FROM memberships WHERE partition = ? AND region = ? AND admin_id = ? AND member_id = ?`,
		region.Partition, region.Region, adminID, memberID)
}

// membersOf lists an administrator's relationships ordered by member id, starting after member
// id after ("" for the start), at most limit (0 for all); only Enabled ones if onlyEnabled.
func membersOf(tx store.Tx, region store.RegionKey, adminID string, onlyEnabled bool, after string, limit int) ([]Membership, error) {
	if limit <= 0 {
		limit = math.MaxInt32 // no limit (both engines take a large one; SQLite's -1 is not portable)
	}
	q := `SELECT ` + membershipColumns + ` FROM memberships WHERE partition = ? AND region = ? AND admin_id = ? AND member_id > ?`
	args := []any{region.Partition, region.Region, adminID, after}
	if onlyEnabled {
		q += ` AND status = 'Enabled'`
	}
	return scanMemberships(tx.Query(q+` ORDER BY member_id LIMIT ?`, append(args, limit)...))
}

// countMembers counts an administrator's relationships with one of the statuses (any status
// when none is given), and of the origin when origin is not "".
func countMembers(tx store.Tx, region store.RegionKey, adminID, origin string, statuses ...string) (int, error) {
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
	err := tx.QueryRow(q, args...).Scan(&n)
	return n, err
}

// administratorsOf lists the relationships in which the account is the member, ordered by
// administrator id.
func administratorsOf(tx store.Tx, region store.RegionKey, memberID string) ([]Membership, error) {
	return scanMemberships(tx.Query(`SELECT `+membershipColumns+` FROM memberships WHERE partition = ? AND region = ? AND member_id = ?
		ORDER BY admin_id`, region.Partition, region.Region, memberID))
}

// enabledAdministrator returns the relationship in which the account is an Enabled member, or
// store.ErrNotFound.
func enabledAdministrator(tx store.Tx, region store.RegionKey, memberID string) (Membership, error) {
	m, err := scanMembership(tx.QueryRow(`SELECT `+membershipColumns+` FROM memberships
		WHERE partition = ? AND region = ? AND member_id = ? AND status = 'Enabled'`, region.Partition, region.Region, memberID))
	if errors.Is(err, sql.ErrNoRows) {
		return m, store.ErrNotFound
	}
	return m, err
}

// deleteMembersOf deletes every relationship in which the account is the administrator.
func deleteMembersOf(tx store.Tx, region store.RegionKey, adminID string) error {
	memo(tx).ChangingAll(tx)
	return tx.Exec(`DELETE FROM memberships WHERE partition = ? AND region = ? AND admin_id = ?`,
		region.Partition, region.Region, adminID)
}

// deleteAllMembershipsOf deletes the account's relationships, either side, in every region.
func deleteAllMembershipsOf(tx store.Tx, partition, accountID string) error {
	memo(tx).ChangingAll(tx)
	return tx.Exec(`DELETE FROM memberships WHERE partition = ? AND (admin_id = ? OR member_id = ?)`, partition, accountID, accountID)
}

// membershipsOfMember lists the account's relationships as a member in every region of the
// partition.
func membershipsOfMember(tx store.Tx, partition, memberID string) ([]Membership, error) {
	return scanMemberships(tx.Query(`SELECT `+membershipColumns+` FROM memberships WHERE partition = ? AND member_id = ? ORDER BY region, admin_id`,
		partition, memberID))
}

// OrgAdmins lists the Security Hub organization administrators of every organization and
// region of the partition, ordered by region.
func OrgAdmins(tx store.Tx, partition string) ([]OrgAdmin, error) {
	rows, err := tx.Query(`SELECT region, org_id, account_id, status FROM securityhub_org_admins_by_org WHERE partition = ? ORDER BY region, org_id`, partition)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OrgAdmin
	for rows.Next() {
		a := OrgAdmin{Region: store.RegionKey{Partition: partition}}
		if err := rows.Scan(&a.Region.Region, &a.OrgID, &a.AccountID, &a.Status); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// PutOrgAdmin designates an organization's administrator in a region, replacing any other.
func PutOrgAdmin(tx store.Tx, a OrgAdmin) error {
	return tx.Exec(`INSERT INTO securityhub_org_admins_by_org (partition, org_id, region, account_id, status) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (partition, org_id, region) DO UPDATE SET account_id = excluded.account_id, status = excluded.status`,
		a.Region.Partition, a.OrgID, a.Region.Region, a.AccountID, a.Status)
}

// DeleteOrgAdmin ends an organization's administrator designation in a region.
func DeleteOrgAdmin(tx store.Tx, region store.RegionKey, orgID string) error {
	return tx.Exec(`DELETE FROM securityhub_org_admins_by_org WHERE partition = ? AND org_id = ? AND region = ?`, region.Partition, orgID, region.Region)
}
