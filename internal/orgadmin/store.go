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
