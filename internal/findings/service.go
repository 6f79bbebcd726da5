package findings

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/products"
	"github.com/sechub/sechub/internal/store"
)

// Service runs the findings operations.
type Service struct {
	Store store.Store
	Clock clock.Clock
	// Pages cuts GetFindings and GetFindingHistory into pages.
	Pages paging.Pager
	Model *awsmodel.Model
	// Visible returns the accounts whose findings an account may read and update in its
	// region (itself and its Enabled members); the members domain provides it.
	Visible func(tx store.Tx, key store.AccountKey) ([]string, error)
	// Rules returns the enabled automation rules that act on the findings of key's account in
	// key's region, in the order they apply, with now as the reference of their date ranges;
	// the automation domain provides it (nil: no rules).
	Rules func(tx store.Tx, key store.AccountKey, now time.Time) ([]AutomationRule, error)

	changedHooks []ChangedHook
	homeRegions  []HomeRegions
}

// HomeRegions returns the home regions where the findings of key's account written in key's
// region are copied (cross-Region aggregation).
type HomeRegions func(tx store.Tx, key store.AccountKey) ([]string, error)

// AggregateWith registers an aggregation's HomeRegions (the CSPM finding aggregators', the V2
// aggregators'): findings are copied to the home regions any of them names.
func (s *Service) AggregateWith(homes HomeRegions) { s.homeRegions = append(s.homeRegions, homes) }

// ChangedHook is told inside the write transaction of every finding an import
// (BatchImportFindings, control findings) or BatchUpdateFindings creates or changes, as
// written after automation rules, grouped by the findings' account (key); its error undoes
// the write.
type ChangedHook func(tx store.Tx, key store.AccountKey, changes []Change) error

// OnChanged registers a hook on every finding written (the events outbox, automation rules
// V2's tickets); hooks run in the order registered.
func (s *Service) OnChanged(hook ChangedHook) { s.changedHooks = append(s.changedHooks, hook) }

func (s *Service) findingShape() *awsmodel.Shape { return s.Model.Shapes["AwsSecurityFinding"] }

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

// productNotEnabled and productNotEnabledMessage are the FailedFindings code and message of a
// finding whose product the account does not take.
const (
	productNotEnabled        = "InvalidAccess"
	productNotEnabledMessage = "Account %s is not subscribed to the product %s: enable it with EnableImportFindingsForProduct to import its findings."
)

// SecurityHubProductARN is the product of the findings Security Hub produces itself: the
// control findings.
func SecurityHubProductARN(c identity.Caller) string {
	return fmt.Sprintf("arn:%s:securityhub:%s::product/aws/securityhub", c.Partition, c.Region)
}

// productNames are the names Security Hub gives a product's findings: the catalogue's for
// its products (Security Hub's own among them), "Default" by "Personal" for an account's own.
func productNames(n Finding, c identity.Caller) (name, company string) {
	arn, _ := n["ProductArn"].(string)
	if arn == DefaultProductARN(c) {
		return "Default", "Personal"
	}
	if p, ok := products.ByARN(c.Partition, c.Region, arn); ok {
		return p.ProductName, p.CompanyName
	}
	return "Default", "Personal"
}

// Import imports findings as BatchImportFindings does: the caller's hub must be on, every
// finding must be the caller's, under its default product or a partner product of the
// catalogue (products.Catalogue; only AWS's services send their own products' findings),
// else nothing is written; a finding of a partner product the caller does not take
// (EnableImportFindingsForProduct) fails with InvalidAccess, invalid findings are reported
// and the others created or updated, all in one transaction. docs are the decoded findings;
// bodySize is the request's size (no finding can be larger).
func (s *Service) Import(ctx context.Context, c identity.Caller, docs []any, bodySize int) (ImportResult, error) {
	product := DefaultProductARN(c)
	res := ImportResult{Failed: []FailedFinding{}}
	partner := make([]*products.Product, len(docs))
	for i, v := range docs {
		obj, _ := v.(map[string]any)
		arn, hasARN := obj["ProductArn"].(string)
		acct, hasAcct := obj["AwsAccountId"].(string)
		if hasAcct && acct != c.AccountID {
			resource := arn
			if !hasARN {
				resource = product
			}
			return res, apierr.ImportNotAuthorized.New(c.Principal, resource)
		}
		if !hasARN || arn == product {
			continue
		}
		if p, ok := products.ByARN(c.Partition, c.Region, arn); ok && !p.AWSService() {
			partner[i] = &p
			continue
		}
		return res, apierr.ImportNotAuthorized.New(c.Principal, arn)
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
	codes := make([]string, len(docs)) // the error code of a failure other than InvalidInput
	// refuseProducts fails the findings of partner products the caller does not take, as tx
	// sees its subscriptions; it reports whether it failed any.
	refuseProducts := func(tx store.Tx) (bool, error) {
		refused := false
		for i, p := range partner {
			if p == nil || failed[i] != "" {
				continue
			}
			takes, err := products.Takes(tx, domain.Key(c), *p)
			if err != nil {
				return false, err
			}
			if !takes {
				failed[i], codes[i], refused = fmt.Sprintf(productNotEnabledMessage, c.AccountID, p.ARN(c.Partition, c.Region)), productNotEnabled, true
			}
		}
		return refused, nil
	}
	if slices.ContainsFunc(partner, func(p *products.Product) bool { return p != nil }) {
		if err := s.Store.View(ctx, func(tx store.Tx) error {
			_, err := refuseProducts(tx)
			return err
		}); err != nil {
			return res, err
		}
	}
	now := s.Clock.Now()
	region := store.RegionKey{Partition: c.Partition, Region: c.Region}
	keys := make([]findingKey, len(docs))
	seen := map[findingKey]bool{}
	repeated := false // the same finding twice in one batch: planned one at a time
	for i, v := range docs {
		if failed[i] == "" {
			f := v.(map[string]any)
			keys[i] = findingKey{Region: region, ProductARN: f["ProductArn"].(string), ID: f["Id"].(string)}
			repeated = repeated || seen[keys[i]]
			seen[keys[i]] = true
		}
	}
	// The JSON work is planned from a snapshot outside the single writer's lock; inside it,
	// a plan is used only if the finding is still what it was planned from.
	var plans []importPlan
	if !repeated {
		if err := s.Store.View(ctx, func(tx store.Tx) (err error) {
			plans, err = s.planImports(tx, c, docs, keys, failed, now)
			return err
		}); err != nil {
			return res, err
		}
	}
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		res = ImportResult{Failed: []FailedFinding{}}
		if _, err := hub.Require(tx, domain.Key(c)); err != nil {
			return err
		}
		// The subscriptions are checked again where the findings are written: a product
		// disabled since the check above takes no more findings.
		if refused, err := refuseProducts(tx); err != nil {
			return err
		} else if refused {
			plans = slices.DeleteFunc(plans, func(p importPlan) bool {
				i := slices.Index(keys, p.key)
				return i >= 0 && failed[i] != ""
			})
		}
		rules, err := s.rulesFor(tx, domain.Key(c), now)
		if err != nil {
			return err
		}
		// replan plans findings again over what is stored now, rules included.
		replan := func(tx store.Tx, plans []importPlan) ([]importPlan, error) {
			current, err := storedFindings(tx, plans)
			if err != nil {
				return nil, err
			}
			for i, p := range plans {
				plans[i] = s.planImport(c, p.doc, p.key, current[p.key], now)
			}
			return s.automateImports(rules, plans, now)
		}
		for i, v := range docs {
			if failed[i] != "" {
				id, _ := v.(map[string]any)["Id"].(string)
				code := codes[i]
				if code == "" {
					code = "InvalidInput"
				}
				res.Failed = append(res.Failed, FailedFinding{ID: id, ErrorCode: code, ErrorMessage: failed[i]})
			}
		}
		res.FailedCount = len(res.Failed)
		res.SuccessCount = len(docs) - res.FailedCount
		if repeated {
			for i, v := range docs {
				if failed[i] != "" {
					continue
				}
				plans, err := replan(tx, []importPlan{{key: keys[i], doc: v.(map[string]any)}})
				if err != nil {
					return err
				}
				if err := s.writeImports(tx, plans, now, replan); err != nil {
					return err
				}
			}
			return nil
		}
		// Findings that were stored when planned are read again: a plan is used only if its
		// finding is still what it was planned from. New ones are not (see putFindings):
		// writeImports plans again those stored meanwhile.
		var stored []importPlan
		for _, p := range plans {
			if p.base != nil {
				stored = append(stored, p)
			}
		}
		current, err := storedFindings(tx, stored)
		if err != nil {
			return err
		}
		for i, p := range plans {
			if cur := current[p.key]; p.base != nil && !sameStored(cur, p.base) {
				plans[i] = s.planImport(c, p.doc, p.key, cur, now)
			}
		}
		automated, err := s.automateImports(rules, plans, now)
		if err != nil {
			return err
		}
		return s.writeImports(tx, automated, now, replan)
	})
	return res, err
}

// providerIgnored are fields a provider sets only when it creates the finding: later
// imports keep the stored values, which customers own.
var providerIgnored = []string{"Note", "UserDefinedFields", "VerificationState", "Workflow"}

// importPlan is what importing one finding writes, computed from the stored finding base.
type importPlan struct {
	key  findingKey
	doc  Finding
	base *findingRecord // nil: not stored
	err  error
	skip bool // not newer than base: ignored, still a success
	rec  findingRecord
	// history is the body of the history record, nil for none.
	history []byte
	// final and meta are the finding the plan writes and its bookkeeping, which automation
	// rules start from; automated are the rules' history records, written after history.
	final     Finding
	meta      meta
	automated [][]byte
}

// planImports plans the valid findings of a batch against the stored state tx sees.
func (s *Service) planImports(tx store.Tx, c identity.Caller, docs []any, keys []findingKey, failed []string, now time.Time) ([]importPlan, error) {
	var plans []importPlan
	for i, v := range docs {
		if failed[i] == "" {
			plans = append(plans, importPlan{key: keys[i], doc: v.(map[string]any)})
		}
	}
	stored, err := storedFindings(tx, plans)
	if err != nil {
		return nil, err
	}
	for i, p := range plans {
		plans[i] = s.planImport(c, p.doc, p.key, stored[p.key], now)
	}
	return plans, nil
}

// storedFindings reads the stored findings of plans in one batch.
func storedFindings(tx store.Tx, plans []importPlan) (map[findingKey]*findingRecord, error) {
	keys := make([]findingKey, len(plans))
	for i, p := range plans {
		keys[i] = p.key
	}
	recs, err := readFindings(tx, keys)
	if err != nil {
		return nil, err
	}
	out := make(map[findingKey]*findingRecord, len(recs))
	for i := range recs {
		out[recs[i].Key] = &recs[i]
	}
	return out, nil
}

// sameStored tells whether a finding is still stored as a plan saw it.
func sameStored(a, b *findingRecord) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Seq == b.Seq && bytes.Equal(a.Doc, b.Doc) && bytes.Equal(a.Meta, b.Meta)
}

// writeImports writes planned imports and their history records. New findings whose key
// has been stored since they were planned are planned again with replan and written then;
// replan is nil where plans were made in tx itself, so that cannot happen.
func (s *Service) writeImports(tx store.Tx, plans []importPlan, now time.Time, replan func(store.Tx, []importPlan) ([]importPlan, error)) error {
	var recs []findingRecord
	var written []importPlan
	for _, p := range plans {
		if p.err != nil {
			return p.err
		}
		if !p.skip {
			recs = append(recs, p.rec)
			written = append(written, p)
		}
	}
	if len(recs) == 0 {
		return nil
	}
	seqs, clashed, err := putFindings(tx, recs)
	if err != nil {
		return err
	}
	var again []importPlan
	stored := make([]findingRecord, 0, len(recs))
	for i, r := range recs {
		if seqs[i] != 0 {
			stored = append(stored, r)
		}
	}
	for _, i := range clashed {
		again = append(again, written[i])
	}
	if len(again) > 0 && replan == nil {
		return fmt.Errorf("findings: %d new findings were stored meanwhile", len(again))
	}
	if err := s.changed(tx, stored, ""); err != nil {
		return err
	}
	var history []historyEntry
	for i, p := range written {
		if seqs[i] == 0 {
			continue
		}
		if p.history != nil {
			history = append(history, historyEntry{Key: p.key, FindingSeq: seqs[i], At: now, Body: p.history})
		}
		for _, body := range p.automated {
			history = append(history, historyEntry{Key: p.key, FindingSeq: seqs[i], At: now, Body: body})
		}
	}
	if len(history) > 0 {
		if err := appendHistory(tx, history...); err != nil {
			return err
		}
	}
	if len(again) == 0 {
		return nil
	}
	if again, err = replan(tx, again); err != nil {
		return err
	}
	return s.writeImports(tx, again, now, nil)
}

// planImport computes the import of f over the stored finding old (nil when new): the
// rules of who owns which field (providerIgnored, mirror, customer-owned fields), the
// fields Security Hub generates, the workflow resets, and the history record.
func (s *Service) planImport(c identity.Caller, f Finding, key findingKey, old *findingRecord, now time.Time) importPlan {
	p := importPlan{key: key, doc: f, base: old}
	for _, tf := range timeFields {
		if v, ok := at(f, tf...); ok {
			parent := f
			for _, p := range tf[:len(tf)-1] {
				parent = parent[p].(map[string]any)
			}
			parent[tf[len(tf)-1]] = CutToMillis(v.(string))
		}
	}
	updated, _ := ParseTime(f["UpdatedAt"].(string))
	var oldDoc Finding
	m := meta{}
	if old != nil {
		if prev, ok := old.Numbers[colUpdatedAt]; ok && updated.UnixMilli() <= prev {
			p.skip = true
			return p
		}
		if oldDoc, p.err = decodeDoc(old.Doc); p.err != nil {
			return p
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
	if p.rec, p.err = record(key, n, m); p.err != nil {
		return p
	}
	if old != nil {
		p.rec.Seq = old.Seq
	}
	p.final, p.meta = n, m
	p.history, p.err = s.historyBody(oldDoc, n, "BATCH_IMPORT_FINDINGS", key.ProductARN)
	return p
}

// generated sets the members Security Hub fills in itself.
func (s *Service) generated(n Finding, c identity.Caller, now time.Time) {
	n["Region"] = c.Region
	n["ProcessedAt"] = FormatTime(now)
	productName, companyName := productNames(n, c)
	if _, ok := n["CompanyName"]; !ok {
		n["CompanyName"] = companyName
	}
	if _, ok := n["ProductName"]; !ok {
		n["ProductName"] = productName
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
	pf["aws/securityhub/ProductName"] = productName
	pf["aws/securityhub/CompanyName"] = companyName
	n["ProductFields"] = pf
}

// autoWorkflow applies AWS's automatic workflow resets after a re-import: a NOTIFIED or
// RESOLVED finding becomes NEW again when its provider reopens it (ARCHIVED to ACTIVE) or
// its compliance regresses from PASSED.
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

func (s *Service) recordHistory(tx store.Tx, key findingKey, seq int64, old, n Finding, now time.Time, source, identity string) error {
	body, err := s.historyBody(old, n, source, identity)
	if err != nil || body == nil {
		return err
	}
	return appendHistory(tx, historyEntry{Key: key, FindingSeq: seq, At: now, Body: body})
}

// historyBody returns the history record of a change from old (nil: created) to n, or nil
// when nothing changed.
func (s *Service) historyBody(old, n Finding, source, identity string) ([]byte, error) {
	h := historyRecord{FindingCreated: old == nil, SourceType: source, Identity: identity, Updates: []change{}}
	if old != nil {
		diff(s.findingShape(), old, n, "", &h.Updates)
		if len(h.Updates) == 0 {
			return nil, nil
		}
	}
	return json.Marshal(h)
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

// Purge deletes the findings (and their history) whose retention has run out (RetainActive,
// RetainArchived).
// GetFindings and BatchUpdateFindings already ignore expired findings; Purge reclaims them.
func (s *Service) Purge(ctx context.Context) (int, error) {
	now := s.Clock.Now()
	n := 0
	err := s.Store.Update(ctx, func(tx store.Tx) (err error) {
		n, err = deleteExpired(tx, now)
		return err
	})
	return n, err
}

// visibleAccounts checks the caller's hub and returns the accounts whose findings it may see.
func (s *Service) visibleAccounts(tx store.Tx, c identity.Caller) ([]string, error) {
	return s.visibleUnder(tx, c, nil)
}

// visibleUnder is visibleAccounts with the hub rule of another API (nil: Security Hub CSPM's).
func (s *Service) visibleUnder(tx store.Tx, c identity.Caller, rule HubRule) ([]string, error) {
	key := domain.Key(c)
	if rule == nil {
		if _, err := hub.Require(tx, key); err != nil {
			return nil, err
		}
	} else if err := rule(tx, key); err != nil {
		return nil, err
	}
	return s.Visible(tx, key)
}

// scanMatches streams, decoded, the caller's visible and unexpired findings that pass
// filters, in the order q asks for (scanMatches fills in its region, accounts, store
// conditions and expiry), until fn returns false.
func (s *Service) scanMatches(tx store.Tx, c identity.Caller, filters *compiled, now time.Time, q findingQuery,
	fn func(findingRecord, Finding) (bool, error)) error {
	accounts, err := s.visibleUnder(tx, c, filters.hubRule)
	if err != nil {
		return err
	}
	q.Region, q.Accounts, q.Where, q.LiveAt = domain.Key(c).RegionKey(), accounts, filters.conds, now
	return scanFindings(tx, q, func(r findingRecord) (bool, error) {
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

// purgeLoop deletes expired findings every interval (0: hourly; negative: never) until ctx
// is done.
func (s *Service) purgeLoop(ctx context.Context, every time.Duration, log *slog.Logger) {
	if every < 0 {
		return
	}
	if every == 0 {
		every = time.Hour
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if n, err := s.Purge(ctx); err != nil && ctx.Err() == nil {
				log.Error("purging expired findings", "error", err)
			} else if n > 0 {
				log.Info("purged expired findings", "count", n)
			}
		}
	}
}
