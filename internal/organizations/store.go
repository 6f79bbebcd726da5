package organizations

import (
	"database/sql"
	"errors"
	"time"

	"github.com/sechub/sechub/internal/store"
)

// The domain's records, kept in its tables (schema.go). Times are stored as milliseconds since
// the epoch; 0 is an unset time.

// Organization is an AWS Organizations organization (global within a partition).
type Organization struct {
	Partition           string
	ID                  string // o-xxxxxxxxxx
	RootID              string // r-xxxx
	ManagementAccountID string
	ManagementEmail     string
	FeatureSet          string
	CreatedAt           time.Time
}

// Account is an account's membership of an organization.
type Account struct {
	Partition    string
	OrgID        string
	AccountID    string
	Name         string
	Email        string
	Status       string // StatusActive, StatusSuspended
	JoinedMethod string // JoinedInvited, JoinedCreated
	JoinedAt     time.Time
	ParentID     string // the root or an organizational unit
}

// OrganizationalUnit is an organizational unit.
type OrganizationalUnit struct {
	Partition string
	OrgID     string
	ID        string
	ParentID  string
	Name      string
}

// Handshake is an invitation to join an organization.
type Handshake struct {
	Partition   string
	ID          string
	OrgID       string
	TargetID    string // account id or email address
	TargetType  string // ACCOUNT, EMAIL
	State       string // HandshakeOpen, HandshakeAccepted, HandshakeDeclined...
	RequestedAt time.Time
	ExpiresAt   time.Time
}

// CreateAccountRequest is the record of a CreateAccount call.
type CreateAccountRequest struct {
	Partition     string
	ID            string // car-...
	OrgID         string
	AccountName   string
	Email         string
	State         string // IN_PROGRESS, SUCCEEDED, FAILED
	AccountID     string
	FailureReason string
	RequestedAt   time.Time
	CompletedAt   time.Time // zero until the request completes
}

// ServiceAccess is a service trusted by an organization, or (with AccountID) an account
// registered as a service's delegated administrator.
type ServiceAccess struct {
	Partition        string
	OrgID            string
	ServicePrincipal string
	AccountID        string // "" for trusted access; the delegated administrator otherwise
	EnabledAt        time.Time
}

func optMS(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return store.Millis(t)
}

func fromOptMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return store.FromMillis(v)
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}

type scanner interface{ Scan(dest ...any) error }

// OrganizationByID returns an organization, or store.ErrNotFound.
func OrganizationByID(tx store.Tx, partition, orgID string) (Organization, error) {
	o := Organization{Partition: partition, ID: orgID}
	var created int64
	err := tx.QueryRow(`SELECT root_id, management_account_id, management_email, feature_set, created_at_ms
		FROM organizations WHERE partition = ? AND org_id = ?`, partition, orgID).
		Scan(&o.RootID, &o.ManagementAccountID, &o.ManagementEmail, &o.FeatureSet, &created)
	o.CreatedAt = store.FromMillis(created)
	return o, notFound(err)
}

func putOrganization(tx store.Tx, o Organization) error {
	return tx.Exec(`INSERT INTO organizations (partition, org_id, root_id, management_account_id, management_email, feature_set, created_at_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (partition, org_id) DO UPDATE SET feature_set = excluded.feature_set`,
		o.Partition, o.ID, o.RootID, o.ManagementAccountID, o.ManagementEmail, o.FeatureSet, store.Millis(o.CreatedAt))
}

// deleteOrganization deletes the organization and everything in it.
func deleteOrganization(tx store.Tx, partition, orgID string) error {
	for _, table := range []string{"org_accounts", "org_units", "org_handshakes", "org_create_account_requests", "org_service_access",
		"org_tags", "org_policies", "org_policy_attachments", "org_policy_types", "organizations"} {
		if err := tx.Exec(`DELETE FROM `+table+` WHERE partition = ? AND org_id = ?`, partition, orgID); err != nil {
			return err
		}
	}
	return nil
}

const accountColumns = `partition, org_id, account_id, name, email, status, joined_method, joined_at_ms, parent_id`

func scanAccount(row scanner) (Account, error) {
	var a Account
	var joined int64
	err := row.Scan(&a.Partition, &a.OrgID, &a.AccountID, &a.Name, &a.Email, &a.Status, &a.JoinedMethod, &joined, &a.ParentID)
	a.JoinedAt = store.FromMillis(joined)
	return a, err
}

// AccountByID returns the organization membership of an account, whichever organization it
// belongs to, or store.ErrNotFound when it belongs to none.
func AccountByID(tx store.Tx, partition, accountID string) (Account, error) {
	a, err := scanAccount(tx.QueryRow(`SELECT `+accountColumns+` FROM org_accounts WHERE partition = ? AND account_id = ?`, partition, accountID))
	return a, notFound(err)
}

// Accounts lists the accounts of an organization, ordered by account id.
func Accounts(tx store.Tx, partition, orgID string) ([]Account, error) {
	rows, err := tx.Query(`SELECT `+accountColumns+` FROM org_accounts WHERE partition = ? AND org_id = ? ORDER BY account_id`, partition, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func putAccount(tx store.Tx, a Account) error {
	return tx.Exec(`INSERT INTO org_accounts (`+accountColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (partition, account_id) DO UPDATE SET org_id = excluded.org_id, name = excluded.name, email = excluded.email,
			status = excluded.status, joined_method = excluded.joined_method, joined_at_ms = excluded.joined_at_ms, parent_id = excluded.parent_id`,
		a.Partition, a.OrgID, a.AccountID, a.Name, a.Email, a.Status, a.JoinedMethod, store.Millis(a.JoinedAt), a.ParentID)
}

func deleteAccount(tx store.Tx, partition, accountID string) error {
	return tx.Exec(`DELETE FROM org_accounts WHERE partition = ? AND account_id = ?`, partition, accountID)
}

// Units lists the organizational units of an organization, ordered by id: the tree other
// services walk (a unit's ParentID is the root or another unit).
func Units(tx store.Tx, partition, orgID string) ([]OrganizationalUnit, error) {
	rows, err := tx.Query(`SELECT ou_id, parent_id, name FROM org_units WHERE partition = ? AND org_id = ? ORDER BY ou_id`, partition, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OrganizationalUnit
	for rows.Next() {
		u := OrganizationalUnit{Partition: partition, OrgID: orgID}
		if err := rows.Scan(&u.ID, &u.ParentID, &u.Name); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func putUnit(tx store.Tx, u OrganizationalUnit) error {
	return tx.Exec(`INSERT INTO org_units (partition, org_id, ou_id, parent_id, name) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (partition, org_id, ou_id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name`,
		u.Partition, u.OrgID, u.ID, u.ParentID, u.Name)
}

const handshakeColumns = `partition, handshake_id, org_id, target_id, target_type, state, requested_at_ms, expires_at_ms`

func scanHandshake(row scanner) (Handshake, error) {
	var h Handshake
	var requested, expires int64
	err := row.Scan(&h.Partition, &h.ID, &h.OrgID, &h.TargetID, &h.TargetType, &h.State, &requested, &expires)
	h.RequestedAt, h.ExpiresAt = store.FromMillis(requested), store.FromMillis(expires)
	return h, err
}

func handshake(tx store.Tx, partition, id string) (Handshake, error) {
	h, err := scanHandshake(tx.QueryRow(`SELECT `+handshakeColumns+` FROM org_handshakes WHERE partition = ? AND handshake_id = ?`, partition, id))
	return h, notFound(err)
}

// handshakes lists the partition's handshakes, ordered by id.
func handshakes(tx store.Tx, partition string) ([]Handshake, error) {
	rows, err := tx.Query(`SELECT `+handshakeColumns+` FROM org_handshakes WHERE partition = ? ORDER BY handshake_id`, partition)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Handshake
	for rows.Next() {
		h, err := scanHandshake(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

func putHandshake(tx store.Tx, h Handshake) error {
	return tx.Exec(`INSERT INTO org_handshakes (`+handshakeColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (partition, handshake_id) DO UPDATE SET state = excluded.state`,
		h.Partition, h.ID, h.OrgID, h.TargetID, h.TargetType, h.State, store.Millis(h.RequestedAt), store.Millis(h.ExpiresAt))
}

const createAccountColumns = `partition, request_id, org_id, account_name, email, state, account_id, failure_reason, requested_at_ms, completed_at_ms`

func scanCreateAccount(row scanner) (CreateAccountRequest, error) {
	var r CreateAccountRequest
	var requested, completed int64
	err := row.Scan(&r.Partition, &r.ID, &r.OrgID, &r.AccountName, &r.Email, &r.State, &r.AccountID, &r.FailureReason, &requested, &completed)
	r.RequestedAt, r.CompletedAt = store.FromMillis(requested), fromOptMS(completed)
	return r, err
}

func createAccountRequest(tx store.Tx, partition, id string) (CreateAccountRequest, error) {
	r, err := scanCreateAccount(tx.QueryRow(`SELECT `+createAccountColumns+` FROM org_create_account_requests
		WHERE partition = ? AND request_id = ?`, partition, id))
	return r, notFound(err)
}

// createAccountRequests lists an organization's CreateAccount requests, oldest first.
func createAccountRequests(tx store.Tx, partition, orgID string) ([]CreateAccountRequest, error) {
	rows, err := tx.Query(`SELECT `+createAccountColumns+` FROM org_create_account_requests
		WHERE partition = ? AND org_id = ? ORDER BY requested_at_ms, request_id`, partition, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CreateAccountRequest
	for rows.Next() {
		r, err := scanCreateAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func putCreateAccountRequest(tx store.Tx, r CreateAccountRequest) error {
	return tx.Exec(`INSERT INTO org_create_account_requests (`+createAccountColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (partition, request_id) DO UPDATE SET state = excluded.state, account_id = excluded.account_id,
			failure_reason = excluded.failure_reason, completed_at_ms = excluded.completed_at_ms`,
		r.Partition, r.ID, r.OrgID, r.AccountName, r.Email, r.State, r.AccountID, r.FailureReason, store.Millis(r.RequestedAt), optMS(r.CompletedAt))
}

// serviceAccesses lists an organization's trusted services and delegated administrators,
// ordered by service principal, trusted access ("" account) first.
func serviceAccesses(tx store.Tx, partition, orgID string) ([]ServiceAccess, error) {
	rows, err := tx.Query(`SELECT service_principal, account_id, enabled_at_ms FROM org_service_access
		WHERE partition = ? AND org_id = ? ORDER BY service_principal, account_id`, partition, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ServiceAccess
	for rows.Next() {
		a := ServiceAccess{Partition: partition, OrgID: orgID}
		var enabled int64
		if err := rows.Scan(&a.ServicePrincipal, &a.AccountID, &enabled); err != nil {
			return nil, err
		}
		a.EnabledAt = store.FromMillis(enabled)
		out = append(out, a)
	}
	return out, rows.Err()
}

// putServiceAccess records a trusted service or a delegated administrator; one already
// recorded keeps its date.
func putServiceAccess(tx store.Tx, a ServiceAccess) error {
	return tx.Exec(`INSERT INTO org_service_access (partition, org_id, service_principal, account_id, enabled_at_ms)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (partition, org_id, service_principal, account_id) DO NOTHING`,
		a.Partition, a.OrgID, a.ServicePrincipal, a.AccountID, store.Millis(a.EnabledAt))
}

func deleteServiceAccess(tx store.Tx, partition, orgID, servicePrincipal, accountID string) error {
	return tx.Exec(`DELETE FROM org_service_access WHERE partition = ? AND org_id = ? AND service_principal = ? AND account_id = ?`,
		partition, orgID, servicePrincipal, accountID)
}
