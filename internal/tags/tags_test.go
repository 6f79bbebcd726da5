package tags

import (
	"context"
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/storetest"
)

var owner = store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: "111111111111"}

func TestCountAfter(t *testing.T) {
	cases := []struct {
		name          string
		current, tags map[string]string
		want          int
	}{
		{"none", nil, nil, 0},
		{"new keys add", map[string]string{"a": "1"}, map[string]string{"b": "2", "c": "3"}, 3},
		{"existing keys overwrite", map[string]string{"a": "1", "b": "2"}, map[string]string{"a": "x"}, 2},
		{"mixed", map[string]string{"a": "1"}, map[string]string{"a": "x", "b": "y"}, 2},
	}
	for _, c := range cases {
		if got := countAfter(c.current, c.tags); got != c.want {
			t.Errorf("%s: countAfter = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestResolve(t *testing.T) {
	failure := errors.New("read failed")
	s := &Service{Resources: map[string]Exists{
		"hub/": func(_ store.Tx, _ store.AccountKey, _, resource string) (bool, error) {
			return resource == "hub/default", nil
		},
		"rule/": func(_ store.Tx, _ store.AccountKey, _, resource string) (bool, error) {
			if resource == "rule/broken" {
				return false, failure
			}
			return false, ErrUnknownType
		},
	}}
	const hubARN = "arn:aws:securityhub:us-east-1:111111111111:hub/default"
	cases := []struct {
		arn  string
		def  *apierr.Def // the error definition expected, if any
		want error       // else the error expected (nil: the resource resolves)
	}{
		{arn: hubARN},
		{arn: "arn:aws:securityhub:us-east-1::hub/default"}, // no account: the caller's (domain.OwnARN)
		{arn: "arn:aws:securityhub:eu-west-1::hub/default", def: &apierr.TaggedResourceNotFound},
		{arn: "arn:aws:securityhub:::hub/default", def: &apierr.TaggedResourceNotFound},
		{arn: "arn:aws:securityhub:us-east-1::hub/other", def: &apierr.TaggedResourceNotFound},
		{arn: "arn:aws:securityhub:us-east-1::product/aws/guardduty", def: &apierr.TaggedResourceNotFound},
		{arn: "not-an-arn", def: &apierr.TagsInvalidResourceARN},
		{arn: "arn:aws:s3:us-east-1:111111111111:hub/default", def: &apierr.TagsInvalidResourceARN},
		{arn: "arn:aws:securityhub:us-east-1:111111111111", def: &apierr.TagsInvalidResourceARN},
		{arn: "arn:aws:securityhub:us-east-1:222222222222:hub/default", def: &apierr.TaggedResourceNotFound},
		{arn: "arn:aws:securityhub:eu-west-1:111111111111:hub/default", def: &apierr.TaggedResourceNotFound},
		{arn: "arn:aws-cn:securityhub:us-east-1:111111111111:hub/default", def: &apierr.TaggedResourceNotFound},
		{arn: "arn:aws:securityhub:us-east-1:111111111111:hub/other", def: &apierr.TaggedResourceNotFound},
		{arn: "arn:aws:securityhub:us-east-1:111111111111:insight/x", def: &apierr.TaggedResourceNotFound},
		{arn: "arn:aws:securityhub:us-east-1:111111111111:rule/x", def: &apierr.TaggedResourceNotFound},
		{arn: "arn:aws:securityhub:us-east-1:111111111111:rule/broken", want: failure},
	}
	for _, c := range cases {
		own, err := s.resolve(nil, owner, c.arn)
		switch {
		case c.def != nil:
			if !c.def.Is(err) {
				t.Errorf("%s: %v, want %s", c.arn, err, c.def.Message)
			} else if !strings.Contains(err.Error(), c.arn) {
				t.Errorf("%s: the message %q does not name the ARN as given", c.arn, err)
			}
		case !errors.Is(err, c.want):
			t.Errorf("%s: %v, want %v", c.arn, err, c.want)
		case err == nil && own != hubARN:
			t.Errorf("%s resolves to %s, want %s", c.arn, own, hubARN)
		}
	}
}

func TestStore(t *testing.T) {
	st := storetest.Open(t, Schema)
	ctx := context.Background()
	hubARN := "arn:aws:securityhub:us-east-1:111111111111:hub/default"
	otherRegion := store.AccountKey{Partition: "aws", Region: "eu-west-1", AccountID: owner.AccountID}
	otherARN := "arn:aws:securityhub:eu-west-1:111111111111:hub/default"
	update := func(fn func(tx store.Tx) error) {
		t.Helper()
		if err := st.Update(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	tagsOf := func(arn string) map[string]string {
		t.Helper()
		var got map[string]string
		if err := st.View(ctx, func(tx store.Tx) (err error) { got, err = read(tx, arn); return err }); err != nil {
			t.Fatal(err)
		}
		return got
	}

	if got := tagsOf(hubARN); got == nil || len(got) != 0 {
		t.Fatalf("tags of an untagged resource = %#v, want an empty map", got)
	}
	update(func(tx store.Tx) error { return Set(tx, owner, hubARN, map[string]string{"a": "1", "b": "2"}) })
	update(func(tx store.Tx) error { return Set(tx, owner, hubARN, map[string]string{"b": "3"}) })
	update(func(tx store.Tx) error { return Set(tx, otherRegion, otherARN, map[string]string{"k": "v"}) })
	if got := tagsOf(hubARN); !maps.Equal(got, map[string]string{"a": "1", "b": "3"}) {
		t.Fatalf("after Set = %v", got)
	}
	update(func(tx store.Tx) error { return remove(tx, hubARN, []string{"a", "absent"}) })
	if got := tagsOf(hubARN); !maps.Equal(got, map[string]string{"b": "3"}) {
		t.Fatalf("after remove = %v", got)
	}
	// Disabling the hub deletes the account's tags in that region only.
	update(func(tx store.Tx) error { return deleteAccount(tx, owner) })
	if got := tagsOf(hubARN); len(got) != 0 {
		t.Errorf("after deleteAccount = %v", got)
	}
	if got := tagsOf(otherARN); !maps.Equal(got, map[string]string{"k": "v"}) {
		t.Errorf("another region's tags after deleteAccount = %v", got)
	}
}

func TestTagLimit(t *testing.T) {
	st := storetest.Open(t, Schema)
	ctx := context.Background()
	s := &Service{Store: st, Resources: map[string]Exists{
		"hub/": func(store.Tx, store.AccountKey, string, string) (bool, error) { return true, nil },
	}}
	c := identity.Caller{Partition: owner.Partition, Region: owner.Region, AccountID: owner.AccountID}
	arn := "arn:aws:securityhub:us-east-1:111111111111:hub/default"
	full := map[string]string{}
	for i := range MaxTagsPerResource {
		full[string(rune('A'+i%26))+string(rune('a'+i/26))] = "v"
	}
	if err := s.Tag(ctx, c, arn, full); err != nil {
		t.Fatalf("tagging up to the limit: %v", err)
	}
	if err := s.Tag(ctx, c, arn, map[string]string{"Aa": "overwritten"}); err != nil {
		t.Errorf("overwriting a tag at the limit: %v", err)
	}
	if err := s.Tag(ctx, c, arn, map[string]string{"one-more": "v"}); !apierr.TagsLimitExceeded.Is(err) {
		t.Errorf("a tag past the limit: %v", err)
	} else if err.Error() != "InvalidInputException: Invalid parameter 'Tags'. A resource can have at most 50 tags." {
		t.Errorf("message: %v", err)
	}
	got, err := s.List(ctx, c, arn)
	if err != nil || len(got) != MaxTagsPerResource || got["Aa"] != "overwritten" {
		t.Errorf("List = %d tags, Aa=%q, %v", len(got), got["Aa"], err)
	}
}
