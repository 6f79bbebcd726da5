package findingsv2

import (
	"testing"
	"time"

	"github.com/sechub/sechub/internal/apierr"
)

// TestTrendPoints checks the granularity chosen for a range and the points it gives.
func TestTrendPoints(t *testing.T) {
	start := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	cases := []struct {
		span        time.Duration
		granularity string
		points      int
		last        time.Time
	}{
		{day, granularityDaily, 2, start.Add(day)},
		{31 * day, granularityDaily, 32, start.Add(31 * day)},
		{31*day + time.Hour, granularityWeekly, 5, start.Add(28 * day)},
		{183 * day, granularityWeekly, 27, start.Add(182 * day)},
		{184 * day, granularityMonthly, 7, time.Date(2026, 7, 31, 0, 0, 0, 0, time.UTC)},
		{2 * 365 * day, granularityMonthly, 25, time.Date(2028, 1, 31, 0, 0, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		g, points, err := trendPoints(start, start.Add(c.span))
		if err != nil || g != c.granularity || len(points) != c.points || !points[len(points)-1].Equal(c.last) || !points[0].Equal(start) {
			t.Errorf("%v: %s %d points, last %v, %v; want %s %d, last %v", c.span, g, len(points), points[len(points)-1], err, c.granularity, c.points, c.last)
		}
	}
	_, points, _ := trendPoints(start, start.Add(200*day))
	if !points[1].Equal(time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)) || !points[2].Equal(time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("a month after January 31: %v", points)
	}
	if _, _, err := trendPoints(start, start); !apierr.V2TimeRange.Is(err) {
		t.Errorf("empty range: %v", err)
	}
}
