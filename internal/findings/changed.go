package findings

import (
	"encoding/json"

	"github.com/sechub/sechub/internal/store"
)

// Change is one finding as a write that created or changed it left it.
type Change struct {
	ProductARN string
	ID         string
	// Doc is the finding as stored, after automation rules: the ASFF document as JSON.
	Doc json.RawMessage
}

// changed tells the OnChanged hooks, in tx, of the findings recs written: one call per
// account and hook.
func (s *Service) changed(tx store.Tx, recs []findingRecord) error {
	if len(s.changedHooks) == 0 {
		return nil
	}
	var keys []store.AccountKey
	byAccount := map[store.AccountKey][]Change{}
	for _, r := range recs {
		k := store.AccountKey{Partition: r.Key.Region.Partition, Region: r.Key.Region.Region, AccountID: r.AccountID}
		if _, ok := byAccount[k]; !ok {
			keys = append(keys, k)
		}
		byAccount[k] = append(byAccount[k], Change{ProductARN: r.Key.ProductARN, ID: r.Key.ID, Doc: r.Doc})
	}
	for _, hook := range s.changedHooks {
		for _, k := range keys {
			if err := hook(tx, k, byAccount[k]); err != nil {
				return err
			}
		}
	}
	return nil
}
