package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/store"
)

// findingStringCols and findingNumberCols are the promoted columns, in table order.
var (
	findingStringCols = []string{store.ColGeneratorID, store.ColTitle, store.ColSeverityLabel, store.ColWorkflowStatus,
		store.ColRecordState, store.ColComplianceStatus, store.ColProductName, store.ColCompanyName}
	findingNumberCols = []string{store.ColSeverityNormalized, store.ColCreatedAt, store.ColUpdatedAt, store.ColFirstObservedAt,
		store.ColLastObservedAt, store.ColProcessedAt}
	// sortable columns a query may order or filter by, with whether they are never NULL.
	findingColumns = map[string]bool{store.ColAccountID: true, store.ColProductARN: true, store.ColID: true,
		store.ColUpdatedAt: true, store.ColGeneratorID: false, store.ColTitle: false, store.ColSeverityLabel: false,
		store.ColWorkflowStatus: false, store.ColRecordState: false, store.ColComplianceStatus: false,
		store.ColProductName: false, store.ColCompanyName: false, store.ColSeverityNormalized: false,
		store.ColCreatedAt: false, store.ColFirstObservedAt: false, store.ColLastObservedAt: false, store.ColProcessedAt: false}
	findingSelect = "SELECT f.seq, partition, region, product_arn, finding_id, account_id, " +
		strings.Join(findingStringCols, ", ") + ", " + strings.Join(findingNumberCols, ", ") +
		", expires_at_ms, d.doc, d.meta FROM findings f JOIN finding_docs d ON d.seq = f.seq"
)

func scanFinding(row scanner) (store.FindingRecord, error) {
	var r store.FindingRecord
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
	r.ExpiresAt = fromMS(expires)
	return r, nil
}

func (t *txn) Finding(key store.FindingKey) (store.FindingRecord, error) {
	r, err := scanFinding(t.queryRow(findingSelect+` WHERE f.partition = ? AND region = ? AND product_arn = ? AND finding_id = ?`,
		key.Region.Partition, key.Region.Region, key.ProductARN, key.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, store.ErrNotFound
	}
	return r, err
}

// findingColumnsInOrder are the columns PutFindings writes, in order.
var findingColumnsInOrder = func() []string {
	cols := append([]string{"partition", "region", "product_arn", "finding_id", "account_id"}, findingStringCols...)
	cols = append(cols, findingNumberCols...)
	return append(cols, "expires_at_ms")
}()

// upsertFindingsSQL returns the statement that writes n findings and returns their keys and
// seqs (statements are cached by text: one per n).
func upsertFindingsSQL(n int) string {
	cols := findingColumnsInOrder
	var updates []string
	for _, c := range cols[4:] {
		updates = append(updates, c+" = excluded."+c)
	}
	return "INSERT INTO findings (" + strings.Join(cols, ", ") + ") VALUES " + placeholderRows(n, len(cols)) +
		" ON CONFLICT (partition, region, product_arn, finding_id) DO UPDATE SET " + strings.Join(updates, ", ") +
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

func (t *txn) Findings(keys []store.FindingKey) ([]store.FindingRecord, error) {
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
	var out []store.FindingRecord
	for _, g := range order {
		for chunk := range slices.Chunk(ids[g], keysPerStatement) {
			// One parameter for the batch: one prepared statement serves every batch size.
			anyOf, batch := t.dialect.AnyOf("f.finding_id", chunk)
			rows, err := t.query(findingSelect+` WHERE f.partition = ? AND f.region = ? AND f.product_arn = ? AND `+anyOf,
				g.region.Partition, g.region.Region, g.product, batch)
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

func (t *txn) PutFindings(rs []store.FindingRecord) ([]int64, error) {
	seqs := make([]int64, 0, len(rs))
	var replaced []any // seqs whose index entries are written anew
	for chunk := range slices.Chunk(rs, findingsPerStatement) {
		args := make([]any, 0, len(chunk)*len(findingColumnsInOrder))
		for _, r := range chunk {
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
			args = append(args, ms(r.ExpiresAt))
			if r.Seq != 0 {
				replaced = append(replaced, r.Seq)
			}
		}
		rows, err := t.query(upsertFindingsSQL(len(chunk)), args...)
		if err != nil {
			return nil, err
		}
		// RETURNING's row order is unspecified: match the rows back by key.
		written := make(map[store.FindingKey]int64, len(chunk))
		for rows.Next() {
			var seq int64
			var k store.FindingKey
			if err := rows.Scan(&seq, &k.Region.Partition, &k.Region.Region, &k.ProductARN, &k.ID); err != nil {
				rows.Close()
				return nil, err
			}
			written[k] = seq
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for _, r := range chunk {
			seq, ok := written[r.Key]
			if !ok {
				return nil, fmt.Errorf("sqlstore: finding %v not written", r.Key)
			}
			seqs = append(seqs, seq)
		}
	}
	var docs []any
	for i, r := range rs {
		meta := r.Meta
		if meta == nil {
			meta = []byte{}
		}
		docs = append(docs, seqs[i], r.Doc, meta)
	}
	for chunk := range slices.Chunk(docs, 3*findingsPerStatement) {
		if err := t.exec(`INSERT INTO finding_docs (seq, doc, meta) VALUES `+placeholderRows(len(chunk)/3, 3)+
			` ON CONFLICT (seq) DO UPDATE SET doc = excluded.doc, meta = excluded.meta`, chunk...); err != nil {
			return nil, err
		}
	}
	for chunk := range slices.Chunk(replaced, keysPerStatement) {
		if err := t.exec(`DELETE FROM finding_values WHERE seq IN `+placeholderRows(1, len(chunk)), chunk...); err != nil {
			return nil, err
		}
	}
	var values []any
	for i, r := range rs {
		for _, v := range r.Values {
			values = append(values, seqs[i], v.Key, v.Value, r.Key.Region.Partition, r.Key.Region.Region, r.AccountID, ms(r.ExpiresAt))
		}
	}
	for chunk := range slices.Chunk(values, valueWidth*valuesPerStatement) {
		if err := t.exec(`INSERT INTO finding_values (seq, key, value, partition, region, account_id, expires_at_ms) VALUES `+
			placeholderRows(len(chunk)/valueWidth, valueWidth)+` ON CONFLICT DO NOTHING`, chunk...); err != nil {
			return nil, err
		}
	}
	return seqs, nil
}

// prefixEnd is the smallest string above every string that starts with p (for an index range).
func prefixEnd(p string) string { return p + "\U0010FFFF" }

// findingWhere returns the conditions (on findings f) of q's region, accounts, expiry and
// store conditions. A condition on the multi-valued index is a semi-join: "f.seq IN (matching
// entries)" collects the entries first, which suits few matches; with dense[i] (many
// matches) it is "EXISTS (an entry of f)", checked row by row as the findings are read in
// order, which finds a page of them after reading a few rows more.
func findingWhere(q store.FindingQuery, dense map[int]bool) ([]string, []any, error) {
	where := []string{"f.partition = ?", "f.region = ?"}
	args := []any{q.Region.Partition, q.Region.Region}
	if !q.LiveAt.IsZero() {
		where = append(where, "f.expires_at_ms >= ?")
		args = append(args, ms(q.LiveAt))
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
		if c.Column == store.ColIndexed {
			target = "v.value"
		} else if _, ok := findingColumns[c.Column]; !ok {
			return nil, nil, fmt.Errorf("sqlstore: no finding column %q", c.Column)
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
		case c.Column == store.ColIndexed && dense[i]:
			cond = "EXISTS (SELECT 1 FROM finding_values v WHERE v.seq = f.seq AND v.key = ? AND " + cond + ")"
			altArgs = append([]any{c.IndexKey}, altArgs...)
		case c.Column == store.ColIndexed:
			cond = "f.seq IN (SELECT v.seq FROM finding_values v WHERE v.partition = ? AND v.region = ? AND v.key = ? AND " + cond + ")"
			altArgs = append([]any{q.Region.Partition, q.Region.Region, c.IndexKey}, altArgs...)
		}
		where = append(where, cond)
		args = append(args, altArgs...)
	}
	return where, args, nil
}

// DenseAt is how many index entries make a condition dense (see findingWhere); a variable so
// that tests can exercise both plans.
var DenseAt = 2000

// denseConditions tells which conditions of q on the multi-valued index match at least
// DenseAt entries, counting no further.
func (t *txn) denseConditions(q store.FindingQuery) (map[int]bool, error) {
	dense := map[int]bool{}
	for i, c := range q.Where {
		if c.Column != store.ColIndexed {
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
		if err := t.queryRow(`SELECT count(*) FROM (SELECT 1 FROM finding_values WHERE partition = ? AND region = ? AND key = ? AND (`+
			strings.Join(alts, " OR ")+`) LIMIT ?) AS sample`, append(args, DenseAt)...).Scan(&n); err != nil {
			return nil, err
		}
		dense[i] = n >= DenseAt
	}
	return dense, nil
}

func (t *txn) ScanFindings(q store.FindingQuery, fn func(store.FindingRecord) (bool, error)) error {
	dense, err := t.denseConditions(q)
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
			return fmt.Errorf("sqlstore: no finding column %q", o.Column)
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
	for {
		batchWhere, batchArgs := where, args
		if hasAfter {
			cond, condArgs := keysetAfter(q.OrderBy, after, afterSeq)
			batchWhere = append(append([]string{}, where...), cond)
			batchArgs = append(append([]any{}, args...), condArgs...)
		}
		rows, err := t.query(findingSelect+" WHERE "+strings.Join(batchWhere, " AND ")+" ORDER BY "+strings.Join(order, ", ")+
			" LIMIT ?", append(batchArgs, ScanBatch)...)
		if err != nil {
			return err
		}
		n := 0
		var last store.FindingRecord
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
		if err := rows.Err(); err != nil || n < ScanBatch {
			return err
		}
		after, afterSeq, hasAfter = orderValues(q.OrderBy, last), last.Seq, true
	}
}

// ScanBatch is how many findings one statement of ScanFindings reads at most (a variable so
// that tests can make batches end anywhere).
var ScanBatch = 256

// orderValues returns a record's values of the order columns, as keysetAfter takes them.
func orderValues(order []store.FindingOrder, r store.FindingRecord) []any {
	values := make([]any, len(order))
	for i, o := range order {
		switch o.Column {
		case store.ColAccountID:
			values[i] = r.AccountID
		case store.ColProductARN:
			values[i] = r.Key.ProductARN
		case store.ColID:
			values[i] = r.Key.ID
		default:
			if v, ok := r.Strings[o.Column]; ok {
				values[i] = v
			} else if v, ok := r.Numbers[o.Column]; ok {
				values[i] = v
			}
		}
	}
	return values
}

func (t *txn) CountFindings(q store.FindingQuery, column, indexKey string) ([]store.FindingCount, error) {
	where, args, err := findingWhere(q, nil)
	if err != nil {
		return nil, err
	}
	var query string
	if column == store.ColIndexed {
		// The index entries carry region, account and expiry: without other conditions this
		// is an index-only scan.
		query = "SELECT g.value, count(*) FROM finding_values g WHERE g.partition = ? AND g.region = ? AND g.key = ?"
		gargs := []any{q.Region.Partition, q.Region.Region, indexKey}
		if !q.LiveAt.IsZero() {
			query += " AND g.expires_at_ms >= ?"
			gargs = append(gargs, ms(q.LiveAt))
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
			return nil, fmt.Errorf("sqlstore: no finding column %q", column)
		}
		query = "SELECT f." + column + ", count(*) FROM findings f WHERE " + strings.Join(where, " AND ") +
			" AND f." + column + " IS NOT NULL GROUP BY f." + column
	}
	rows, err := t.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.FindingCount
	for rows.Next() {
		var c store.FindingCount
		if err := rows.Scan(&c.Value, &c.Count); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// keysetAfter builds the condition "the row comes after (values, seq)" for an ORDER BY of
// order plus seq, with missing values last in both directions.
func keysetAfter(order []store.FindingOrder, values []any, seq int64) (string, []any) {
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

func (t *txn) AppendHistory(es ...store.HistoryEntry) error {
	for chunk := range slices.Chunk(es, findingsPerStatement) {
		args := make([]any, 0, 3*len(chunk))
		for _, e := range chunk {
			args = append(args, e.FindingSeq, ms(e.At), e.Body)
		}
		if err := t.exec(`INSERT INTO finding_history (seq, at_ms, body) VALUES `+placeholderRows(len(chunk), 3), args...); err != nil {
			return err
		}
	}
	return nil
}

func (t *txn) History(key store.FindingKey, from, to time.Time, afterSeq int64, limit int) ([]store.HistoryEntry, error) {
	q := `SELECT h.hseq, h.at_ms, h.body FROM finding_history h JOIN findings f ON f.seq = h.seq
		WHERE f.partition = ? AND f.region = ? AND f.product_arn = ? AND f.finding_id = ? AND h.at_ms >= ? AND h.at_ms <= ?`
	args := []any{key.Region.Partition, key.Region.Region, key.ProductARN, key.ID, ms(from), ms(to)}
	if afterSeq > 0 {
		q += ` AND h.hseq < ?`
		args = append(args, afterSeq)
	}
	rows, err := t.query(q+` ORDER BY h.hseq DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.HistoryEntry
	for rows.Next() {
		e := store.HistoryEntry{Key: key}
		var at int64
		if err := rows.Scan(&e.Seq, &at, &e.Body); err != nil {
			return nil, err
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

func (t *txn) DeleteExpiredFindings(before time.Time) (int, error) {
	res, err := t.tx.ExecContext(t.ctx, `DELETE FROM findings WHERE expires_at_ms < ?`, ms(before))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
