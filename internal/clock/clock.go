// Package clock is sechub's one source of the current time. Security Hub reports times in UTC
// with millisecond precision, so every time the domains read from a Clock is already in that
// form, and what they store compares equal to what they answer.
package clock

import "time"

// Clock tells the time. The zero Clock reads the system clock; tests give it a Source to move
// time by hand.
type Clock struct {
	// Source returns the current time; nil means time.Now.
	Source func() time.Time
}

// Now returns the current time in UTC, truncated to the millisecond.
func (c Clock) Now() time.Time {
	if c.Source != nil {
		return Round(c.Source())
	}
	return Round(time.Now())
}

// Round returns t in UTC, truncated to the millisecond: the precision of Security Hub's
// timestamps.
func Round(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }
