package findings

import (
	"encoding/json"
	"slices"

	"github.com/sechub/sechub/internal/store"
)

// Change is one finding as a write that created or changed it left it.
type Change struct {
	ProductARN string
	ID         string
	// Doc is the finding as stored, after automation rules: the ASFF document as JSON.
	Doc json.RawMessage
}

// changed follows every write of findings recs in their own region (imports, updates,
// automation rules, control findings): it copies them to the home regions that aggregate them
// (replicate), with also as one more such region when it is not empty, and tells the
// OnChanged hooks of the findings written, copies included, in tx.
func (s *Service) changed(tx store.Tx, recs []findingRecord, also string) error {
	if len(recs) == 0 {
		return nil
	}
	copies, err := s.replicate(tx, recs, also)
	if err != nil {
		return err
	}
	if err := s.tellHooks(tx, recs); err != nil {
		return err
	}
	return s.tellHooks(tx, copies)
}

// tellHooks tells the OnChanged hooks of the findings recs written: one call per account,
// region and hook.
func (s *Service) tellHooks(tx store.Tx, recs []findingRecord) error {
	if len(s.changedHooks) == 0 || len(recs) == 0 {
		return nil
	}
	keys, byAccount := groupByAccount(recs)
	for _, hook := range s.changedHooks {
		for _, k := range keys {
			var changes []Change
			for _, r := range byAccount[k] {
				changes = append(changes, Change{ProductARN: r.Key.ProductARN, ID: r.Key.ID, Doc: r.Doc})
			}
			if err := hook(tx, k, changes); err != nil {
				return err
			}
		}
	}
	return nil
}

// groupByAccount groups findings by account and region, the groups in the order of their
// first finding.
func groupByAccount(recs []findingRecord) ([]store.AccountKey, map[store.AccountKey][]findingRecord) {
	var keys []store.AccountKey
	byAccount := map[store.AccountKey][]findingRecord{}
	for _, r := range recs {
		k := store.AccountKey{Partition: r.Key.Region.Partition, Region: r.Key.Region.Region, AccountID: r.AccountID}
		if _, ok := byAccount[k]; !ok {
			keys = append(keys, k)
		}
		byAccount[k] = append(byAccount[k], r)
	}
	return keys, byAccount
}

// replicate writes, in tx, a copy of each finding of recs (written in their own region) in
// every home region that aggregates its account's findings from that region (AggregateWith),
// and in also, and returns the copies written. A copy has its own key in the home region
// (the same product and id), the same document, which names the finding's own Region, and
// the finding's region in its bookkeeping (meta.Origin), which sends its updates back there.
// A finding of the home region itself with the same key is never overwritten.
func (s *Service) replicate(tx store.Tx, recs []findingRecord, also string) ([]findingRecord, error) {
	if len(s.homeRegions) == 0 && also == "" {
		return nil, nil
	}
	keys, byAccount := groupByAccount(recs)
	var copies []findingRecord
	for _, k := range keys {
		var homes []string
		for _, homesOf := range s.homeRegions {
			found, err := homesOf(tx, k)
			if err != nil {
				return nil, err
			}
			for _, h := range found {
				if !slices.Contains(homes, h) {
					homes = append(homes, h)
				}
			}
		}
		if also != "" && !slices.Contains(homes, also) {
			homes = append(homes, also)
		}
		for _, home := range homes {
			if home == k.Region {
				continue
			}
			copies = append(copies, copiesIn(byAccount[k], home)...)
		}
	}
	if len(copies) == 0 {
		return nil, nil
	}
	return writeCopies(tx, copies)
}

// copiesIn returns the copies in home of the findings recs of other regions; copies among
// recs are not copied on.
func copiesIn(recs []findingRecord, home string) []findingRecord {
	var copies []findingRecord
	for _, r := range recs {
		m := decodeMeta(r.Meta)
		if m.Origin != "" || r.Key.Region.Region == home {
			continue
		}
		c := r
		c.Key.Region.Region = home
		c.Seq = 0
		m.Origin = r.Key.Region.Region
		c.Meta = m.encode()
		copies = append(copies, c)
	}
	return copies
}

// writeCopies writes the copies of findings in their home regions over the copies stored
// there, and returns those written: all but those whose key a finding of the home region
// holds. As with imports (putFindings), new copies are inserted without being read first, so
// that concurrent imports of different findings do not conflict on PostgreSQL; only the keys
// that are stored are read, and written over.
func writeCopies(tx store.Tx, copies []findingRecord) ([]findingRecord, error) {
	if len(copies) == 0 {
		return nil, nil
	}
	for i := range copies {
		copies[i].Seq = 0
	}
	seqs, clashed, err := putFindings(tx, copies)
	if err != nil {
		return nil, err
	}
	var written []findingRecord
	for i, c := range copies {
		if seqs[i] != 0 {
			c.Seq = seqs[i]
			written = append(written, c)
		}
	}
	if len(clashed) == 0 {
		return written, nil
	}
	keys := make([]findingKey, len(clashed))
	for i, ci := range clashed {
		keys[i] = copies[ci].Key
	}
	stored, err := readFindings(tx, keys)
	if err != nil {
		return nil, err
	}
	held := make(map[findingKey]findingRecord, len(stored))
	for _, r := range stored {
		held[r.Key] = r
	}
	var over []findingRecord
	for _, ci := range clashed {
		c := copies[ci]
		old, ok := held[c.Key]
		if !ok || decodeMeta(old.Meta).Origin == "" {
			continue // the home region's own finding (or one deleted meanwhile by the purge)
		}
		c.Seq = old.Seq
		over = append(over, c)
	}
	if len(over) == 0 {
		return written, nil
	}
	if _, _, err := putFindings(tx, over); err != nil {
		return nil, err
	}
	return append(written, over...), nil
}
