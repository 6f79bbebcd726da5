// Package hub is the Security Hub subscription of an account in a region: enabling and
// disabling it, describing it and its configuration. Every other domain asks it whether the
// caller's hub is on.
package hub

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/standards"
	"github.com/sechub/sechub/internal/store"
)

// Control finding generators (the model's ControlFindingGenerator enum).
const (
	SecurityControl = "SECURITY_CONTROL"
	StandardControl = "STANDARD_CONTROL"
)

// Service runs the hub operations.
type Service struct {
	Store store.Store
	Now   func() time.Time

	// Disabled runs, inside the disabling transaction, what every domain does when an account
	// disables its hub (domain.Env.HubDisabled): refuse, or delete what it keeps.
	Disabled func(tx store.Tx, key store.AccountKey) error
}

// Key returns the state key of the caller's account in the request's region.
func Key(c identity.Caller) store.AccountKey {
	return store.AccountKey{Partition: c.Partition, Region: c.Region, AccountID: c.AccountID}
}

// ARN returns the hub ARN of an account in a region.
func ARN(k store.AccountKey) string {
	return "arn:" + k.Partition + ":securityhub:" + k.Region + ":" + k.AccountID + ":hub/default"
}

// Require returns the hub of key, or the 401 InvalidAccessException every core API returns
// when the account has not enabled Security Hub in the region.
func Require(tx store.Tx, key store.AccountKey) (store.Hub, error) {
	h, err := tx.Hub(key)
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
	key := Key(c)
	now := s.now()
	generator := opt.ControlFindingGenerator
	if generator == "" {
		generator = SecurityControl
	}
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.Hub(key); err == nil {
			return apierr.New(apierr.ResourceConflict, apierr.MsgAlreadySubscribed)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return Create(tx, key, now, generator, opt.Tags, opt.EnableDefaultStandards)
	})
}

// Create writes a new hub for key inside tx: the subscription, its tags and, if asked, the
// default standards. Organization auto-enablement uses it too.
func Create(tx store.Tx, key store.AccountKey, now time.Time, generator string, tags map[string]string, defaultStandards bool) error {
	h := store.Hub{Key: key, SubscribedAt: now.UTC().Truncate(time.Millisecond), AutoEnableControls: true, ControlFindingGenerator: generator}
	if err := tx.PutHub(h); err != nil {
		return err
	}
	if len(tags) > 0 {
		if err := tx.SetTags(key, ARN(key), tags); err != nil {
			return err
		}
	}
	if defaultStandards {
		return standards.SubscribeDefaults(tx, key, now)
	}
	return nil
}

// Disable unsubscribes the caller's account in the request's region and removes what the
// account kept there.
func (s *Service) Disable(ctx context.Context, c identity.Caller) error {
	key := Key(c)
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.Hub(key); errors.Is(err, store.ErrNotFound) {
			return apierr.New(apierr.ResourceNotFound, apierr.MsgNotSubscribedShort)
		} else if err != nil {
			return err
		}
		if err := s.Disabled(tx, key); err != nil {
			return err
		}
		if err := tx.DeleteStandardsSubscriptions(key); err != nil {
			return err
		}
		if err := tx.DeleteAccountTags(key); err != nil {
			return err
		}
		return tx.DeleteHub(key)
	})
}

// Describe returns the caller's hub. hubARN, when given, must be that hub's ARN.
func (s *Service) Describe(ctx context.Context, c identity.Caller, hubARN string) (store.Hub, error) {
	key := Key(c)
	if hubARN != "" {
		if !validHubARN(hubARN) {
			return store.Hub{}, apierr.InvalidInputf("Invalid parameter 'HubArn'. '%s' is not a valid hub ARN.", hubARN)
		}
		if hubARN != ARN(key) {
			return store.Hub{}, apierr.NotFoundf("Hub %s not found", hubARN)
		}
	}
	var h store.Hub
	err := s.Store.View(ctx, func(tx store.Tx) (err error) {
		h, err = Require(tx, key)
		return err
	})
	return h, err
}

// UpdateConfiguration changes AutoEnableControls and/or ControlFindingGenerator of the
// caller's hub; nil and "" leave a setting as it is.
func (s *Service) UpdateConfiguration(ctx context.Context, c identity.Caller, autoEnableControls *bool, generator string) error {
	key := Key(c)
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
		return tx.PutHub(h)
	})
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// validHubARN checks the form arn:<partition>:securityhub:<region>:<account>:hub/default.
func validHubARN(arn string) bool {
	parts := strings.SplitN(arn, ":", 6)
	return len(parts) == 6 && parts[0] == "arn" && parts[1] != "" && parts[2] == "securityhub" &&
		parts[3] != "" && identity.IsAccountID(parts[4]) && parts[5] == "hub/default"
}
