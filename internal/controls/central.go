package controls

import (
	"maps"
	"reflect"
	"time"

	"github.com/sechub/sechub/internal/identity"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/store"
)

// Configuration is what a central configuration policy sets of an account's security
// controls.
type Configuration struct {
	// Enabled tells whether a security control is enabled, in every standard that holds it.
	Enabled func(controlID string) bool
	// Parameters are the custom parameter values by control id and parameter name; a control
	// absent here has its defaults.
	Parameters map[string]map[string]Value
	// Reason is the DisabledReason of the controls the configuration disables.
	Reason string
}

// ApplyIn sets key's security controls as conf says, inside tx, as the account's own
// BatchUpdateStandardsControlAssociations and UpdateSecurityControl calls would: statuses in
// every standard the account has enabled (control findings of controls it disables are
// archived) and parameters. The hub must be on.
func (s *Service) ApplyIn(tx store.Tx, key store.AccountKey, conf Configuration, now time.Time) error {
	acct, err := load(tx, key)
	if err != nil {
		return err
	}
	var disabled []string
	for path := range acct.enabled {
		std, ok := s.Catalog.Standard(path)
		if !ok {
			continue
		}
		for _, m := range std.Members {
			want := sh.ControlStatusDisabled
			if conf.Enabled(m.Control.ID) {
				want = sh.ControlStatusEnabled
			}
			if acct.association(std, m).Status == want {
				continue
			}
			o := override{Status: want, UpdatedAt: now}
			if want == sh.ControlStatusDisabled {
				o.Reason = conf.Reason
				disabled = append(disabled, m.Control.ID)
			}
			if err := putOverride(tx, key, path, m.Control.ID, o); err != nil {
				return err
			}
		}
	}
	if len(disabled) > 0 {
		c := identity.Caller{Partition: key.Partition, Region: key.Region, AccountID: key.AccountID}
		if err := s.archiveDisabled(tx, c, disabled, now); err != nil {
			return err
		}
	}
	current, err := readSettings(tx, key, nil)
	if err != nil {
		return err
	}
	for id, params := range conf.Parameters {
		if set, ok := current[id]; !ok || !reflect.DeepEqual(set.Parameters, params) {
			if err := putSettings(tx, key, id, settings{Parameters: maps.Clone(params), UpdatedAt: now}); err != nil {
				return err
			}
		}
	}
	for id, set := range current {
		if _, kept := conf.Parameters[id]; !kept && len(set.Parameters) > 0 {
			if err := putSettings(tx, key, id, settings{Parameters: map[string]Value{}, UpdatedAt: now}); err != nil {
				return err
			}
		}
	}
	return nil
}
