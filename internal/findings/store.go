package findings

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/store"
)

// The findings are kept in the tables of schema.go: the promoted columns in findings, the
// document in finding_docs, the multi-valued index in finding_values, the history in
// finding_history. Statements are prepared and cached by their text, so each is built the
// same way for the same shape of request.

// findingKey identifies a finding within a partition and region: its product and its id.
type findingKey struct {
	Region     store.RegionKey
	ProductARN string
	ID         string
}

// Columns of findings beside the document, indexed for filtering and sorting (the filter
// keys are mapped onto them in filter.go).
const (
	colAccountID          = "account_id"
	colProductARN         = "product_arn"
	colID                 = "finding_id"
	colGeneratorID        = "generator_id"
	colTitle              = "title"
	colSeverityLabel      = "severity_label"
	colSeverityNormalized = "severity_normalized"
	colWorkflowStatus     = "workflow_status"
	colRecordState        = "record_state"
	colComplianceStatus   = "compliance_status"
	colProductName        = "product_name"
	colCompanyName        = "company_name"
	colCreatedAt          = "created_at_ms"
	colUpdatedAt          = "updated_at_ms"
	colFirstObservedAt    = "first_observed_at_ms"
	colLastObservedAt     = "last_observed_at_ms"
	colProcessedAt        = "processed_at_ms"
	// colIndexed marks a condition on the multi-valued index (finding_values).
	colIndexed = "indexed"
)

// findingRecord is a stored finding: its document, the promoted columns, and the entries of
// the multi-valued index.
type findingRecord struct {
	Key       findingKey
	Seq       int64 // assigned on first write (0 for a new finding); a stable tie-breaker
	AccountID string
	Doc       []byte
	// Strings holds the promoted string columns (col* names); absent ones are not set.
	Strings map[string]string
	// Numbers holds the promoted numeric columns: severity_normalized and the *_ms times.
	Numbers map[string]int64
	// Values are the multi-valued index entries (for example ResourceType → AwsS3Bucket).
	Values []indexEntry
	// Meta is the domain's bookkeeping (meta in document.go), as JSON.
	Meta      []byte
	ExpiresAt time.Time
}

// indexEntry is one entry of the multi-valued index.
type indexEntry struct{ Key, Value string }

// findingCond is a necessary condition of a finding query: the column (or, with colIndexed,
// the index key) equals one of Equals or starts with one of Prefixes.
type findingCond struct {
	Column   string
	IndexKey string
	Equals   []string
	Prefixes []string
}

// findingOrder is one sort key of a finding query; missing values sort last either way.
type findingOrder struct {
	Column string
	Desc   bool
}

// findingQuery selects findings of some accounts in a region, in an order, after a cursor.
type findingQuery struct {
	Region   store.RegionKey
	Accounts []string
	Where    []findingCond
	OrderBy  []findingOrder
	// After continues after the row whose OrderBy values (string, int64 or nil) and Seq are given.
	After    []any
	AfterSeq int64
	HasAfter bool
	// LiveAt leaves out findings whose ExpiresAt is before it (zero: no such check).
	LiveAt time.Time
	// FirstBatch is how many rows scanFindings' first statement reads (0: scanBatch): a page
	// whose every row is a match needs no more than itself and one row beyond.
	FirstBatch int
}

// valueCount is how many findings hold one value.
type valueCount struct {
	Value string
	Count int
}

// historyEntry is one finding-history record (its body is a historyRecord as JSON).
type historyEntry struct {
	Key        findingKey
	FindingSeq int64 // the finding's Seq (appendHistory)
	Seq        int64 // the record's own sequence (readHistory)
	At         time.Time
	Body       []byte
}

// findingStringCols and findingNumberCols are the promoted columns, in table order.
var (
	findingStringCols = []string{colGeneratorID, colTitle, colSeverityLabel, colWorkflowStatus,
		colRecordState, colComplianceStatus, colProductName, colCompanyName}
	findingNumberCols = []string{colSeverityNormalized, colCreatedAt, colUpdatedAt, colFirstObservedAt,
		colLastObservedAt, colProcessedAt}
	// findingColumns are the columns a query may order or filter by, with whether they are
	// never NULL.
	findingColumns = map[string]bool{colAccountID: true, colProductARN: true, colID: true,
		colUpdatedAt: true, colGeneratorID: false, colTitle: false, colSeverityLabel: false,
		colWorkflowStatus: false, colRecordState: false, colComplianceStatus: false,
		colProductName: false, colCompanyName: false, colSeverityNormalized: false,
		colCreatedAt: false, colFirstObservedAt: false, colLastObservedAt: false, colProcessedAt: false}
	findingSelect = "SELECT f.seq, partition, region, product_arn, finding_id, account_id, " +
		strings.Join(findingStringCols, ", ") + ", " + strings.Join(findingNumberCols, ", ") +
		", expires_at_ms, d.doc, d.meta FROM findings f JOIN finding_docs d ON d.seq = f.seq"
)

type scanner interface{ Scan(dest ...any) error }

func scanFinding(row scanner) (findingRecord, error) {
	var r findingRecord
	strs := make([]sql.NullString, len(findingStringCols))
	nums := make([]sql.NullInt64, len(findingNumberCols))
	var expires int64
	dest := []any{&r.Seq, &r.Key.Region.Partition, &r.Key.Region.Region, &r.Key.ProductARN, &r.Key.ID, &r.AccountID}
	for i := range strs {
		dest = append(dest, &strs[i])
	}
	for i := range nums {
		dest = append(dest, &nums[i])
	}
	dest = append(dest, &expires, &r.Doc, &r.Meta)
	if err := row.Scan(dest...); err != nil {
		return r, err
	}
	r.Strings = make(map[string]string, len(strs))
	for i, s := range strs {
		if s.Valid {
			r.Strings[findingStringCols[i]] = s.String
		}
	}
	r.Numbers = make(map[string]int64, len(nums))
	for i, n := range nums {
		if n.Valid {
			r.Numbers[findingNumberCols[i]] = n.Int64
		}
	}
	r.ExpiresAt = store.FromMillis(expires)
	return r, nil
}

// readFinding returns a stored finding (without its index entries), or store.ErrNotFound.
func readFinding(tx store.Tx, key findingKey) (findingRecord, error) {
	r, err := scanFinding(tx.QueryRow(findingSelect+` WHERE f.partition = ? AND region = ? AND product_arn = ? AND finding_id = ?`,
		key.Region.Partition, key.Region.Region, key.ProductARN, key.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, store.ErrNotFound
	}
	return r, err
}

// findingColumnsInOrder are the columns putFindings writes, in order.
var findingColumnsInOrder = func() []string {
	cols := append([]string{"partition", "region", "product_arn", "finding_id", "account_id"}, findingStringCols...)
	cols = append(cols, findingNumberCols...)
	return append(cols, "expires_at_ms")
}()

// upsertFindingsSQL returns the statement that writes n findings and returns their keys and
// seqs (one statement text per n): stored ones are replaced when replace, else kept (and not
// returned).
func upsertFindingsSQL(n int, replace bool) string {
	cols := findingColumnsInOrder
	onConflict := " DO NOTHING"
	if replace {
		var updates []string
		for _, c := range cols[4:] {
			updates = append(updates, c+" = excluded."+c)
		}
		onConflict = " DO UPDATE SET " + strings.Join(updates, ", ")
	}
	return "INSERT INTO findings (" + strings.Join(cols, ", ") + ") VALUES " + placeholderRows(n, len(cols)) +
		" ON CONFLICT (partition, region, product_arn, finding_id)" + onConflict +
		" RETURNING seq, partition, region, product_arn, finding_id"
}

// placeholderRows returns n rows of width placeholders: "(?, ?), (?, ?)".
func placeholderRows(n, width int) string {
	row := "(?" + strings.Repeat(", ?", width-1) + ")"
	return row + strings.Repeat(", "+row, n-1)
}

// Batch sizes of the multi-row statements (well under SQLite's 32,766 variables).
const (
	findingsPerStatement = 100
	valuesPerStatement   = 500
	keysPerStatement     = 500
	valueWidth           = 7 // columns of a finding_values row
)

// readFindings returns those of keys that are stored (without their index entries), in any
// order: one statement per product and batch of ids.
func readFindings(tx store.Tx, keys []findingKey) ([]findingRecord, error) {
	type group struct {
		region  store.RegionKey
		product string
	}
	ids := map[group][]string{}
	var order []group
	for _, k := range keys {
		g := group{k.Region, k.ProductARN}
		if _, ok := ids[g]; !ok {
			order = append(order, g)
		}
		ids[g] = append(ids[g], k.ID)
	}
	var out []findingRecord
	for _, g := range order {
		for chunk := range slices.Chunk(ids[g], keysPerStatement) {
			anyOf, batch := tx.AnyOf("f.finding_id", chunk)
			rows, err := tx.Query(findingSelect+` WHERE f.partition = ? AND f.region = ? AND f.product_arn = ? AND `+anyOf,
				append([]any{g.region.Partition, g.region.Region, g.product}, batch...)...)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				r, err := scanFinding(rows)
				if err != nil {
					rows.Close()
					return nil, err
				}
				out = append(out, r)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// putFindings writes findings with distinct keys with their columns and index entries, and
// returns their Seqs in the order given. A stored finding (Seq set) is replaced; a new one (Seq
// 0) is inserted unless a finding of its key has been stored since it was read: then it is
// left out, with Seq 0, and its index in rs is among clashed. New findings are not read
// before they are written, because on PostgreSQL that read would lock index pages that other
// imports insert into, and concurrent imports of different findings would conflict.
func putFindings(tx store.Tx, rs []findingRecord) (seqs []int64, clashed []int, err error) {
	seqs = make([]int64, len(rs))
	var replaced []any // seqs whose index entries are written anew
	var stored, fresh []int
	for i, r := range rs {
		if r.Seq != 0 {
			stored = append(stored, i)
			replaced = append(replaced, r.Seq)
		} else {
			fresh = append(fresh, i)
		}
	}
	if err := upsertFindings(tx, rs, stored, true, seqs); err != nil {
		return nil, nil, err
	}
	if err := upsertFindings(tx, rs, fresh, false, seqs); err != nil {
		return nil, nil, err
	}
	for _, i := range fresh {
		if seqs[i] == 0 {
			clashed = append(clashed, i)
		}
	}
	var docs []any
	for i, r := range rs {
		if seqs[i] == 0 {
			continue
		}
		meta := r.Meta
		if meta == nil {
			meta = []byte{}
		}
		docs = append(docs, seqs[i], r.Doc, meta)
	}
	for chunk := range slices.Chunk(docs, 3*findingsPerStatement) {
		if err := tx.Exec(`INSERT INTO finding_docs (seq, doc, meta) VALUES `+placeholderRows(len(chunk)/3, 3)+
			` ON CONFLICT (seq) DO UPDATE SET doc = excluded.doc, meta = excluded.meta`, chunk...); err != nil {
			return nil, nil, err
		}
	}
	for chunk := range slices.Chunk(replaced, keysPerStatement) {
		if err := tx.Exec(`DELETE FROM finding_values WHERE seq IN `+placeholderRows(1, len(chunk)), chunk...); err != nil {
			return nil, nil, err
		}
	}
	var values []any
	for i, r := range rs {
		if seqs[i] == 0 {
			continue
		}
		for _, v := range r.Values {
			values = append(values, seqs[i], v.Key, v.Value, r.Key.Region.Partition, r.Key.Region.Region, r.AccountID, store.Millis(r.ExpiresAt))
		}
	}
	for chunk := range slices.Chunk(values, valueWidth*valuesPerStatement) {
		if err := tx.Exec(`INSERT INTO finding_values (seq, key, value, partition, region, account_id, expires_at_ms) VALUES `+
			placeholderRows(len(chunk)/valueWidth, valueWidth)+` ON CONFLICT DO NOTHING`, chunk...); err != nil {
			return nil, nil, err
		}
	}
	return seqs, clashed, nil
}

// upsertFindings writes the findings rows of rs at indexes which, replacing stored ones when
// replace, and sets the seqs of those written.
func upsertFindings(tx store.Tx, rs []findingRecord, which []int, replace bool, seqs []int64) error {
	for chunk := range slices.Chunk(which, findingsPerStatement) {
		args := make([]any, 0, len(chunk)*len(findingColumnsInOrder))
		for _, i := range chunk {
			r := rs[i]
			args = append(args, r.Key.Region.Partition, r.Key.Region.Region, r.Key.ProductARN, r.Key.ID, r.AccountID)
			for _, c := range findingStringCols {
				if v, ok := r.Strings[c]; ok {
					args = append(args, v)
				} else {
					args = append(args, nil)
				}
			}
			for _, c := range findingNumberCols {
				if v, ok := r.Numbers[c]; ok {
					args = append(args, v)
				} else {
					args = append(args, nil)
				}
			}
			args = append(args, store.Millis(r.ExpiresAt))
		}
		rows, err := tx.Query(upsertFindingsSQL(len(chunk), replace), args...)
		if err != nil {
			return err
		}
		// RETURNING's row order is unspecified: match the rows back by key.
		written := make(map[findingKey]int64, len(chunk))
		for rows.Next() {
			var seq int64
			var k findingKey
			if err := rows.Scan(&seq, &k.Region.Partition, &k.Region.Region, &k.ProductARN, &k.ID); err != nil {
				rows.Close()
				return err
			}
			written[k] = seq
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, i := range chunk {
			seq, ok := written[rs[i].Key]
			if !ok && replace {
				return fmt.Errorf("findings: finding %v not written", rs[i].Key)
			}
			seqs[i] = seq
		}
	}
	return nil
}

// prefixEnd is the smallest string above every string that starts with p (for an index range).
func prefixEnd(p string) string { return p + "\U0010FFFF" }

// findingWhere returns the conditions (on findings f) of q's region, accounts, expiry and
// column conditions. A condition on the multi-valued index is a semi-join: "f.seq IN
// (matching entries)" collects the entries first, which suits few matches; with dense[i]
// (many matches) it is "EXISTS (an entry of f)", checked row by row as the findings are read
// in order, which finds a page of them after reading a few rows more.
func findingWhere(q findingQuery, dense map[int]bool) ([]string, []any, error) {
	where := []string{"f.partition = ?", "f.region = ?"}
	args := []any{q.Region.Partition, q.Region.Region}
	if !q.LiveAt.IsZero() {
		where = append(where, "f.expires_at_ms >= ?")
		args = append(args, store.Millis(q.LiveAt))
	}
	if len(q.Accounts) > 0 {
		where = append(where, "f.account_id IN "+placeholderRows(1, len(q.Accounts)))
		for _, a := range q.Accounts {
			args = append(args, a)
		}
	}
	for i, c := range q.Where {
		var alts []string
		var altArgs []any
		target := "f." + c.Column
		if c.Column == colIndexed {
			target = "v.value"
		} else if _, ok := findingColumns[c.Column]; !ok {
			return nil, nil, fmt.Errorf("findings: no finding column %q", c.Column)
		}
		for _, v := range c.Equals {
			alts = append(alts, target+" = ?")
			altArgs = append(altArgs, v)
		}
		for _, p := range c.Prefixes {
			alts = append(alts, "("+target+" >= ? AND "+target+" < ?)")
			altArgs = append(altArgs, p, prefixEnd(p))
		}
		if len(alts) == 0 {
			continue
		}
		cond := "(" + strings.Join(alts, " OR ") + ")"
		switch {
		case c.Column == colIndexed && dense[i]:
			cond = "EXISTS (SELECT 1 FROM finding_values v WHERE v.seq = f.seq AND v.key = ? AND " + cond + ")"
			altArgs = append([]any{c.IndexKey}, altArgs...)
		case c.Column == colIndexed:
			cond = "f.seq IN (SELECT v.seq FROM finding_values v WHERE v.partition = ? AND v.region = ? AND v.key = ? AND " + cond + ")"
			altArgs = append([]any{q.Region.Partition, q.Region.Region, c.IndexKey}, altArgs...)
		}
		where = append(where, cond)
		args = append(args, altArgs...)
	}
	return where, args, nil
}

// denseAt is how many index entries make a condition dense (see findingWhere); a variable so
// that tests can exercise both plans.
var denseAt = 2000

// denseConditions tells which conditions of q on the multi-valued index match at least
// denseAt entries, counting no further.
func denseConditions(tx store.Tx, q findingQuery) (map[int]bool, error) {
	dense := map[int]bool{}
	for i, c := range q.Where {
		if c.Column != colIndexed {
			continue
		}
		var alts []string
		args := []any{q.Region.Partition, q.Region.Region, c.IndexKey}
		for _, v := range c.Equals {
			alts = append(alts, "value = ?")
			args = append(args, v)
		}
		for _, p := range c.Prefixes {
			alts = append(alts, "(value >= ? AND value < ?)")
			args = append(args, p, prefixEnd(p))
		}
		if len(alts) == 0 {
			continue
		}
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM (SELECT 1 FROM finding_values WHERE partition = ? AND region = ? AND key = ? AND (`+
			strings.Join(alts, " OR ")+`) LIMIT ?) AS sample`, append(args, denseAt)...).Scan(&n); err != nil {
			return nil, err
		}
		dense[i] = n >= denseAt
	}
	return dense, nil
}

// scanFindings streams the findings matching q in order until fn returns false.
func scanFindings(tx store.Tx, q findingQuery, fn func(findingRecord) (bool, error)) error {
	dense, err := denseConditions(tx, q)
	if err != nil {
		return err
	}
	where, args, err := findingWhere(q, dense)
	if err != nil {
		return err
	}
	var order []string
	for _, o := range q.OrderBy {
		notNull, ok := findingColumns[o.Column]
		if !ok {
			return fmt.Errorf("findings: no finding column %q", o.Column)
		}
		dir := " ASC"
		if o.Desc {
			dir = " DESC"
		}
		if !notNull {
			dir += " NULLS LAST"
		}
		order = append(order, "f."+o.Column+dir)
	}
	order = append(order, "f.seq ASC")
	// The rows come in batches, each continuing after the last row of the one before: with a
	// LIMIT, planners choose plans that return the first rows fast (an index walk in order)
	// rather than ones that compute every match first, which is what a page needs.
	after, afterSeq, hasAfter := q.After, q.AfterSeq, q.HasAfter
	batch := scanBatch
	if q.FirstBatch > 0 {
		batch = q.FirstBatch
	}
	for {
		batchWhere, batchArgs := where, args
		if hasAfter {
			cond, condArgs := keysetAfter(q.OrderBy, after, afterSeq)
			batchWhere = append(append([]string{}, where...), cond)
			batchArgs = append(append([]any{}, args...), condArgs...)
		}
		rows, err := tx.Query(findingSelect+" WHERE "+strings.Join(batchWhere, " AND ")+" ORDER BY "+strings.Join(order, ", ")+
			" LIMIT ?", append(batchArgs, batch)...)
		if err != nil {
			return err
		}
		n := 0
		var last findingRecord
		for rows.Next() {
			r, err := scanFinding(rows)
			if err != nil {
				rows.Close()
				return err
			}
			n++
			last = r
			if more, err := fn(r); err != nil || !more {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil || n < batch {
			return err
		}
		after, afterSeq, hasAfter = orderValues(q.OrderBy, last), last.Seq, true
		batch = scanBatch
	}
}

// scanBatch is how many findings one statement of scanFindings reads at most (a variable so
// that tests can make batches end anywhere).
var scanBatch = 256

// orderValues returns a record's values of the order columns, as keysetAfter takes them.
func orderValues(order []findingOrder, r findingRecord) []any {
	values := make([]any, len(order))
	for i, o := range order {
		values[i] = columnValue(r, o.Column)
	}
	return values
}

// columnValue is a record's value of a promoted column (nil when absent).
func columnValue(r findingRecord, col string) any {
	switch col {
	case colAccountID:
		return r.AccountID
	case colProductARN:
		return r.Key.ProductARN
	case colID:
		return r.Key.ID
	}
	if v, ok := r.Strings[col]; ok {
		return v
	}
	if v, ok := r.Numbers[col]; ok {
		return v
	}
	return nil
}

// countFindings counts the findings matching q (its order and cursor ignored) by their value
// of column, or with colIndexed by their values of the index key indexKey (a finding counts
// once for each distinct value); findings without a value are not counted.
func countFindings(tx store.Tx, q findingQuery, column, indexKey string) ([]valueCount, error) {
	where, args, err := findingWhere(q, nil)
	if err != nil {
		return nil, err
	}
	var query string
	if column == colIndexed {
		// The index entries carry region, account and expiry: without other conditions this
		// is an index-only scan.
		query = "SELECT g.value, count(*) FROM finding_values g WHERE g.partition = ? AND g.region = ? AND g.key = ?"
		gargs := []any{q.Region.Partition, q.Region.Region, indexKey}
		if !q.LiveAt.IsZero() {
			query += " AND g.expires_at_ms >= ?"
			gargs = append(gargs, store.Millis(q.LiveAt))
		}
		if len(q.Accounts) > 0 {
			query += " AND g.account_id IN " + placeholderRows(1, len(q.Accounts))
			for _, a := range q.Accounts {
				gargs = append(gargs, a)
			}
		}
		if len(q.Where) > 0 {
			query += " AND g.seq IN (SELECT f.seq FROM findings f WHERE " + strings.Join(where, " AND ") + ")"
			gargs = append(gargs, args...)
		}
		query, args = query+" GROUP BY g.value", gargs
	} else {
		if _, ok := findingColumns[column]; !ok {
			return nil, fmt.Errorf("findings: no finding column %q", column)
		}
		query = "SELECT f." + column + ", count(*) FROM findings f WHERE " + strings.Join(where, " AND ") +
			" AND f." + column + " IS NOT NULL GROUP BY f." + column
	}
	rows, err := tx.Query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []valueCount
	for rows.Next() {
		var c valueCount
		if err := rows.Scan(&c.Value, &c.Count); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// keysetAfter builds the condition "the row comes after (values, seq)" for an ORDER BY of
// order plus seq, with missing values last in both directions.
func keysetAfter(order []findingOrder, values []any, seq int64) (string, []any) {
	var ors []string
	var args []any
	var eqs []string
	var eqArgs []any
	for i, o := range order {
		v := values[i]
		if v != nil {
			op := " > ?"
			if o.Desc {
				op = " < ?"
			}
			col := "f." + o.Column
			alt := "(" + col + op + " OR " + col + " IS NULL)"
			if findingColumns[o.Column] {
				alt = col + op
			}
			ors = append(ors, "("+strings.Join(append(append([]string{}, eqs...), alt), " AND ")+")")
			args = append(append(args, eqArgs...), v)
			eqs = append(eqs, col+" = ?")
			eqArgs = append(eqArgs, v)
		} else {
			eqs = append(eqs, "f."+o.Column+" IS NULL")
		}
	}
	ors = append(ors, "("+strings.Join(append(append([]string{}, eqs...), "f.seq > ?"), " AND ")+")")
	args = append(append(args, eqArgs...), seq)
	return "(" + strings.Join(ors, " OR ") + ")", args
}

// appendHistory adds history records to findings.
func appendHistory(tx store.Tx, es ...historyEntry) error {
	for chunk := range slices.Chunk(es, findingsPerStatement) {
		args := make([]any, 0, 3*len(chunk))
		for _, e := range chunk {
			args = append(args, e.FindingSeq, store.Millis(e.At), e.Body)
		}
		if err := tx.Exec(`INSERT INTO finding_history (seq, at_ms, body) VALUES `+placeholderRows(len(chunk), 3), args...); err != nil {
			return err
		}
	}
	return nil
}

// readHistory lists a finding's records with At in [from, to], newest first, after the record
// afterSeq (0 for the start), at most limit.
func readHistory(tx store.Tx, key findingKey, from, to time.Time, afterSeq int64, limit int) ([]historyEntry, error) {
	q := `SELECT h.hseq, h.at_ms, h.body FROM finding_history h JOIN findings f ON f.seq = h.seq
		WHERE f.partition = ? AND f.region = ? AND f.product_arn = ? AND f.finding_id = ? AND h.at_ms >= ? AND h.at_ms <= ?`
	args := []any{key.Region.Partition, key.Region.Region, key.ProductARN, key.ID, store.Millis(from), store.Millis(to)}
	if afterSeq > 0 {
		q += ` AND h.hseq < ?`
		args = append(args, afterSeq)
	}
	rows, err := tx.Query(q+` ORDER BY h.hseq DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []historyEntry
	for rows.Next() {
		e := historyEntry{Key: key}
		var at int64
		if err := rows.Scan(&e.Seq, &at, &e.Body); err != nil {
			return nil, err
		}
		e.At = store.FromMillis(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// deleteExpired deletes the findings whose ExpiresAt is before t (their documents, index
// entries and history go with them: ON DELETE CASCADE) and returns how many there were.
// The count is read first, on findings_by_expiry, because a statement run with Exec does not
// report the rows it changed.
func deleteExpired(tx store.Tx, before time.Time) (int, error) {
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM findings WHERE expires_at_ms < ?`, store.Millis(before)).Scan(&n); err != nil || n == 0 {
		return 0, err
	}
	return n, tx.Exec(`DELETE FROM findings WHERE expires_at_ms < ?`, store.Millis(before))
}
