package controls

import (
	"context"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/store"
)

// AssociationID names a control in a standard: a security control id or ARN, and a
// standard's ARN.
type AssociationID struct {
	SecurityControl string
	StandardsARN    string
}

// AssociationUpdate is one entry of BatchUpdateStandardsControlAssociations.
type AssociationUpdate struct {
	AssociationID
	Status string // ENABLED or DISABLED
	Reason string
}

// ListStandardsControlAssociations lists a security control's associations with the
// standards the caller has enabled, a page at a time.
func (s *Service) ListStandardsControlAssociations(ctx context.Context, c identity.Caller, idOrARN string, maxResults int, nextToken string) ([]Association, string, error) {
	key := domain.Key(c)
	ctl, code, _ := s.resolveControl(key, idOrARN)
	var out []Association
	err := s.Store.View(ctx, func(tx store.Tx) error {
		acct, err := load(tx, key)
		if err != nil {
			return err
		}
		if code == sh.UnprocessedErrorCodeAccessDenied {
			return apierr.NotAuthorizedOnResource.New(c.Principal, "ListStandardsControlAssociations", idOrARN)
		}
		if ctl == nil {
			return apierr.SecurityControlNotFound.New(idOrARN)
		}
		out = acct.associations(s.Catalog, ctl)
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	page := paging.Page{Scope: paging.Scope("ListStandardsControlAssociations", key.Partition, key.Region, key.AccountID, ctl.ID),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultPage}
	return paging.Offset(s.Pages, page, out)
}

// resolveAssociation finds the standard and control an association id names for an account,
// or why it cannot.
func (s *Service) resolveAssociation(acct *account, id AssociationID) (*Standard, Member, *Failure) {
	ctl, code, reason := s.resolveControl(acct.key, id.SecurityControl)
	if ctl == nil {
		return nil, Member{}, &Failure{Code: code, Reason: reason}
	}
	std, ok := s.standardByARN(acct.key, id.StandardsARN)
	if !ok {
		return nil, Member{}, &Failure{Code: sh.UnprocessedErrorCodeInvalidInput,
			Reason: "Standard " + id.StandardsARN + " does not exist or is not available in " + acct.key.Region}
	}
	m, ok := std.Member(ctl.ID)
	if !ok {
		return nil, Member{}, &Failure{Code: sh.UnprocessedErrorCodeResourceNotFound,
			Reason: "Control " + ctl.ID + " is not part of the standard " + id.StandardsARN}
	}
	if _, on := acct.enabled[std.Path]; !on {
		return nil, Member{}, &Failure{Code: sh.UnprocessedErrorCodeResourceNotFound,
			Reason: "Standard " + id.StandardsARN + " is not enabled"}
	}
	return std, m, nil
}

// BatchGetStandardsControlAssociations returns the named associations; those it cannot
// return are failures, by their place in ids.
func (s *Service) BatchGetStandardsControlAssociations(ctx context.Context, c identity.Caller, ids []AssociationID) ([]Association, []Failure, error) {
	key := domain.Key(c)
	var out []Association
	var failures []Failure
	err := s.Store.View(ctx, func(tx store.Tx) error {
		acct, err := load(tx, key)
		if err != nil {
			return err
		}
		out, failures = nil, nil
		for i, id := range ids {
			std, m, fail := s.resolveAssociation(acct, id)
			if fail != nil {
				fail.Index = i
				failures = append(failures, *fail)
				continue
			}
			out = append(out, acct.association(std, m))
		}
		return nil
	})
	return out, failures, err
}

// BatchUpdateStandardsControlAssociations enables or disables controls in standards. Entries
// that cannot be applied are failures, by their place in updates; the others are written.
func (s *Service) BatchUpdateStandardsControlAssociations(ctx context.Context, c identity.Caller, updates []AssociationUpdate) ([]Failure, error) {
	key := domain.Key(c)
	now := s.Clock.Now()
	var failures []Failure
	var disabled []string
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		acct, err := load(tx, key)
		if err != nil {
			return err
		}
		failures, disabled = nil, nil
		for i, u := range updates {
			if u.Status == sh.AssociationStatusDisabled && u.Reason == "" {
				failures = append(failures, Failure{Index: i, Code: sh.UnprocessedErrorCodeInvalidInput,
					Reason: "UpdatedReason is required when AssociationStatus is DISABLED"})
				continue
			}
			std, m, fail := s.resolveAssociation(acct, u.AssociationID)
			if fail != nil {
				fail.Index = i
				failures = append(failures, *fail)
				continue
			}
			if err := putOverride(tx, key, std.Path, m.Control.ID, override{Status: u.Status, Reason: u.Reason, UpdatedAt: now}); err != nil {
				return err
			}
			if u.Status == sh.AssociationStatusDisabled {
				disabled = append(disabled, m.Control.ID)
			}
		}
		return s.archiveDisabled(tx, c, disabled, now)
	})
	if err != nil {
		return nil, err
	}
	return failures, nil
}
