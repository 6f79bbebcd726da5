package controls

import (
	"context"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/shapes"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/wire"
)

// answersLimit bounds each cache of encoded pages (a page of 100 controls is about 57 KB).
const answersLimit = 16 << 20

// definitionsPage names a page of ListSecurityControlDefinitions: the caller (whose
// NextTokens it holds), the request's filter and where the page starts.
type definitionsPage struct {
	key          store.AccountKey
	standardsARN string
	nextToken    string
	maxResults   int
	aws          bool // whether the request's Providers select AWS's controls
}

func registerHandlers(r domain.Registry, svc *Service) {
	controlPages := wire.NewAnswers[PageVersion, sh.DescribeStandardsControlsResponse](answersLimit)
	r.Handle("DescribeStandardsControls", wire.TypedEncoded(func(ctx context.Context, c identity.Caller, in *sh.DescribeStandardsControlsRequest) (wire.Encoded[sh.DescribeStandardsControlsResponse], error) {
		page, err := svc.DescribeStandardsControls(ctx, c, in.StandardsSubscriptionArn, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return wire.Encoded[sh.DescribeStandardsControlsResponse]{}, err
		}
		answers := controlPages
		if page.Version == (PageVersion{}) {
			answers = nil
		}
		return answers.Get(page.Version, func() (*sh.DescribeStandardsControlsResponse, error) {
			list := page.Controls()
			out := &sh.DescribeStandardsControlsResponse{Controls: make([]sh.StandardsControl, len(list)), NextToken: page.NextToken}
			for i, a := range list {
				out.Controls[i] = sh.StandardsControl{StandardsControlArn: a.ARN(), ControlStatus: a.Status,
					DisabledReason: a.Reason, ControlStatusUpdatedAt: shapes.Timestamp(a.UpdatedAt),
					ControlId: a.ControlID, Title: a.Control.Title, Description: a.Control.Description(),
					RemediationUrl: a.RemediationURL, SeverityRating: a.Control.Severity,
					RelatedRequirements: shapes.NonNil(a.Requirements)}
			}
			return out, nil
		})
	}))
	r.Handle("UpdateStandardsControl", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.UpdateStandardsControlRequest) (*sh.UpdateStandardsControlResponse, error) {
		return &sh.UpdateStandardsControlResponse{}, svc.UpdateStandardsControl(ctx, c, in.StandardsControlArn, in.ControlStatus, in.DisabledReason)
	}).EmptyAsAbsent("DisabledReason"))
	r.Handle("BatchGetSecurityControls", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.BatchGetSecurityControlsRequest) (*sh.BatchGetSecurityControlsResponse, error) {
		list, failures, err := svc.BatchGetSecurityControls(ctx, c, in.SecurityControlIds)
		if err != nil {
			return nil, err
		}
		key := domain.Key(c)
		out := &sh.BatchGetSecurityControlsResponse{SecurityControls: make([]sh.SecurityControl, len(list))}
		for i, sc := range list {
			params := make(map[string]sh.ParameterConfiguration, len(sc.Parameters))
			for name, p := range sc.Parameters {
				params[name] = parameterShape(p)
			}
			out.SecurityControls[i] = sh.SecurityControl{SecurityControlId: sc.Control.ID,
				SecurityControlArn: SecurityControlARN(key, sc.Control.ID), Title: sc.Control.Title,
				Description: sc.Control.Description(), RemediationUrl: RemediationURL(sc.Control.ID),
				SeverityRating: sc.Control.Severity, SecurityControlStatus: sc.Status, UpdateStatus: sc.UpdateStatus,
				Parameters: params, LastUpdateReason: sc.LastUpdateReason}
		}
		for _, f := range failures {
			out.UnprocessedIds = append(out.UnprocessedIds, sh.UnprocessedSecurityControl{
				SecurityControlId: in.SecurityControlIds[f.Index], ErrorCode: f.Code, ErrorReason: f.Reason})
		}
		return out, nil
	}))
	r.Handle("UpdateSecurityControl", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.UpdateSecurityControlRequest) (*sh.UpdateSecurityControlResponse, error) {
		params := make(map[string]ParameterUpdate, len(in.Parameters))
		for name, p := range in.Parameters {
			u := ParameterUpdate{Custom: p.ValueType == sh.ParameterValueTypeCustom}
			if p.Value != nil {
				u.Value = ValueOf(p.Value)
			}
			params[name] = u
		}
		return &sh.UpdateSecurityControlResponse{}, svc.UpdateSecurityControl(ctx, c, in.SecurityControlId, params, in.LastUpdateReason)
	}))
	definitionPages := wire.NewAnswers[definitionsPage, sh.ListSecurityControlDefinitionsResponse](answersLimit)
	r.Handle("ListSecurityControlDefinitions", wire.TypedEncoded(func(ctx context.Context, c identity.Caller, in *sh.ListSecurityControlDefinitionsRequest) (wire.Encoded[sh.ListSecurityControlDefinitionsResponse], error) {
		list, next, err := svc.ListSecurityControlDefinitions(ctx, c, in.StandardsArn, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return wire.Encoded[sh.ListSecurityControlDefinitionsResponse]{}, err
		}
		aws := domain.SelectsAWS(in.Providers)
		// The catalogue does not change, so the page is made from the request and the caller.
		key := definitionsPage{domain.Key(c), in.StandardsArn, in.NextToken, paging.MaxResults(in.MaxResults), aws}
		return definitionPages.Get(key, func() (*sh.ListSecurityControlDefinitionsResponse, error) {
			if !aws {
				list, next = nil, ""
			}
			out := &sh.ListSecurityControlDefinitionsResponse{SecurityControlDefinitions: make([]sh.SecurityControlDefinition, len(list)), NextToken: next}
			for i, ctl := range list {
				out.SecurityControlDefinitions[i] = definitionShape(ctl, false)
			}
			return out, nil
		})
	}))
	r.Handle("GetSecurityControlDefinition", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.GetSecurityControlDefinitionRequest) (*sh.GetSecurityControlDefinitionResponse, error) {
		ctl, err := svc.GetSecurityControlDefinition(ctx, c, in.SecurityControlId)
		if err != nil {
			return nil, err
		}
		return &sh.GetSecurityControlDefinitionResponse{SecurityControlDefinition: new(definitionShape(ctl, true))}, nil
	}))
	r.Handle("ListStandardsControlAssociations", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.ListStandardsControlAssociationsRequest) (*sh.ListStandardsControlAssociationsResponse, error) {
		list, next, err := svc.ListStandardsControlAssociations(ctx, c, in.SecurityControlId, paging.MaxResults(in.MaxResults), in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &sh.ListStandardsControlAssociationsResponse{StandardsControlAssociationSummaries: make([]sh.StandardsControlAssociationSummary, len(list)), NextToken: next}
		for i, a := range list {
			out.StandardsControlAssociationSummaries[i] = sh.StandardsControlAssociationSummary{StandardsArn: a.StandardsARN(),
				SecurityControlId: a.Control.ID, SecurityControlArn: SecurityControlARN(a.Key, a.Control.ID),
				AssociationStatus: a.Status, RelatedRequirements: shapes.NonNil(a.Requirements),
				UpdatedAt: shapes.Timestamp(a.UpdatedAt), UpdatedReason: a.Reason,
				StandardsControlTitle: a.Control.Title, StandardsControlDescription: a.Control.Description()}
		}
		return out, nil
	}))
	r.Handle("BatchGetStandardsControlAssociations", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.BatchGetStandardsControlAssociationsRequest) (*sh.BatchGetStandardsControlAssociationsResponse, error) {
		ids := make([]AssociationID, len(in.StandardsControlAssociationIds))
		for i, id := range in.StandardsControlAssociationIds {
			ids[i] = AssociationID{SecurityControl: id.SecurityControlId, StandardsARN: id.StandardsArn}
		}
		list, failures, err := svc.BatchGetStandardsControlAssociations(ctx, c, ids)
		if err != nil {
			return nil, err
		}
		out := &sh.BatchGetStandardsControlAssociationsResponse{StandardsControlAssociationDetails: make([]sh.StandardsControlAssociationDetail, len(list))}
		for i, a := range list {
			out.StandardsControlAssociationDetails[i] = sh.StandardsControlAssociationDetail{StandardsArn: a.StandardsARN(),
				SecurityControlId: a.Control.ID, SecurityControlArn: SecurityControlARN(a.Key, a.Control.ID),
				AssociationStatus: a.Status, RelatedRequirements: shapes.NonNil(a.Requirements),
				UpdatedAt: shapes.Timestamp(a.UpdatedAt), UpdatedReason: a.Reason,
				StandardsControlTitle: a.Control.Title, StandardsControlDescription: a.Control.Description(),
				StandardsControlArns: []string{a.ARN()}}
		}
		for _, f := range failures {
			id := in.StandardsControlAssociationIds[f.Index]
			out.UnprocessedAssociations = append(out.UnprocessedAssociations, sh.UnprocessedStandardsControlAssociation{
				StandardsControlAssociationId: &id, ErrorCode: f.Code, ErrorReason: f.Reason})
		}
		return out, nil
	}))
	r.Handle("BatchUpdateStandardsControlAssociations", wire.Typed(func(ctx context.Context, c identity.Caller, in *sh.BatchUpdateStandardsControlAssociationsRequest) (*sh.BatchUpdateStandardsControlAssociationsResponse, error) {
		updates := make([]AssociationUpdate, len(in.StandardsControlAssociationUpdates))
		for i, u := range in.StandardsControlAssociationUpdates {
			updates[i] = AssociationUpdate{AssociationID: AssociationID{SecurityControl: u.SecurityControlId, StandardsARN: u.StandardsArn},
				Status: u.AssociationStatus, Reason: u.UpdatedReason}
		}
		failures, err := svc.BatchUpdateStandardsControlAssociations(ctx, c, updates)
		if err != nil {
			return nil, err
		}
		out := &sh.BatchUpdateStandardsControlAssociationsResponse{}
		for _, f := range failures {
			u := in.StandardsControlAssociationUpdates[f.Index]
			out.UnprocessedAssociationUpdates = append(out.UnprocessedAssociationUpdates, sh.UnprocessedStandardsControlAssociationUpdate{
				StandardsControlAssociationUpdate: &u, ErrorCode: f.Code, ErrorReason: f.Reason})
		}
		return out, nil
	}))
}

// definitionShape returns the wire form of a control definition; the parameter definitions
// are only in GetSecurityControlDefinition's answer, as in AWS.
func definitionShape(ctl *Control, withParameters bool) sh.SecurityControlDefinition {
	d := sh.SecurityControlDefinition{SecurityControlId: ctl.ID, Title: ctl.Title, Description: ctl.Description(),
		RemediationUrl: RemediationURL(ctl.ID), SeverityRating: ctl.Severity,
		CurrentRegionAvailability: sh.RegionAvailabilityStatusAvailable, CustomizableProperties: []string{}}
	if len(ctl.Params) > 0 {
		d.CustomizableProperties = []string{sh.SecurityControlPropertyParameters}
	}
	if withParameters && len(ctl.Params) > 0 {
		d.ParameterDefinitions = make(map[string]sh.ParameterDefinition, len(ctl.Params))
		for _, p := range ctl.Params {
			d.ParameterDefinitions[p.Name] = sh.ParameterDefinition{Description: "The " + p.Name + " parameter of " + ctl.ID + " (" + p.Type + ").",
				ConfigurationOptions: new(p.Options)}
		}
	}
	return d
}

// parameterShape returns the wire form of a parameter's setting.
func parameterShape(p ParameterSetting) sh.ParameterConfiguration {
	out := sh.ParameterConfiguration{ValueType: sh.ParameterValueTypeDefault}
	if p.Custom {
		out.ValueType = sh.ParameterValueTypeCustom
	}
	if p.HasValue {
		out.Value = ValueShape(p.Value)
	}
	return out
}

// ValueShape returns the wire form of a parameter value.
func ValueShape(v Value) *sh.ParameterValue {
	out := &sh.ParameterValue{}
	first := func(s []string) string {
		if len(s) == 0 {
			return ""
		}
		return s[0]
	}
	switch v.Type {
	case TypeInteger:
		if len(v.Integers) > 0 {
			out.Integer = new(v.Integers[0])
		}
	case TypeIntegerList:
		out.IntegerList = append([]int32{}, v.Integers...)
	case TypeDouble:
		out.Double = v.Double
	case TypeString:
		out.String = first(v.Strings)
	case TypeStringList:
		out.StringList = append([]string{}, v.Strings...)
	case TypeBoolean:
		out.Boolean = v.Bool
	case TypeEnum:
		out.Enum = first(v.Strings)
	case TypeEnumList:
		out.EnumList = append([]string{}, v.Strings...)
	}
	return out
}

// ValueOf reads a wire parameter value: the member that is set gives its type. A value with no member
// or several has Type "" or "several", which no parameter accepts.
func ValueOf(p *sh.ParameterValue) *Value {
	var set []Value
	if p.Integer != nil {
		set = append(set, Value{Type: TypeInteger, Integers: []int32{*p.Integer}})
	}
	if p.IntegerList != nil {
		set = append(set, Value{Type: TypeIntegerList, Integers: p.IntegerList})
	}
	if p.Double != nil {
		set = append(set, Value{Type: TypeDouble, Double: p.Double})
	}
	if p.String != "" {
		set = append(set, Value{Type: TypeString, Strings: []string{p.String}})
	}
	if p.StringList != nil {
		set = append(set, Value{Type: TypeStringList, Strings: p.StringList})
	}
	if p.Boolean != nil {
		set = append(set, Value{Type: TypeBoolean, Bool: p.Boolean})
	}
	if p.Enum != "" {
		set = append(set, Value{Type: TypeEnum, Strings: []string{p.Enum}})
	}
	if p.EnumList != nil {
		set = append(set, Value{Type: TypeEnumList, Strings: p.EnumList})
	}
	switch len(set) {
	case 1:
		return &set[0]
	case 0:
		return &Value{}
	}
	return &Value{Type: "several"}
}
