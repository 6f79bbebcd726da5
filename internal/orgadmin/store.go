package orgadmin

import (
	"database/sql"
	"errors"

	"github.com/sechub/sechub/internal/store"
)

// orgConfig is Security Hub's organization configuration in a region (a row of
// securityhub_org_configs).
type orgConfig struct {
	Region              store.RegionKey
	OrgID               string
	AutoEnable          bool
	AutoEnableStandards string // NONE, DEFAULT
	ConfigurationType   string // LOCAL, CENTRAL
	Status              string // PENDING, ENABLED, FAILED
}

// loadConfig returns the region's organization configuration, or store.ErrNotFound.
func loadConfig(tx store.Tx, region store.RegionKey) (orgConfig, error) {
	c := orgConfig{Region: region}
	var auto int
	err := tx.QueryRow(`SELECT org_id, auto_enable, auto_enable_standards, configuration_type, status FROM securityhub_org_configs
		WHERE partition = ? AND region = ?`, region.Partition, region.Region).
		Scan(&c.OrgID, &auto, &c.AutoEnableStandards, &c.ConfigurationType, &c.Status)
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
	return tx.Exec(`INSERT INTO securityhub_org_configs (partition, region, org_id, auto_enable, auto_enable_standards, configuration_type, status)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (partition, region) DO UPDATE SET org_id = excluded.org_id, auto_enable = excluded.auto_enable,
			auto_enable_standards = excluded.auto_enable_standards, configuration_type = excluded.configuration_type, status = excluded.status`,
		c.Region.Partition, c.Region.Region, c.OrgID, auto, c.AutoEnableStandards, c.ConfigurationType, c.Status)
}

// deleteConfig deletes the region's organization configuration.
func deleteConfig(tx store.Tx, region store.RegionKey) error {
	return tx.Exec(`DELETE FROM securityhub_org_configs WHERE partition = ? AND region = ?`, region.Partition, region.Region)
}

// centralRegion returns the region whose organization configuration is CENTRAL for an
// organization (its home region), ok=false when none is.
func centralRegion(tx store.Tx, partition, orgID string) (store.RegionKey, bool, error) {
	region := store.RegionKey{Partition: partition}
	err := tx.QueryRow(`SELECT region FROM securityhub_org_configs WHERE partition = ? AND org_id = ? AND configuration_type = ?
		ORDER BY region LIMIT 1`, partition, orgID, ConfigCentral).Scan(&region.Region)
	if errors.Is(err, sql.ErrNoRows) {
		return region, false, nil
	}
	return region, err == nil, err
}
