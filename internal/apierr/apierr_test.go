package apierr

import (
	"testing"

	"github.com/sechub/sechub/internal/awsmodel"
)

// observedStatus are the definitions whose status AWS was seen to answer with although the
// model gives the code another one.
var observedStatus = map[string]bool{
	AggregatorByMember.Message: true, // InvalidInputException 401 (terraform-aws-secure-baseline issue 254)
}

// TestTableMatchesModels checks each service's errors against the error shapes of its model:
// a code the model declares must have the model's HTTP status, unless AWS was seen to differ.
func TestTableMatchesModels(t *testing.T) {
	for _, svc := range []string{SecurityHub, Organizations} {
		m := awsmodel.MustLoad(svc)
		for _, d := range All() {
			if d.Service != svc && d.Service != "" {
				continue
			}
			s, ok := m.Shapes[d.Code]
			if !ok || !s.Exception || s.Error == nil || s.Error.HTTPStatusCode == 0 {
				continue // not modelled, or modelled without a status
			}
			if d.Service == "" && svc == Organizations {
				continue // protocol errors shared by the JSON services follow Security Hub's statuses
			}
			if s.Error.HTTPStatusCode != d.Status && !observedStatus[d.Message] {
				t.Errorf("%s %s %q: table says %d, model says %d", svc, d.Code, d.Message, d.Status, s.Error.HTTPStatusCode)
			}
		}
	}
}

// TestDefinitionsAreDistinct checks that no two definitions are the same error twice.
func TestDefinitionsAreDistinct(t *testing.T) {
	seen := map[Def]bool{}
	for _, d := range All() {
		if seen[d] {
			t.Errorf("defined twice: %+v", d)
		}
		seen[d] = true
		if d.Code == "" || d.Status < 400 || d.Message == "" {
			t.Errorf("incomplete definition: %+v", d)
		}
	}
}

func TestNewFillsMessage(t *testing.T) {
	if e := NotSubscribed.New("123456789012"); e.Status != 401 || e.Code != "InvalidAccessException" ||
		e.Message != "Account 123456789012 is not subscribed to AWS Security Hub" {
		t.Errorf("NotSubscribed = %+v", e)
	}
	if !NotSubscribed.Is(NotSubscribed.New("1")) || NotSubscribed.Is(Internal.New()) {
		t.Error("Is does not tell definitions apart")
	}
}
