package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store/sqlite"
)

func TestPlanMemory(t *testing.T) {
	for _, total := range []int64{0, 64 << 20, 256 << 20, 1 << 30, 8 << 30} {
		p := PlanMemory(total)
		want := total
		if want == 0 {
			want = DefaultMaxMemory
		}
		outside := int64(sqlite.Options{}.Connections())*p.SQLiteCache + runtimeReserve
		switch {
		case p.Total != want:
			t.Errorf("PlanMemory(%d).Total = %d", total, p.Total)
		case p.SQLiteCache < 1<<20 || p.SQLiteCache > sqlite.DefaultCacheBytes:
			t.Errorf("PlanMemory(%d).SQLiteCache = %d", total, p.SQLiteCache)
		case outside+p.GoLimit > want && p.GoLimit != want/4:
			t.Errorf("PlanMemory(%d) gives %d outside Go and %d to Go: more than the bound", total, outside, p.GoLimit)
		case p.Requests != p.GoLimit/2:
			t.Errorf("PlanMemory(%d).Requests = %d, GoLimit %d", total, p.Requests, p.GoLimit)
		}
	}
	if p := PlanMemory(1 << 30); p.SQLiteCache*int64(sqlite.Options{}.Connections()) > 256<<20 || p.Requests < 256<<20 {
		t.Errorf("the default plan: %+v", p)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1GiB": 1 << 30, "512MiB": 512 << 20, "64 KiB": 64 << 10, "1.5GB": 1_500_000_000,
		"2MB": 2_000_000, "1000": 1000, "10B": 10} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "GiB", "-1GiB", "0", "1PB", "x"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
}

// TestAdmission checks the bounds of requests in flight: their cost and their number. A
// request that does not fit waits, and enters when another leaves, or gives up; one alone
// enters whatever it costs; an admitted request grows only into free room.
func TestAdmission(t *testing.T) {
	ctx := context.Background()
	a := newAdmission(100, 3, 20*time.Millisecond)
	big := a.enter(ctx, 60)
	if big == nil {
		t.Fatal("the first request was refused")
	}
	if a.enter(ctx, 50) != nil {
		t.Fatal("admitted beyond the budget")
	}
	small := a.enter(ctx, 30)
	if small == nil {
		t.Fatal("refused a request that fits")
	}
	if small.grow(20) {
		t.Error("grew beyond the budget")
	}
	if !small.grow(10) {
		t.Error("did not grow into free room")
	}
	big.leave()
	small.leave()
	if a.used != 0 || a.inFlight != 0 {
		t.Fatalf("after all left: used %d, in flight %d", a.used, a.inFlight)
	}
	alone := a.enter(ctx, 500)
	if alone == nil || !alone.grow(1000) {
		t.Fatal("a request alone was refused")
	}
	alone.leave()

	var tickets []*ticket
	for range 3 {
		tickets = append(tickets, a.enter(ctx, 1))
	}
	if a.enter(ctx, 1) != nil {
		t.Error("admitted beyond the number of requests")
	}
	patient := newAdmission(100, 1, time.Minute)
	first := patient.enter(ctx, 1)
	entered := make(chan *ticket)
	go func() { entered <- patient.enter(ctx, 1) }()
	time.Sleep(10 * time.Millisecond)
	first.leave()
	if second := <-entered; second == nil {
		t.Error("a waiting request did not enter when another left")
	} else {
		second.leave()
	}
	for _, tk := range tickets {
		tk.leave()
	}
}

// gatedBody is a request body that tells when the server starts reading it (the request
// was admitted) and gives its bytes only once released.
type gatedBody struct {
	reading, release chan struct{}
	once             sync.Once
	r                io.Reader
}

func newGatedBody(b []byte) *gatedBody {
	return &gatedBody{reading: make(chan struct{}), release: make(chan struct{}), r: bytes.NewReader(b)}
}

func (g *gatedBody) Read(p []byte) (int, error) {
	g.once.Do(func() { close(g.reading) })
	<-g.release
	return g.r.Read(p)
}

func (g *gatedBody) Close() error { return nil }

func serve(s *Server, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func errorCode(w *httptest.ResponseRecorder) string {
	if code := w.Header().Get("X-Amzn-Errortype"); code != "" {
		return code
	}
	var body struct{ Code, Type string }
	json.Unmarshal(w.Body.Bytes(), &body)
	return body.Code + body.Type
}

// TestServerThrottlesBeyondItsMemory checks the admission of a whole server: while a large
// request is in flight on a server whose budget it fills, another request is answered as the
// service answers when throttled (Security Hub: 429 TooManyRequestsException; Organizations:
// 400 TooManyRequestsException), without its body being read; once the large request is
// served, the same requests are served.
func TestServerThrottlesBeyondItsMemory(t *testing.T) {
	s, err := New(context.Background(), Config{DataDir: t.TempDir(), MaxMemory: 64 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if budget := PlanMemory(64 << 20).Requests; budget > requestCostFactor<<20 {
		t.Fatalf("the test needs a budget under a 1 MiB request's cost; it is %d", budget)
	}
	large := bytes.Repeat([]byte(" "), 1<<20)
	copy(large, `{"Findings":[]}`)
	body := newGatedBody(large)
	r := httptest.NewRequest("POST", "/findings/import", body)
	r.ContentLength = int64(len(large))
	done := make(chan *httptest.ResponseRecorder)
	go func() { done <- serve(s, r) }()
	<-body.reading

	describeHub := func() *http.Request { return httptest.NewRequest("GET", "/accounts", nil) }
	listRoots := func() *http.Request {
		r := httptest.NewRequest("POST", "/", strings.NewReader(`{}`))
		r.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128.ListRoots")
		r.Header.Set("Content-Type", "application/x-amz-json-1.1")
		return r
	}
	if w := serve(s, describeHub()); w.Code != 429 || errorCode(w) != "TooManyRequestsException" {
		t.Errorf("DescribeHub beside a request filling the budget: %d %s, want 429 TooManyRequestsException", w.Code, w.Body)
	}
	if w := serve(s, listRoots()); w.Code != 400 || errorCode(w) != "TooManyRequestsException" {
		t.Errorf("ListRoots beside a request filling the budget: %d %s, want 400 TooManyRequestsException", w.Code, w.Body)
	}
	close(body.release)
	if w := <-done; w.Code == 429 {
		t.Fatalf("the large request was throttled: %s", w.Body)
	}
	if w := serve(s, describeHub()); w.Code != 401 || errorCode(w) != "InvalidAccessException" {
		t.Errorf("DescribeHub afterwards: %d %s, want the hub's 401", w.Code, w.Body)
	}
	if w := serve(s, listRoots()); w.Code != 400 || errorCode(w) != "AWSOrganizationsNotInUseException" {
		t.Errorf("ListRoots afterwards: %d %s, want AWSOrganizationsNotInUseException", w.Code, w.Body)
	}
}

// TestThrottleAWSRates checks the token buckets of --throttle aws: each operation's burst,
// then its rate, per account and region.
func TestThrottleAWSRates(t *testing.T) {
	th, err := newThrottle(ThrottleAWS)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_700_000_000, 0)
	th.now = func() time.Time { return now }
	a := identity.Caller{AccountID: "111111111111", Region: "us-east-1"}
	burst := func(c identity.Caller, op string) int {
		n := 0
		for th.allow(c, op) {
			n++
		}
		return n
	}
	for op, want := range map[string]int{"GetFindings": 6, "BatchImportFindings": 30, "BatchEnableStandards": 1, "UpdateStandardsControl": 5,
		"DescribeHub": 30} {
		if got := burst(a, op); got != want {
			t.Errorf("%s: a burst of %d, want %d", op, got, want)
		}
	}
	if !th.allow(identity.Caller{AccountID: "222222222222", Region: "us-east-1"}, "GetFindings") ||
		!th.allow(identity.Caller{AccountID: "111111111111", Region: "eu-west-1"}, "GetFindings") {
		t.Error("another account or region shares the bucket")
	}
	now = now.Add(time.Second)
	if got := burst(a, "GetFindings"); got != 3 {
		t.Errorf("GetFindings a second later: %d, want 3", got)
	}
	now = now.Add(time.Hour)
	if got := burst(a, "GetFindings"); got != 6 {
		t.Errorf("GetFindings an hour later: %d, want the burst of 6", got)
	}
	if none, _ := newThrottle(ThrottleNone); !none.allow(a, "GetFindings") {
		t.Error("no throttle refused a request")
	}
	if _, err := newThrottle("fast"); err == nil {
		t.Error("an unknown throttle mode was accepted")
	}
}

// TestThrottleForgetsFullBuckets checks that idle buckets do not pile up (open mode takes any
// 12-digit account).
func TestThrottleForgetsFullBuckets(t *testing.T) {
	th, _ := newThrottle(ThrottleAWS)
	now := time.Unix(1_700_000_000, 0)
	th.now = func() time.Time { return now }
	for i := range 3 * maxIdleBuckets {
		th.allow(identity.Caller{AccountID: strings.Repeat("1", 6) + time.Duration(i).String(), Region: "us-east-1"}, "DescribeHub")
		now = now.Add(time.Second)
	}
	if len(th.buckets) > maxIdleBuckets {
		t.Errorf("%d buckets kept", len(th.buckets))
	}
}

func TestParseFaultRates(t *testing.T) {
	for in, want := range map[string]string{"": "", "0.05": "*=0.05", "GetFindings=0.5,*=0.1": "*=0.1,GetFindings=0.5",
		" BatchImportFindings = 1 ": "BatchImportFindings=1"} {
		got, err := ParseFaultRates(in)
		if err != nil || got.String() != want {
			t.Errorf("ParseFaultRates(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"x", "1.5", "-0.1", "GetFindings=", "=0.5"} {
		if _, err := ParseFaultRates(in); err == nil {
			t.Errorf("ParseFaultRates(%q) accepted", in)
		}
	}
}

// TestFaultsAreSeeded checks the fault injector: the same seed gives the same faults, of
// both kinds, at about the rate asked, only to the operations named.
func TestFaultsAreSeeded(t *testing.T) {
	draws := func(seed uint64) []fault {
		f := newFaults(FaultRates{"GetFindings": 0.3}, seed)
		out := make([]fault, 2000)
		for i := range out {
			out[i] = f.draw("GetFindings")
			if f.draw("DescribeHub") != faultNone {
				t.Fatal("an operation not named met a fault")
			}
		}
		return out
	}
	a, b, c := draws(7), draws(7), draws(8)
	count := map[fault]int{}
	same, differ := true, false
	for i := range a {
		count[a[i]]++
		same = same && a[i] == b[i]
		differ = differ || a[i] != c[i]
	}
	if !same || !differ {
		t.Errorf("the same seed gives the same faults: %v; another seed others: %v", same, differ)
	}
	if n := count[faultInternal] + count[faultThrottle]; n < 500 || n > 700 || count[faultInternal] < 200 || count[faultThrottle] < 200 {
		t.Errorf("faults of 2000 draws at 0.3: %v", count)
	}
	if newFaults(nil, 1).draw("GetFindings") != faultNone {
		t.Error("no rates, yet a fault")
	}
	if f := newFaults(FaultRates{"*": 1}, 1); f.draw("DescribeHub") == faultNone {
		t.Error("* = 1 left an operation alone")
	}
}
