package automationv2

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/connectorsv2"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
)

// The tickets of EXTERNAL_INTEGRATION rules: queued in the transaction of the write that made
// a finding meet a rule's criteria, delivered by a worker through the rule's connector at
// least once (a claim with a lease keeps several processes on one PostgreSQL database from
// delivering a ticket at once), retried with a growing wait while the connector fails, and
// given up after maxAttempts. A delivered or abandoned ticket stays, so that the rule does not
// ticket the finding again; deleting the rule forgets its tickets.

// The states of a queued ticket.
const (
	statePending   = "PENDING"
	stateDelivered = "DELIVERED"
	stateFailed    = "FAILED"
)

const (
	// maxAttempts is how many deliveries a ticket gets before it is abandoned.
	maxAttempts = 8
	// claimBatch is how many tickets a worker claims at once.
	claimBatch = 16
	// lease is how long a claim holds: longer than a batch's deliveries may take.
	lease = 5 * time.Minute
	// poll is how often an idle worker looks for due tickets (other processes queue some).
	poll = 250 * time.Millisecond
	// firstRetry and maxRetry bound the wait after a failed delivery, which doubles with
	// each attempt.
	firstRetry, maxRetry = time.Second, 5 * time.Minute
)

// queueTicket queues owner's ticket of rule r for the finding uid (doc as stored), unless the
// rule ticketed the finding already; it reports whether it queued one.
func queueTicket(tx store.Tx, owner store.AccountKey, r Rule, uid string, doc []byte, now time.Time) (bool, error) {
	err := tx.ExecUnique(`INSERT INTO rule_tickets_v2 (partition, region, account_id, rule_id, finding_uid, rule_arn, connector_arn,
		finding_json, state, attempts, due_at_ms, claim, ticket_id, ticket_url, message, queued_at_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, '', '', '', '', ?)`,
		owner.Partition, owner.Region, owner.AccountID, r.ID, uid, r.ARN, r.Action.ConnectorARN, string(doc), statePending,
		store.Millis(now), store.Millis(now))
	if errors.Is(err, store.ErrConflict) {
		return false, nil
	}
	return err == nil, err
}

// forgetTickets deletes the tickets of key's rule id.
func forgetTickets(tx store.Tx, key store.AccountKey, id string) error {
	return tx.Exec(`DELETE FROM rule_tickets_v2 WHERE partition = ? AND region = ? AND account_id = ? AND rule_id = ?`,
		key.Partition, key.Region, key.AccountID, id)
}

// queued is one claimed ticket.
type queued struct {
	owner              store.AccountKey
	ruleID, findingUID string
	ruleARN, connector string
	doc                string
	attempts           int
}

// poke wakes the worker without waiting.
func (s *Service) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// runTickets delivers due tickets until ctx is done.
func (s *Service) runTickets(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-timer.C:
		}
		for ctx.Err() == nil {
			n, err := s.deliverDue(ctx)
			if err != nil || n < claimBatch {
				break
			}
		}
		timer.Reset(poll)
	}
}

// deliverDue claims a batch of due tickets, delivers them one after the other (the tickets
// of a rule arrive in the order their findings met it), records the outcomes, and returns
// how many it claimed.
func (s *Service) deliverDue(ctx context.Context) (int, error) {
	claim := uuid.NewString()
	now := s.Clock.Now()
	var batch []queued
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		batch = nil
		rows, err := tx.Query(`SELECT partition, region, account_id, rule_id, finding_uid, claim FROM rule_tickets_v2
			WHERE state = ? AND due_at_ms <= ? ORDER BY due_at_ms LIMIT ?`, statePending, store.Millis(now), claimBatch)
		if err != nil {
			return err
		}
		type row struct {
			key                  store.AccountKey
			rule, finding, claim string
		}
		var due []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.key.Partition, &r.key.Region, &r.key.AccountID, &r.rule, &r.finding, &r.claim); err != nil {
				rows.Close()
				return err
			}
			due = append(due, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range due {
			// Only the claim that was read is replaced: a worker that claimed the row since
			// keeps it.
			if err := tx.Exec(`UPDATE rule_tickets_v2 SET claim = ?, due_at_ms = ? WHERE partition = ? AND region = ? AND account_id = ?
				AND rule_id = ? AND finding_uid = ? AND claim = ? AND state = ?`, claim, store.Millis(now.Add(lease)),
				r.key.Partition, r.key.Region, r.key.AccountID, r.rule, r.finding, r.claim, statePending); err != nil {
				return err
			}
		}
		rows, err = tx.Query(`SELECT partition, region, account_id, rule_id, finding_uid, rule_arn, connector_arn, finding_json, attempts
			FROM rule_tickets_v2 WHERE claim = ? ORDER BY queued_at_ms`, claim)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var q queued
			if err := rows.Scan(&q.owner.Partition, &q.owner.Region, &q.owner.AccountID, &q.ruleID, &q.findingUID, &q.ruleARN,
				&q.connector, &q.doc, &q.attempts); err != nil {
				return err
			}
			batch = append(batch, q)
		}
		return rows.Err()
	})
	if err != nil {
		return 0, err
	}
	for _, q := range batch {
		t, derr := s.deliver(ctx, q)
		if ctx.Err() != nil {
			return len(batch), ctx.Err() // the lease runs out and another run delivers it
		}
		if err := s.settle(ctx, q, claim, t, derr); err != nil {
			return len(batch), err
		}
	}
	return len(batch), nil
}

// deliver sends one ticket through its rule's connector.
func (s *Service) deliver(ctx context.Context, q queued) (connectorsv2.Ticket, error) {
	caller := identity.Caller{Partition: q.owner.Partition, Region: q.owner.Region, AccountID: q.owner.AccountID}
	conn, err := s.Connectors.Get(ctx, q.owner, q.connector)
	if err != nil {
		return connectorsv2.Ticket{}, err
	}
	return s.Connectors.Deliver(ctx, caller, conn, []byte(q.doc), "CREATE", q.ruleARN)
}

// settle records the outcome of a delivery of q under claim: delivered, or due again after a
// wait that doubles with each attempt, or abandoned after maxAttempts.
func (s *Service) settle(ctx context.Context, q queued, claim string, t connectorsv2.Ticket, failure error) error {
	now := s.Clock.Now()
	state, due, message := stateDelivered, now, ""
	if failure != nil {
		message = failure.Error()
		var e *apierr.Error
		if errors.As(failure, &e) {
			message = e.Message
		}
		wait := firstRetry << q.attempts
		if wait > maxRetry || wait <= 0 {
			wait = maxRetry
		}
		state, due = statePending, now.Add(wait)
		if q.attempts+1 >= maxAttempts {
			state = stateFailed
		}
	}
	if state == stateFailed && s.Log != nil {
		s.Log.Warn("automation rule V2 ticket abandoned", "rule", q.ruleARN, "finding", q.findingUID, "attempts", q.attempts+1, "error", message)
	}
	return s.Store.Update(ctx, func(tx store.Tx) error {
		return tx.Exec(`UPDATE rule_tickets_v2 SET state = ?, attempts = attempts + 1, due_at_ms = ?, claim = '', ticket_id = ?, ticket_url = ?,
			message = ? WHERE partition = ? AND region = ? AND account_id = ? AND rule_id = ? AND finding_uid = ? AND claim = ?`,
			state, store.Millis(due), t.ID, t.URL, message, q.owner.Partition, q.owner.Region, q.owner.AccountID, q.ruleID, q.findingUID, claim)
	})
}
