package wire

import (
	"bytes"
	"context"
	"log/slog"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/identity"
)

// Invoke runs the operation name for caller as a request would: input is the operation's whole
// input document as JSON (every member, those a request carries in its path, query or headers
// too, as the SDKs' input structures hold them), validated against the model, then given to
// the same handler. It returns the encoded output or the AWS error a request would get. The
// web console calls operations this way, with its session's identity.
func (s *RestJSON) Invoke(ctx context.Context, caller identity.Caller, name string, input []byte) ([]byte, *apierr.Error) {
	return invokeByName(ctx, s.Model, s.handlers, s.Log, caller, name, input)
}

// Invoke is RestJSON.Invoke for an awsJson service.
func (s *AWSJSON) Invoke(ctx context.Context, caller identity.Caller, name string, input []byte) ([]byte, *apierr.Error) {
	return invokeByName(ctx, s.Model, s.handlers, s.Log, caller, name, input)
}

func invokeByName(ctx context.Context, m *awsmodel.Model, handlers map[string]Handler, log *slog.Logger, caller identity.Caller, name string, input []byte) ([]byte, *apierr.Error) {
	op := m.Operations[name]
	if op == nil {
		return nil, apierr.UnknownTarget.New(name)
	}
	h, ok := handlers[name]
	if !ok {
		return nil, apierr.NotImplemented.New(name)
	}
	input = bytes.TrimSpace(input)
	doc, aerr := decodeDocument(ctx, input)
	if aerr != nil {
		return nil, aerr
	}
	for _, member := range h.emptyAsAbsent {
		if doc[member] == "" {
			delete(doc, member)
		}
	}
	if op.Input != nil {
		if vio := awsmodel.Validate(op.Input.Shape, doc); vio != nil {
			return nil, invalidInput(op, vio.Message())
		}
	}
	call := &Call{Caller: caller, Operation: op, input: doc, body: input}
	return invoke(ctx, log, h, call)
}
