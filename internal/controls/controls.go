// Package controls is the security controls of the standards an account has enabled: each
// control's status in each standard (DescribeStandardsControls, UpdateStandardsControl and
// the standards control associations), the catalogue's control definitions, and an
// account's settings of a security control across its standards (BatchGetSecurityControls,
// UpdateSecurityControl).
package controls

import (
	"context"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/standards"
	"github.com/sechub/sechub/internal/store"
)

// defaultPage is the page size of the listings when MaxResults is absent.
const defaultPage = 25

// Service runs the controls operations.
type Service struct {
	Store   store.Store
	Clock   clock.Clock
	Pages   paging.Pager
	Catalog *Catalog
	// Findings keeps the control findings of evaluations.
	Findings *findings.Service
	// UpdateSettle is how long a security control reports UpdateStatus UPDATING after
	// UpdateSecurityControl, as AWS does while it applies the change to the control's checks;
	// another update is refused meanwhile.
	UpdateSettle time.Duration
}

// Association is a control's status in one standard the account has enabled: a standards
// control.
type Association struct {
	Key      store.AccountKey
	Standard *Standard
	Member
	Status    string // ENABLED or DISABLED
	Reason    string // why it was disabled (UpdateStandardsControl) or changed (associations)
	UpdatedAt time.Time
}

// ARN is the standards control ARN: the account's control in the standard.
func (a Association) ARN() string {
	return "arn:" + a.Key.Partition + ":securityhub:" + a.Key.Region + ":" + a.Key.AccountID + ":control/" +
		a.Standard.ResourceSuffix() + "/" + a.ARNSuffix
}

// GeneratorID is the GeneratorId of the association's control findings when they are made
// per standard; CIS 1.2.0's keep their legacy rule ids.
func (a Association) GeneratorID() string {
	if a.Standard.Global {
		return a.StandardsARN() + "/rule/" + a.ARNSuffix
	}
	return a.Standard.ResourceSuffix() + "/" + a.ARNSuffix
}

// StandardsARN is the ARN of the association's standard in the account's region.
func (a Association) StandardsARN() string { return a.Standard.ARN(a.Key.Partition, a.Key.Region) }

// SecurityControlARN is the ARN of an account's security control.
func SecurityControlARN(key store.AccountKey, id string) string {
	return "arn:" + key.Partition + ":securityhub:" + key.Region + ":" + key.AccountID + ":security-control/" + id
}

// Failure is why one entry of a batch was not processed: Index is its place in the request.
type Failure struct {
	Index  int
	Code   string // a value of the model's UnprocessedErrorCode enum
	Reason string
}

// account is what the operations read of one account: its enabled standards and its overrides.
type account struct {
	key       store.AccountKey
	hub       hub.Hub
	enabled   map[string]standards.Subscription // by standard path
	overrides *overrideSet
}

// load reads key's account after checking its hub is on.
func load(tx store.Tx, key store.AccountKey) (*account, error) {
	h, err := hub.Require(tx, key)
	if err != nil {
		return nil, err
	}
	subs, err := standards.Subscriptions(tx, key)
	if err != nil {
		return nil, err
	}
	acct := &account{key: key, hub: h, enabled: map[string]standards.Subscription{}}
	for _, s := range subs {
		if d, ok := standards.Lookup(key.Partition, key.Region, s.StandardsARN); ok {
			acct.enabled[d.Path] = s
		}
	}
	acct.overrides, err = overrides(tx, key)
	return acct, err
}

// association returns the account's status of m in std, which the account has enabled. A
// control the account never changed is enabled since the subscription began, unless it
// joined the standard later and the hub does not auto-enable new controls.
func (a *account) association(std *Standard, m Member) Association {
	as := Association{Key: a.key, Standard: std, Member: m, Status: sh.ControlStatusEnabled,
		UpdatedAt: a.enabled[std.Path].CreatedAt}
	if added, ok := std.Added[m.Control.ID]; ok && added.After(as.UpdatedAt) {
		as.UpdatedAt = added
		if !a.hub.AutoEnableControls {
			as.Status = sh.ControlStatusDisabled
		}
	}
	if o, ok := a.overrides.byStandard[std.Path][m.Control.ID]; ok {
		as.Status, as.Reason, as.UpdatedAt = o.Status, o.Reason, o.UpdatedAt
	}
	return as
}

// associations returns the account's standards controls of one security control: one per
// enabled standard that holds it, in the catalogue's order of standards.
func (a *account) associations(cat *Catalog, c *Control) []Association {
	var out []Association
	for _, d := range standards.Catalog {
		if _, on := a.enabled[d.Path]; !on {
			continue
		}
		std, _ := cat.Standard(d.Path)
		if m, ok := std.Member(c.ID); ok {
			out = append(out, a.association(std, m))
		}
	}
	return out
}

// status is a security control's status across the account's standards: ENABLED when it is
// enabled in at least one enabled standard.
func (a *account) status(cat *Catalog, c *Control) string {
	for _, as := range a.associations(cat, c) {
		if as.Status == sh.ControlStatusEnabled {
			return sh.ControlStatusEnabled
		}
	}
	return sh.ControlStatusDisabled
}

// ControlsPage is one page of an account's standards controls in one standard.
type ControlsPage struct {
	NextToken string
	// Version names everything the page is made from when the process keeps that in memory
	// (the embedded store's memos): pages of equal versions are equal, so their encoding can
	// be kept. Zero when the account was read from a shared store.
	Version  PageVersion
	acct     *account
	standard *Standard
	members  []Member
}

// PageVersion names a page of standards controls and the state of the account it shows.
type PageVersion struct {
	Key            store.AccountKey
	Standard       string
	NextToken      string // the request's, which says where the page starts
	MaxResults     int
	AutoEnable     bool
	SubscribedAtMs int64
	Overrides      uint64 // the generation of the account's overrides
}

// Controls returns the page's standards controls.
func (p ControlsPage) Controls() []Association {
	out := make([]Association, len(p.members))
	for i, m := range p.members {
		out[i] = p.acct.association(p.standard, m)
	}
	return out
}

// DescribeStandardsControls pages the caller's controls in one of its enabled standards,
// named by the subscription ARN.
func (s *Service) DescribeStandardsControls(ctx context.Context, c identity.Caller, subscriptionARN string, maxResults int, nextToken string) (ControlsPage, error) {
	key := domain.Key(c)
	arn := domain.OwnARN(key, subscriptionARN)
	partition, region, owner, resource, ok := arnParts(arn)
	rest, isSubscription := strings.CutPrefix(resource, "subscription/")
	if ok && isSubscription && owner != key.AccountID {
		return ControlsPage{}, apierr.NotAuthorizedOnResource.New(c.Principal, "DescribeStandardsControls", subscriptionARN)
	}
	var std *Standard
	if ok && isSubscription && partition == key.Partition && region == key.Region {
		for _, d := range standards.Catalog {
			if d.ResourceSuffix() == rest {
				std, _ = s.Catalog.Standard(d.Path)
			}
		}
	}
	var acct *account
	var kept bool
	err := s.Store.View(ctx, func(tx store.Tx) error {
		var err error
		if acct, err = load(tx, key); err != nil {
			return err
		}
		if std == nil {
			return apierr.StandardsSubscriptionMissing.New(subscriptionARN)
		}
		if _, on := acct.enabled[std.Path]; !on {
			return apierr.StandardsSubscriptionMissing.New(subscriptionARN)
		}
		kept = overridesMemo(tx) != nil
		return nil
	})
	if err != nil {
		return ControlsPage{}, err
	}
	page := paging.Page{Scope: paging.Scope("DescribeStandardsControls", key.Partition, key.Region, key.AccountID, arn),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultPage}
	members, next, err := paging.Offset(s.Pages, page, std.Members)
	if err != nil {
		return ControlsPage{}, err
	}
	out := ControlsPage{NextToken: next, acct: acct, standard: std, members: members}
	if kept {
		out.Version = PageVersion{Key: key, Standard: std.Path, NextToken: nextToken, MaxResults: maxResults,
			AutoEnable: acct.hub.AutoEnableControls, SubscribedAtMs: store.Millis(acct.enabled[std.Path].CreatedAt),
			Overrides: acct.overrides.generation}
	}
	return out, nil
}

// UpdateStandardsControl enables or disables one of the caller's standards controls. A
// reason is required to disable and refused to enable; an empty reason counts as none, since
// Terraform sends "" when it enables.
func (s *Service) UpdateStandardsControl(ctx context.Context, c identity.Caller, controlARN, status, reason string) error {
	key := domain.Key(c)
	switch {
	case status == "":
		return apierr.ControlStatusRequired.New()
	case status == sh.ControlStatusDisabled && reason == "":
		return apierr.DisabledReasonRequired.New()
	case status == sh.ControlStatusEnabled && reason != "":
		return apierr.DisabledReasonNotAllowed.New()
	}
	arn := domain.OwnARN(key, controlARN)
	partition, region, owner, resource, ok := arnParts(arn)
	rest, isControl := strings.CutPrefix(resource, "control/")
	if ok && isControl && owner != key.AccountID {
		return apierr.NotAuthorizedOnResource.New(c.Principal, "UpdateStandardsControl", controlARN)
	}
	std, member, found := s.standardsControl(partition == key.Partition && region == key.Region && ok && isControl, rest)
	now := s.Clock.Now()
	return s.Store.Update(ctx, func(tx store.Tx) error {
		acct, err := load(tx, key)
		if err != nil {
			return err
		}
		if !found {
			return apierr.StandardsControlNotFound.New()
		}
		if _, on := acct.enabled[std.Path]; !on {
			return apierr.StandardsControlNotFound.New()
		}
		if err := putOverride(tx, key, std.Path, member.Control.ID, override{Status: status, Reason: reason, UpdatedAt: now}); err != nil {
			return err
		}
		if status == sh.ControlStatusDisabled {
			return s.archiveDisabled(tx, c, []string{member.Control.ID}, now)
		}
		return nil
	})
}

// standardsControl finds the standard and control that a standards control ARN's resource,
// after "control/", names ("pci-dss/v/3.2.1/PCI.AutoScaling.1").
func (s *Service) standardsControl(ok bool, rest string) (*Standard, Member, bool) {
	if !ok {
		return nil, Member{}, false
	}
	for _, d := range standards.Catalog {
		suffix, isIn := strings.CutPrefix(rest, d.ResourceSuffix()+"/")
		if !isIn {
			continue
		}
		std, _ := s.Catalog.Standard(d.Path)
		if m, ok := std.memberBySuffix(suffix); ok {
			return std, m, true
		}
	}
	return nil, Member{}, false
}

// standardByARN finds the standard a StandardsArn names: the standard's ARN in the caller's
// region or without a region, with or without an account, as AWS's own examples send them.
func (s *Service) standardByARN(key store.AccountKey, arn string) (*Standard, bool) {
	partition, region, _, resource, ok := arnParts(arn)
	if !ok || partition != key.Partition {
		return nil, false
	}
	d, ok := standards.ByPath(resource)
	if !ok || (region != key.Region && region != "") {
		return nil, false
	}
	return s.Catalog.Standard(d.Path)
}
