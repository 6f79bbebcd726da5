// Package wire speaks the AWS wire protocols sechub serves: routing by the service model,
// binding of path, query, header and body members into one validated input document, and the
// encoding of responses and AWS errors. It knows nothing of what operations do.
package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strconv"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/identity"
)

// Call is one bound, validated operation request.
type Call struct {
	Caller    identity.Caller
	Operation *awsmodel.Operation
	RequestID string

	input map[string]any // validated input document: body, path, query and header members
	body  []byte         // raw JSON body
}

// RestJSON serves one rest-json service described by a model.
type RestJSON struct {
	Model    *awsmodel.Model
	Router   *Router
	Log      *slog.Logger
	handlers map[string]Handler
}

// NewRestJSON returns a service for model m with no operations implemented yet.
func NewRestJSON(m *awsmodel.Model, log *slog.Logger) *RestJSON {
	return &RestJSON{Model: m, Router: NewRouter(m), Log: log, handlers: map[string]Handler{}}
}

// Handle implements operation name with h. It panics on a name the model does not have,
// which is a programming error.
func (s *RestJSON) Handle(name string, h Handler) {
	op, ok := s.Model.Operations[name]
	if !ok {
		panic("wire: model has no operation " + name)
	}
	checkTypes(op, h)
	s.handlers[name] = h
}

// Implemented lists the implemented operations, sorted.
func (s *RestJSON) Implemented() []string {
	names := make([]string, 0, len(s.handlers))
	for n := range s.handlers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Serve handles one request whose caller is known and whose body has been read.
func (s *RestJSON) Serve(w http.ResponseWriter, r *http.Request, caller identity.Caller, requestID string, body []byte) string {
	op, params := s.Router.Match(r.Method, r.URL.EscapedPath())
	if op == nil {
		s.WriteError(w, requestID, apierr.UnknownOperation.New(r.Method, r.URL.Path))
		return ""
	}
	h, ok := s.handlers[op.Name]
	if !ok {
		s.WriteError(w, requestID, apierr.NotImplemented.New(op.Name))
		return op.Name
	}
	call, aerr := bind(op, r, params, body, h.emptyAsAbsent)
	if aerr != nil {
		s.WriteError(w, requestID, aerr)
		return op.Name
	}
	call.Caller, call.RequestID = caller, requestID
	encoded, aerr := invoke(r.Context(), s.Log, h, call)
	if aerr != nil {
		s.WriteError(w, requestID, aerr)
		return op.Name
	}
	status := http.StatusOK
	if op.HTTP.ResponseCode != 0 {
		status = op.HTTP.ResponseCode
	}
	writeBody(w, status, "application/json", requestID, encoded)
	return op.Name
}

// invoke runs a handler and encodes its output; any error that is not an AWS error is logged
// and becomes a 500 InternalException.
func invoke(ctx context.Context, log *slog.Logger, h Handler, call *Call) ([]byte, *apierr.Error) {
	out, err := h.run(ctx, call)
	if err != nil {
		var ae *apierr.Error
		if !errors.As(err, &ae) {
			log.Error("operation failed", "operation", call.Operation.Name, "request_id", call.RequestID, "error", err)
			ae = apierr.Internal.New()
		}
		return nil, ae
	}
	if out == nil {
		return []byte("{}"), nil
	}
	if e, ok := out.(interface{ encodedJSON() []byte }); ok {
		return e.encodedJSON(), nil
	}
	encoded, err := json.Marshal(out)
	if err != nil {
		log.Error("encoding output", "operation", call.Operation.Name, "error", err)
		return nil, apierr.Internal.New()
	}
	return encoded, nil
}

// writeBody writes a JSON response body with the request id and its length.
func writeBody(w http.ResponseWriter, status int, contentType, requestID string, body []byte) {
	h := w.Header()
	values := [...]string{contentType, requestID, strconv.Itoa(len(body))} // one allocation for the three
	h["Content-Type"], h["X-Amzn-Requestid"], h["Content-Length"] = values[0:1:1], values[1:2:2], values[2:3:3]
	w.WriteHeader(status)
	w.Write(body)
}

// WriteError writes an AWS rest-json error: x-amzn-ErrorType header and {"Code","Message"} body.
func (s *RestJSON) WriteError(w http.ResponseWriter, requestID string, e *apierr.Error) {
	WriteJSONError(w, requestID, e)
}

// WriteJSONError writes e as the rest-json and awsJson protocols do.
func WriteJSONError(w http.ResponseWriter, requestID string, e *apierr.Error) {
	body, _ := json.Marshal(struct {
		Code    string `json:"Code"`
		Message string `json:"Message"`
	}{e.Code, e.Message})
	w.Header().Set("X-Amzn-Errortype", e.Code)
	RecordError(w, e)
	writeBody(w, e.Status, "application/json", requestID, body)
}

// ErrorRecorder is a ResponseWriter that wants to know which AWS error was written to it: the
// server's request log takes the code and message from there. Every protocol's error writer
// tells it, through RecordError.
type ErrorRecorder interface {
	RecordError(e *apierr.Error)
}

// RecordError tells w, when it is an ErrorRecorder, that e is the error being written to it.
func RecordError(w http.ResponseWriter, e *apierr.Error) {
	if rec, ok := w.(ErrorRecorder); ok {
		rec.RecordError(e)
	}
}

// bind builds the input document of op from the path labels, query string, headers and JSON
// body of r, drops the members of emptyAsAbsent that are "", then validates it against the
// model.
func bind(op *awsmodel.Operation, r *http.Request, params map[string]string, body []byte, emptyAsAbsent []string) (*Call, *apierr.Error) {
	body = bytes.TrimSpace(body)
	call := &Call{Operation: op, body: body}
	doc, aerr := decodeDocument(r.Context(), body)
	if aerr != nil {
		return nil, aerr
	}
	if op.Input == nil {
		call.input = doc
		return call, nil
	}
	shape := op.Input.Shape
	var query map[string][]string
	for _, name := range shape.MemberNames {
		ref := shape.Members[name]
		if ref.Location == "" {
			continue
		}
		delete(doc, name) // a located member never comes from the body
		var raw []string
		switch ref.Location {
		case "uri":
			if v, ok := params[ref.LocationName]; ok {
				raw = []string{v}
			}
		case "querystring":
			if r.URL.RawQuery == "" {
				continue
			}
			if query == nil {
				query = r.URL.Query()
			}
			raw = query[ref.LocationName]
		case "header":
			raw = r.Header.Values(ref.LocationName)
		default:
			continue
		}
		if len(raw) == 0 {
			continue
		}
		v, err := convert(ref.Shape, raw)
		if err != nil {
			return nil, invalidInput(op, fmt.Sprintf("Invalid parameter '%s'. %s.", name, err.Error()))
		}
		doc[name] = v
	}
	for _, name := range emptyAsAbsent {
		if doc[name] == "" {
			delete(doc, name)
		}
	}
	if vio := awsmodel.Validate(shape, doc); vio != nil {
		return nil, invalidInput(op, vio.Message())
	}
	call.input = doc
	return call, nil
}

// decodeDocument decodes a JSON body, already trimmed, into a document ({} when empty), within
// the allowance of the request served with ctx.
func decodeDocument(ctx context.Context, body []byte) (map[string]any, *apierr.Error) {
	if len(body) == 0 {
		return map[string]any{}, nil
	}
	allowance := allowanceOf(ctx)
	v, err := decodeJSON(body, allowance)
	if err == errAllowance && allowance.Refused != nil {
		return nil, allowance.Refused
	} else if err != nil {
		return nil, apierr.InvalidJSON.New(err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, apierr.BodyNotObject.New()
	}
	return obj, nil
}

// convert turns the string form of a located member into the JSON value its shape expects.
func convert(s *awsmodel.Shape, raw []string) (any, error) {
	switch s.Type {
	case "list":
		items := make([]any, 0, len(raw))
		for _, v := range raw {
			item, err := convert(s.Member.Shape, []string{v})
			if err != nil {
				return nil, err
			}
			items = append(items, item)
		}
		return items, nil
	case "integer", "long":
		if _, err := strconv.ParseInt(raw[0], 10, 64); err != nil {
			return nil, fmt.Errorf("Value '%s' is not an integer", raw[0])
		}
		return json.Number(raw[0]), nil
	case "double", "float":
		if _, err := strconv.ParseFloat(raw[0], 64); err != nil {
			return nil, fmt.Errorf("Value '%s' is not a number", raw[0])
		}
		return json.Number(raw[0]), nil
	case "boolean":
		switch raw[0] {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, fmt.Errorf("Value '%s' is not a boolean", raw[0])
	}
	return raw[0], nil
}
