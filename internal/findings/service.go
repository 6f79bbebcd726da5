package findings

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/pagetoken"
	"github.com/sechub/sechub/internal/store"
)

// Service runs the findings operations.
type Service struct {
	Store  store.Store
	Now    func() time.Time
	Tokens pagetoken.Codec
	Model  *awsmodel.Model
	// Visible returns the accounts whose findings an account may read and update in its
	// region (itself and its Enabled members); the members domain provides it.
	Visible func(tx store.Tx, key store.AccountKey) ([]string, error)
	// RequireHub returns the 401 error of an account whose hub is off.
	RequireHub func(tx store.Tx, key store.AccountKey) error
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC().Truncate(time.Millisecond)
	}
	return time.Now().UTC().Truncate(time.Millisecond)
}

func (s *Service) findingShape() *awsmodel.Shape { return s.Model.Shapes["AwsSecurityFinding"] }

func keyOf(c identity.Caller) store.AccountKey {
	return store.AccountKey{Partition: c.Partition, Region: c.Region, AccountID: c.AccountID}
}

// DefaultProductARN is the product an account imports its own findings under.
func DefaultProductARN(c identity.Caller) string {
	return fmt.Sprintf("arn:%s:securityhub:%s:%s:product/%s/default", c.Partition, c.Region, c.AccountID, c.AccountID)
}

func decodeDoc(raw []byte) (Finding, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var f Finding
	return f, dec.Decode(&f)
}

// FailedFinding is one FailedFindings entry of BatchImportFindings.
type FailedFinding struct {
	ID, ErrorCode, ErrorMessage string
}

// ImportResult is BatchImportFindings' answer.
type ImportResult struct {
	SuccessCount, FailedCount int
	Failed                    []FailedFinding
}

// Import imports findings as BatchImportFindings does (spec §2.7): the caller's hub must be
// on, every finding must be the caller's under its default product (else nothing is written),
// invalid findings are reported and the others created or updated, all in one transaction.
// docs are the decoded findings; bodySize is the request's size (no finding can be larger).
func (s *Service) Import(ctx context.Context, c identity.Caller, docs []any, bodySize int) (ImportResult, error) {
	res := ImportResult{Failed: []FailedFinding{}}
	product := DefaultProductARN(c)
	for _, v := range docs {
		obj, _ := v.(map[string]any)
		arn, hasARN := obj["ProductArn"].(string)
		acct, hasAcct := obj["AwsAccountId"].(string)
		if (hasARN && arn != product) || (hasAcct && acct != c.AccountID) {
			resource := arn
			if !hasARN {
				resource = product
			}
			return res, apierr.Newf(apierr.AccessDenied, "User: %s is not authorized to perform: securityhub:BatchImportFindings on resource: %s", c.Principal, resource)
		}
	}
	// Validation needs no state, so it runs before the write transaction, outside the single
	// writer's lock.
	shape := s.findingShape()
	failed := make([]string, len(docs))
	for i, v := range docs {
		size := 0
		if bodySize > MaxFindingBytes { // only then can one finding be too large
			raw, _ := json.Marshal(v)
			size = len(raw)
		}
		failed[i] = Validate(shape, v, size)
	}
	now := s.now()
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		res = ImportResult{Failed: []FailedFinding{}}
		if err := s.RequireHub(tx, keyOf(c)); err != nil {
			return err
		}
		for i, v := range docs {
			f, _ := v.(map[string]any)
			if failed[i] != "" {
				id, _ := f["Id"].(string)
				res.Failed = append(res.Failed, FailedFinding{ID: id, ErrorCode: "InvalidInput", ErrorMessage: failed[i]})
				continue
			}
			if err := s.importOne(tx, c, f, now); err != nil {
				return err
			}
		}
		res.FailedCount = len(res.Failed)
		res.SuccessCount = len(docs) - res.FailedCount
		return nil
	})
	return res, err
}

// providerIgnored are fields a provider sets only at creation (spec §2.2).
var providerIgnored = []string{"Note", "UserDefinedFields", "VerificationState", "Workflow"}

func (s *Service) importOne(tx store.Tx, c identity.Caller, f Finding, now time.Time) error {
	for _, tf := range timeFields {
		if v, ok := at(f, tf...); ok {
			parent := f
			for _, p := range tf[:len(tf)-1] {
				parent = parent[p].(map[string]any)
			}
			parent[tf[len(tf)-1]] = CutToMillis(v.(string))
		}
	}
	key := store.FindingKey{Region: store.RegionKey{Partition: c.Partition, Region: c.Region}, ProductARN: f["ProductArn"].(string), ID: f["Id"].(string)}
	updated, _ := ParseTime(f["UpdatedAt"].(string))
	old, err := tx.Finding(key)
	var oldDoc Finding
	m := meta{}
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return err
	default:
		if prev, ok := old.Numbers[store.ColUpdatedAt]; ok && updated.UnixMilli() <= prev {
			return nil // not newer than what is stored: ignored, still a success
		}
		if oldDoc, err = decodeDoc(old.Doc); err != nil {
			return err
		}
		m = decodeMeta(old.Meta)
	}
	n := deepCopy(f).(map[string]any)
	if oldDoc != nil {
		n["CreatedAt"] = oldDoc["CreatedAt"]
		for _, k := range providerIgnored {
			setOrDelete(n, k, oldDoc[k])
		}
		if m.LegacyNote { // UpdateFindings' note does not survive a re-import
			setOrDelete(n, "Note", m.PriorNote)
			m.LegacyNote, m.PriorNote = false, nil
		}
	}
	mirror(n, f, oldDoc, m.owned())
	s.generated(n, c, now)
	if oldDoc != nil {
		autoWorkflow(oldDoc, n)
	}
	rec, err := record(key, n, m)
	if err != nil {
		return err
	}
	rec.Seq = old.Seq
	seq, err := tx.PutFinding(rec)
	if err != nil {
		return err
	}
	return s.recordHistory(tx, key, seq, oldDoc, n, now, "BATCH_IMPORT_FINDINGS", key.ProductARN)
}

// generated sets the members Security Hub fills in itself (spec §2.2, §7).
func (s *Service) generated(n Finding, c identity.Caller, now time.Time) {
	n["Region"] = c.Region
	n["ProcessedAt"] = FormatTime(now)
	if _, ok := n["CompanyName"]; !ok {
		n["CompanyName"] = "Personal"
	}
	if _, ok := n["ProductName"]; !ok {
		n["ProductName"] = "Default"
	}
	if _, ok := n["RecordState"]; !ok {
		n["RecordState"] = "ACTIVE"
	}
	if _, ok := n["WorkflowState"]; !ok {
		n["WorkflowState"] = "NEW"
	}
	if _, ok := n["Workflow"]; !ok {
		n["Workflow"] = map[string]any{"Status": "NEW"}
	}
	pf, _ := n["ProductFields"].(map[string]any)
	if pf == nil {
		pf = map[string]any{}
	}
	for k := range pf {
		if strings.HasPrefix(k, "aws/securityhub/") {
			delete(pf, k)
		}
	}
	pf["aws/securityhub/FindingId"] = n["ProductArn"].(string) + "/" + n["Id"].(string)
	pf["aws/securityhub/ProductName"] = "Default"
	pf["aws/securityhub/CompanyName"] = "Personal"
	n["ProductFields"] = pf
}

// autoWorkflow applies the automatic workflow resets of spec §2.5 after a re-import.
func autoWorkflow(old, n Finding) {
	status, _ := at(n, "Workflow", "Status")
	if status != "NOTIFIED" && status != "RESOLVED" {
		return
	}
	reopened := old["RecordState"] == "ARCHIVED" && n["RecordState"] == "ACTIVE"
	oldCompliance, _ := at(old, "Compliance", "Status")
	newCompliance, _ := at(n, "Compliance", "Status")
	regressed := oldCompliance == "PASSED" && (newCompliance == "FAILED" || newCompliance == "WARNING" || newCompliance == "NOT_AVAILABLE")
	if reopened || regressed {
		n["Workflow"].(map[string]any)["Status"] = "NEW"
	}
}

// historyRecord is the stored body of a finding-history record.
type historyRecord struct {
	FindingCreated bool     `json:"FindingCreated"`
	SourceType     string   `json:"SourceType"`
	Identity       string   `json:"Identity"`
	Updates        []change `json:"Updates"`
}

func (s *Service) recordHistory(tx store.Tx, key store.FindingKey, seq int64, old, n Finding, now time.Time, source, identity string) error {
	h := historyRecord{FindingCreated: old == nil, SourceType: source, Identity: identity, Updates: []change{}}
	if old != nil {
		diff(s.findingShape(), old, n, "", &h.Updates)
		if len(h.Updates) == 0 {
			return nil
		}
	}
	body, err := json.Marshal(h)
	if err != nil {
		return err
	}
	return tx.AppendHistory(store.HistoryEntry{Key: key, FindingSeq: seq, At: now, Body: body})
}

// filtersHash binds a page token to the filters and sort it was made for.
func filtersHash(parts ...any) string {
	h := sha256.New()
	for _, p := range parts {
		b, _ := json.Marshal(p)
		h.Write(b)
		h.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:12])
}

// Purge deletes the findings (and their history) whose retention has run out (spec §2.6).
// GetFindings and BatchUpdateFindings already ignore expired findings; Purge reclaims them.
func (s *Service) Purge(ctx context.Context) (int, error) {
	now := s.now()
	n := 0
	err := s.Store.Update(ctx, func(tx store.Tx) (err error) {
		n, err = tx.DeleteExpiredFindings(now)
		return err
	})
	return n, err
}

// visibleAccounts checks the caller's hub and returns the accounts whose findings it may see.
func (s *Service) visibleAccounts(tx store.Tx, c identity.Caller) ([]string, error) {
	key := keyOf(c)
	if err := s.RequireHub(tx, key); err != nil {
		return nil, err
	}
	return s.Visible(tx, key)
}

// scanMatches streams, decoded, the caller's visible and unexpired findings that pass
// filters, in the order q asks for (scanMatches fills in its region, accounts, store
// conditions and expiry), until fn returns false.
func (s *Service) scanMatches(tx store.Tx, c identity.Caller, filters *compiled, now time.Time, q store.FindingQuery,
	fn func(store.FindingRecord, Finding) (bool, error)) error {
	accounts, err := s.visibleAccounts(tx, c)
	if err != nil {
		return err
	}
	q.Region, q.Accounts, q.Where, q.LiveAt = keyOf(c).RegionKey(), accounts, filters.conds, now
	return tx.ScanFindings(q, func(r store.FindingRecord) (bool, error) {
		doc, err := decodeDoc(r.Doc)
		if err != nil {
			return false, err
		}
		if !filters.Matches(doc) {
			return true, nil
		}
		return fn(r, doc)
	})
}
