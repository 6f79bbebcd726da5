package findingsv2

import (
	"context"
	"strings"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/shapes"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/wire"
)

func registerHandlers(r domain.Registry, s *Service) {
	r.Handle("GetFindingsV2", wire.Typed(s.getFindingsV2))
	r.Handle("BatchUpdateFindingsV2", wire.Typed(s.batchUpdateFindingsV2))
	r.Handle("GetFindingStatisticsV2", wire.Typed(s.getFindingStatisticsV2))
	r.Handle("GetFindingsTrendsV2", wire.Typed(s.getFindingsTrendsV2))
	r.Handle("GetResourcesV2", wire.Typed(s.getResourcesV2))
	r.Handle("GetResourcesStatisticsV2", wire.Typed(s.getResourcesStatisticsV2))
	r.Handle("GetResourcesTrendsV2", wire.Typed(s.getResourcesTrendsV2))
}

func sortOf(list []sh.SortCriterion) []Sort {
	var out []Sort
	for _, sc := range list {
		out = append(out, Sort{Field: sc.Field, Desc: strings.EqualFold(sc.SortOrder, "desc")})
	}
	return out
}

func ocsfFilters(f *sh.OcsfFindingFilters) ([]composite, string, error) {
	if f == nil {
		return nil, "", nil
	}
	comps, err := ocsfComposites(f.CompositeFilters)
	return comps, f.CompositeOperator, err
}

func (s *Service) getFindingsV2(ctx context.Context, c identity.Caller, in *sh.GetFindingsV2Request) (*sh.GetFindingsV2Response, error) {
	comps, op, err := ocsfFilters(in.Filters)
	if err != nil {
		return nil, err
	}
	docs, next, err := s.GetFindings(ctx, c, FindingsQuery{Scopes: scopesOf(in.Scopes), Composites: comps, Operator: op, Sort: sortOf(in.SortCriteria),
		MaxResults: paging.MaxResults(in.MaxResults), NextToken: in.NextToken, Reserve: func(n int64) bool { return wire.Reserve(ctx, n) }})
	if err != nil {
		return nil, err
	}
	out := &sh.GetFindingsV2Response{Findings: make([]shapes.Document, len(docs)), NextToken: next}
	for i, d := range docs {
		out.Findings[i] = shapes.Document{Raw: d}
	}
	return out, nil
}

func intPtr(v *int32) *int {
	if v == nil {
		return nil
	}
	n := int(*v)
	return &n
}

func (s *Service) batchUpdateFindingsV2(ctx context.Context, c identity.Caller, in *sh.BatchUpdateFindingsV2Request) (*sh.BatchUpdateFindingsV2Response, error) {
	if err := checkIdentifiers(len(in.FindingIdentifiers), len(in.MetadataUids)); err != nil {
		return nil, err
	}
	var refs []FindingRef
	for _, id := range in.FindingIdentifiers {
		refs = append(refs, FindingRef{AccountID: id.CloudAccountUid, ID: id.FindingInfoUid, ProductARN: id.MetadataProductUid})
	}
	for _, uid := range in.MetadataUids {
		refs = append(refs, FindingRef{MetadataUID: uid})
	}
	u := UpdateV2{SeverityID: intPtr(in.SeverityId), StatusID: intPtr(in.StatusId)}
	if in.Comment != "" {
		u.Comment = &in.Comment
	}
	results, err := s.BatchUpdate(ctx, c, refs, u)
	if err != nil {
		return nil, err
	}
	out := &sh.BatchUpdateFindingsV2Response{ProcessedFindings: []sh.BatchUpdateFindingsV2ProcessedFinding{},
		UnprocessedFindings: []sh.BatchUpdateFindingsV2UnprocessedFinding{}}
	for _, r := range results {
		var ident *sh.OcsfFindingIdentifier
		if r.Ref.MetadataUID == "" {
			ident = &sh.OcsfFindingIdentifier{CloudAccountUid: r.Ref.AccountID, FindingInfoUid: r.Ref.ID, MetadataProductUid: r.Ref.ProductARN}
		}
		if r.ErrorCode == "" {
			out.ProcessedFindings = append(out.ProcessedFindings, sh.BatchUpdateFindingsV2ProcessedFinding{FindingIdentifier: ident, MetadataUid: r.Ref.MetadataUID})
		} else {
			out.UnprocessedFindings = append(out.UnprocessedFindings, sh.BatchUpdateFindingsV2UnprocessedFinding{FindingIdentifier: ident,
				MetadataUid: r.Ref.MetadataUID, ErrorCode: r.ErrorCode, ErrorMessage: r.ErrorMessage})
		}
	}
	return out, nil
}

func (s *Service) getFindingStatisticsV2(ctx context.Context, c identity.Caller, in *sh.GetFindingStatisticsV2Request) (*sh.GetFindingStatisticsV2Response, error) {
	var rules []GroupRule
	for _, r := range in.GroupByRules {
		comps, op, err := ocsfFilters(r.Filters)
		if err != nil {
			return nil, err
		}
		rules = append(rules, GroupRule{Field: r.GroupByField, Composites: comps, Operator: op})
	}
	results, err := s.Statistics(ctx, c, scopesOf(in.Scopes), rules, strings.EqualFold(in.SortOrder, "asc"), paging.MaxResults(in.MaxStatisticResults))
	if err != nil {
		return nil, err
	}
	return &sh.GetFindingStatisticsV2Response{GroupByResults: groupResults(results)}, nil
}

func groupResults(results []GroupResult) []sh.GroupByResult {
	out := make([]sh.GroupByResult, len(results))
	for i, r := range results {
		out[i] = sh.GroupByResult{GroupByField: r.Field, GroupByValues: make([]sh.GroupByValue, len(r.Values))}
		for j, v := range r.Values {
			out[i].GroupByValues[j] = sh.GroupByValue{FieldValue: v.Value, Count: new(int32(v.Count))}
		}
	}
	return out
}

func (s *Service) getFindingsTrendsV2(ctx context.Context, c identity.Caller, in *sh.GetFindingsTrendsV2Request) (*sh.GetFindingsTrendsV2Response, error) {
	q := TrendsQuery{Start: in.StartTime.Time(), End: in.EndTime.Time(), MaxResults: paging.MaxResults(in.MaxResults), NextToken: in.NextToken}
	if in.Filters != nil {
		comps, err := trendsComposites(in.Filters.CompositeFilters)
		if err != nil {
			return nil, err
		}
		q.Composites, q.Operator = comps, in.Filters.CompositeOperator
	}
	granularity, points, next, err := s.Trends(ctx, c, q)
	if err != nil {
		return nil, err
	}
	out := &sh.GetFindingsTrendsV2Response{Granularity: granularity, NextToken: next, TrendsMetrics: make([]sh.TrendsMetricsResult, len(points))}
	for i, p := range points {
		n := func(name string) *int64 { return new(int64(p.Counts[name])) }
		out.TrendsMetrics[i] = sh.TrendsMetricsResult{Timestamp: shapes.Timestamp(p.At), TrendsValues: &sh.TrendsValues{
			SeverityTrends: &sh.SeverityTrendsCount{Unknown: n("Unknown"), Informational: n("Informational"), Low: n("Low"),
				Medium: n("Medium"), High: n("High"), Critical: n("Critical"), Fatal: n("Fatal"), Other: n("Other")}}}
	}
	return out, nil
}

// resourceFilters reads ResourcesFilters into resource composites.
func resourceFilters(list []sh.ResourcesCompositeFilter) ([]resourceComposite, error) {
	var out []resourceComposite
	for _, c := range list {
		rc := resourceComposite{Operator: c.Operator}
		for _, f := range c.StringFilters {
			l, err := stringLeaf(f.FieldName, f.Filter)
			if err != nil {
				return nil, err
			}
			rc.Strings = append(rc.Strings, l)
		}
		for _, f := range c.DateFilters {
			l, err := dateLeaf(f.FieldName, f.Filter)
			if err != nil {
				return nil, err
			}
			rc.Dates = append(rc.Dates, l)
		}
		for _, f := range c.NumberFilters {
			l, err := numberLeaf(f.FieldName, f.Filter)
			if err != nil {
				return nil, err
			}
			rc.Numbers = append(rc.Numbers, l)
		}
		for _, f := range c.MapFilters {
			l, err := mapLeaf(f.FieldName, f.Filter)
			if err != nil {
				return nil, err
			}
			rc.Maps = append(rc.Maps, l)
		}
		nested, err := resourceFilters(c.NestedCompositeFilters)
		if err != nil {
			return nil, err
		}
		rc.Nested = nested
		out = append(out, rc)
	}
	return out, nil
}

func (s *Service) getResourcesV2(ctx context.Context, c identity.Caller, in *sh.GetResourcesV2Request) (*sh.GetResourcesV2Response, error) {
	q := ResourcesQuery{Scopes: resourceScopesOf(in.Scopes), Sort: sortOf(in.SortCriteria), MaxResults: paging.MaxResults(in.MaxResults), NextToken: in.NextToken}
	if in.Filters != nil {
		comps, err := resourceFilters(in.Filters.CompositeFilters)
		if err != nil {
			return nil, err
		}
		q.Composites, q.Operator = comps, in.Filters.CompositeOperator
	}
	list, next, err := s.GetResources(ctx, c, q)
	if err != nil {
		return nil, err
	}
	out := &sh.GetResourcesV2Response{Resources: make([]sh.ResourceResult, len(list)), NextToken: next}
	for i, r := range list {
		out.Resources[i] = resourceOut(r)
	}
	return out, nil
}

func resourceOut(r *Resource) sh.ResourceResult {
	config := r.Config
	if config == nil {
		config = map[string]any{}
	}
	out := sh.ResourceResult{ResourceGuid: r.GUID, ResourceId: r.ID, AccountId: r.AccountID, Region: r.Region, ResourceType: r.Type,
		ResourceName: r.Name, ResourceCategory: r.Category, ResourceConfig: shapes.Document{Value: config},
		ResourceRegion: r.Region, ResourceCloudPartition: r.Partition, ResourceProvider: r.Provider,
		ResourceOwnerAccountId: r.OwnerAccountID, ResourceOwnerOrgId: r.OwnerOrgID,
		ResourceCreationTimeDt: shapes.Timestamp(r.Created).String(), ResourceDetailCaptureTimeDt: shapes.Timestamp(r.Captured).String(),
		ResourceTags: []sh.ResourceTag{}, FindingsSummary: make([]sh.ResourceFindingsSummary, len(r.Summaries))}
	for _, k := range sortedKeys(r.Tags) {
		out.ResourceTags = append(out.ResourceTags, sh.ResourceTag{Key: k, Value: r.Tags[k]})
	}
	for i, sm := range r.Summaries {
		n := func(name string) *int32 { return new(int32(sm.Severities[name])) }
		out.FindingsSummary[i] = sh.ResourceFindingsSummary{FindingType: sm.FindingType, ProductName: sm.ProductName,
			TotalFindings: new(int32(sm.Total)), Severities: &sh.ResourceSeverityBreakdown{Unknown: n("Unknown"),
				Informational: n("Informational"), Low: n("Low"), Medium: n("Medium"), High: n("High"), Critical: n("Critical"),
				Fatal: n("Fatal"), Other: n("Other")}}
	}
	return out
}

func (s *Service) getResourcesStatisticsV2(ctx context.Context, c identity.Caller, in *sh.GetResourcesStatisticsV2Request) (*sh.GetResourcesStatisticsV2Response, error) {
	var rules []ResourceGroupRule
	for _, r := range in.GroupByRules {
		rule := ResourceGroupRule{Field: r.GroupByField}
		if r.Filters != nil {
			comps, err := resourceFilters(r.Filters.CompositeFilters)
			if err != nil {
				return nil, err
			}
			rule.Composites, rule.Operator = comps, r.Filters.CompositeOperator
		}
		rules = append(rules, rule)
	}
	results, err := s.ResourceStatistics(ctx, c, resourceScopesOf(in.Scopes), rules, strings.EqualFold(in.SortOrder, "asc"), paging.MaxResults(in.MaxStatisticResults))
	if err != nil {
		return nil, err
	}
	return &sh.GetResourcesStatisticsV2Response{GroupByResults: groupResults(results)}, nil
}

func (s *Service) getResourcesTrendsV2(ctx context.Context, c identity.Caller, in *sh.GetResourcesTrendsV2Request) (*sh.GetResourcesTrendsV2Response, error) {
	q := ResourcesTrendsQuery{Start: in.StartTime.Time(), End: in.EndTime.Time(), MaxResults: paging.MaxResults(in.MaxResults), NextToken: in.NextToken}
	if in.Filters != nil {
		comps, err := resourceTrendsFilters(in.Filters.CompositeFilters)
		if err != nil {
			return nil, err
		}
		q.Composites, q.Operator = comps, in.Filters.CompositeOperator
	}
	granularity, points, next, err := s.ResourceTrends(ctx, c, q)
	if err != nil {
		return nil, err
	}
	out := &sh.GetResourcesTrendsV2Response{Granularity: granularity, NextToken: next, TrendsMetrics: make([]sh.ResourcesTrendsMetricsResult, len(points))}
	for i, p := range points {
		out.TrendsMetrics[i] = sh.ResourcesTrendsMetricsResult{Timestamp: shapes.Timestamp(p.At),
			TrendsValues: &sh.ResourcesTrendsValues{ResourcesCount: &sh.ResourcesCount{AllResources: new(int64(p.Count))}}}
	}
	return out, nil
}

// resourceTrendsFilters reads ResourcesTrendsFilters, naming their fields by the resource
// fields they stand for.
func resourceTrendsFilters(list []sh.ResourcesTrendsCompositeFilter) ([]resourceComposite, error) {
	var out []resourceComposite
	for _, c := range list {
		rc := resourceComposite{Operator: c.Operator}
		for _, f := range c.StringFilters {
			name, ok := resourceTrendsFields[f.FieldName]
			if !ok {
				return nil, unknownTrendsField(f.FieldName)
			}
			l, err := stringLeaf(name, f.Filter)
			if err != nil {
				return nil, err
			}
			rc.Strings = append(rc.Strings, l)
		}
		nested, err := resourceTrendsFilters(c.NestedCompositeFilters)
		if err != nil {
			return nil, err
		}
		rc.Nested = nested
		out = append(out, rc)
	}
	return out, nil
}
