package findings

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/shapes"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/wire"
)

type importFailure struct {
	Id           string `json:"Id"`
	ErrorCode    string `json:"ErrorCode"`
	ErrorMessage string `json:"ErrorMessage"`
}

type batchImportFindingsOutput struct {
	FailedCount    int             `json:"FailedCount"`
	SuccessCount   int             `json:"SuccessCount"`
	FailedFindings []importFailure `json:"FailedFindings"`
}

type getFindingsInput struct {
	Filters      map[string]any `json:"Filters"`
	SortCriteria []struct {
		Field     string `json:"Field"`
		SortOrder string `json:"SortOrder"`
	} `json:"SortCriteria"`
	MaxResults int    `json:"MaxResults"`
	NextToken  string `json:"NextToken"`
}

type getFindingsOutput struct {
	Findings  []json.RawMessage `json:"Findings"`
	NextToken string            `json:"NextToken,omitempty"`
}

type updateFindingsInput struct {
	Filters     map[string]any `json:"Filters"`
	Note        map[string]any `json:"Note"`
	RecordState string         `json:"RecordState"`
}

type findingIdentifier struct {
	Id         string `json:"Id"`
	ProductArn string `json:"ProductArn"`
}

type unprocessedFinding struct {
	FindingIdentifier findingIdentifier `json:"FindingIdentifier"`
	ErrorCode         string            `json:"ErrorCode"`
	ErrorMessage      string            `json:"ErrorMessage"`
}

type batchUpdateFindingsOutput struct {
	ProcessedFindings   []findingIdentifier  `json:"ProcessedFindings"`
	UnprocessedFindings []unprocessedFinding `json:"UnprocessedFindings"`
}

type getFindingHistoryInput struct {
	FindingIdentifier findingIdentifier `json:"FindingIdentifier"`
	StartTime         string            `json:"StartTime"`
	EndTime           string            `json:"EndTime"`
	MaxResults        int               `json:"MaxResults"`
	NextToken         string            `json:"NextToken"`
}

type wireHistoryUpdate struct {
	UpdatedField string `json:"UpdatedField,omitempty"`
	OldValue     string `json:"OldValue,omitempty"`
	NewValue     string `json:"NewValue,omitempty"`
}

type wireHistoryRecord struct {
	FindingIdentifier findingIdentifier `json:"FindingIdentifier"`
	UpdateTime        string            `json:"UpdateTime"`
	FindingCreated    bool              `json:"FindingCreated"`
	UpdateSource      struct {
		Type     string `json:"Type"`
		Identity string `json:"Identity"`
	} `json:"UpdateSource"`
	Updates []wireHistoryUpdate `json:"Updates"`
}

type getFindingHistoryOutput struct {
	Records   []wireHistoryRecord `json:"Records"`
	NextToken string              `json:"NextToken,omitempty"`
}

// findingTime reads a timestamp member (ISO 8601 string or epoch seconds).
func findingTime(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return t, apierr.InvalidInputf("Invalid parameter '%s'. Expected an ISO 8601 timestamp.", name)
	}
	return t, nil
}

func registerHandlers(r domain.Registry, svc *Service) {
	f := svc
	// The findings stay decoded as the wire layer read them: no second pass over a 6 MB body.
	r.Handle("BatchImportFindings", wire.LegacyRaw(func(ctx context.Context, caller identity.Caller, doc map[string]any) (any, error) {
		docs, _ := doc["Findings"].([]any)
		res, err := f.Import(ctx, caller, docs, wire.BodySize(ctx))
		if err != nil {
			return nil, err
		}
		out := &batchImportFindingsOutput{FailedCount: res.FailedCount, SuccessCount: res.SuccessCount, FailedFindings: []importFailure{}}
		for _, ff := range res.Failed {
			out.FailedFindings = append(out.FailedFindings, importFailure{ff.ID, ff.ErrorCode, ff.ErrorMessage})
		}
		return out, nil
	}))
	r.Handle("GetFindings", wire.Legacy(func(ctx context.Context, c identity.Caller, in *getFindingsInput) (*getFindingsOutput, error) {
		q := Query{Filters: in.Filters, MaxResults: in.MaxResults, NextToken: in.NextToken}
		for _, sc := range in.SortCriteria {
			q.Sort = append(q.Sort, SortCriterion{Field: sc.Field, Desc: strings.EqualFold(sc.SortOrder, "desc")})
		}
		docs, next, err := f.Get(ctx, c, q)
		if err != nil {
			return nil, err
		}
		return &getFindingsOutput{Findings: append([]json.RawMessage{}, docs...), NextToken: next}, nil
	}))
	r.Handle("BatchUpdateFindings", wire.LegacyRaw(func(ctx context.Context, caller identity.Caller, doc map[string]any) (any, error) {
		in := make(map[string]any, len(doc))
		for k, v := range doc {
			in[k] = v
		}
		var ids []Identifier
		raw, _ := json.Marshal(in["FindingIdentifiers"])
		if err := json.Unmarshal(raw, &ids); err != nil {
			return nil, apierr.InvalidInputf("Invalid parameter 'FindingIdentifiers'. %v.", err)
		}
		if len(ids) > 100 {
			return nil, apierr.InvalidInputf("Invalid parameter 'FindingIdentifiers'. Size '%d' is greater than maximum value: 100.", len(ids))
		}
		if len(ids) == 0 {
			return nil, apierr.InvalidInputf("Invalid parameter 'FindingIdentifiers'. Size '0' is less than minimum value: 1.")
		}
		delete(in, "FindingIdentifiers")
		processed, unprocessed, err := f.BatchUpdate(ctx, caller, ids, in)
		if err != nil {
			return nil, err
		}
		out := &batchUpdateFindingsOutput{ProcessedFindings: []findingIdentifier{}, UnprocessedFindings: []unprocessedFinding{}}
		for _, p := range processed {
			out.ProcessedFindings = append(out.ProcessedFindings, findingIdentifier{p.ID, p.ProductARN})
		}
		for _, u := range unprocessed {
			out.UnprocessedFindings = append(out.UnprocessedFindings, unprocessedFinding{findingIdentifier{u.Identifier.ID, u.Identifier.ProductARN}, u.ErrorCode, u.ErrorMessage})
		}
		return out, nil
	}))
	r.Handle("UpdateFindings", wire.Legacy(func(ctx context.Context, c identity.Caller, in *updateFindingsInput) (*struct{}, error) {
		return nil, f.UpdateLegacy(ctx, c, in.Filters, in.Note, in.RecordState)
	}))
	r.Handle("GetFindingHistory", wire.Legacy(func(ctx context.Context, c identity.Caller, in *getFindingHistoryInput) (*getFindingHistoryOutput, error) {
		start, err := findingTime("StartTime", in.StartTime)
		if err != nil {
			return nil, err
		}
		end, err := findingTime("EndTime", in.EndTime)
		if err != nil {
			return nil, err
		}
		recs, next, err := f.History(ctx, c, Identifier{ID: in.FindingIdentifier.Id, ProductARN: in.FindingIdentifier.ProductArn},
			start, end, in.MaxResults, in.NextToken)
		if err != nil {
			return nil, err
		}
		out := &getFindingHistoryOutput{Records: []wireHistoryRecord{}, NextToken: next}
		for _, r := range recs {
			h := wireHistoryRecord{FindingIdentifier: findingIdentifier{r.Identifier.ID, r.Identifier.ProductARN},
				UpdateTime: timestamp(r.UpdateTime), FindingCreated: r.FindingCreated, Updates: []wireHistoryUpdate{}}
			h.UpdateSource.Type, h.UpdateSource.Identity = r.SourceType, r.SourceIdentity
			for _, u := range r.Updates {
				h.Updates = append(h.Updates, wireHistoryUpdate{u.Field, u.OldValue, u.NewValue})
			}
			out.Records = append(out.Records, h)
		}
		return out, nil
	}))
}

// timestamp renders a time as Security Hub does.
func timestamp(t time.Time) string { return shapes.Timestamp(t).String() }
