package findings

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
	r.Handle("BatchImportFindings", wire.Typed(s.batchImportFindings))
	r.Handle("GetFindings", wire.Typed(s.getFindings))
	r.Handle("BatchUpdateFindings", wire.Typed(s.batchUpdateFindings))
	r.Handle("UpdateFindings", wire.Typed(s.updateFindings))
	r.Handle("GetFindingHistory", wire.Typed(s.getFindingHistory))
}

// batchImportFindings imports the findings as the binder decoded them: a 6 MB body is not
// decoded twice.
func (s *Service) batchImportFindings(ctx context.Context, c identity.Caller, in *sh.BatchImportFindingsRequest) (*sh.BatchImportFindingsResponse, error) {
	docs := make([]any, len(in.Findings))
	for i, f := range in.Findings {
		docs[i] = f.Value
	}
	res, err := s.Import(ctx, c, docs, wire.BodySize(ctx))
	if err != nil {
		return nil, err
	}
	out := &sh.BatchImportFindingsResponse{FailedCount: new(int32(res.FailedCount)), SuccessCount: new(int32(res.SuccessCount)),
		FailedFindings: make([]sh.ImportFindingsError, 0, len(res.Failed))}
	for _, f := range res.Failed {
		out.FailedFindings = append(out.FailedFindings, sh.ImportFindingsError{Id: f.ID, ErrorCode: f.ErrorCode, ErrorMessage: f.ErrorMessage})
	}
	return out, nil
}

// getFindings answers with the stored documents as they are: nothing is encoded again.
func (s *Service) getFindings(ctx context.Context, c identity.Caller, in *sh.GetFindingsRequest) (*sh.GetFindingsResponse, error) {
	q := Query{Filters: in.Filters.Object(), NextToken: in.NextToken, MaxResults: paging.MaxResults(in.MaxResults),
		Reserve: func(n int64) bool { return wire.Reserve(ctx, n) }}
	for _, sc := range in.SortCriteria {
		q.Sort = append(q.Sort, SortCriterion{Field: sc.Field, Desc: strings.EqualFold(sc.SortOrder, string(sh.SortOrderDesc))})
	}
	docs, next, err := s.Get(ctx, c, q)
	if err != nil {
		return nil, err
	}
	out := &sh.GetFindingsResponse{Findings: make([]shapes.Document, len(docs)), NextToken: next}
	for i, d := range docs {
		out.Findings[i] = shapes.Document{Raw: d}
	}
	return out, nil
}

// batchUpdateFindings passes the update on as the validated input document, which the
// findings' history and their comparison need as JSON.
func (s *Service) batchUpdateFindings(ctx context.Context, c identity.Caller, in *sh.BatchUpdateFindingsRequest) (*sh.BatchUpdateFindingsResponse, error) {
	ids := make([]Identifier, len(in.FindingIdentifiers))
	for i, id := range in.FindingIdentifiers {
		ids[i] = Identifier{ID: id.Id, ProductARN: id.ProductArn}
	}
	processed, unprocessed, err := s.BatchUpdate(ctx, c, ids, wire.InputDocument(ctx))
	if err != nil {
		return nil, err
	}
	out := &sh.BatchUpdateFindingsResponse{ProcessedFindings: make([]sh.AwsSecurityFindingIdentifier, len(processed)),
		UnprocessedFindings: make([]sh.BatchUpdateFindingsUnprocessedFinding, len(unprocessed))}
	for i, p := range processed {
		out.ProcessedFindings[i] = identifierOut(p)
	}
	for i, u := range unprocessed {
		out.UnprocessedFindings[i] = sh.BatchUpdateFindingsUnprocessedFinding{FindingIdentifier: new(identifierOut(u.Identifier)),
			ErrorCode: u.ErrorCode, ErrorMessage: u.ErrorMessage}
	}
	return out, nil
}

func identifierOut(id Identifier) sh.AwsSecurityFindingIdentifier {
	return sh.AwsSecurityFindingIdentifier{Id: id.ID, ProductArn: id.ProductARN}
}

func (s *Service) updateFindings(ctx context.Context, c identity.Caller, in *sh.UpdateFindingsRequest) (*sh.UpdateFindingsResponse, error) {
	var note *Note
	if in.Note != nil {
		note = &Note{Text: in.Note.Text, UpdatedBy: in.Note.UpdatedBy}
	}
	return &sh.UpdateFindingsResponse{}, s.UpdateLegacy(ctx, c, in.Filters.Object(), note, in.RecordState)
}

func (s *Service) getFindingHistory(ctx context.Context, c identity.Caller, in *sh.GetFindingHistoryRequest) (*sh.GetFindingHistoryResponse, error) {
	var id Identifier
	if in.FindingIdentifier != nil {
		id = Identifier{ID: in.FindingIdentifier.Id, ProductARN: in.FindingIdentifier.ProductArn}
	}
	recs, next, err := s.History(ctx, c, id, in.StartTime.Time(), in.EndTime.Time(), paging.MaxResults(in.MaxResults), in.NextToken)
	if err != nil {
		return nil, err
	}
	out := &sh.GetFindingHistoryResponse{Records: make([]sh.FindingHistoryRecord, len(recs)), NextToken: next}
	for i, r := range recs {
		h := sh.FindingHistoryRecord{FindingIdentifier: new(identifierOut(r.Identifier)), UpdateTime: shapes.Timestamp(r.UpdateTime),
			FindingCreated: new(r.FindingCreated), UpdateSource: &sh.FindingHistoryUpdateSource{Type: r.SourceType, Identity: r.SourceIdentity},
			Updates: make([]sh.FindingHistoryUpdate, len(r.Updates))}
		for j, u := range r.Updates {
			h.Updates[j] = sh.FindingHistoryUpdate{UpdatedField: u.Field, OldValue: u.OldValue, NewValue: u.NewValue}
		}
		out.Records[i] = h
	}
	return out, nil
}
