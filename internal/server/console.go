package server

import (
	"context"
	"runtime/debug"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/console"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/wire"
)

// newConsole builds the web console on the server's own operations (invokeOperation).
func (s *Server) newConsole(counter console.Counter, actions console.CustomActions, reporter console.ControlReporter) *console.Console {
	return console.New(console.Config{Auth: s.auth, Invoke: s.invokeOperation, Findings: counter, Actions: actions, Controls: reporter,
		Clock: s.auth.Clock, Log: s.log})
}

// invokeOperation runs a Security Hub or Organizations operation by name for caller, through
// its registered handler, within the same request-rate throttle and memory and concurrency
// bounds as a request: the web console's way in.
func (s *Server) invokeOperation(ctx context.Context, caller identity.Caller, name, operation string, input []byte) (out []byte, aerr *apierr.Error) {
	var svc service
	var run func(context.Context, identity.Caller, string, []byte) ([]byte, *apierr.Error)
	switch name {
	case console.SecurityHub:
		svc, run = s.securityHub, s.securityHub.Invoke
	case console.Organizations:
		svc, run = s.organizations, s.organizations.Invoke
	default:
		return nil, apierr.UnknownService.New(name)
	}
	start := time.Now()
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic serving console request", "operation", operation, "panic", p, "stack", string(debug.Stack()))
			out, aerr = nil, apierr.Internal.New()
		}
		if aerr != nil {
			s.log.Warn("console request failed", "operation", operation, "account", caller.AccountID, "region", caller.Region,
				"code", aerr.Code, "message", aerr.Message, "duration", time.Since(start))
		} else {
			s.log.Debug("console request", "operation", operation, "account", caller.AccountID, "region", caller.Region, "duration", time.Since(start))
		}
	}()
	if !s.allowed(svc, caller, operation) {
		return nil, s.throttledError(svc)
	}
	size := int64(len(input))
	t := s.admission.enter(ctx, requestBaseCost+requestCostFactor*size)
	if t == nil {
		return nil, s.throttledError(svc)
	}
	defer t.leave()
	ctx = wire.WithAllowance(ctx, wire.Allowance{Bytes: documentFactor*size + requestBaseCost, More: t.grow, Refused: s.throttledError(svc)})
	return run(ctx, caller, operation, input)
}
