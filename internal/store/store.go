// Package store defines sechub's persistent state: the records the domains keep and the
// transactional interface every storage engine implements. It knows nothing of HTTP or of the
// JSON shapes on the wire.
package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// ErrNotFound is returned by single-record reads when the record does not exist.
var ErrNotFound = errors.New("store: not found")

// ErrConflict is returned when a write would break an invariant the store enforces (a member
// with two Enabled administrators).
var ErrConflict = errors.New("store: conflict")

// AccountKey names one account's state in one region of one partition.
type AccountKey struct {
	Partition string
	Region    string
	AccountID string
}

// RegionKey names one region of one partition: the scope of cross-account state.
type RegionKey struct {
	Partition string
	Region    string
}

// Region returns the region part of an account key.
func (k AccountKey) RegionKey() RegionKey { return RegionKey{Partition: k.Partition, Region: k.Region} }

// Membership is the relationship between an administrator and a member account in a region.
// Status and Origin hold the domain's values (members package); the store only keeps them.
type Membership struct {
	Region       RegionKey
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

// OrgAccount is an account's membership of an organization.
type OrgAccount struct {
	Partition    string
	OrgID        string
	AccountID    string
	Name         string
	Email        string
	Status       string // ACTIVE, SUSPENDED, PENDING_CLOSURE
	JoinedMethod string // INVITED, CREATED
	JoinedAt     time.Time
	ParentID     string // root or OU id
}

// OrgUnit is an organizational unit.
type OrgUnit struct {
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
	TargetID    string // account id or email
	TargetType  string // ACCOUNT, EMAIL
	State       string // OPEN, ACCEPTED, DECLINED, CANCELED, EXPIRED
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
	CompletedAt   time.Time
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

// OrgAdmin is the Security Hub administrator an organization designated in a region.
type OrgAdmin struct {
	Region    RegionKey
	OrgID     string
	AccountID string
	Status    string // ENABLED, DISABLE_IN_PROGRESS
}

// OrgConfig is Security Hub's organization configuration in a region.
type OrgConfig struct {
	Region              RegionKey
	OrgID               string
	AutoEnable          bool
	AutoEnableStandards string // NONE, DEFAULT
	ConfigurationType   string // LOCAL, CENTRAL
	Status              string // PENDING, ENABLED, FAILED
}

// Hub is an account's Security Hub subscription in a region.
type Hub struct {
	Key                     AccountKey
	SubscribedAt            time.Time
	AutoEnableControls      bool
	ControlFindingGenerator string
}

// StandardsSubscription is an account's subscription to a security standard in a region.
type StandardsSubscription struct {
	Key             AccountKey
	StandardsARN    string
	SubscriptionARN string
	Input           map[string]string
	Status          string
	CreatedAt       time.Time
}

// Store is a transactional state store. Update transactions are serialized (one writer at a
// time across every process sharing the state); View transactions see a consistent snapshot.
type Store interface {
	// View runs fn in a read-only transaction.
	View(ctx context.Context, fn func(Tx) error) error
	// Update runs fn in a read-write transaction, committed if fn returns nil and durable once
	// Update returns nil.
	Update(ctx context.Context, fn func(Tx) error) error
	// Reset deletes all state (schema and server secret stay).
	Reset(ctx context.Context) error
	// Secret is a random key made when the store was created, shared by every process that
	// uses it (it signs pagination tokens).
	Secret() []byte
	// Close releases the store; in-flight transactions finish first.
	Close() error
}

// Schema is the tables of one domain, declared once for every engine: each migration is
// written with PostgreSQL's types (TEXT COLLATE "C", BIGINT, BYTEA, BIGINT GENERATED BY
// DEFAULT AS IDENTITY PRIMARY KEY) and SQLite's WITHOUT ROWID, and each engine translates what
// it spells otherwise. Migrations are applied in order and counted per schema name; one that
// has shipped is never edited: add another.
type Schema struct {
	Name       string
	Migrations []string
	// Legacy is how many of the migrations the single-numbered schema of earlier sechub
	// builds already holds: a database from such a build starts counting here.
	Legacy int
}

// SQL runs statements on a domain's own tables inside a transaction. Queries use ?
// placeholders, which each engine rebinds.
type SQL interface {
	Exec(query string, args ...any) error
	Query(query string, args ...any) (*sql.Rows, error)
	QueryRow(query string, args ...any) *sql.Row
	// AnyOf returns the condition "column is one of values" with its one parameter, so that
	// one prepared statement serves every number of values.
	AnyOf(column string, values []string) (string, any)
	// ExecUnique runs a write whose unique-constraint violation is an answer rather than a
	// failure: it returns ErrConflict then, and the transaction stays usable.
	ExecUnique(query string, args ...any) error
}

// Record is one configuration-like resource of an account in a region (an action target, an
// automation rule, a configuration policy...), kept without a table of its own: its Body is
// the domain's JSON, opaque to the store.
type Record struct {
	Key  AccountKey
	Kind string // the domain's name for the resource type
	ID   string // unique per account, region and kind
	Body []byte
	Seq  int64 // creation order, assigned by the store when the record is inserted
}

// Records is the generic record store part of a transaction.
type Records interface {
	// Record returns one record, or ErrNotFound.
	Record(key AccountKey, kind, id string) (Record, error)
	// Records lists key's records of kind in creation order, those after Seq afterSeq (0 for
	// the start), at most limit (0 for all).
	Records(key AccountKey, kind string, afterSeq int64, limit int) ([]Record, error)
	// CountRecords counts key's records of kind.
	CountRecords(key AccountKey, kind string) (int, error)
	// InsertRecord adds a record and returns its Seq; ErrConflict when the id is taken.
	InsertRecord(r Record) (int64, error)
	// UpdateRecord replaces the body of a record; ErrNotFound when it does not exist.
	UpdateRecord(r Record) error
	// DeleteRecord deletes a record; ErrNotFound when it does not exist.
	DeleteRecord(key AccountKey, kind, id string) error
	// DeleteRecords deletes key's records of kind.
	DeleteRecords(key AccountKey, kind string) error
}

// Tx is one transaction. Reads inside an Update see the transaction's own writes.
type Tx interface {
	Records
	SQL
	Legacy
}

// Legacy holds the storage methods of the domains that keep their SQL here still.
type Legacy interface {
	// Hub returns the hub of key, or ErrNotFound.
	Hub(key AccountKey) (Hub, error)
	PutHub(h Hub) error
	DeleteHub(key AccountKey) error

	// Tags returns the tags of a resource (empty, not nil, when it has none).
	Tags(resourceARN string) (map[string]string, error)
	// SetTags adds or overwrites tags of a resource owned by key.
	SetTags(key AccountKey, resourceARN string, tags map[string]string) error
	// RemoveTags deletes the named tags of a resource; unknown keys are ignored.
	RemoveTags(resourceARN string, keys []string) error
	// DeleteAccountTags deletes the tags of every resource owned by key.
	DeleteAccountTags(key AccountKey) error

	// StandardsSubscriptions lists key's subscriptions ordered by StandardsARN.
	StandardsSubscriptions(key AccountKey) ([]StandardsSubscription, error)
	PutStandardsSubscription(s StandardsSubscription) error
	DeleteStandardsSubscription(key AccountKey, standardsARN string) error
	DeleteStandardsSubscriptions(key AccountKey) error

	// Membership returns the relationship of admin and member, or ErrNotFound.
	Membership(region RegionKey, adminID, memberID string) (Membership, error)
	// PutMembership inserts or replaces a relationship. Stores refuse a second Enabled
	// relationship for one member in a region (ErrConflict).
	// Memberships returns admin's relationships with those of memberIDs that it has, in any
	// order: one query for a batch of ids.
	Memberships(region RegionKey, adminID string, memberIDs []string) ([]Membership, error)
	PutMembership(m Membership) error
	DeleteMembership(region RegionKey, adminID, memberID string) error
	// MembersOf lists an administrator's relationships ordered by member id, starting after
	// member id after ("" for the start), at most limit (0 for all); only Enabled ones if
	// onlyEnabled.
	MembersOf(region RegionKey, adminID string, onlyEnabled bool, after string, limit int) ([]Membership, error)
	// CountMembers counts an administrator's relationships with one of the statuses, and of
	// the origin when origin is not "".
	CountMembers(region RegionKey, adminID, origin string, statuses ...string) (int, error)
	// AdministratorsOf lists the relationships in which the account is the member, ordered by
	// administrator id.
	AdministratorsOf(region RegionKey, memberID string) ([]Membership, error)
	// EnabledAdministrator returns the relationship in which the account is an Enabled member,
	// or ErrNotFound.
	EnabledAdministrator(region RegionKey, memberID string) (Membership, error)
	// DeleteMembershipsOf deletes every relationship in which the account is either side.
	DeleteMembershipsOf(region RegionKey, accountID string) error
	// DeleteAllMembershipsOf deletes the account's relationships, either side, in every region.
	DeleteAllMembershipsOf(partition, accountID string) error
	// MembershipsOfMember lists the account's relationships as a member in every region of
	// the partition.
	MembershipsOfMember(partition, memberID string) ([]Membership, error)

	OrganizationTx
	FindingTx
	InsightTx
}

// OrganizationTx is the AWS Organizations part of a transaction, and Security Hub's
// organization administrator and configuration.
type OrganizationTx interface {
	Organization(partition, orgID string) (Organization, error)
	PutOrganization(o Organization) error
	// DeleteOrganization deletes the organization and everything in it.
	DeleteOrganization(partition, orgID string) error
	// OrgAccount returns the account's membership of an organization, or ErrNotFound.
	OrgAccount(partition, accountID string) (OrgAccount, error)
	OrgAccounts(partition, orgID string) ([]OrgAccount, error) // ordered by account id
	PutOrgAccount(a OrgAccount) error
	DeleteOrgAccount(partition, accountID string) error
	OrgUnits(partition, orgID string) ([]OrgUnit, error)
	PutOrgUnit(u OrgUnit) error
	Handshake(partition, id string) (Handshake, error)
	Handshakes(partition string) ([]Handshake, error) // ordered by id
	PutHandshake(h Handshake) error
	CreateAccountRequest(partition, id string) (CreateAccountRequest, error)
	CreateAccountRequests(partition, orgID string) ([]CreateAccountRequest, error)
	PutCreateAccountRequest(r CreateAccountRequest) error
	ServiceAccesses(partition, orgID string) ([]ServiceAccess, error) // trusted access and delegated administrators
	PutServiceAccess(a ServiceAccess) error
	DeleteServiceAccess(partition, orgID, servicePrincipal, accountID string) error

	// OrgAdmins lists Security Hub organization administrators in every region of the partition.
	OrgAdmins(partition string) ([]OrgAdmin, error)
	PutOrgAdmin(a OrgAdmin) error
	DeleteOrgAdmin(region RegionKey) error
	// OrgConfig returns the region's organization configuration, or ErrNotFound.
	OrgConfig(region RegionKey) (OrgConfig, error)
	PutOrgConfig(c OrgConfig) error
	DeleteOrgConfig(region RegionKey) error
}

// FindingKey identifies a finding within a partition and region: its product and its id.
type FindingKey struct {
	Region     RegionKey
	ProductARN string
	ID         string
}

// Finding columns the store keeps beside the document, indexed for filtering and sorting
// (the names are the store's; the findings domain maps filter keys onto them).
const (
	ColAccountID          = "account_id"
	ColProductARN         = "product_arn"
	ColID                 = "finding_id"
	ColGeneratorID        = "generator_id"
	ColTitle              = "title"
	ColSeverityLabel      = "severity_label"
	ColSeverityNormalized = "severity_normalized"
	ColWorkflowStatus     = "workflow_status"
	ColRecordState        = "record_state"
	ColComplianceStatus   = "compliance_status"
	ColProductName        = "product_name"
	ColCompanyName        = "company_name"
	ColCreatedAt          = "created_at_ms"
	ColUpdatedAt          = "updated_at_ms"
	ColFirstObservedAt    = "first_observed_at_ms"
	ColLastObservedAt     = "last_observed_at_ms"
	ColProcessedAt        = "processed_at_ms"
	// ColIndexed marks a condition on the multi-valued index (FindingValue).
	ColIndexed = "indexed"
)

// FindingRecord is a stored finding: its document (JSON, opaque to the store), the promoted
// columns, and the entries of the multi-valued index.
type FindingRecord struct {
	Key       FindingKey
	Seq       int64 // assigned by the store on first write (0 for a new finding); a stable tie-breaker
	AccountID string
	Doc       []byte
	// Strings holds the promoted string columns (Col* names); absent ones are not set.
	Strings map[string]string
	// Numbers holds the promoted numeric columns: severity_normalized and the *_ms times.
	Numbers map[string]int64
	// Values are the multi-valued index entries (for example ResourceType → AwsS3Bucket).
	Values []FindingValue
	// Meta is the domain's own bookkeeping (customer-owned fields, legacy overlays), opaque.
	Meta      []byte
	ExpiresAt time.Time
}

// FindingValue is one entry of the multi-valued index.
type FindingValue struct{ Key, Value string }

// FindingCond is a necessary condition of a finding query: the column (or, with ColIndexed,
// the index key) equals one of Equals or starts with one of Prefixes.
type FindingCond struct {
	Column   string
	IndexKey string
	Equals   []string
	Prefixes []string
}

// FindingOrder is one sort key of a finding query; missing values sort last either way.
type FindingOrder struct {
	Column string
	Desc   bool
}

// FindingQuery selects findings of some accounts in a region, in an order, after a cursor.
type FindingQuery struct {
	Region   RegionKey
	Accounts []string
	Where    []FindingCond
	OrderBy  []FindingOrder
	// After continues after the row whose OrderBy values (string, int64 or nil) and Seq are given.
	After    []any
	AfterSeq int64
	HasAfter bool
	// LiveAt leaves out findings whose ExpiresAt is before it (zero: no such check).
	LiveAt time.Time
}

// FindingCount is how many findings hold one value.
type FindingCount struct {
	Value string
	Count int
}

// HistoryEntry is one finding-history record (its body is the domain's JSON, opaque).
type HistoryEntry struct {
	Key        FindingKey
	FindingSeq int64 // the finding's Seq (AppendHistory)
	Seq        int64 // the record's own sequence (History)
	At         time.Time
	Body       []byte
}

// FindingTx is the findings part of a transaction.
type FindingTx interface {
	// Finding returns a stored finding (without its index entries), or ErrNotFound.
	Finding(key FindingKey) (FindingRecord, error)
	// Findings returns those of keys that are stored (without their index entries), in any
	// order: one read for a batch.
	Findings(keys []FindingKey) ([]FindingRecord, error)
	// PutFindings writes findings with distinct keys (a stored one keeps its Seq) with their
	// columns and index entries, and returns their Seqs in the order given.
	PutFindings(rs []FindingRecord) ([]int64, error)
	// ScanFindings streams the findings matching q in order until fn returns false.
	ScanFindings(q FindingQuery, fn func(FindingRecord) (bool, error)) error
	// CountFindings counts the findings matching q (its order and cursor ignored) by their
	// value of column, or with ColIndexed by their values of the index key indexKey (a finding
	// counts once for each distinct value); findings without a value are not counted.
	CountFindings(q FindingQuery, column, indexKey string) ([]FindingCount, error)
	// AppendHistory adds history records to findings.
	AppendHistory(es ...HistoryEntry) error
	// History lists a finding's records with At in [from, to], newest first, after the record
	// afterSeq (0 for the start), at most limit.
	History(key FindingKey, from, to time.Time, afterSeq int64, limit int) ([]HistoryEntry, error)
	// DeleteExpiredFindings deletes findings (and their history) whose ExpiresAt is before t.
	DeleteExpiredFindings(t time.Time) (int, error)
}

// Insight is a custom insight of an account in a region (its filters are the domain's JSON).
type Insight struct {
	Key              AccountKey
	ARN              string
	Name             string
	Filters          []byte
	GroupByAttribute string
	CreatedAt        time.Time
}

// InsightTx is the insights part of a transaction.
type InsightTx interface {
	// Insight returns one of the account's insights, or ErrNotFound.
	Insight(key AccountKey, arn string) (Insight, error)
	// Insights lists the account's insights in creation order.
	Insights(key AccountKey) ([]Insight, error)
	PutInsight(i Insight) error
	DeleteInsight(key AccountKey, arn string) error
}
