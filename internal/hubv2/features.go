package hubv2

import (
	"context"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// NetworkScanning is the one opt-in feature of Security Hub V2 (the model's FeatureName).
const NetworkScanning = "NETWORK_SCANNING"

// Features are the opt-in features, in the order DescribeSecurityHubV2 lists them.
var Features = []string{NetworkScanning}

// The statuses of a feature (the model's FeatureStatus).
const (
	FeatureEnabled  = "ENABLED"
	FeatureDisabled = "DISABLED"
)

// commercialOnly are the features AWS offers in its commercial partition alone.
var commercialOnly = map[string]bool{NetworkScanning: true}

// Feature is an opt-in feature's status for an account in a region; UpdatedAt is zero for a
// feature never switched.
type Feature struct {
	Name      string
	Status    string
	UpdatedAt time.Time
}

// features returns every opt-in feature of key, DISABLED unless switched on.
func features(tx store.Tx, key store.AccountKey) ([]Feature, error) {
	rows, err := tx.Query(`SELECT feature, status, updated_at_ms FROM hub_features_v2 WHERE partition = ? AND region = ? AND account_id = ?`,
		key.Partition, key.Region, key.AccountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	stored := map[string]Feature{}
	for rows.Next() {
		var f Feature
		var at int64
		if err := rows.Scan(&f.Name, &f.Status, &at); err != nil {
			return nil, err
		}
		f.UpdatedAt = store.FromMillis(at)
		stored[f.Name] = f
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Feature, len(Features))
	for i, name := range Features {
		f, ok := stored[name]
		if !ok {
			f = Feature{Name: name, Status: FeatureDisabled}
		}
		out[i] = f
	}
	return out, nil
}

// SetFeature switches one opt-in feature of the caller on or off. Switching it to the status
// it has changes nothing (not even its UpdatedAt), as AWS's operations are idempotent.
func (s *Service) SetFeature(ctx context.Context, c identity.Caller, name string, on bool) error {
	key := domain.Key(c)
	status := FeatureDisabled
	if on {
		status = FeatureEnabled
	}
	if on && commercialOnly[name] && key.Partition != "aws" {
		return apierr.FeatureV2NotInPartition.New(name, key.Partition)
	}
	now := s.Clock.Now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if err := Require(tx, key); err != nil {
			return err
		}
		all, err := features(tx, key)
		if err != nil {
			return err
		}
		for _, f := range all {
			if f.Name == name && f.Status == status {
				return nil
			}
		}
		return tx.Exec(`INSERT INTO hub_features_v2 (partition, region, account_id, feature, status, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (partition, region, account_id, feature) DO UPDATE SET status = excluded.status, updated_at_ms = excluded.updated_at_ms`,
			key.Partition, key.Region, key.AccountID, name, status, store.Millis(now))
	})
}
