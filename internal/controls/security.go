package controls

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/store"
)

// SecurityControl is a security control as an account sees it across its standards.
type SecurityControl struct {
	Control *Control
	Status  string // ENABLED when enabled in at least one enabled standard
	// Parameters holds every parameter the control takes.
	Parameters       map[string]ParameterSetting
	LastUpdateReason string
	UpdateStatus     string // READY or UPDATING
}

// ParameterSetting is a parameter's current value: its default, or a custom one.
type ParameterSetting struct {
	Custom bool
	// Value is absent (HasValue false) for a default parameter without a default value.
	Value    Value
	HasValue bool
}

// resolveControl finds the control that an id ("S3.1") or a security control ARN names. It
// returns the unprocessed error code and reason when there is none or the ARN is another
// account's.
func (s *Service) resolveControl(key store.AccountKey, idOrARN string) (*Control, string, string) {
	id := idOrARN
	if strings.HasPrefix(idOrARN, "arn:") {
		partition, region, owner, resource, ok := arnParts(domain.OwnARN(key, idOrARN))
		rest, isControl := strings.CutPrefix(resource, "security-control/")
		switch {
		case ok && isControl && owner != key.AccountID:
			return nil, sh.UnprocessedErrorCodeAccessDenied, "Not authorized to access security control " + idOrARN
		case !ok || !isControl || partition != key.Partition || region != key.Region:
			return nil, sh.UnprocessedErrorCodeResourceNotFound, "SecurityControl " + idOrARN + " not found"
		}
		id = rest
	}
	c, ok := s.Catalog.Control(id)
	if !ok {
		return nil, sh.UnprocessedErrorCodeResourceNotFound, "SecurityControl " + idOrARN + " not found"
	}
	return c, "", ""
}

// securityControl returns the account's view of control c.
func (s *Service) securityControl(acct *account, c *Control, set settings, hasSettings bool, now time.Time) SecurityControl {
	sc := SecurityControl{Control: c, Status: acct.status(s.Catalog, c), Parameters: map[string]ParameterSetting{},
		UpdateStatus: sh.UpdateStatusReady}
	for _, p := range c.Params {
		if v, ok := set.Parameters[p.Name]; ok {
			sc.Parameters[p.Name] = ParameterSetting{Custom: true, Value: v, HasValue: true}
			continue
		}
		v, ok := p.Default()
		sc.Parameters[p.Name] = ParameterSetting{Value: v, HasValue: ok}
	}
	if hasSettings {
		sc.LastUpdateReason = set.Reason
		if now.Before(set.UpdatedAt.Add(s.UpdateSettle)) {
			sc.UpdateStatus = sh.UpdateStatusUpdating
		}
	}
	return sc
}

// BatchGetSecurityControls returns the caller's view of security controls named by id or
// ARN; those it cannot return are failures, by their place in ids.
func (s *Service) BatchGetSecurityControls(ctx context.Context, c identity.Caller, ids []string) ([]SecurityControl, []Failure, error) {
	key := domain.Key(c)
	var found []*Control
	var failures []Failure
	for i, id := range ids {
		ctl, code, reason := s.resolveControl(key, id)
		if ctl == nil {
			failures = append(failures, Failure{Index: i, Code: code, Reason: reason})
			continue
		}
		found = append(found, ctl)
	}
	now := s.Clock.Now()
	var out []SecurityControl
	err := s.Store.View(ctx, func(tx store.Tx) error {
		acct, err := load(tx, key)
		if err != nil {
			return err
		}
		wanted := make([]string, len(found))
		for i, ctl := range found {
			wanted[i] = ctl.ID
		}
		var all map[string]settings
		if len(wanted) > 0 {
			if all, err = readSettings(tx, key, wanted); err != nil {
				return err
			}
		}
		out = make([]SecurityControl, len(found))
		for i, ctl := range found {
			set, ok := all[ctl.ID]
			out[i] = s.securityControl(acct, ctl, set, ok, now)
		}
		return nil
	})
	return out, failures, err
}

// ParameterUpdate is one parameter of UpdateSecurityControl: back to its default, or a
// custom value.
type ParameterUpdate struct {
	Custom bool
	Value  *Value // required when Custom; ignored otherwise, as in AWS
}

// UpdateSecurityControl sets the caller's parameters of a security control. Every parameter
// is checked against the control's definition before anything is written; while the
// previous update is being applied (UpdateStatus UPDATING) the control is in use.
func (s *Service) UpdateSecurityControl(ctx context.Context, c identity.Caller, idOrARN string, params map[string]ParameterUpdate, reason string) error {
	key := domain.Key(c)
	ctl, code, _ := s.resolveControl(key, idOrARN)
	if code == sh.UnprocessedErrorCodeAccessDenied {
		return apierr.NotAuthorizedOnResource.New(c.Principal, "UpdateSecurityControl", idOrARN)
	}
	if ctl != nil {
		if err := checkUpdate(ctl, params); err != nil {
			return err
		}
	}
	now := s.Clock.Now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := hub.Require(tx, key); err != nil {
			return err
		}
		if ctl == nil {
			return apierr.SecurityControlNotFound.New(idOrARN)
		}
		all, err := readSettings(tx, key, []string{ctl.ID})
		if err != nil {
			return err
		}
		set, had := all[ctl.ID]
		if had && now.Before(set.UpdatedAt.Add(s.UpdateSettle)) {
			return apierr.SecurityControlUpdating.New(ctl.ID)
		}
		custom := map[string]Value{}
		for name, v := range set.Parameters {
			custom[name] = v
		}
		for name, u := range params {
			if u.Custom {
				custom[name] = *u.Value
			} else {
				delete(custom, name)
			}
		}
		return putSettings(tx, key, ctl.ID, settings{Parameters: custom, Reason: reason, UpdatedAt: now})
	})
}

// checkUpdate returns the InvalidInputException for the first parameter update that the
// control's definition refuses.
func checkUpdate(ctl *Control, params map[string]ParameterUpdate) error {
	if len(params) == 0 {
		return apierr.ControlParameterInvalid.New("At least one parameter is required.")
	}
	if len(ctl.Params) == 0 {
		return apierr.ControlParameterInvalid.New(fmt.Sprintf("Control %s takes no parameters.", ctl.ID))
	}
	for name, u := range params {
		p, ok := ctl.ParamByName[name]
		if !ok {
			return apierr.ControlParameterInvalid.New(fmt.Sprintf("Control %s has no parameter %s.", ctl.ID, name))
		}
		if !u.Custom {
			continue
		}
		if u.Value == nil {
			return apierr.ControlParameterInvalid.New(fmt.Sprintf("Parameter %s has ValueType CUSTOM but no Value.", name))
		}
		if why := p.Check(*u.Value); why != "" {
			return apierr.ControlParameterInvalid.New(why)
		}
	}
	return nil
}

// ListSecurityControlDefinitions lists the catalogue's controls, or those of one standard, a
// page at a time.
func (s *Service) ListSecurityControlDefinitions(ctx context.Context, c identity.Caller, standardsARN string, maxResults int, nextToken string) ([]*Control, string, error) {
	key := domain.Key(c)
	if err := s.requireHub(ctx, key); err != nil {
		return nil, "", err
	}
	list := s.Catalog.Controls
	if standardsARN != "" {
		std, ok := s.standardByARN(key, standardsARN)
		if !ok {
			return nil, "", apierr.StandardNotAvailable.New(standardsARN, key.Region)
		}
		list = make([]*Control, 0, len(std.Members))
		for _, ctl := range s.Catalog.Controls {
			if _, in := std.Member(ctl.ID); in {
				list = append(list, ctl)
			}
		}
	}
	page := paging.Page{Scope: paging.Scope("ListSecurityControlDefinitions", key.Partition, key.Region, key.AccountID, standardsARN),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultPage}
	return paging.Offset(s.Pages, page, list)
}

// GetSecurityControlDefinition returns one control of the catalogue by its id (not an ARN).
func (s *Service) GetSecurityControlDefinition(ctx context.Context, c identity.Caller, id string) (*Control, error) {
	key := domain.Key(c)
	if err := s.requireHub(ctx, key); err != nil {
		return nil, err
	}
	if strings.HasPrefix(id, "arn:") {
		return nil, apierr.SecurityControlIDExpected.New(id)
	}
	ctl, ok := s.Catalog.Control(id)
	if !ok {
		return nil, apierr.SecurityControlNotFound.New(id)
	}
	return ctl, nil
}

// requireHub is the hub rule for the operations that read only the catalogue.
func (s *Service) requireHub(ctx context.Context, key store.AccountKey) error {
	return s.Store.View(ctx, func(tx store.Tx) error {
		_, err := hub.Require(tx, key)
		return err
	})
}
