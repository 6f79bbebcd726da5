package findingsv2

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
)

// Resources are not stored: they are derived from the Resources of the findings the caller
// sees, one per account, region and resource id, each time they are asked for.

// Resource is a resource named by findings, with a summary of those findings.
type Resource struct {
	GUID, ID, AccountID, Region, Type, Name, Category string
	// Partition, Provider and the owner's account and organization are what its latest
	// finding says (Partition, Provider, Owner); empty when it says nothing.
	Partition, Provider, OwnerAccountID, OwnerOrgID string
	Tags                                            map[string]string
	// Config is the resource's Details in its most recently updated finding.
	Config map[string]any
	// Created is the earliest CreatedAt of its findings (when sechub first knew it),
	// Captured the latest UpdatedAt (when its details were last reported).
	Created, Captured time.Time
	Summaries         []Summary
}

// Summary counts a resource's findings of one type (OCSF class) and product.
type Summary struct {
	FindingType, ProductName string
	Total                    int
	Severities               map[string]int // by OCSF severity name
}

// guidSpace makes resource GUIDs: a name-based UUID of account, region and resource id.
var guidSpace = uuid.MustParse("5b0f6c1e-2f44-4c8e-9a43-52c6a0d6e8b1")

// categories give a resource's ResourceCategory by the start of its ASFF type.
var categories = []struct{ prefix, category string }{
	{"AwsEc2SecurityGroup", "Network"}, {"AwsEc2Vpc", "Network"}, {"AwsEc2Subnet", "Network"}, {"AwsEc2NetworkAcl", "Network"},
	{"AwsEc2NetworkInterface", "Network"}, {"AwsEc2Eip", "Network"}, {"AwsElb", "Network"}, {"AwsCloudFront", "Network"},
	{"AwsApiGateway", "Network"}, {"AwsWaf", "Network"}, {"AwsEc2Volume", "Storage"},
	{"AwsEc2", "Compute"}, {"AwsLambda", "Compute"}, {"AwsEcs", "Compute"}, {"AwsEks", "Compute"}, {"AwsAutoScaling", "Compute"},
	{"AwsRds", "Database"}, {"AwsDynamoDb", "Database"}, {"AwsRedshift", "Database"}, {"AwsElasticache", "Database"},
	{"AwsDocumentDb", "Database"}, {"AwsNeptune", "Database"}, {"AwsS3", "Storage"}, {"AwsEfs", "Storage"}, {"AwsBackup", "Storage"},
	{"AwsIam", "Identity"}, {"AwsKms", "Identity"}, {"AwsSecretsManager", "Identity"}, {"AwsCodeBuild", "Code"}, {"AwsEcr", "Code"},
	{"CodeRepository", "Code"}, {"AwsSageMaker", "AI/ML"}, {"AwsBedrock", "AI/ML"},
}

func categoryOf(resourceType string) string {
	for _, c := range categories {
		if strings.HasPrefix(resourceType, c.prefix) {
			return c.category
		}
	}
	return "Other"
}

// nameOf is a resource's name: the last part of its id.
func nameOf(id string) string {
	if i := strings.LastIndexAny(id, "/:"); i >= 0 && i < len(id)-1 {
		return id[i+1:]
	}
	return id
}

// resources derives the resources of the findings the caller sees.
// scopes narrows them to the accounts of organization scopes (nil: all).
func (s *Service) resources(ctx context.Context, c identity.Caller, scopes []sh.AwsOrganizationScope) ([]*Resource, error) {
	scope, err := s.scopeFilter(ctx, c, scopes)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*Resource{}
	var order []string
	err = s.Findings.ScanTree(ctx, c, hubRule, scope, func(f map[string]any) bool {
		account, region := str(f["AwsAccountId"]), str(f["Region"])
		created, _ := findings.ParseTime(str(f["CreatedAt"]))
		updated, _ := findings.ParseTime(str(f["UpdatedAt"]))
		sev := severityOfLabel(str(at(f, "Severity", "Label"))).Name
		class := classNames[classOf(f)]
		product := str(f["ProductName"])
		for _, r := range list(f["Resources"]) {
			rm, ok := r.(map[string]any)
			if !ok || str(rm["Id"]) == "" {
				continue
			}
			rRegion := str(rm["Region"])
			if rRegion == "" {
				rRegion = region
			}
			key := account + "\x00" + rRegion + "\x00" + str(rm["Id"])
			res := byKey[key]
			if res == nil {
				id := str(rm["Id"])
				res = &Resource{GUID: uuid.NewSHA1(guidSpace, []byte(key)).String(), ID: id, AccountID: account, Region: rRegion,
					Name: nameOf(id), Created: created, Captured: time.Time{}}
				byKey[key] = res
				order = append(order, key)
			}
			if created.Before(res.Created) {
				res.Created = created
			}
			if !updated.Before(res.Captured) {
				res.Captured = updated
				res.Type = str(rm["Type"])
				res.Category = categoryOf(res.Type)
				res.Config, _ = rm["Details"].(map[string]any)
				res.Partition, res.Provider = str(rm["Partition"]), str(rm["Provider"])
				res.OwnerAccountID, res.OwnerOrgID = str(at(rm, "Owner", "Account", "Id")), str(at(rm, "Owner", "Org", "Id"))
				res.Tags = map[string]string{}
				if tags, ok := rm["Tags"].(map[string]any); ok {
					for k, v := range tags {
						res.Tags[k] = str(v)
					}
				}
			}
			summary := -1
			for i, sm := range res.Summaries {
				if sm.FindingType == class && sm.ProductName == product {
					summary = i
				}
			}
			if summary < 0 {
				res.Summaries = append(res.Summaries, Summary{FindingType: class, ProductName: product, Severities: map[string]int{}})
				summary = len(res.Summaries) - 1
			}
			res.Summaries[summary].Total++
			res.Summaries[summary].Severities[sev]++
		}
		return true
	})
	if err != nil {
		return nil, v2Error(err)
	}
	out := make([]*Resource, len(order))
	for i, k := range order {
		out[i] = byKey[k]
	}
	return out, nil
}

// doc is the resource as the resource filters see it: the fields of the model's
// ResourcesStringField, ResourcesNumberField, ResourcesDateField and ResourcesMapField, the
// FindingsSummary ones over all its summaries (TotalFindings and Severities summed).
func (r *Resource) doc() map[string]any {
	sevs := map[string]any{}
	total := 0
	var types, products []any
	sums := map[string]int{}
	for _, sm := range r.Summaries {
		total += sm.Total
		types = append(types, sm.FindingType)
		products = append(products, sm.ProductName)
		for k, n := range sm.Severities {
			sums[k] += n
		}
	}
	for _, sv := range severities {
		sevs[sv.Name] = json.Number(strconv.Itoa(sums[sv.Name]))
	}
	tags := map[string]any{}
	for k, v := range r.Tags {
		tags[k] = v
	}
	return map[string]any{"ResourceGuid": r.GUID, "ResourceId": r.ID, "AccountId": r.AccountID, "Region": r.Region,
		"ResourceCategory": r.Category, "ResourceType": r.Type, "ResourceName": r.Name,
		"ResourceRegion": r.Region, "ResourceCloudPartition": r.Partition, "ResourceProvider": r.Provider,
		"ResourceOwnerAccountId": r.OwnerAccountID, "ResourceOwnerOrgId": r.OwnerOrgID,
		"FindingsSummary": map[string]any{"FindingType": types, "ProductName": products,
			"TotalFindings": json.Number(strconv.Itoa(total)), "Severities": sevs},
		"ResourceTags":              tags,
		"ResourceDetailCaptureTime": findings.FormatTime(r.Captured), "ResourceCreationTime": findings.FormatTime(r.Created)}
}

// resourceFields are the fields of the resource filters with their kinds and paths in doc.
var resourceFields = func() map[string]struct{ kind, path string } {
	out := map[string]struct{ kind, path string }{}
	// AccountName, ResourceSubCategory, DiscoveryType and the AI details are never known:
	// findings do not carry them, so filters on them match no resource.
	for _, f := range []string{"ResourceGuid", "ResourceId", "AccountId", "Region", "ResourceCategory", "ResourceType", "ResourceName",
		"FindingsSummary.FindingType", "FindingsSummary.ProductName", "AccountName", "ResourceProvider", "ResourceOwnerAccountId",
		"ResourceOwnerOrgId", "ResourceCloudPartition", "ResourceRegion", "ResourceSubCategory", "DiscoveryType",
		"ResourceInfo.AIDetails.HostResourceGuid", "ResourceInfo.AIDetails.HostResourceType", "ResourceInfo.AIDetails.CanonicalId"} {
		out[f] = struct{ kind, path string }{findings.KindString, f}
	}
	for _, f := range []string{"SelfHostedAIModelResourceCount", "SelfHostedAIAgentResourceCount", "SelfHostedAIModelServingResourceCount",
		"SelfHostedAIExternalEndpointResourceCount", "SelfHostedAIDevelopmentResourceCount", "SelfHostedAIAgentFrameworkResourceCount",
		"SelfHostedAIAgentToolsAndIdentityResourceCount", "SelfHostedTotalAIResourceCount"} {
		out["ResourceInfo.AIDetails."+f] = struct{ kind, path string }{findings.KindNumber, "ResourceInfo.AIDetails." + f}
	}
	out["ResourceDetailCaptureTime"] = struct{ kind, path string }{findings.KindDate, "ResourceDetailCaptureTime"}
	out["ResourceCreationTime"] = struct{ kind, path string }{findings.KindDate, "ResourceCreationTime"}
	out["FindingsSummary.TotalFindings"] = struct{ kind, path string }{findings.KindNumber, "FindingsSummary.TotalFindings"}
	for _, sv := range []string{"Other", "Fatal", "Critical", "High", "Medium", "Low", "Informational", "Unknown"} {
		out["FindingsSummary.Severities."+sv] = struct{ kind, path string }{findings.KindNumber, "FindingsSummary.Severities." + sv}
	}
	out["ResourceTags"] = struct{ kind, path string }{findings.KindMap, "ResourceTags"}
	return out
}()

// resourceTrendsFields are the fields of the resources trends filters and the resource
// fields they are.
var resourceTrendsFields = map[string]string{"account_id": "AccountId", "region": "Region", "resource_type": "ResourceType",
	"resource_category": "ResourceCategory", "resource_cloud_provider": "ResourceProvider", "resource_region": "ResourceRegion",
	"resource_owner_id": "ResourceOwnerAccountId", "resource_owner_organization_id": "ResourceOwnerOrgId"}

// resourceMatcher compiles resource filters (nil: every resource passes).
func (s *Service) resourceMatcher(comps []composite, operator string) (func(*Resource) bool, *findings.FilterTree, error) {
	if len(comps) == 0 {
		return func(*Resource) bool { return true }, nil, nil
	}
	t, err := tree(comps, operator, func(l leaf) (findings.FilterLeaf, error) {
		f, ok := resourceFields[l.field]
		if !ok || f.kind != l.kind {
			return findings.FilterLeaf{}, apierr.V2UnknownField.New("Filters", l.field)
		}
		path := splitPath(f.path)
		return findings.FilterLeaf{Key: l.field, Filter: l.filter, Custom: &findings.CustomKey{Kind: f.kind,
			Values: func(doc map[string]any) []any { return valuesAt(doc, path) }}}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	m, err := findings.CompileTree(*t, s.Clock.Now())
	if err != nil {
		return nil, nil, v2Error(err)
	}
	return func(r *Resource) bool { return m.Matches(r.doc()) }, t, nil
}

// resourceComposites reads GetResourcesV2's filters.
func resourceComposites(list []resourceComposite) ([]composite, error) {
	var out []composite
	for _, c := range list {
		comp := composite{or: c.Operator == "OR"}
		for kind, n := range map[string]int{"StringFilters": len(c.Strings), "DateFilters": len(c.Dates),
			"NumberFilters": len(c.Numbers), "MapFilters": len(c.Maps)} {
			if err := counted(kind, n); err != nil {
				return nil, err
			}
		}
		comp.leaves = append(append(append(append(comp.leaves, c.Strings...), c.Dates...), c.Numbers...), c.Maps...)
		nested, err := resourceComposites(c.Nested)
		if err != nil {
			return nil, err
		}
		comp.nested = nested
		out = append(out, comp)
	}
	return out, nil
}

// resourceComposite is a ResourcesCompositeFilter (or, with strings only, a
// ResourcesTrendsCompositeFilter) read into leaves by the handlers.
type resourceComposite struct {
	Operator                      string
	Strings, Dates, Numbers, Maps []leaf
	Nested                        []resourceComposite
}

// ResourcesQuery is a GetResourcesV2 request.
type ResourcesQuery struct {
	Scopes     []sh.AwsOrganizationScope
	Composites []resourceComposite
	Operator   string
	Sort       []Sort
	MaxResults int
	NextToken  string
}

// defaultResourcePage is GetResourcesV2's page size without MaxResults.
const defaultResourcePage = 100

// GetResources returns a page of the resources of the caller's findings that pass the
// filters, sorted by the criteria (by default by resource id, then account and region).
func (s *Service) GetResources(ctx context.Context, c identity.Caller, q ResourcesQuery) ([]*Resource, string, error) {
	comps, err := resourceComposites(q.Composites)
	if err != nil {
		return nil, "", err
	}
	match, t, err := s.resourceMatcher(comps, q.Operator)
	if err != nil {
		return nil, "", err
	}
	for _, sc := range q.Sort {
		if f, ok := resourceFields[sc.Field]; !ok || f.kind == findings.KindMap {
			return nil, "", apierr.V2UnknownField.New("SortCriteria", sc.Field)
		}
	}
	all, err := s.resources(ctx, c, q.Scopes)
	if err != nil {
		return nil, "", err
	}
	var list []*Resource
	for _, r := range all {
		if match(r) {
			list = append(list, r)
		}
	}
	sortResources(list, q.Sort)
	hash, _ := json.Marshal([]any{t, q.Sort})
	page := paging.Page{Scope: paging.Scope("GetResourcesV2", c.Partition, c.Region, c.AccountID, string(hash)),
		NextToken: q.NextToken, MaxResults: q.MaxResults, Default: defaultResourcePage}
	out, next, err := paging.Offset(s.Pages, page, list)
	return out, next, v2Error(err)
}

func sortResources(list []*Resource, criteria []Sort) {
	criteria = append(append([]Sort{}, criteria...), Sort{Field: "ResourceId"}, Sort{Field: "AccountId"}, Sort{Field: "Region"})
	docs := make(map[*Resource]map[string]any, len(list))
	for _, r := range list {
		docs[r] = r.doc()
	}
	key := func(r *Resource, field string) (string, float64, bool) {
		vs := valuesAt(docs[r], splitPath(resourceFields[field].path))
		if len(vs) == 0 {
			return "", 0, false
		}
		if n, ok := vs[0].(json.Number); ok {
			f, _ := n.Float64()
			return "", f, true
		}
		return str(vs[0]), 0, true
	}
	sort.SliceStable(list, func(i, j int) bool {
		for _, sc := range criteria {
			as, an, aok := key(list[i], sc.Field)
			bs, bn, bok := key(list[j], sc.Field)
			switch {
			case !aok && !bok:
				continue
			case !aok:
				return false
			case !bok:
				return true
			}
			if as != bs {
				return (as < bs) != sc.Desc
			}
			if an != bn {
				return (an < bn) != sc.Desc
			}
		}
		return false
	})
}

// resourceGroupFields are the model's ResourceGroupByField values.
var resourceGroupFields = map[string]bool{"AccountId": true, "Region": true, "ResourceCategory": true, "ResourceType": true,
	"ResourceName": true, "FindingsSummary.FindingType": true, "AccountName": true, "ResourceProvider": true,
	"ResourceOwnerAccountId": true, "ResourceOwnerOrgId": true, "ResourceCloudPartition": true, "ResourceRegion": true,
	"ResourceSubCategory": true, "DiscoveryType": true, "ResourceInfo.AIDetails.HostResourceType": true,
	"ResourceInfo.AIDetails.CanonicalId": true}

// ResourceGroupRule is one GetResourcesStatisticsV2 GroupByRules entry.
type ResourceGroupRule struct {
	Field      string
	Composites []resourceComposite
	Operator   string
}

// ResourceStatistics counts the resources of the caller's findings by each rule's field,
// within its filters (a resource counts once for each distinct value it holds).
func (s *Service) ResourceStatistics(ctx context.Context, c identity.Caller, scopes []sh.AwsOrganizationScope, rules []ResourceGroupRule, asc bool, limit int) ([]GroupResult, error) {
	if len(rules) > maxGroupByRules {
		return nil, apierr.V2TooMany.New("GroupByRules", maxGroupByRules, len(rules))
	}
	matchers := make([]func(*Resource) bool, len(rules))
	for i, r := range rules {
		if !resourceGroupFields[r.Field] {
			return nil, apierr.V2UnknownField.New("GroupByRules.GroupByField", r.Field)
		}
		comps, err := resourceComposites(r.Composites)
		if err != nil {
			return nil, err
		}
		if matchers[i], _, err = s.resourceMatcher(comps, r.Operator); err != nil {
			return nil, err
		}
	}
	all, err := s.resources(ctx, c, scopes)
	if err != nil {
		return nil, err
	}
	out := make([]GroupResult, len(rules))
	for i, r := range rules {
		counts := map[string]int{}
		path := splitPath(r.Field)
		for _, res := range all {
			if !matchers[i](res) {
				continue
			}
			seen := map[string]bool{}
			for _, v := range valuesAt(res.doc(), path) {
				if s := str(v); s != "" && !seen[s] {
					seen[s] = true
					counts[s]++
				}
			}
		}
		res := GroupResult{Field: r.Field, Values: []GroupCount{}}
		for v, n := range counts {
			res.Values = append(res.Values, GroupCount{v, n})
		}
		res.Values = ranked(res.Values, asc, limit)
		out[i] = res
	}
	return out, nil
}

// ResourceCount is how many resources there were at one trend point.
type ResourceCount struct {
	At    time.Time
	Count int
}

// ResourcesTrendsQuery is a GetResourcesTrendsV2 request.
type ResourcesTrendsQuery struct {
	Start, End time.Time
	Composites []resourceComposite
	Operator   string
	MaxResults int
	NextToken  string
}

// ResourceTrends counts, at each point of the range, the resources of the caller's findings
// that pass the filters and were known (their first finding created) at or before it.
func (s *Service) ResourceTrends(ctx context.Context, c identity.Caller, q ResourcesTrendsQuery) (string, []ResourceCount, string, error) {
	granularity, points, err := trendPoints(q.Start, q.End)
	if err != nil {
		return "", nil, "", err
	}
	comps, err := resourceComposites(q.Composites)
	if err != nil {
		return "", nil, "", err
	}
	match, t, err := s.resourceMatcher(comps, q.Operator)
	if err != nil {
		return "", nil, "", err
	}
	hash, _ := json.Marshal([]any{q.Start, q.End, t})
	page := paging.Page{Scope: paging.Scope("GetResourcesTrendsV2", c.Partition, c.Region, c.AccountID, string(hash)),
		NextToken: q.NextToken, MaxResults: q.MaxResults, Default: defaultTrendPage}
	points, next, err := paging.Offset(s.Pages, page, points)
	if err != nil {
		return "", nil, "", v2Error(err)
	}
	all, err := s.resources(ctx, c, nil)
	if err != nil {
		return "", nil, "", err
	}
	out := make([]ResourceCount, len(points))
	for i, p := range points {
		out[i].At = p
	}
	for _, r := range all {
		if !match(r) {
			continue
		}
		for i, p := range points {
			if !r.Created.After(p) {
				out[i].Count++
			}
		}
	}
	return granularity, out, next, nil
}
