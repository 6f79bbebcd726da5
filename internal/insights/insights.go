// Package insights is Security Hub's insights: custom insights of an account (CreateInsight,
// UpdateInsight, DeleteInsight, GetInsights), the 32 managed insights, and their results
// (GetInsightResults), which count the findings the caller may see.
package insights

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/paging"
	"github.com/sechub/sechub/internal/store"
)

// MaxCustomInsights is AWS's quota of custom insights per account and region.
const MaxCustomInsights = 100

// MaxNameLength is the longest insight name, in characters. AWS documents none and the model
// sets none; sechub's bound is that of a tag key, long enough for any name a console shows.
const MaxNameLength = 128

// MaxFiltersBytes bounds an insight's Filters document, as JSON: AWS documents no bound but
// 10 attributes of 20 values; 64 KiB gives each of those 200 values over 300 characters, and
// keeps a page of 100 insights small.
const MaxFiltersBytes = 64 << 10

// Insight is an insight as the operations show it.
type Insight struct {
	ARN              string
	Name             string
	Filters          map[string]any
	GroupByAttribute string
}

// Service runs the insight operations.
type Service struct {
	Store store.Store
	Clock clock.Clock
	// Pages cuts GetInsights into pages.
	Pages paging.Pager
	// Findings validates filters and counts the findings of insight results.
	Findings *findings.Service
}

func bytesReader(s string) *bytes.Reader { return bytes.NewReader([]byte(s)) }

func (s *Service) check(name string, filters map[string]any, groupBy string) error {
	if n := utf8.RuneCountInString(name); n > MaxNameLength {
		return apierr.MemberTooLong.New("Name", n, MaxNameLength)
	}
	if groupBy != "" && !findings.Groupable(groupBy) {
		return apierr.InsightNotGroupable.New(groupBy)
	}
	if filters != nil {
		if raw, _ := json.Marshal(filters); len(raw) > MaxFiltersBytes {
			return apierr.InsightFiltersTooLarge.New(len(raw), MaxFiltersBytes)
		}
		return s.Findings.CheckFilters(filters)
	}
	return nil
}

// Create makes a custom insight and returns its ARN.
func (s *Service) Create(ctx context.Context, c identity.Caller, name string, filters map[string]any, groupBy string) (string, error) {
	if err := s.check(name, filters, groupBy); err != nil {
		return "", err
	}
	raw, err := json.Marshal(filters)
	if err != nil {
		return "", err
	}
	key := domain.Key(c)
	arn := fmt.Sprintf("arn:%s:securityhub:%s:%s:insight/%s/custom/%s", c.Partition, c.Region, c.AccountID, c.AccountID, uuid.NewString())
	err = s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := hub.Require(tx, key); err != nil {
			return err
		}
		existing, err := readInsights(tx, key)
		if err != nil {
			return err
		}
		if len(existing) >= MaxCustomInsights {
			return apierr.InsightLimitExceeded.New(MaxCustomInsights)
		}
		return putInsight(tx, customInsight{Key: key, ARN: arn, Name: name, Filters: raw, GroupByAttribute: groupBy, CreatedAt: s.Clock.Now()})
	})
	return arn, err
}

// isManaged reports whether arn is a managed insight's, and which.
func isManaged(arn string) (managed, bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || !strings.HasPrefix(parts[5], "insight/securityhub/default/") {
		return managed{}, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(parts[5], "insight/securityhub/default/"))
	if err != nil {
		return managed{}, false
	}
	for _, m := range managedInsights {
		if m.n == n {
			return m, true
		}
	}
	return managed{}, false
}

func validARN(arn string) bool {
	parts := strings.SplitN(arn, ":", 6)
	return len(parts) == 6 && parts[0] == "arn" && parts[2] == "securityhub" && strings.HasPrefix(parts[5], "insight/")
}

func notFound(arn string) error { return apierr.InsightNotFound.New(arn) }

// Update changes a custom insight's name, filters (replaced whole) or grouping. An ARN
// without an account names the caller's insight (domain.OwnARN).
func (s *Service) Update(ctx context.Context, c identity.Caller, arn, name string, filters map[string]any, groupBy string) error {
	if _, ok := isManaged(arn); ok {
		return apierr.ManagedInsightUpdate.New()
	}
	if !validARN(arn) {
		return apierr.InsightInvalidARN.New(arn)
	}
	if err := s.check(name, filters, groupBy); err != nil {
		return err
	}
	key := domain.Key(c)
	own := domain.OwnARN(key, arn)
	return s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := hub.Require(tx, key); err != nil {
			return err
		}
		in, err := readInsight(tx, key, own)
		if errors.Is(err, store.ErrNotFound) {
			return notFound(arn)
		} else if err != nil {
			return err
		}
		if name != "" {
			in.Name = name
		}
		if filters != nil {
			if in.Filters, err = json.Marshal(filters); err != nil {
				return err
			}
		}
		if groupBy != "" {
			in.GroupByAttribute = groupBy
		}
		return putInsight(tx, in)
	})
}

// Delete deletes a custom insight and returns its ARN: arn, or arn with the caller's account
// when it has none (domain.OwnARN).
func (s *Service) Delete(ctx context.Context, c identity.Caller, arn string) (string, error) {
	if _, ok := isManaged(arn); ok {
		return "", apierr.ManagedInsightDelete.New()
	}
	key := domain.Key(c)
	own := domain.OwnARN(key, arn)
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		if _, err := hub.Require(tx, key); err != nil {
			return err
		}
		if _, err := readInsight(tx, key, own); errors.Is(err, store.ErrNotFound) {
			return notFound(arn)
		} else if err != nil {
			return err
		}
		return deleteInsight(tx, key, own)
	})
	if err != nil {
		return "", err
	}
	return own, nil
}

func decodeFilters(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var f map[string]any
	return f, dec.Decode(&f)
}

// lookup returns a custom or managed insight of the caller inside tx; an ARN without an
// account names the caller's custom insight (domain.OwnARN).
func lookup(tx store.Tx, c identity.Caller, arn string) (Insight, error) {
	if m, ok := isManaged(arn); ok {
		f, err := m.filtersDoc()
		return Insight{ARN: managedARN(c.Partition, m.n), Name: m.name, Filters: f, GroupByAttribute: m.groupBy}, err
	}
	key := domain.Key(c)
	in, err := readInsight(tx, key, domain.OwnARN(key, arn))
	if errors.Is(err, store.ErrNotFound) {
		return Insight{}, notFound(arn)
	} else if err != nil {
		return Insight{}, err
	}
	f, err := decodeFilters(in.Filters)
	return Insight{ARN: in.ARN, Name: in.Name, Filters: f, GroupByAttribute: in.GroupByAttribute}, err
}

// Get returns the named insights (custom or managed), or all of the caller's custom insights
// when arns is empty, a page at a time.
func (s *Service) Get(ctx context.Context, c identity.Caller, arns []string, maxResults int, nextToken string) ([]Insight, string, error) {
	var all []Insight
	err := s.Store.View(ctx, func(tx store.Tx) error {
		key := domain.Key(c)
		if _, err := hub.Require(tx, key); err != nil {
			return err
		}
		if len(arns) == 0 {
			custom, err := readInsights(tx, key)
			if err != nil {
				return err
			}
			for _, in := range custom {
				f, err := decodeFilters(in.Filters)
				if err != nil {
					return err
				}
				all = append(all, Insight{ARN: in.ARN, Name: in.Name, Filters: f, GroupByAttribute: in.GroupByAttribute})
			}
			return nil
		}
		for _, arn := range arns {
			in, err := lookup(tx, c, arn)
			if err != nil {
				return err
			}
			all = append(all, in)
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	page := paging.Page{Scope: paging.Scope(append([]string{"GetInsights", c.Partition, c.Region, c.AccountID}, arns...)...),
		NextToken: nextToken, MaxResults: maxResults, Default: 100}
	return paging.Offset(s.Pages, page, all)
}

// Results counts the caller's visible findings matching the insight, by its attribute.
func (s *Service) Results(ctx context.Context, c identity.Caller, arn string) (Insight, []findings.GroupCount, error) {
	var in Insight
	err := s.Store.View(ctx, func(tx store.Tx) error {
		if _, err := hub.Require(tx, domain.Key(c)); err != nil {
			return err
		}
		var err error
		in, err = lookup(tx, c, arn)
		return err
	})
	if err != nil {
		return in, nil, err
	}
	groups, err := s.Findings.GroupCounts(ctx, c, in.Filters, in.GroupByAttribute)
	return in, groups, err
}
