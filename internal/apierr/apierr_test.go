package apierr

import (
	"testing"

	"github.com/sechub/sechub/internal/awsmodel"
)

// TestStatusesMatchModel checks the error table against the service model's error shapes.
func TestStatusesMatchModel(t *testing.T) {
	m := awsmodel.MustLoad("securityhub")
	for name, s := range m.Shapes {
		if !s.Exception {
			continue
		}
		status, ok := Statuses[name]
		if !ok {
			continue // an error sechub does not emit (V2 APIs)
		}
		if s.Error == nil || s.Error.HTTPStatusCode != status {
			t.Errorf("%s: table says %d, model says %+v", name, status, s.Error)
		}
	}
	for _, code := range []string{InvalidInput, InvalidAccess, AccessDenied, ResourceNotFound, ResourceConflict, LimitExceeded, Internal} {
		if _, ok := m.Shapes[code]; !ok {
			t.Errorf("%s is not an error shape of the model", code)
		}
	}
}

func TestNewTakesStatusFromTable(t *testing.T) {
	if e := NotSubscribed("123456789012"); e.Status != 401 || e.Message != "Account 123456789012 is not subscribed to AWS Security Hub" {
		t.Errorf("NotSubscribed = %+v", e)
	}
	if e := New(BadRequest, MsgNoSuchResource); e.Status != 400 {
		t.Errorf("BadRequest status %d", e.Status)
	}
}
