package orgadmin

import (
	"database/sql"
	"errors"

	"github.com/sechub/sechub/internal/store"
)

// orgConfig is an organization's Security Hub configuration in a region (a row of
// securityhub_org_configs_by_org).
type orgConfig struct {
	Region              store.RegionKey
	OrgID               string
	AutoEnable          bool
	AutoEnableStandards string // NONE, DEFAULT
	ConfigurationType   string // LOCAL, CENTRAL
	Status              string // PENDING, ENABLED, FAILED
}

// loadConfig returns an organization's configuration in a region, or store.ErrNotFound.
func loadConfig(tx store.Tx, region store.RegionKey, orgID string) (orgConfig, error) {
	c := orgConfig{Region: region, OrgID: orgID}
	var auto int
	err := tx.QueryRow(`SELECT auto_enable, auto_enable_standards, configuration_type, status FROM securityhub_org_configs_by_org
		WHERE partition = ? AND org_id = ? AND region = ?`, region.Partition, orgID, region.Region).
		Scan(&auto, &c.AutoEnableStandards, &c.ConfigurationType, &c.Status)
	c.AutoEnable = auto != 0
	if errors.Is(err, sql.ErrNoRows) {
		return c, store.ErrNotFound
	}
	return c, err
}

// saveConfig inserts or replaces the region's organization configuration.
func saveConfig(tx store.Tx, c orgConfig) error {
	auto := 0
	if c.AutoEnable {
		auto = 1
	}
	return tx.Exec(`INSERT INTO securityhub_org_configs_by_org (partition, region, org_id, auto_enable, auto_enable_standards, configuration_type, status)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (partition, org_id, region) DO UPDATE SET auto_enable = excluded.auto_enable,
			auto_enable_standards = excluded.auto_enable_standards, configuration_type = excluded.configuration_type, status = excluded.status`,
		c.Region.Partition, c.Region.Region, c.OrgID, auto, c.AutoEnableStandards, c.ConfigurationType, c.Status)
}

// deleteConfig deletes an organization's configuration in a region.
func deleteConfig(tx store.Tx, region store.RegionKey, orgID string) error {
	return tx.Exec(`DELETE FROM securityhub_org_configs_by_org WHERE partition = ? AND org_id = ? AND region = ?`, region.Partition, orgID, region.Region)
}

// centralRegion returns the region whose organization configuration is CENTRAL for an
// organization (its home region), ok=false when none is.
func centralRegion(tx store.Tx, partition, orgID string) (store.RegionKey, bool, error) {
	region := store.RegionKey{Partition: partition}
	err := tx.QueryRow(`SELECT region FROM securityhub_org_configs_by_org WHERE partition = ? AND org_id = ? AND configuration_type = ?
		ORDER BY region LIMIT 1`, partition, orgID, ConfigCentral).Scan(&region.Region)
	if errors.Is(err, sql.ErrNoRows) {
		return region, false, nil
	}
	return region, err == nil, err
}
