package findings

import (
	"context"
	"errors"
	"sort"
	"unicode/utf8"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/store"
)

// Lengths ASFF documents for the customer's fields that BatchUpdateFindings and UpdateFindings
// set, which their request shapes leave unbounded.
const (
	maxNoteText          = 512
	maxUserDefinedKey    = 128
	maxUserDefinedValue  = 1024
	userDefinedFieldsArg = "UserDefinedFields"
)

// checkLength refuses a string member longer than limit characters.
func checkLength(member string, v any, limit int) error {
	s, _ := v.(string)
	if len(s) <= limit {
		return nil
	}
	if n := utf8.RuneCountInString(s); n > limit {
		return apierr.MemberTooLong.New(member, n, limit)
	}
	return nil
}

// checkUpdateLengths refuses a BatchUpdateFindings whose note or user-defined fields are
// longer than ASFF allows: the whole request, before anything is written.
func checkUpdateLengths(update map[string]any) error {
	if note, ok := update["Note"].(map[string]any); ok {
		if err := checkLength("Note.Text", note["Text"], maxNoteText); err != nil {
			return err
		}
	}
	fields, _ := update[userDefinedFieldsArg].(map[string]any)
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first violation in a stable order
	for _, k := range keys {
		if n := utf8.RuneCountInString(k); n > maxUserDefinedKey {
			return apierr.MapKeyTooLong.New(userDefinedFieldsArg, n, maxUserDefinedKey)
		}
		if err := checkLength(userDefinedFieldsArg+"."+k, fields[k], maxUserDefinedValue); err != nil {
			return err
		}
	}
	return nil
}

// scansAll reports whether the filters narrow nothing in the store yet must be checked on
// every document: a read of the whole region's findings.
func (c *compiled) scansAll() bool { return c.inexact && len(c.conds) == 0 }

// readContext marks ctx heavy (store.Heavy) when the read it runs decodes a whole region's
// findings, so that the store runs it in its lane for heavy reads.
func readContext(ctx context.Context, heavy bool) context.Context {
	if heavy {
		return store.Heavy(ctx)
	}
	return ctx
}

// busyAsThrottled turns the store's refusal of one more heavy read into the throttling error
// clients retry.
func busyAsThrottled(err error) error {
	if errors.Is(err, store.ErrBusy) {
		return apierr.Throttled.New()
	}
	return err
}

// holder keeps count of the memory an answer holds, reserving it a step at a time.
type holder struct {
	reserve        func(n int64) bool
	held, reserved int64
}

// holdStep is how much an answer reserves at a time.
const holdStep = 1 << 20

func newHolder(reserve func(n int64) bool) *holder { return &holder{reserve: reserve} }

// add counts n bytes more; false when they found no room.
func (h *holder) add(n int64) bool {
	h.held += n
	if h.reserve == nil || h.held <= h.reserved {
		return true
	}
	step := max(h.held-h.reserved, holdStep)
	if !h.reserve(step) {
		return false
	}
	h.reserved += step
	return true
}
