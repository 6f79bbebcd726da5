package events

import (
	"strings"

	"github.com/sechub/sechub/internal/store"
)

// The outbox's statements. Each is built the same way for the same number of rows, so that
// the stores' statement caches serve them.

// pending is one event waiting in the outbox.
type pending struct {
	Seq      int64
	Stream   string
	Attempts int64
	Body     []byte
}

// rowsPerInsert bounds the rows of one INSERT (PostgreSQL takes at most 65535 parameters).
const rowsPerInsert = 200

// enqueue writes events to the outbox, unclaimed.
func enqueue(tx store.Tx, events []pending) error {
	for len(events) > 0 {
		chunk := events[:min(len(events), rowsPerInsert)]
		events = events[len(chunk):]
		args := make([]any, 0, 2*len(chunk))
		for _, e := range chunk {
			args = append(args, e.Stream, e.Body)
		}
		err := tx.Exec(`INSERT INTO event_outbox (stream, claimed_by, claimed_until_ms, attempts, body) VALUES `+
			repeatJoin("(?, '', 0, 0, ?)", len(chunk)), args...)
		if err != nil {
			return err
		}
	}
	return nil
}

// maxBatchBytes bounds the bodies one claim loads (a finding may be 240 KB): a batch is cut
// short of it, though it always takes at least one event.
const maxBatchBytes = 4 << 20

// claim leases to owner, until untilMs, at most limit events that are due at nowMs, of at
// most maxBatchBytes: the oldest that no one holds and whose stream has no earlier event that
// someone holds (being delivered, or waiting after a failed attempt). An earlier event of a
// stream that no one holds precedes the later ones in seq order, and a batch is a prefix of
// that order, so a batch holds the events of a stream in order and no later event of a
// stream is ever delivered while an earlier one is outstanding.
func claim(tx store.Tx, owner string, nowMs, untilMs int64, limit int) ([]pending, error) {
	rows, err := tx.Query(`SELECT seq, stream, attempts, LENGTH(body) FROM event_outbox o
WHERE claimed_until_ms <= ? AND NOT EXISTS (
	SELECT 1 FROM event_outbox e WHERE e.stream = o.stream AND e.seq < o.seq AND e.claimed_until_ms > ?)
ORDER BY seq LIMIT ?`, nowMs, nowMs, limit)
	if err != nil {
		return nil, err
	}
	var out []pending
	size := 0
	for rows.Next() {
		var p pending
		var n int
		if err := rows.Scan(&p.Seq, &p.Stream, &p.Attempts, &n); err != nil {
			rows.Close()
			return nil, err
		}
		if size += n; len(out) > 0 && size > maxBatchBytes {
			break
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	seqs := make([]int64, len(out))
	at := make(map[int64]int, len(out))
	for i, p := range out {
		seqs[i], at[p.Seq] = p.Seq, i
	}
	for chunk := range chunks(seqs) {
		rows, err := tx.Query(`SELECT seq, body FROM event_outbox WHERE seq IN `+inList(len(chunk)), int64Args(chunk)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var seq int64
			var body []byte
			if err := rows.Scan(&seq, &body); err != nil {
				rows.Close()
				return nil, err
			}
			out[at[seq]].Body = body
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, setClaims(tx, seqs, `claimed_by = ?, claimed_until_ms = ?`, "", owner, untilMs)
}

// settle records the outcome of a batch owner delivered: delivered events are deleted (even
// when owner's lease ran out meanwhile: another delivery of them is a duplicate, which
// at-least-once allows); failed ones wait until retryMs; those not attempted are released.
// Failed and released rows are changed only while owner still holds them.
func settle(tx store.Tx, owner string, delivered, failed, released []int64, retryMs int64) error {
	for chunk := range chunks(delivered) {
		if err := tx.Exec(`DELETE FROM event_outbox WHERE seq IN `+inList(len(chunk)), int64Args(chunk)...); err != nil {
			return err
		}
	}
	if err := setClaims(tx, failed, `claimed_by = '', claimed_until_ms = ?, attempts = attempts + 1`, owner, retryMs); err != nil {
		return err
	}
	return setClaims(tx, released, `claimed_by = '', claimed_until_ms = 0`, owner)
}

// setClaims runs "UPDATE event_outbox SET <set> WHERE seq IN seqs" (and, when owner is not
// empty, only for rows owner holds), with setArgs for set's placeholders.
func setClaims(tx store.Tx, seqs []int64, set, owner string, setArgs ...any) error {
	for chunk := range chunks(seqs) {
		args := append(append([]any{}, setArgs...), int64Args(chunk)...)
		where := `seq IN ` + inList(len(chunk))
		if owner != "" {
			where += ` AND claimed_by = ?`
			args = append(args, owner)
		}
		if err := tx.Exec(`UPDATE event_outbox SET `+set+` WHERE `+where, args...); err != nil {
			return err
		}
	}
	return nil
}

// backlog counts the events in the outbox.
func backlog(tx store.Tx) (int, error) {
	var n int
	err := tx.QueryRow(`SELECT COUNT(*) FROM event_outbox`).Scan(&n)
	return n, err
}

// seqsPerStatement bounds the seqs of one IN list.
const seqsPerStatement = 500

// chunks cuts seqs into IN lists of at most seqsPerStatement, whose sizes are rounded up to a
// power of two (the list is padded with its last seq) so that few statement texts serve all.
func chunks(seqs []int64) func(yield func([]int64) bool) {
	return func(yield func([]int64) bool) {
		for len(seqs) > 0 {
			chunk := seqs[:min(len(seqs), seqsPerStatement)]
			seqs = seqs[len(chunk):]
			size := 1
			for size < len(chunk) {
				size *= 2
			}
			padded := append(make([]int64, 0, size), chunk...)
			for len(padded) < size {
				padded = append(padded, chunk[len(chunk)-1])
			}
			if !yield(padded) {
				return
			}
		}
	}
}

func int64Args(seqs []int64) []any {
	out := make([]any, len(seqs))
	for i, s := range seqs {
		out[i] = s
	}
	return out
}

// inList is "(?, ?, ...)" with n placeholders.
func inList(n int) string { return "(" + repeatJoin("?", n) + ")" }

// repeatJoin is n copies of s joined by ", ".
func repeatJoin(s string, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s)
	}
	return b.String()
}
