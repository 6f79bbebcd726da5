package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/events"
	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/store/storetest"
	"github.com/sechub/sechub/internal/testenv"
)

// receiver is a webhook that receives sechub's events: an HTTP server on a fixed local
// address that can answer 500 for a while, or stop listening and listen again.
type receiver struct {
	addr string
	mu   sync.Mutex
	got  []received
	// failing makes it answer 500; failed counts the requests it answered so.
	failing bool
	failed  int
	srv     *http.Server
}

// received is one event as the receiver got it.
type received struct {
	events.Envelope
	ContentType string
	Finding     map[string]any // detail.findings[0]
	Detail      map[string]any
}

// newReceiver starts a receiver; it stops when the test ends.
func newReceiver(t *testing.T) *receiver {
	r := &receiver{addr: testenv.FreeAddress(t)}
	r.up(t)
	t.Cleanup(r.down)
	return r
}

// URL is where sechub sends the events.
func (r *receiver) URL() string { return "http://" + r.addr + "/events" }

// up listens (again) on the receiver's address.
func (r *receiver) up(t *testing.T) {
	t.Helper()
	var ln net.Listener
	var err error
	for range 100 { // the port may linger a moment after down
		if ln, err = net.Listen("tcp", r.addr); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	r.mu.Lock()
	r.srv = &http.Server{Handler: r}
	srv := r.srv
	r.mu.Unlock()
	go srv.Serve(ln)
}

// down stops listening: connections are refused until up.
func (r *receiver) down() {
	r.mu.Lock()
	srv := r.srv
	r.srv = nil
	r.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

func (r *receiver) setFailing(failing bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failing = failing
}

func (r *receiver) failures() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failed
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failing {
		r.failed++
		http.Error(w, "receiver failing", http.StatusInternalServerError)
		return
	}
	var e received
	e.ContentType = req.Header.Get("Content-Type")
	if req.Method != http.MethodPost || json.Unmarshal(body, &e.Envelope) != nil || json.Unmarshal(e.Envelope.Detail, &e.Detail) != nil {
		http.Error(w, "not an event", http.StatusBadRequest)
		return
	}
	if fs, _ := e.Detail["findings"].([]any); len(fs) > 0 {
		e.Finding, _ = fs[0].(map[string]any)
	}
	r.got = append(r.got, e)
	w.WriteHeader(http.StatusNoContent)
}

// events returns what arrived so far.
func (r *receiver) events() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

// waitFor returns the events once done says they are complete; it fails the test when they
// are not within a generous deadline (this is a bound on the test, not a speed check).
func (r *receiver) waitFor(t *testing.T, what string, done func([]received) bool) []received {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		got := r.events()
		if done(got) {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: did not arrive; got %d events: %s", what, len(got), summary(got))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitCount waits for at least n events.
func (r *receiver) waitCount(t *testing.T, n int) []received {
	t.Helper()
	return r.waitFor(t, fmt.Sprintf("%d events", n), func(got []received) bool { return len(got) >= n })
}

func summary(got []received) string {
	var parts []string
	for _, e := range got {
		parts = append(parts, fmt.Sprintf("%s/%s/%v", e.Account, e.DetailType, e.Finding["Id"]))
	}
	return strings.Join(parts, " ")
}

// ofFinding returns the events of finding id to account, in arrival order.
func ofFinding(got []received, account, id string) []received {
	var out []received
	for _, e := range got {
		if e.Account == account && e.Finding["Id"] == id {
			out = append(out, e)
		}
	}
	return out
}

// withEvents configures a server that sends its events to r.
func withEvents(r *receiver) testenv.Option {
	return testenv.WithConfig(func(c *server.Config) { c.EventsURL = r.URL() })
}

// checkImported checks the envelope of a Findings - Imported event of finding id of product
// to account.
func checkImported(t *testing.T, e received, account, product, id string) {
	t.Helper()
	if e.Version != "0" || e.DetailType != "Security Hub Findings - Imported" || e.Source != "aws.securityhub" ||
		e.Account != account || e.Region != region || e.ContentType != "application/json" {
		t.Fatalf("envelope: %+v", e)
	}
	if _, err := uuid.Parse(e.ID); err != nil {
		t.Fatalf("event id %q: %v", e.ID, err)
	}
	if _, err := time.Parse(time.RFC3339, e.Time); err != nil || !strings.HasSuffix(e.Time, "Z") {
		t.Fatalf("event time %q: %v", e.Time, err)
	}
	if !slices.Equal(e.Resources, []string{product + "/" + id}) {
		t.Fatalf("resources: %q", e.Resources)
	}
	if fs, _ := e.Detail["findings"].([]any); len(fs) != 1 || e.Finding["Id"] != id || e.Finding["ProductArn"] != product {
		t.Fatalf("detail: %v", e.Detail)
	}
}

// TestEventsOfFindingChanges: every finding an import creates or changes, BatchUpdateFindings
// changes, an automation rule changes or a control evaluation makes reaches the receiver as
// one Findings - Imported event with the finding as stored; an import that changes nothing
// sends nothing.
func TestEventsOfFindingChanges(t *testing.T) {
	recv := newReceiver(t)
	env := testenv.Start(t, withEvents(recv))
	a := env.SecurityHub(acctA, region)
	if _, err := a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{EnableDefaultStandards: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	rule := createRule(t, a, ruleInput("notify f2", 1, &types.AutomationRulesFindingFilters{Id: equals("f2")},
		&types.AutomationRulesFindingFieldsUpdate{Workflow: &types.WorkflowUpdate{Status: types.WorkflowStatusNotified}}))
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	importFindings(t, a, asff(acctA, "f1", "LOW", "AwsS3Bucket", base), asff(acctA, "f2", "HIGH", "AwsS3Bucket", base))
	got := recv.waitCount(t, 2)
	checkImported(t, ofFinding(got, acctA, "f1")[0], acctA, productOf(acctA), "f1")
	f2 := ofFinding(got, acctA, "f2")[0]
	checkImported(t, f2, acctA, productOf(acctA), "f2")
	if wf, _ := f2.Finding["Workflow"].(map[string]any); wf["Status"] != "NOTIFIED" {
		t.Fatalf("f2's event does not carry the rule %s's change: %v", rule, f2.Finding["Workflow"])
	}
	if got[0].ID == got[1].ID {
		t.Fatalf("two events with one id %s", got[0].ID)
	}

	up, err := a.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{FindingIdentifiers: []types.AwsSecurityFindingIdentifier{
		{Id: aws.String("f1"), ProductArn: aws.String(productOf(acctA))}}, Note: &types.NoteUpdate{Text: aws.String("looked at"), UpdatedBy: aws.String("me")}})
	if err != nil || len(up.ProcessedFindings) != 1 {
		t.Fatalf("BatchUpdateFindings: %+v %v", up, err)
	}
	got = recv.waitCount(t, 3)
	if note, _ := got[2].Finding["Note"].(map[string]any); got[2].Finding["Id"] != "f1" || note["Text"] != "looked at" {
		t.Fatalf("event of the update: %v", got[2].Finding)
	}
	// A re-import that is not newer changes nothing and sends nothing; a newer one sends the
	// finding as the import left it. The control finding comes after both.
	importFindings(t, a, asff(acctA, "f1", "LOW", "AwsS3Bucket", base))
	newer := asff(acctA, "f1", "CRITICAL", "AwsS3Bucket", base.Add(time.Minute))
	importFindings(t, a, newer)
	eval := map[string]string{"AccountId": acctA, "Region": region, "SecurityControlId": "S3.1",
		"ResourceType": "AwsAccount", "ResourceId": "AWS::::Account:" + acctA, "ComplianceStatus": "FAILED"}
	if status, out := postControl(t, env, "controls/evaluate", eval); status != 200 {
		t.Fatalf("evaluate: %d %v", status, out)
	}
	got = recv.waitCount(t, 5)
	if sev, _ := got[3].Finding["Severity"].(map[string]any); got[3].Finding["Id"] != "f1" || sev["Label"] != "CRITICAL" {
		t.Fatalf("event of the newer import: %v", got[3].Finding)
	}
	control := got[4]
	checkImported(t, control, acctA, "arn:aws:securityhub:us-east-1::product/aws/securityhub", control.Finding["Id"].(string))
	if cmp, _ := control.Finding["Compliance"].(map[string]any); cmp["Status"] != "FAILED" {
		t.Fatalf("control finding's event: %v", control.Finding)
	}
	if len(recv.events()) != 5 {
		t.Fatalf("extra events: %s", summary(recv.events()))
	}
}

// TestEventsToAdministrator: a member's finding changes send one event to the member and
// one to its administrator; the administrator's own findings one, to itself.
func TestEventsToAdministrator(t *testing.T) {
	recv := newReceiver(t)
	env := testenv.Start(t, withEvents(recv))
	a := newAccount(t, env, acctA, true)
	b := newAccount(t, env, acctB, true)
	a.create(acctB)
	a.invite(acctB)
	if err := b.accept(acctA, b.invitationFrom(acctA)); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	importFindings(t, b.c, asff(acctB, "b1", "LOW", "AwsS3Bucket", base))
	importFindings(t, a.c, asff(acctA, "a1", "LOW", "AwsS3Bucket", base))
	up, err := a.c.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{FindingIdentifiers: []types.AwsSecurityFindingIdentifier{
		{Id: aws.String("b1"), ProductArn: aws.String(productOf(acctB))}}, Criticality: aws.Int32(80)})
	if err != nil || len(up.ProcessedFindings) != 1 {
		t.Fatalf("BatchUpdateFindings: %+v %v", up, err)
	}
	got := recv.waitCount(t, 5)
	for _, account := range []string{acctA, acctB} {
		b1 := ofFinding(got, account, "b1")
		if len(b1) != 2 {
			t.Fatalf("events of b1 to %s: %s", account, summary(b1))
		}
		checkImported(t, b1[0], account, productOf(acctB), "b1")
		if b1[1].Finding["Criticality"] != float64(80) {
			t.Fatalf("b1's second event to %s: %v", account, b1[1].Finding)
		}
	}
	if a1 := ofFinding(got, acctA, "a1"); len(a1) != 1 || len(ofFinding(got, acctB, "a1")) != 0 {
		t.Fatalf("events of the administrator's own finding: %s", summary(got))
	}
}

// checkComplete checks that each finding's events arrived, every version of it at least
// once and in the order they were made (a redelivery repeats the last one), and returns how
// many arrived more than once.
func checkComplete(t *testing.T, got []received, account string, ids []string, versions int) (duplicates int) {
	t.Helper()
	seen := map[string]bool{}
	for _, e := range got {
		if seen[e.ID] {
			duplicates++
		}
		seen[e.ID] = true
	}
	for _, id := range ids {
		var order []int
		for _, e := range ofFinding(got, account, id) {
			var v int
			fmt.Sscanf(e.Finding["Title"].(string), "version %d", &v)
			order = append(order, v)
		}
		want := make([]int, versions)
		for i := range want {
			want[i] = i + 1
		}
		if !slices.IsSorted(order) || !slices.Equal(slices.Compact(slices.Clone(order)), want) {
			t.Fatalf("versions of %s as they arrived: %v, want each of %v in order", id, order, want)
		}
	}
	return duplicates
}

// versioned is finding id's version v: its title says which.
func versioned(account, id string, v int) types.AwsSecurityFinding {
	f := asff(account, id, "LOW", "AwsS3Bucket", time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC).Add(time.Duration(v)*time.Minute))
	f.Title = aws.String(fmt.Sprintf("version %d", v))
	return f
}

// allVersions reports whether every version of every finding arrived.
func allVersions(account string, ids []string, versions int) func([]received) bool {
	return func(got []received) bool {
		for _, id := range ids {
			have := map[any]bool{}
			for _, e := range ofFinding(got, account, id) {
				have[e.Finding["Title"]] = true
			}
			if len(have) < versions {
				return false
			}
		}
		return true
	}
}

// TestEventsAcrossReceiverOutage: while the receiver answers 500, then while it is down,
// findings keep changing; once it is back every event arrives, each finding's in order.
func TestEventsAcrossReceiverOutage(t *testing.T) {
	recv := newReceiver(t)
	recv.setFailing(true)
	env := testenv.Start(t, withEvents(recv))
	a := newAccount(t, env, acctA, true)
	var ids []string
	for i := range 20 {
		ids = append(ids, fmt.Sprintf("f%02d", i))
	}
	importVersion := func(v int) {
		var batch []types.AwsSecurityFinding
		for _, id := range ids {
			batch = append(batch, versioned(acctA, id, v))
		}
		importFindings(t, a.c, batch...)
	}
	importVersion(1)
	importVersion(2)
	for deadline := time.Now().Add(time.Minute); recv.failures() < 3; { // the worker is retrying
		if time.Now().After(deadline) {
			t.Fatalf("the server tried %d times in a minute", recv.failures())
		}
		time.Sleep(20 * time.Millisecond)
	}
	recv.down()
	importVersion(3)
	time.Sleep(500 * time.Millisecond) // let deliveries meet the closed port
	recv.setFailing(false)
	recv.up(t)
	importVersion(4)
	got := recv.waitFor(t, "every version", allVersions(acctA, ids, 4))
	dup := checkComplete(t, got, acctA, ids, 4)
	t.Logf("%d events arrived, %d of them again; the receiver answered 500 %d times", len(got), dup, recv.failures())
}

// TestEventsSurviveKill9: events of acknowledged imports that were not delivered when the
// server was killed (kill -9, receiver down) are delivered by the restarted server.
func TestEventsSurviveKill9(t *testing.T) {
	recv := newReceiver(t)
	recv.down()
	args := []string{"--data", t.TempDir(), "--events-url", recv.URL()}
	if url := storetest.StoreURL(t); url != "" {
		args = append(args, "--store", url)
	}
	p := testenv.StartProcess(t, args...)
	c := p.Env().SecurityHub(acctA, region)
	if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 30 {
		ids = append(ids, fmt.Sprintf("k%02d", i))
	}
	for v := 1; v <= 2; v++ {
		var batch []types.AwsSecurityFinding
		for _, id := range ids {
			batch = append(batch, versioned(acctA, id, v))
		}
		importFindings(t, c, batch...)
	}
	if err := p.Cmd.Process.Kill(); err != nil { // SIGKILL: no shutdown of any kind
		t.Fatal(err)
	}
	p.Cmd.Wait()
	if got := recv.events(); len(got) != 0 {
		t.Fatalf("events arrived while the receiver was down: %d", len(got))
	}
	recv.up(t)
	testenv.StartProcess(t, args...)
	got := recv.waitFor(t, "the events of the killed server", allVersions(acctA, ids, 2))
	dup := checkComplete(t, got, acctA, ids, 2)
	t.Logf("%d events arrived after the restart, %d of them again", len(got), dup)
}

// TestEventsTwoServersOneDatabase: two servers on one PostgreSQL database, each importing
// findings, deliver every event, each once.
func TestEventsTwoServersOneDatabase(t *testing.T) {
	if !storetest.OnPostgres() {
		t.Skip("two servers need a shared store: this test runs in the PostgreSQL run of the suite")
	}
	recv := newReceiver(t)
	url := storetest.NewPostgresDatabase(t)
	shared := testenv.WithConfig(func(c *server.Config) { c.StoreURL = url })
	one, two := testenv.Start(t, shared, withEvents(recv)), testenv.Start(t, shared, withEvents(recv))
	if _, err := one.SecurityHub(acctA, region).EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 100 {
		ids = append(ids, fmt.Sprintf("r%03d", i))
	}
	const versions = 3
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for k, env := range []*testenv.Env{one, two} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := env.SecurityHub(acctA, region)
			for v := 1; v <= versions; v++ {
				for chunk := range slices.Chunk(ids[k*50:(k+1)*50], 10) {
					var batch []types.AwsSecurityFinding
					for _, id := range chunk {
						batch = append(batch, versioned(acctA, id, v))
					}
					if _, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: batch}); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := errors.Join(slices.Collect(func(yield func(error) bool) {
		for err := range errs {
			if !yield(err) {
				return
			}
		}
	})...); err != nil {
		t.Fatal(err)
	}
	got := recv.waitFor(t, "every version", allVersions(acctA, ids, versions))
	dup := checkComplete(t, got, acctA, ids, versions)
	t.Logf("%d events for %d changes; %d delivered more than once", len(got), len(ids)*versions, dup)
	if dup != 0 {
		t.Fatalf("%d events delivered twice by the two servers", dup)
	}
}

// TestCustomActionEvents: the operator endpoint sends a custom action's events, one per
// finding, with the action target as the resource and its name and description; an unknown
// target, a finding the account cannot see and a server without events are refused.
func TestCustomActionEvents(t *testing.T) {
	recv := newReceiver(t)
	env := testenv.Start(t, withEvents(recv))
	a := newAccount(t, env, acctA, true)
	b := newAccount(t, env, acctB, true)
	target, err := a.c.CreateActionTarget(ctx, &securityhub.CreateActionTargetInput{Id: aws.String("SendToSoar"),
		Name: aws.String("Send to SOAR"), Description: aws.String("Opens a ticket")})
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	importFindings(t, a.c, asff(acctA, "c1", "LOW", "AwsS3Bucket", base), asff(acctA, "c2", "HIGH", "AwsS3Bucket", base))
	importFindings(t, b.c, asff(acctB, "other", "LOW", "AwsS3Bucket", base))
	recv.waitCount(t, 3)
	ident := func(account, id string) map[string]string {
		return map[string]string{"Id": id, "ProductArn": productOf(account)}
	}
	request := func(account, arn string, ids ...map[string]string) map[string]any {
		return map[string]any{"AccountId": account, "Region": region, "ActionTargetArn": arn, "FindingIdentifiers": ids}
	}
	status, out := postControl(t, env, "events/custom-action", request(acctA, *target.ActionTargetArn, ident(acctA, "c1"), ident(acctA, "c2")))
	if status != 200 || len(out["EventIds"].([]any)) != 2 {
		t.Fatalf("custom action: %d %v", status, out)
	}
	got := recv.waitCount(t, 5)[3:]
	// Events of different findings may arrive in either order.
	slices.SortFunc(got, func(x, y received) int { return strings.Compare(x.Finding["Id"].(string), y.Finding["Id"].(string)) })
	for i, e := range got {
		if e.DetailType != "Security Hub Findings - Custom Action" || e.Source != "aws.securityhub" || e.Account != acctA ||
			e.Region != region || e.ID != out["EventIds"].([]any)[i] || !slices.Equal(e.Resources, []string{*target.ActionTargetArn}) ||
			e.Detail["actionName"] != "Send to SOAR" || e.Detail["actionDescription"] != "Opens a ticket" ||
			e.Finding["Id"] != []string{"c1", "c2"}[i] {
			t.Fatalf("custom action event %d: %+v", i, e)
		}
	}
	for _, c := range []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"unknown target", request(acctA, "arn:aws:securityhub:us-east-1:"+acctA+":action/custom/Nope", ident(acctA, "c1")), 404, "ResourceNotFoundException"},
		{"another account's finding", request(acctA, *target.ActionTargetArn, ident(acctB, "other")), 404, "ResourceNotFoundException"},
		{"unknown finding", request(acctA, *target.ActionTargetArn, ident(acctA, "nope")), 404, "ResourceNotFoundException"},
		{"no findings", request(acctA, *target.ActionTargetArn), 400, "InvalidInputException"},
		{"21 findings", request(acctA, *target.ActionTargetArn, slices.Repeat([]map[string]string{ident(acctA, "c1")}, 21)...), 400, "InvalidInputException"},
		{"not an ARN", request(acctA, "SendToSoar", ident(acctA, "c1")), 400, "InvalidInputException"},
		{"no account", map[string]any{"Region": region}, 400, "InvalidInputException"},
		{"unknown member", map[string]any{"AccountId": acctA, "Region": region, "Target": "x"}, 400, "InvalidInputException"},
	} {
		if status, out := postControl(t, env, "events/custom-action", c.body); status != c.status || out["error"] != c.code {
			t.Errorf("%s: %d %v, want %d %s", c.name, status, out, c.status, c.code)
		}
	}
	plain := testenv.Start(t)
	newAccount(t, plain, acctA, true)
	if status, out := postControl(t, plain, "events/custom-action", request(acctA, *target.ActionTargetArn, ident(acctA, "c1"))); status != 400 ||
		!strings.Contains(out["message"].(string), "--events-url") {
		t.Fatalf("custom action without events: %d %v", status, out)
	}
	if n := len(recv.events()); n != 5 {
		t.Fatalf("refused custom actions sent events: %s", summary(recv.events()[5:]))
	}
}

// TestEventsNotKeptWithoutURL: a server without an events URL keeps no events; started
// again with one, it sends only the changes made since.
func TestEventsNotKeptWithoutURL(t *testing.T) {
	recv := newReceiver(t)
	dir, url := t.TempDir(), storetest.StoreURL(t)
	same := testenv.WithConfig(func(c *server.Config) { c.DataDir, c.StoreURL = dir, url })
	before := testenv.Start(t, same)
	a := newAccount(t, before, acctA, true)
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	importFindings(t, a.c, asff(acctA, "old", "LOW", "AwsS3Bucket", base))
	before.Server.Close()
	after := testenv.Start(t, same, withEvents(recv))
	importFindings(t, after.SecurityHub(acctA, region), asff(acctA, "new", "LOW", "AwsS3Bucket", base))
	got := recv.waitCount(t, 1)
	time.Sleep(300 * time.Millisecond) // room for a wrongly kept event to arrive too
	if got = recv.events(); len(got) != 1 || got[0].Finding["Id"] != "new" {
		t.Fatalf("events: %s", summary(got))
	}
}
