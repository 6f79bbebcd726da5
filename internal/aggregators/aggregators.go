// Package aggregators is Security Hub's cross-Region aggregation configuration: an account's
// one finding aggregator, which names its home region (where it was created) and the regions
// linked to it (CreateFindingAggregator, GetFindingAggregator, UpdateFindingAggregator,
// DeleteFindingAggregator, ListFindingAggregators). Other domains read it through Linked:
// which findings flow to the home region, and where central configuration's policies take
// effect.
package aggregators

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/members"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
)

// The region linking modes (the model types RegionLinkingMode as a plain string).
const (
	ModeAllRegions      = "ALL_REGIONS"
	ModeAllExcept       = "ALL_REGIONS_EXCEPT_SPECIFIED"
	ModeSpecified       = "SPECIFIED_REGIONS"
	ModeNoRegions       = "NO_REGIONS"
	arnResource         = "finding-aggregator/"
	defaultPage         = 10 // ListFindingAggregators without MaxResults; there is at most one
	regionNamePattern   = `^[a-z]{2}(-[a-z]+)+-[0-9]+$`
	regionListSeparator = ", "
)

// modes lists the linking modes in the order error messages name them.
var modes = []string{ModeAllRegions, ModeAllExcept, ModeSpecified, ModeNoRegions}

var regionName = regexp.MustCompile(regionNamePattern)

// Aggregation is an account's finding aggregator.
type Aggregation struct {
	ARN       string
	Partition string
	Account   string
	// Home is the region the aggregator was created in: the aggregation (home) region.
	Home string
	Mode string
	// Regions are the regions the mode excludes (ALL_REGIONS_EXCEPT_SPECIFIED) or includes
	// (SPECIFIED_REGIONS); none for the other modes.
	Regions []string
}

// Links reports whether region is part of the aggregation: the home region, or a region the
// linking mode links to it. ALL_REGIONS links every region, whichever Security Hub may add.
func (a Aggregation) Links(region string) bool {
	if region == a.Home {
		return true
	}
	switch a.Mode {
	case ModeAllRegions:
		return true
	case ModeAllExcept:
		return !slices.Contains(a.Regions, region)
	case ModeSpecified:
		return slices.Contains(a.Regions, region)
	}
	return false
}

// Linked returns an account's aggregator, ok=false when it has none. This is the one answer
// to "the account's home region and the regions linked to it" for every domain.
func Linked(tx store.Tx, partition, account string) (Aggregation, bool, error) {
	return cspm.Linked(tx, partition, account)
}

// errs are the errors of the CSPM finding aggregators.
var errs = Errors{Exists: apierr.AggregatorExists, ARNInvalid: apierr.AggregatorARNInvalid, NotFound: apierr.AggregatorNotFound,
	NotHomeRegion: apierr.AggregatorNotHomeRegion}

// isARN reports whether arn has the form of an ARN of the table's aggregators.
func (t Table) isARN(arn string) bool {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] == "" || parts[2] != "securityhub" || parts[3] == "" ||
		!identity.IsAccountID(parts[4]) {
		return false
	}
	id, found := strings.CutPrefix(parts[5], t.Resource)
	return found && id != "" && !strings.Contains(id, "/")
}

// Service runs the finding aggregator operations.
type Service struct {
	Store store.Store
	Clock clock.Clock
	Pages paging.Pager
	// DeleteGuards may refuse DeleteFindingAggregator, inside its transaction: central
	// configuration, which needs the aggregator, registers one.
	DeleteGuards []func(tx store.Tx, a Aggregation) error
	// Relinked are told, inside UpdateFindingAggregator's transaction, of the aggregator
	// before and after the change: central configuration, whose policies take effect in the linked regions,
	// registers one.
	Relinked []func(tx store.Tx, before, after Aggregation, now time.Time) error
}

// Linking is the RegionLinkingMode and Regions of a create or update.
type Linking struct {
	Mode    string
	Regions []string
}

// Check returns the linking as it is kept, with Regions without repeats (none unless the
// mode takes them), or the InvalidInputException for a linking AWS refuses. home is the
// aggregator's home region, which cannot be one of its own linked or excluded regions. The
// V2 aggregators (internal/aggregatorsv2) apply the same rule.
func (l Linking) Check(home string) (Linking, error) {
	if !slices.Contains(modes, l.Mode) {
		return l, apierr.AggregatorModeInvalid.New(l.Mode, strings.Join(modes, regionListSeparator))
	}
	switch l.Mode {
	case ModeNoRegions:
		if len(splitRegions(l.Regions)) > 0 {
			return l, apierr.AggregatorRegionsWithNoRegions.New()
		}
	case ModeAllRegions:
		// AWS documents Regions only for the two *_SPECIFIED modes and refuses them only with
		// NO_REGIONS; ALL_REGIONS links every region whatever the list says.
		return Linking{Mode: l.Mode}, nil
	default:
		if len(splitRegions(l.Regions)) == 0 {
			return l, apierr.AggregatorRegionsRequired.New(l.Mode)
		}
	}
	var regions []string
	for _, r := range splitRegions(l.Regions) {
		if !regionName.MatchString(r) {
			return l, apierr.AggregatorRegionInvalid.New(r)
		}
		if r == home {
			return l, apierr.AggregatorHomeRegionListed.New(r)
		}
		if !slices.Contains(regions, r) {
			regions = append(regions, r)
		}
	}
	return Linking{Mode: l.Mode, Regions: regions}, nil
}

// splitRegions returns the regions of a Regions list whose values may each hold several,
// separated by commas or spaces: the API reference calls Regions a "space-separated list",
// and the AWS CLI v1 sends its worked example's "--regions us-west-1,us-west-2" as one value.
func splitRegions(values []string) []string {
	var out []string
	for _, v := range values {
		out = append(out, strings.FieldsFunc(v, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })...)
	}
	return out
}

// Create makes key's account's finding aggregator with key's region as its home region.
func (s *Service) Create(ctx context.Context, key store.AccountKey, l Linking) (Aggregation, error) {
	l, err := l.Check(key.Region)
	if err != nil {
		return Aggregation{}, err
	}
	now := s.Clock.Now()
	var agg Aggregation
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := hub.Require(tx, key); err != nil {
			return err
		}
		if _, member, err := members.AdministratorOf(tx, key); err != nil {
			return err
		} else if member {
			return apierr.AggregatorByMember.New()
		}
		var err error
		agg, err = cspm.Insert(tx, key, l, now, errs)
		return err
	})
	return agg, err
}

// Get returns the aggregator arn names, which must be key's account's, from its home region.
func (s *Service) Get(ctx context.Context, key store.AccountKey, arn string) (Aggregation, error) {
	var agg Aggregation
	err := s.Store.View(ctx, func(tx store.Tx) error {
		var err error
		agg, err = own(tx, key, arn)
		return err
	})
	return agg, err
}

// Update changes the linking of the aggregator arn names, from its home region.
func (s *Service) Update(ctx context.Context, key store.AccountKey, arn string, l Linking) (Aggregation, error) {
	var agg Aggregation
	now := s.Clock.Now()
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		var err error
		if agg, err = own(tx, key, arn); err != nil {
			return err
		}
		if l, err = l.Check(agg.Home); err != nil {
			return err
		}
		before := agg
		agg.Mode, agg.Regions = l.Mode, l.Regions
		if err := cspm.Save(tx, agg, now); err != nil {
			return err
		}
		for _, relinked := range s.Relinked {
			if err := relinked(tx, before, agg, now); err != nil {
				return err
			}
		}
		return nil
	})
	return agg, err
}

// Delete deletes the aggregator arn names, from its home region, unless a guard refuses.
// What was aggregated stays where it is.
func (s *Service) Delete(ctx context.Context, key store.AccountKey, arn string) error {
	return s.Store.Update(ctx, func(tx store.Tx) error {
		agg, err := own(tx, key, arn)
		if err != nil {
			return err
		}
		for _, guard := range s.DeleteGuards {
			if err := guard(tx, agg); err != nil {
				return err
			}
		}
		return cspm.Remove(tx, agg.Partition, agg.Account)
	})
}

// List returns the ARNs of key's account's aggregators (none or one), from any region where
// its hub is on.
func (s *Service) List(ctx context.Context, key store.AccountKey, maxResults int, nextToken string) ([]string, string, error) {
	arns := []string{}
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if _, err := hub.Require(tx, key); err != nil {
			return err
		}
		agg, ok, err := Linked(tx, key.Partition, key.AccountID)
		if ok {
			arns = append(arns, agg.ARN)
		}
		return err
	})
	if err != nil {
		return nil, "", err
	}
	page := paging.Page{Scope: paging.Scope("ListFindingAggregators", key.Partition, key.Region, key.AccountID),
		NextToken: nextToken, MaxResults: maxResults, Default: defaultPage}
	return paging.Offset(s.Pages, page, arns)
}

// own returns key's account's aggregator that arn names (an ARN without an account names the
// caller's, domain.OwnARN), once key's hub is known to be on and key's region to be its home.
func own(tx store.Tx, key store.AccountKey, arn string) (Aggregation, error) {
	if _, err := hub.Require(tx, key); err != nil {
		return Aggregation{}, err
	}
	return cspm.Own(tx, key, arn, errs)
}

// removeOnHubDisable deletes the aggregator of an account that disables Security Hub in the
// aggregator's home region: nothing can be aggregated to a region without a hub.
func removeOnHubDisable(tx store.Tx, key store.AccountKey) error {
	agg, ok, err := Linked(tx, key.Partition, key.AccountID)
	if err != nil || !ok || agg.Home != key.Region {
		return err
	}
	return cspm.Remove(tx, key.Partition, key.AccountID)
}

// HomeRegionsOf returns the home regions where the findings of key's account written in
// key's region are aggregated by the CSPM finding aggregators (Table.HomeRegionsOf).
func HomeRegionsOf(tx store.Tx, key store.AccountKey) ([]string, error) {
	return cspm.HomeRegionsOf(tx, key)
}

// HomeRegionsOf returns the home regions where the findings of key's account written in
// key's region are aggregated by the table's aggregators: that of the account's own
// aggregator and that of its administrator's in key's region (members' findings go where
// their administrator aggregates), each when it links key's region and is not key's region
// itself.
func (t Table) HomeRegionsOf(tx store.Tx, key store.AccountKey) ([]string, error) {
	var homes []string
	addHomeOf := func(account string) error {
		agg, ok, err := t.Linked(tx, key.Partition, account)
		if err == nil && ok && agg.Home != key.Region && agg.Links(key.Region) && !slices.Contains(homes, agg.Home) {
			homes = append(homes, agg.Home)
		}
		return err
	}
	if err := addHomeOf(key.AccountID); err != nil {
		return nil, err
	}
	admin, ok, err := members.AdministratorOf(tx, key)
	if err != nil {
		return nil, err
	}
	if ok && admin != key.AccountID {
		if err := addHomeOf(admin); err != nil {
			return nil, err
		}
	}
	return homes, nil
}
