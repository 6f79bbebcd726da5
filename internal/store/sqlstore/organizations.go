package sqlstore

import (
	"database/sql"
	"errors"
	"time"

	"github.com/sechub/sechub/internal/store"
)

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}

func optMS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return ms(t)
}

func fromOptMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return fromMS(v)
}

func (t *txn) Organization(partition, orgID string) (store.Organization, error) {
	o := store.Organization{Partition: partition, ID: orgID}
	var created int64
	err := t.queryRow(`SELECT root_id, management_account_id, management_email, feature_set, created_at_ms
		FROM organizations WHERE partition = ? AND org_id = ?`, partition, orgID).
		Scan(&o.RootID, &o.ManagementAccountID, &o.ManagementEmail, &o.FeatureSet, &created)
	o.CreatedAt = fromMS(created)
	return o, notFound(err)
}

func (t *txn) PutOrganization(o store.Organization) error {
	return t.exec(`INSERT INTO organizations (partition, org_id, root_id, management_account_id, management_email, feature_set, created_at_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (partition, org_id) DO UPDATE SET feature_set = excluded.feature_set`,
		o.Partition, o.ID, o.RootID, o.ManagementAccountID, o.ManagementEmail, o.FeatureSet, ms(o.CreatedAt))
}

func (t *txn) DeleteOrganization(partition, orgID string) error {
	for _, table := range []string{"org_accounts", "org_units", "org_handshakes", "org_create_account_requests", "org_service_access", "organizations"} {
		if err := t.exec(`DELETE FROM `+table+` WHERE partition = ? AND org_id = ?`, partition, orgID); err != nil {
			return err
		}
	}
	return nil
}

const orgAccountColumns = `partition, org_id, account_id, name, email, status, joined_method, joined_at_ms, parent_id`

func scanOrgAccount(row scanner) (store.OrgAccount, error) {
	var a store.OrgAccount
	var joined int64
	err := row.Scan(&a.Partition, &a.OrgID, &a.AccountID, &a.Name, &a.Email, &a.Status, &a.JoinedMethod, &joined, &a.ParentID)
	a.JoinedAt = fromMS(joined)
	return a, err
}

func (t *txn) OrgAccount(partition, accountID string) (store.OrgAccount, error) {
	a, err := scanOrgAccount(t.queryRow(`SELECT `+orgAccountColumns+` FROM org_accounts WHERE partition = ? AND account_id = ?`, partition, accountID))
	return a, notFound(err)
}

func (t *txn) OrgAccounts(partition, orgID string) ([]store.OrgAccount, error) {
	rows, err := t.query(`SELECT `+orgAccountColumns+` FROM org_accounts WHERE partition = ? AND org_id = ? ORDER BY account_id`, partition, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.OrgAccount
	for rows.Next() {
		a, err := scanOrgAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (t *txn) PutOrgAccount(a store.OrgAccount) error {
	return t.exec(`INSERT INTO org_accounts (`+orgAccountColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (partition, account_id) DO UPDATE SET org_id = excluded.org_id, name = excluded.name, email = excluded.email,
			status = excluded.status, joined_method = excluded.joined_method, joined_at_ms = excluded.joined_at_ms, parent_id = excluded.parent_id`,
		a.Partition, a.OrgID, a.AccountID, a.Name, a.Email, a.Status, a.JoinedMethod, ms(a.JoinedAt), a.ParentID)
}

func (t *txn) DeleteOrgAccount(partition, accountID string) error {
	return t.exec(`DELETE FROM org_accounts WHERE partition = ? AND account_id = ?`, partition, accountID)
}

func (t *txn) OrgUnits(partition, orgID string) ([]store.OrgUnit, error) {
	rows, err := t.query(`SELECT ou_id, parent_id, name FROM org_units WHERE partition = ? AND org_id = ? ORDER BY ou_id`, partition, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.OrgUnit
	for rows.Next() {
		u := store.OrgUnit{Partition: partition, OrgID: orgID}
		if err := rows.Scan(&u.ID, &u.ParentID, &u.Name); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func (t *txn) PutOrgUnit(u store.OrgUnit) error {
	return t.exec(`INSERT INTO org_units (partition, org_id, ou_id, parent_id, name) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (partition, org_id, ou_id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name`,
		u.Partition, u.OrgID, u.ID, u.ParentID, u.Name)
}

const handshakeColumns = `partition, handshake_id, org_id, target_id, target_type, state, requested_at_ms, expires_at_ms`

func scanHandshake(row scanner) (store.Handshake, error) {
	var h store.Handshake
	var requested, expires int64
	err := row.Scan(&h.Partition, &h.ID, &h.OrgID, &h.TargetID, &h.TargetType, &h.State, &requested, &expires)
	h.RequestedAt, h.ExpiresAt = fromMS(requested), fromMS(expires)
	return h, err
}

func (t *txn) Handshake(partition, id string) (store.Handshake, error) {
	h, err := scanHandshake(t.queryRow(`SELECT `+handshakeColumns+` FROM org_handshakes WHERE partition = ? AND handshake_id = ?`, partition, id))
	return h, notFound(err)
}

func (t *txn) Handshakes(partition string) ([]store.Handshake, error) {
	rows, err := t.query(`SELECT `+handshakeColumns+` FROM org_handshakes WHERE partition = ? ORDER BY handshake_id`, partition)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Handshake
	for rows.Next() {
		h, err := scanHandshake(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

func (t *txn) PutHandshake(h store.Handshake) error {
	return t.exec(`INSERT INTO org_handshakes (`+handshakeColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (partition, handshake_id) DO UPDATE SET state = excluded.state`,
		h.Partition, h.ID, h.OrgID, h.TargetID, h.TargetType, h.State, ms(h.RequestedAt), ms(h.ExpiresAt))
}

const createAccountColumns = `partition, request_id, org_id, account_name, email, state, account_id, failure_reason, requested_at_ms, completed_at_ms`

func scanCreateAccount(row scanner) (store.CreateAccountRequest, error) {
	var r store.CreateAccountRequest
	var requested, completed int64
	err := row.Scan(&r.Partition, &r.ID, &r.OrgID, &r.AccountName, &r.Email, &r.State, &r.AccountID, &r.FailureReason, &requested, &completed)
	r.RequestedAt, r.CompletedAt = fromMS(requested), fromOptMS(completed)
	return r, err
}

func (t *txn) CreateAccountRequest(partition, id string) (store.CreateAccountRequest, error) {
	r, err := scanCreateAccount(t.queryRow(`SELECT `+createAccountColumns+` FROM org_create_account_requests
		WHERE partition = ? AND request_id = ?`, partition, id))
	return r, notFound(err)
}

func (t *txn) CreateAccountRequests(partition, orgID string) ([]store.CreateAccountRequest, error) {
	rows, err := t.query(`SELECT `+createAccountColumns+` FROM org_create_account_requests
		WHERE partition = ? AND org_id = ? ORDER BY requested_at_ms, request_id`, partition, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.CreateAccountRequest
	for rows.Next() {
		r, err := scanCreateAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (t *txn) PutCreateAccountRequest(r store.CreateAccountRequest) error {
	return t.exec(`INSERT INTO org_create_account_requests (`+createAccountColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (partition, request_id) DO UPDATE SET state = excluded.state, account_id = excluded.account_id,
			failure_reason = excluded.failure_reason, completed_at_ms = excluded.completed_at_ms`,
		r.Partition, r.ID, r.OrgID, r.AccountName, r.Email, r.State, r.AccountID, r.FailureReason, ms(r.RequestedAt), optMS(r.CompletedAt))
}

func (t *txn) ServiceAccesses(partition, orgID string) ([]store.ServiceAccess, error) {
	rows, err := t.query(`SELECT service_principal, account_id, enabled_at_ms FROM org_service_access
		WHERE partition = ? AND org_id = ? ORDER BY service_principal, account_id`, partition, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.ServiceAccess
	for rows.Next() {
		a := store.ServiceAccess{Partition: partition, OrgID: orgID}
		var enabled int64
		if err := rows.Scan(&a.ServicePrincipal, &a.AccountID, &enabled); err != nil {
			return nil, err
		}
		a.EnabledAt = fromMS(enabled)
		out = append(out, a)
	}
	return out, rows.Err()
}

func (t *txn) PutServiceAccess(a store.ServiceAccess) error {
	return t.exec(`INSERT INTO org_service_access (partition, org_id, service_principal, account_id, enabled_at_ms)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (partition, org_id, service_principal, account_id) DO NOTHING`,
		a.Partition, a.OrgID, a.ServicePrincipal, a.AccountID, ms(a.EnabledAt))
}

func (t *txn) DeleteServiceAccess(partition, orgID, servicePrincipal, accountID string) error {
	return t.exec(`DELETE FROM org_service_access WHERE partition = ? AND org_id = ? AND service_principal = ? AND account_id = ?`,
		partition, orgID, servicePrincipal, accountID)
}

func (t *txn) OrgAdmins(partition string) ([]store.OrgAdmin, error) {
	rows, err := t.query(`SELECT region, org_id, account_id, status FROM securityhub_org_admins WHERE partition = ? ORDER BY region`, partition)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.OrgAdmin
	for rows.Next() {
		a := store.OrgAdmin{Region: store.RegionKey{Partition: partition}}
		if err := rows.Scan(&a.Region.Region, &a.OrgID, &a.AccountID, &a.Status); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (t *txn) PutOrgAdmin(a store.OrgAdmin) error {
	return t.exec(`INSERT INTO securityhub_org_admins (partition, region, org_id, account_id, status) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (partition, region) DO UPDATE SET org_id = excluded.org_id, account_id = excluded.account_id, status = excluded.status`,
		a.Region.Partition, a.Region.Region, a.OrgID, a.AccountID, a.Status)
}

func (t *txn) DeleteOrgAdmin(region store.RegionKey) error {
	return t.exec(`DELETE FROM securityhub_org_admins WHERE partition = ? AND region = ?`, region.Partition, region.Region)
}

func (t *txn) OrgConfig(region store.RegionKey) (store.OrgConfig, error) {
	c := store.OrgConfig{Region: region}
	var auto int
	err := t.queryRow(`SELECT org_id, auto_enable, auto_enable_standards, configuration_type, status FROM securityhub_org_configs
		WHERE partition = ? AND region = ?`, region.Partition, region.Region).
		Scan(&c.OrgID, &auto, &c.AutoEnableStandards, &c.ConfigurationType, &c.Status)
	c.AutoEnable = auto != 0
	return c, notFound(err)
}

func (t *txn) PutOrgConfig(c store.OrgConfig) error {
	return t.exec(`INSERT INTO securityhub_org_configs (partition, region, org_id, auto_enable, auto_enable_standards, configuration_type, status)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (partition, region) DO UPDATE SET org_id = excluded.org_id, auto_enable = excluded.auto_enable,
			auto_enable_standards = excluded.auto_enable_standards, configuration_type = excluded.configuration_type, status = excluded.status`,
		c.Region.Partition, c.Region.Region, c.OrgID, boolInt(c.AutoEnable), c.AutoEnableStandards, c.ConfigurationType, c.Status)
}

func (t *txn) DeleteOrgConfig(region store.RegionKey) error {
	return t.exec(`DELETE FROM securityhub_org_configs WHERE partition = ? AND region = ?`, region.Partition, region.Region)
}

func (t *txn) MembershipsOfMember(partition, memberID string) ([]store.Membership, error) {
	rows, err := t.query(`SELECT `+membershipColumns+` FROM memberships WHERE partition = ? AND member_id = ? ORDER BY region, admin_id`,
		partition, memberID)
	if err != nil {
		return nil, err
	}
	return scanMemberships(rows)
}

func (t *txn) DeleteAllMembershipsOf(partition, accountID string) error {
	return t.exec(`DELETE FROM memberships WHERE partition = ? AND (admin_id = ? OR member_id = ?)`, partition, accountID, accountID)
}
