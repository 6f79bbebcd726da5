// Package hub is the Security Hub subscription of an account in a region: enabling and
// disabling it, describing it and its configuration. Every other domain asks it whether the
// caller's hub is on (Require).
package hub

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/standards"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/tags"
)

// SecurityControl is the control finding generator of a hub enabled without one.
const SecurityControl = sh.ControlFindingGeneratorSecurityControl

// Hub is an account's Security Hub subscription in a region.
type Hub struct {
	Key          store.AccountKey
	SubscribedAt time.Time
	// AutoEnableControls: new controls of enabled standards are enabled automatically.
	AutoEnableControls bool
	// ControlFindingGenerator is a value of the model's ControlFindingGenerator enum.
	ControlFindingGenerator string
}

// Service runs the hub operations.
type Service struct {
	Store store.Store
	Clock clock.Clock

	// Disabled runs, inside the disabling transaction, what every domain does when an account
	// disables its hub (domain.Env.HubDisabled): refuse, or delete what it keeps.
	Disabled func(tx store.Tx, key store.AccountKey) error
}

// ARN returns the hub ARN of an account in a region.
func ARN(k store.AccountKey) string {
	return "arn:" + k.Partition + ":securityhub:" + k.Region + ":" + k.AccountID + ":hub/default"
}

// Require returns the hub of key, or the 401 InvalidAccessException every core API returns
// when the account has not enabled Security Hub in the region: the one "hub must be enabled"
// rule.
func Require(tx store.Tx, key store.AccountKey) (Hub, error) {
	h, err := get(tx, key)
	if errors.Is(err, store.ErrNotFound) {
		return h, apierr.NotSubscribed.New(key.AccountID)
	}
	return h, err
}

// EnableOptions are EnableSecurityHub's inputs.
type EnableOptions struct {
	Tags                    map[string]string
	EnableDefaultStandards  bool
	ControlFindingGenerator string // "" means SECURITY_CONTROL
}

// Enable subscribes the caller's account to Security Hub in the request's region.
func (s *Service) Enable(ctx context.Context, c identity.Caller, opt EnableOptions) error {
	key := domain.Key(c)
	now := s.Clock.Now()
	generator := opt.ControlFindingGenerator
	if generator == "" {
		generator = SecurityControl
	}
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := get(tx, key); err == nil {
			return apierr.HubAlreadyEnabled.New()
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return Create(tx, key, now, generator, opt.Tags, opt.EnableDefaultStandards)
	})
}

// Create writes a new hub for key inside tx: the subscription, its tags and, if asked, the
// default standards. Organization auto-enablement uses it too.
func Create(tx store.Tx, key store.AccountKey, now time.Time, generator string, hubTags map[string]string, defaultStandards bool) error {
	now = clock.Round(now)
	h := Hub{Key: key, SubscribedAt: now, AutoEnableControls: true, ControlFindingGenerator: generator}
	if err := put(tx, h); err != nil {
		return err
	}
	if len(hubTags) > 0 {
		if err := tags.Set(tx, key, ARN(key), hubTags); err != nil {
			return err
		}
	}
	if defaultStandards {
		return standards.SubscribeDefaults(tx, key, now)
	}
	return nil
}

// Disable unsubscribes the caller's account in the request's region. Every domain's
// OnHubDisable hook runs first, in the same transaction: each deletes what the account kept
// in the region, or refuses.
func (s *Service) Disable(ctx context.Context, c identity.Caller) error {
	key := domain.Key(c)
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := get(tx, key); errors.Is(err, store.ErrNotFound) {
			return apierr.HubNotEnabled.New()
		} else if err != nil {
			return err
		}
		return s.DisableIn(tx, key)
	})
}

// DisableIn switches key's hub off inside tx, after every domain's OnHubDisable hook, which
// may refuse; central configuration's policies use it too.
func (s *Service) DisableIn(tx store.Tx, key store.AccountKey) error {
	if err := s.Disabled(tx, key); err != nil {
		return err
	}
	return remove(tx, key)
}

// Describe returns the caller's hub. hubARN, when given, must be that hub's ARN, or that ARN
// with an empty account field (domain.OwnARN).
func (s *Service) Describe(ctx context.Context, c identity.Caller, hubARN string) (Hub, error) {
	key := domain.Key(c)
	if hubARN != "" {
		own := domain.OwnARN(key, hubARN)
		if !validARN(own) {
			return Hub{}, apierr.HubInvalidARN.New(hubARN)
		}
		if own != ARN(key) { // a caller sees only its own hub: another's is not found
			return Hub{}, apierr.HubNotFound.New(hubARN)
		}
	}
	if h, ok := memo(s.Store).Peek(key); ok {
		return h, nil
	}
	var h Hub
	err := s.Store.View(ctx, func(tx store.Tx) (err error) {
		h, err = Require(tx, key)
		return err
	})
	return h, err
}

// UpdateConfiguration changes AutoEnableControls and/or ControlFindingGenerator of the
// caller's hub; nil and "" leave a setting as it is.
func (s *Service) UpdateConfiguration(ctx context.Context, c identity.Caller, autoEnableControls *bool, generator string) error {
	key := domain.Key(c)
	return s.Store.Update(ctx, func(tx store.Tx) error {
		h, err := Require(tx, key)
		if err != nil {
			return err
		}
		if autoEnableControls != nil {
			h.AutoEnableControls = *autoEnableControls
		}
		if generator != "" {
			h.ControlFindingGenerator = generator
		}
		return put(tx, h)
	})
}

// validARN checks the form arn:<partition>:securityhub:<region>:<account>:hub/default.
func validARN(arn string) bool {
	parts := strings.SplitN(arn, ":", 6)
	return len(parts) == 6 && parts[0] == "arn" && parts[1] != "" && parts[2] == "securityhub" &&
		parts[3] != "" && identity.IsAccountID(parts[4]) && parts[5] == "hub/default"
}
