package aggregators

import (
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/store"
)

// Table is a table of one aggregator per account and partition, whatever the region it was
// made in (its home region): the CSPM finding aggregators' (finding_aggregators), and the
// Security Hub V2 aggregators' (internal/aggregatorsv2), which follow the same rules.
type Table struct {
	// Name is the table's name.
	Name string
	// Resource is what precedes an aggregator's id in the resource part of its ARN.
	Resource string
}

// cspm is the table of the CSPM finding aggregators.
var cspm = Table{Name: "finding_aggregators", Resource: arnResource}

// CreateSQL is the statement that creates the table. The primary key is what makes "one per
// account" hold when two creations race.
func (t Table) CreateSQL() string {
	return `
CREATE TABLE ` + t.Name + ` (
	partition TEXT COLLATE "C" NOT NULL, account_id TEXT COLLATE "C" NOT NULL,
	aggregator_id TEXT COLLATE "C" NOT NULL, home_region TEXT COLLATE "C" NOT NULL,
	linking_mode TEXT NOT NULL, regions_json TEXT NOT NULL,
	created_at_ms BIGINT NOT NULL, updated_at_ms BIGINT NOT NULL,
	PRIMARY KEY (partition, account_id)
) WITHOUT ROWID;
`
}

// ARN returns the ARN of aggregator id of an account with its home region.
func (t Table) ARN(partition, home, account, id string) string {
	return "arn:" + partition + ":securityhub:" + home + ":" + account + ":" + t.Resource + id
}

// Linked returns an account's aggregator, ok=false when it has none.
func (t Table) Linked(tx store.Tx, partition, account string) (Aggregation, bool, error) {
	s, err := t.load(tx, partition, account)
	if errors.Is(err, store.ErrNotFound) {
		return Aggregation{}, false, nil
	} else if err != nil {
		return Aggregation{}, false, err
	}
	return s.Aggregation, true, nil
}

// Errors are the errors a Table's aggregators answer with: each definition takes the
// arguments of the CSPM one.
type Errors struct {
	Exists, ARNInvalid, NotFound, NotHomeRegion apierr.Def
}

// Insert makes key's account's aggregator, with key's region as its home region and the
// linking l (checked), or answers errs.Exists when the account has one.
func (t Table) Insert(tx store.Tx, key store.AccountKey, l Linking, now time.Time, errs Errors) (Aggregation, error) {
	if existing, ok, err := t.Linked(tx, key.Partition, key.AccountID); err != nil {
		return existing, err
	} else if ok {
		return Aggregation{}, errs.Exists.New(existing.ARN, existing.Home)
	}
	id := uuid.NewString()
	agg := Aggregation{ARN: t.ARN(key.Partition, key.Region, key.AccountID, id), Partition: key.Partition, Account: key.AccountID,
		Home: key.Region, Mode: l.Mode, Regions: l.Regions}
	err := t.insert(tx, stored{Aggregation: agg, ID: id, CreatedAt: now, UpdatedAt: now})
	if errors.Is(err, store.ErrConflict) {
		// Another request made the account's aggregator since this one looked.
		existing, _, lerr := t.Linked(tx, key.Partition, key.AccountID)
		if lerr != nil {
			return Aggregation{}, lerr
		}
		return Aggregation{}, errs.Exists.New(existing.ARN, existing.Home)
	}
	return agg, err
}

// Own returns key's account's aggregator that arn names (an ARN without an account names the
// caller's, domain.OwnARN), once key's region is known to be its home region.
func (t Table) Own(tx store.Tx, key store.AccountKey, arn string, errs Errors) (Aggregation, error) {
	full := domain.OwnARN(key, arn)
	if !t.isARN(full) {
		return Aggregation{}, errs.ARNInvalid.New(arn)
	}
	agg, found, err := t.Linked(tx, key.Partition, key.AccountID)
	if err != nil {
		return agg, err
	}
	if !found || full != agg.ARN {
		return Aggregation{}, errs.NotFound.New(arn)
	}
	if key.Region != agg.Home {
		return Aggregation{}, errs.NotHomeRegion.New(agg.Home)
	}
	return agg, nil
}

// stored is a row of a Table.
type stored struct {
	Aggregation
	ID        string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// load returns the aggregator of an account, or store.ErrNotFound.
func (t Table) load(tx store.Tx, partition, account string) (stored, error) {
	s := stored{}
	s.Partition, s.Account = partition, account
	var regions string
	var created, updated int64
	err := tx.QueryRow(`SELECT aggregator_id, home_region, linking_mode, regions_json, created_at_ms, updated_at_ms
		FROM `+t.Name+` WHERE partition = ? AND account_id = ?`, partition, account).
		Scan(&s.ID, &s.Home, &s.Mode, &regions, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return s, store.ErrNotFound
	} else if err != nil {
		return s, err
	}
	s.ARN = t.ARN(partition, s.Home, account, s.ID)
	s.CreatedAt, s.UpdatedAt = store.FromMillis(created), store.FromMillis(updated)
	return s, json.Unmarshal([]byte(regions), &s.Regions)
}

// insert adds an aggregator; store.ErrConflict when the account has one already.
func (t Table) insert(tx store.Tx, s stored) error {
	regions, err := json.Marshal(s.Regions)
	if err != nil {
		return err
	}
	return tx.ExecUnique(`INSERT INTO `+t.Name+` (partition, account_id, aggregator_id, home_region, linking_mode, regions_json,
		created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		s.Partition, s.Account, s.ID, s.Home, s.Mode, string(regions), store.Millis(s.CreatedAt), store.Millis(s.UpdatedAt))
}

// Save replaces the linking mode and regions of agg, changed at now.
func (t Table) Save(tx store.Tx, agg Aggregation, now time.Time) error {
	regions, err := json.Marshal(agg.Regions)
	if err != nil {
		return err
	}
	return tx.Exec(`UPDATE `+t.Name+` SET linking_mode = ?, regions_json = ?, updated_at_ms = ?
		WHERE partition = ? AND account_id = ?`, agg.Mode, string(regions), store.Millis(now), agg.Partition, agg.Account)
}

// Remove deletes an account's aggregator.
func (t Table) Remove(tx store.Tx, partition, account string) error {
	return tx.Exec(`DELETE FROM `+t.Name+` WHERE partition = ? AND account_id = ?`, partition, account)
}
