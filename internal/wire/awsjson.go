package wire

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"sort"
	"strings"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/identity"
)

// AWSJSON serves one awsJson1_1 service (AWS Organizations): POST / with the operation named
// by X-Amz-Target ("<targetPrefix>.<Operation>") and JSON in and out.
type AWSJSON struct {
	Model    *awsmodel.Model
	Log      *slog.Logger
	handlers map[string]Handler
}

// NewAWSJSON returns a service for model m with no operations implemented yet.
func NewAWSJSON(m *awsmodel.Model, log *slog.Logger) *AWSJSON {
	return &AWSJSON{Model: m, Log: log, handlers: map[string]Handler{}}
}

// Handle implements operation name with h; it panics on a name the model does not have.
func (s *AWSJSON) Handle(name string, h Handler) {
	op, ok := s.Model.Operations[name]
	if !ok {
		panic("wire: model has no operation " + name)
	}
	checkTypes(op, h)
	s.handlers[name] = h
}

// Implemented lists the implemented operations, sorted.
func (s *AWSJSON) Implemented() []string {
	names := make([]string, 0, len(s.handlers))
	for n := range s.handlers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Serve handles one request whose caller is known and whose body has been read.
func (s *AWSJSON) Serve(w http.ResponseWriter, r *http.Request, caller identity.Caller, requestID string, body []byte) string {
	target := r.Header.Get("X-Amz-Target")
	prefix, name, ok := strings.Cut(target, ".")
	op := s.Model.Operations[name]
	if r.Method != http.MethodPost || !ok || prefix != s.Model.Metadata.TargetPrefix || op == nil {
		s.WriteError(w, requestID, apierr.UnknownTarget.New(target))
		return ""
	}
	h, ok := s.handlers[name]
	if !ok {
		s.WriteError(w, requestID, apierr.NotImplemented.New(name))
		return name
	}
	call, aerr := bind(op, r, nil, body, h.emptyAsAbsent)
	if aerr != nil {
		s.WriteError(w, requestID, aerr)
		return name
	}
	call.Caller, call.RequestID = caller, requestID
	encoded, aerr := invoke(r.Context(), s.Log, h, call)
	if aerr != nil {
		s.WriteError(w, requestID, aerr)
		return name
	}
	writeBody(w, http.StatusOK, "application/x-amz-json-1.1", requestID, encoded)
	return name
}

// WriteError writes an awsJson error: {"__type": code, "message": text} and the
// x-amzn-ErrorType header.
func (s *AWSJSON) WriteError(w http.ResponseWriter, requestID string, e *apierr.Error) {
	body, _ := json.Marshal(struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
		Reason  string `json:"Reason,omitempty"`
	}{e.Code, e.Message, e.Reason})
	w.Header().Set("X-Amzn-Errortype", e.Code)
	RecordError(w, e)
	writeBody(w, e.Status, "application/x-amz-json-1.1", requestID, body)
}
