package hubv2

import (
	"context"
	"slices"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/members"
	"github.com/sechub/sechub/internal/organizations"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
)

// The free trials (the model's FreeTrialType).
const (
	// TrialSecurityHub starts when an account first enables Security Hub V2 in a region.
	TrialSecurityHub = "SECURITY_HUB_V2"
	// TrialAzure starts when an account first creates an Azure connector in a region.
	TrialAzure = "SECURITY_HUB_V2_MULTI_CLOUD_AZURE"
)

// The statuses of a free trial (the model's FreeTrialStatusValue).
const (
	TrialActive   = "ACTIVE"
	TrialInactive = "INACTIVE"
)

// TrialPeriod is how long a free trial lasts. AWS does not give the length in its API; 30
// days is its usual free trial (docs/aws-differences.md).
const TrialPeriod = 30 * 24 * time.Hour

// defaultTrialPage is ListFreeTrialStatusesV2's page without MaxResults (the model's 100).
const defaultTrialPage = 100

// Trial is one free trial of an account, as of EvaluatedAt.
type Trial struct {
	Type      string
	Status    string
	StartedAt time.Time
	ExpiresAt time.Time
}

// AccountTrials are an account's free trials at one moment.
type AccountTrials struct {
	AccountID   string
	EvaluatedAt time.Time
	Trials      []Trial
}

// StartTrial records that key's free trial of trialType starts at now, unless it started
// before: a trial runs once per account and region, whatever is disabled and enabled again.
func StartTrial(tx store.Tx, key store.AccountKey, trialType string, now time.Time) error {
	return tx.Exec(`INSERT INTO free_trials_v2 (partition, region, account_id, trial_type, started_at_ms) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (partition, region, account_id, trial_type) DO NOTHING`,
		key.Partition, key.Region, key.AccountID, trialType, store.Millis(now))
}

// trials returns key's free trials as of now, in the order of their types, those with one of
// statuses when statuses are given.
func trials(tx store.Tx, key store.AccountKey, now time.Time, statuses []string) ([]Trial, error) {
	rows, err := tx.Query(`SELECT trial_type, started_at_ms FROM free_trials_v2 WHERE partition = ? AND region = ? AND account_id = ? ORDER BY trial_type`,
		key.Partition, key.Region, key.AccountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Trial{}
	for rows.Next() {
		var t Trial
		var at int64
		if err := rows.Scan(&t.Type, &at); err != nil {
			return nil, err
		}
		t.StartedAt = store.FromMillis(at)
		t.ExpiresAt = t.StartedAt.Add(TrialPeriod)
		t.Status = TrialInactive
		if now.Before(t.ExpiresAt) {
			t.Status = TrialActive
		}
		if len(statuses) == 0 || slices.Contains(statuses, t.Status) {
			out = append(out, t)
		}
	}
	return out, rows.Err()
}

// trialAccounts returns the accounts whose free trials the caller may list, of accountIDs
// when given: itself, and when it is its organization's delegated Security Hub administrator
// in the region, every account of the organization (all of them when accountIDs is empty).
func trialAccounts(tx store.Tx, key store.AccountKey, accountIDs []string) ([]string, error) {
	var orgAccounts []string
	admin, ok, err := members.OrgAdminOfAccount(tx, key.RegionKey(), key.AccountID)
	if err != nil {
		return nil, err
	}
	if ok && admin.AccountID == key.AccountID {
		accounts, err := organizations.Accounts(tx, key.Partition, admin.OrgID)
		if err != nil {
			return nil, err
		}
		for _, a := range accounts {
			orgAccounts = append(orgAccounts, a.AccountID)
		}
	}
	if len(accountIDs) == 0 {
		if orgAccounts == nil {
			return []string{key.AccountID}, nil
		}
		return orgAccounts, nil
	}
	out := slices.Clone(accountIDs)
	slices.Sort(out)
	out = slices.Compact(out)
	for _, id := range out {
		if id != key.AccountID && !slices.Contains(orgAccounts, id) {
			return nil, apierr.FreeTrialAccountDenied.New(key.AccountID, id)
		}
	}
	return out, nil
}

// FreeTrials lists a page of the free trials of the accounts the caller may see (see
// trialAccounts), each as of now, with only the trials of statuses when given. It does not
// need V2 on: a trial's status outlives the subscription.
func (s *Service) FreeTrials(ctx context.Context, c identity.Caller, accountIDs, statuses []string, maxResults int, nextToken string) ([]AccountTrials, string, error) {
	key := domain.Key(c)
	now := s.Clock.Now()
	var accounts []string
	err := s.Store.View(ctx, func(tx store.Tx) (err error) {
		accounts, err = trialAccounts(tx, key, accountIDs)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	// A token belongs to the request's filters, not to the accounts they resolved to, so an
	// organization that changes between pages does not void it.
	page := paging.Page{Scope: paging.Scope("ListFreeTrialStatusesV2", key.Partition, key.Region, key.AccountID,
		paging.Scope(slices.Sorted(slices.Values(accountIDs))...), paging.Scope(slices.Sorted(slices.Values(statuses))...)),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultTrialPage}
	accounts, next, err := paging.Offset(s.Pages, page, accounts)
	if err != nil {
		return nil, "", err
	}
	out := make([]AccountTrials, len(accounts))
	err = s.Store.View(ctx, func(tx store.Tx) error {
		for i, id := range accounts {
			t, err := trials(tx, store.AccountKey{Partition: key.Partition, Region: key.Region, AccountID: id}, now, statuses)
			if err != nil {
				return err
			}
			out[i] = AccountTrials{AccountID: id, EvaluatedAt: now, Trials: t}
		}
		return nil
	})
	return out, next, err
}
