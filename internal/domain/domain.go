// Package domain is how sechub is assembled from its domains. A domain is one folder under
// internal/ (hub, members, findings, ...) that exports a Module: its tables, if it needs any,
// and a Register function that registers its operation handlers under the model's operation
// names and says what it does when other domains act (a hub being disabled). The server
// composes the modules of one list; adding a domain adds a line there and nothing else.
//
// This package also holds what every domain shares: the caller's state key and the
// registries the server gives each domain.
package domain

import (
	"context"
	"fmt"
	"log/slog"
	"reflect"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/wire"
)

// Module is one domain as the server composes it.
type Module struct {
	Name string
	// Schema declares the domain's own tables; nil for a domain that keeps its state in the
	// generic records (store.Records) or in other domains' tables.
	Schema *store.Schema
	// Register builds the domain on env: its handlers, hooks and background work.
	Register func(env *Env) error
}

// Registry takes the handlers of one service's operations.
type Registry interface {
	Handle(operation string, h wire.Handler)
}

// Options are the server settings some domains read.
type Options struct {
	// MaxInvitationMembers overrides AWS's quota of invitation members per administrator;
	// 0 keeps the quota.
	MaxInvitationMembers int
	// PurgeEvery is how often expired findings are deleted (0: hourly; negative: never).
	PurgeEvery time.Duration
	// EventsURL receives the EventBridge events of findings (the events domain); "" sends none.
	EventsURL string
}

// Env is what the server gives each domain as it is assembled.
type Env struct {
	Store   store.Store
	Clock   clock.Clock
	Log     *slog.Logger
	Options Options

	// SecurityHub and Organizations take the handlers of those services' operations.
	SecurityHub   Registry
	Organizations Registry
	// SecurityHubModel is the Security Hub service model (the findings domain validates
	// finding documents against it).
	SecurityHubModel *awsmodel.Model
	// Pages and OrganizationsPages are the paginators of the two services: one token secret,
	// each service's own error for a bad token.
	Pages              paging.Pager
	OrganizationsPages paging.Pager

	// RequireHub is the one "the hub must be enabled" rule, which the hub domain provides
	// (hub.Require): nil when the caller's account has Security Hub on in the region, else
	// the error every core API answers with. Domains that the hub domain itself builds on
	// (standards) reach the rule here; the others may call hub.Require.
	RequireHub func(tx store.Tx, key store.AccountKey) error

	hubDisable []func(tx store.Tx, key store.AccountKey) error
	background []func(ctx context.Context)
	services   map[reflect.Type]any
	endpoints  map[string]OperatorEndpoint
}

// OperatorEndpoint answers one of sechub's own operator endpoints under /_sechub/, which are
// not AWS's: what an operator sends in place of what AWS learns elsewhere (the evaluations of
// security controls). It takes the request's JSON body and returns what is answered as JSON;
// an *apierr.Error answers with its status.
type OperatorEndpoint func(ctx context.Context, body []byte) (any, error)

// Endpoint registers the handler of the operator endpoint POST /_sechub/<name>; in strict
// mode only operator credentials may call it.
func (e *Env) Endpoint(name string, h OperatorEndpoint) {
	if e.endpoints == nil {
		e.endpoints = map[string]OperatorEndpoint{}
	}
	if _, dup := e.endpoints[name]; dup {
		panic("domain: operator endpoint " + name + " registered twice")
	}
	e.endpoints[name] = h
}

// Endpoints returns the operator endpoints the domains registered, by name.
func (e *Env) Endpoints() map[string]OperatorEndpoint { return e.endpoints }

// NewEnv returns an environment with empty registries.
func NewEnv() *Env { return &Env{services: map[reflect.Type]any{}} }

// Key returns the state key of the caller's account in the request's region.
func Key(c identity.Caller) store.AccountKey {
	return store.AccountKey{Partition: c.Partition, Region: c.Region, AccountID: c.AccountID}
}

// OnHubDisable registers what a domain does, inside the DisableSecurityHub transaction, when
// an account disables Security Hub in a region: delete what the account kept there, or refuse
// with an error (an administrator with members). Nothing is written if any hook refuses.
func (e *Env) OnHubDisable(hook func(tx store.Tx, key store.AccountKey) error) {
	e.hubDisable = append(e.hubDisable, hook)
}

// HubDisabled runs every domain's OnHubDisable hook in tx; the hub domain calls it.
func (e *Env) HubDisabled(tx store.Tx, key store.AccountKey) error {
	for _, hook := range e.hubDisable {
		if err := hook(tx, key); err != nil {
			return err
		}
	}
	return nil
}

// Background registers work that runs while the server serves (retention purges, delivery
// loops); it must return when ctx is done.
func (e *Env) Background(run func(ctx context.Context)) { e.background = append(e.background, run) }

// BackgroundWork returns the work registered with Background.
func (e *Env) BackgroundWork() []func(ctx context.Context) { return e.background }

// Provide makes a domain's service available to the domains registered after it.
func Provide[T any](e *Env, svc T) { e.services[reflect.TypeFor[T]()] = svc }

// Use returns a service provided by a domain registered earlier; it panics when none was,
// which is an error in the order of the server's module list.
func Use[T any](e *Env) T {
	svc, ok := e.services[reflect.TypeFor[T]()]
	if !ok {
		panic(fmt.Sprintf("domain: no %s provided yet: register the module that provides it earlier", reflect.TypeFor[T]()))
	}
	return svc.(T)
}

// Schemas returns the schemas of modules, in order.
func Schemas(modules []Module) []store.Schema {
	var out []store.Schema
	for _, m := range modules {
		if m.Schema != nil {
			out = append(out, *m.Schema)
		}
	}
	return out
}

// SecurityHubPager returns Security Hub's paginator for a store's secret.
func SecurityHubPager(secret []byte) paging.Pager {
	return paging.Pager{Codec: paging.Codec{Secret: secret}, Invalid: apierr.InvalidNextToken}
}
