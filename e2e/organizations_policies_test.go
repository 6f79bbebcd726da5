package e2e

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/sechub/sechub/internal/testenv"
)

const scp = orgtypes.PolicyTypeServiceControlPolicy

// listTags returns a resource's tags as key=value strings, in the order listed.
func listTags(t *testing.T, c *organizations.Client, id string) []string {
	t.Helper()
	out, err := c.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
	if err != nil {
		t.Fatalf("ListTagsForResource %s: %v", id, err)
	}
	var tags []string
	for _, tag := range out.Tags {
		tags = append(tags, aws.ToString(tag.Key)+"="+aws.ToString(tag.Value))
	}
	return tags
}

func tags(kv ...string) []orgtypes.Tag {
	var out []orgtypes.Tag
	for i := 0; i < len(kv); i += 2 {
		out = append(out, orgtypes.Tag{Key: aws.String(kv[i]), Value: aws.String(kv[i+1])})
	}
	return out
}

func rootOf(t *testing.T, c *organizations.Client) orgtypes.Root {
	t.Helper()
	out, err := c.ListRoots(ctx, &organizations.ListRootsInput{})
	if err != nil || len(out.Roots) != 1 {
		t.Fatalf("ListRoots: %+v %v", out, err)
	}
	return out.Roots[0]
}

// expectReason checks the Reason of a ConstraintViolationException or InvalidInputException.
func expectReason(t *testing.T, err error, reason string) {
	t.Helper()
	var cv *orgtypes.ConstraintViolationException
	var ii *orgtypes.InvalidInputException
	switch {
	case errors.As(err, &cv):
		if string(cv.Reason) != reason {
			t.Fatalf("ConstraintViolationException reason %q, want %q", cv.Reason, reason)
		}
	case errors.As(err, &ii):
		if string(ii.Reason) != reason {
			t.Fatalf("InvalidInputException reason %q, want %q", ii.Reason, reason)
		}
	default:
		t.Fatalf("expected a %s error, got %v", reason, err)
	}
}

// TestOrganizationTags: tags of accounts (CreateAccount's Tags too), the root, OUs and
// policies, and Organizations' errors.
func TestOrganizationTags(t *testing.T) {
	w := newOrgWorld(t)
	m := w.mgmt
	created, err := m.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("tagged"),
		Email: aws.String("tagged@example.com"), Tags: tags("env", "prod", "cost-center", "42")})
	if err != nil {
		t.Fatal(err)
	}
	acct := aws.ToString(created.CreateAccountStatus.AccountId)
	if got := listTags(t, m, acct); !slices.Equal(got, []string{"cost-center=42", "env=prod"}) {
		t.Fatalf("CreateAccount tags: %v", got)
	}
	if got := listTags(t, m, w.xID); len(got) != 0 {
		t.Fatalf("untagged account: %v", got)
	}
	// Overwrite, add, remove (an absent key is ignored).
	if _, err := m.TagResource(ctx, &organizations.TagResourceInput{ResourceId: aws.String(acct), Tags: tags("env", "dev", "team", "a")}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.UntagResource(ctx, &organizations.UntagResourceInput{ResourceId: aws.String(acct), TagKeys: []string{"cost-center", "nope"}}); err != nil {
		t.Fatal(err)
	}
	if got := listTags(t, m, acct); !slices.Equal(got, []string{"env=dev", "team=a"}) {
		t.Fatalf("after tag and untag: %v", got)
	}

	root := aws.ToString(rootOf(t, m).Id)
	ou, err := m.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(root),
		Name: aws.String("Security"), Tags: tags("k", "v")})
	if err != nil {
		t.Fatal(err)
	}
	ouID := aws.ToString(ou.OrganizationalUnit.Id)
	if got := listTags(t, m, ouID); !slices.Equal(got, []string{"k=v"}) {
		t.Fatalf("CreateOrganizationalUnit tags: %v", got)
	}
	if _, err := m.TagResource(ctx, &organizations.TagResourceInput{ResourceId: aws.String(root), Tags: tags("scope", "org")}); err != nil {
		t.Fatal(err)
	}
	if got := listTags(t, m, root); !slices.Equal(got, []string{"scope=org"}) {
		t.Fatalf("root tags: %v", got)
	}
	pol, err := m.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("tags"), Type: orgtypes.PolicyTypeTagPolicy,
		Description: aws.String("d"), Content: aws.String(`{"tags":{}}`), Tags: tags("p", "1")})
	if err != nil {
		t.Fatal(err)
	}
	polID := aws.ToString(pol.Policy.PolicySummary.Id)
	if got := listTags(t, m, polID); !slices.Equal(got, []string{"p=1"}) {
		t.Fatalf("CreatePolicy tags: %v", got)
	}
	// A delegated administrator may list.
	w.designate(t)
	if got := listTags(t, w.env.Organizations(w.daID), acct); len(got) != 2 {
		t.Fatalf("delegated administrator's listing: %v", got)
	}

	// Errors.
	for _, id := range []string{"999999999999", "ou-zzzz-zzzzzzzz", "r-zzzz", "p-zzzzzzzz", "p-FullAWSAccess"} {
		_, err = m.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
		testenv.ExpectError(t, err, "TargetNotFoundException", 400, "We can't find a root, OU, account, or policy with the TargetId that you specified.")
		_, err = m.TagResource(ctx, &organizations.TagResourceInput{ResourceId: aws.String(id), Tags: tags("a", "b")})
		testenv.ExpectError(t, err, "TargetNotFoundException", 400, "")
		_, err = m.UntagResource(ctx, &organizations.UntagResourceInput{ResourceId: aws.String(id), TagKeys: []string{"a"}})
		testenv.ExpectError(t, err, "TargetNotFoundException", 400, "")
	}
	_, err = m.TagResource(ctx, &organizations.TagResourceInput{ResourceId: aws.String(acct), Tags: tags("a", "1", "a", "2")})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	expectReason(t, err, "DUPLICATE_TAG_KEY")
	_, err = m.TagResource(ctx, &organizations.TagResourceInput{ResourceId: aws.String(acct), Tags: tags("aws:x", "1")})
	expectReason(t, err, "INVALID_SYSTEM_TAGS_PARAMETER")
	var many []string
	for i := range 49 {
		many = append(many, fmt.Sprintf("k%02d", i), "v")
	}
	_, err = m.TagResource(ctx, &organizations.TagResourceInput{ResourceId: aws.String(acct), Tags: tags(many...)})
	testenv.ExpectError(t, err, "ConstraintViolationException", 400, "You have exceeded the number of tags allowed on this resource.")
	expectReason(t, err, "MAX_TAG_LIMIT_EXCEEDED")
	if got := listTags(t, m, acct); len(got) != 2 {
		t.Fatalf("a refused TagResource changed the tags: %v", got)
	}
	_, err = m.CreateAccount(ctx, &organizations.CreateAccountInput{AccountName: aws.String("bad"), Email: aws.String("bad@example.com"), Tags: tags("aws:x", "1")})
	expectReason(t, err, "INVALID_SYSTEM_TAGS_PARAMETER")
	_, err = w.env.Organizations(w.xID).TagResource(ctx, &organizations.TagResourceInput{ResourceId: aws.String(w.xID), Tags: tags("a", "b")})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")
	_, err = w.env.Organizations("999999999999").ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(acct)})
	testenv.ExpectError(t, err, "AWSOrganizationsNotInUseException", 400, "")

	// Tags go with the resource: a removed account comes back untagged.
	if _, err := m.RemoveAccountFromOrganization(ctx, &organizations.RemoveAccountFromOrganizationInput{AccountId: aws.String(acct)}); err != nil {
		t.Fatal(err)
	}
	_, err = m.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(acct)})
	testenv.ExpectError(t, err, "TargetNotFoundException", 400, "")
	if _, err := m.DeletePolicy(ctx, &organizations.DeletePolicyInput{PolicyId: aws.String(polID)}); err != nil {
		t.Fatal(err)
	}
	_, err = m.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(polID)})
	testenv.ExpectError(t, err, "TargetNotFoundException", 400, "")
}

// TestOrganizationalUnits: DescribeOrganizationalUnit, UpdateOrganizationalUnit and
// DeleteOrganizationalUnit.
func TestOrganizationalUnits(t *testing.T) {
	w := newOrgWorld(t)
	m := w.mgmt
	root := aws.ToString(rootOf(t, m).Id)
	mk := func(parent, name string) string {
		t.Helper()
		out, err := m.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(parent), Name: aws.String(name)})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.OrganizationalUnit.Id)
	}
	workloads, infra := mk(root, "Workloads"), mk(root, "Infra")
	prod := mk(workloads, "Prod")

	d, err := m.DescribeOrganizationalUnit(ctx, &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(prod)})
	if err != nil || aws.ToString(d.OrganizationalUnit.Name) != "Prod" || aws.ToString(d.OrganizationalUnit.Id) != prod ||
		aws.ToString(d.OrganizationalUnit.Arn) != fmt.Sprintf("arn:aws:organizations::%s:ou/%s/%s", mgmtID, w.orgID, prod) {
		t.Fatalf("DescribeOrganizationalUnit: %+v %v", d, err)
	}
	_, err = m.DescribeOrganizationalUnit(ctx, &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String("ou-zzzz-zzzzzzzz")})
	testenv.ExpectError(t, err, "OrganizationalUnitNotFoundException", 400, "We can't find an OU with the OrganizationalUnitId that you specified.")
	_, err = w.env.Organizations(w.xID).DescribeOrganizationalUnit(ctx, &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(prod)})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")

	u, err := m.UpdateOrganizationalUnit(ctx, &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: aws.String(prod), Name: aws.String("Production")})
	if err != nil || aws.ToString(u.OrganizationalUnit.Name) != "Production" {
		t.Fatalf("UpdateOrganizationalUnit: %+v %v", u, err)
	}
	d, _ = m.DescribeOrganizationalUnit(ctx, &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: aws.String(prod)})
	if aws.ToString(d.OrganizationalUnit.Name) != "Production" {
		t.Fatalf("rename not kept: %+v", d.OrganizationalUnit)
	}
	_, err = m.UpdateOrganizationalUnit(ctx, &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: aws.String(infra), Name: aws.String("Workloads")})
	testenv.ExpectError(t, err, "DuplicateOrganizationalUnitException", 400, "")
	_, err = m.UpdateOrganizationalUnit(ctx, &organizations.UpdateOrganizationalUnitInput{OrganizationalUnitId: aws.String("ou-zzzz-zzzzzzzz"), Name: aws.String("x")})
	testenv.ExpectError(t, err, "OrganizationalUnitNotFoundException", 400, "")

	// Not empty: a child OU, then an account.
	_, err = m.DeleteOrganizationalUnit(ctx, &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(workloads)})
	testenv.ExpectError(t, err, "OrganizationalUnitNotEmptyException", 400,
		"The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.")
	if _, err := m.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(w.xID), SourceParentId: aws.String(root), DestinationParentId: aws.String(prod)}); err != nil {
		t.Fatal(err)
	}
	_, err = m.DeleteOrganizationalUnit(ctx, &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(prod)})
	testenv.ExpectError(t, err, "OrganizationalUnitNotEmptyException", 400, "")
	if _, err := m.MoveAccount(ctx, &organizations.MoveAccountInput{AccountId: aws.String(w.xID), SourceParentId: aws.String(prod), DestinationParentId: aws.String(root)}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{prod, workloads} {
		if _, err := m.DeleteOrganizationalUnit(ctx, &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(id)}); err != nil {
			t.Fatalf("DeleteOrganizationalUnit %s: %v", id, err)
		}
	}
	_, err = m.DeleteOrganizationalUnit(ctx, &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(prod)})
	testenv.ExpectError(t, err, "OrganizationalUnitNotFoundException", 400, "")
	ous, err := m.ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(root)})
	if err != nil || len(ous.OrganizationalUnits) != 1 || aws.ToString(ous.OrganizationalUnits[0].Id) != infra {
		t.Fatalf("after the deletes: %+v %v", ous, err)
	}
}

func targetsOf(t *testing.T, c *organizations.Client, policyID string) []string {
	t.Helper()
	var out []string
	p := organizations.NewListTargetsForPolicyPaginator(c, &organizations.ListTargetsForPolicyInput{PolicyId: aws.String(policyID), MaxResults: aws.Int32(2)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("ListTargetsForPolicy: %v", err)
		}
		for _, tg := range page.Targets {
			out = append(out, aws.ToString(tg.TargetId)+":"+string(tg.Type))
		}
	}
	slices.Sort(out)
	return out
}

func policiesOn(t *testing.T, c *organizations.Client, target string, typ orgtypes.PolicyType) []string {
	t.Helper()
	out, err := c.ListPoliciesForTarget(ctx, &organizations.ListPoliciesForTargetInput{TargetId: aws.String(target), Filter: typ})
	if err != nil {
		t.Fatalf("ListPoliciesForTarget: %v", err)
	}
	var ids []string
	for _, p := range out.Policies {
		ids = append(ids, aws.ToString(p.Id))
	}
	return ids
}

// TestOrganizationPolicies: policies, their attachments and the policy types of the root,
// with FullAWSAccess as AWS manages it.
func TestOrganizationPolicies(t *testing.T) {
	w := newOrgWorld(t)
	m := w.mgmt
	r := rootOf(t, m)
	root := aws.ToString(r.Id)
	if len(r.PolicyTypes) != 0 {
		t.Fatalf("a new root has policy types: %+v", r.PolicyTypes)
	}
	org, err := m.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil || len(org.Organization.AvailablePolicyTypes) != 1 || org.Organization.AvailablePolicyTypes[0].Type != scp ||
		org.Organization.AvailablePolicyTypes[0].Status != orgtypes.PolicyTypeStatusEnabled {
		t.Fatalf("AvailablePolicyTypes: %+v %v", org, err)
	}
	ou, err := m.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(root), Name: aws.String("Workloads")})
	if err != nil {
		t.Fatal(err)
	}
	ouID := aws.ToString(ou.OrganizationalUnit.Id)

	const content = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`
	created, err := m.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("deny-s3"), Description: aws.String("no S3"),
		Type: scp, Content: aws.String(content)})
	if err != nil {
		t.Fatal(err)
	}
	sum := created.Policy.PolicySummary
	pid := aws.ToString(sum.Id)
	if aws.ToString(created.Policy.Content) != content || sum.AwsManaged || sum.Type != scp ||
		aws.ToString(sum.Arn) != fmt.Sprintf("arn:aws:organizations::%s:policy/%s/service_control_policy/%s", mgmtID, w.orgID, pid) {
		t.Fatalf("CreatePolicy: %+v %+v", created.Policy, sum)
	}
	_, err = m.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("deny-s3"), Description: aws.String(""), Type: scp, Content: aws.String(content)})
	testenv.ExpectError(t, err, "DuplicatePolicyException", 400, "A policy with the same name already exists.")
	_, err = m.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("bad"), Description: aws.String(""), Type: scp, Content: aws.String(`{"Version":`)})
	testenv.ExpectError(t, err, "MalformedPolicyDocumentException", 400, "")
	_, err = m.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("big"), Description: aws.String(""), Type: scp,
		Content: aws.String(`{"x":"` + strings.Repeat("a", 5200) + `"}`)})
	testenv.ExpectError(t, err, "ConstraintViolationException", 400, "")
	for _, typ := range []orgtypes.PolicyType{orgtypes.PolicyTypeTagPolicy, orgtypes.PolicyTypeBackupPolicy, orgtypes.PolicyTypeAiservicesOptOutPolicy} {
		if _, err := m.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("p-" + string(typ)), Description: aws.String(""),
			Type: typ, Content: aws.String(`{}`)}); err != nil {
			t.Fatalf("CreatePolicy %s: %v", typ, err)
		}
	}

	// ListPolicies: FullAWSAccess, AWS managed, then the organization's own.
	list, err := m.ListPolicies(ctx, &organizations.ListPoliciesInput{Filter: scp})
	if err != nil || len(list.Policies) != 2 || aws.ToString(list.Policies[0].Id) != "p-FullAWSAccess" || !list.Policies[0].AwsManaged ||
		aws.ToString(list.Policies[0].Arn) != "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess" || aws.ToString(list.Policies[1].Id) != pid {
		t.Fatalf("ListPolicies: %+v %v", list, err)
	}
	if list, err := m.ListPolicies(ctx, &organizations.ListPoliciesInput{Filter: orgtypes.PolicyTypeTagPolicy}); err != nil || len(list.Policies) != 1 {
		t.Fatalf("ListPolicies TAG_POLICY: %+v %v", list, err)
	}
	full, err := m.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: aws.String("p-FullAWSAccess")})
	if err != nil || aws.ToString(full.Policy.PolicySummary.Name) != "FullAWSAccess" || aws.ToString(full.Policy.Content) == "" {
		t.Fatalf("DescribePolicy FullAWSAccess: %+v %v", full, err)
	}

	// Attaching needs the type enabled in the root.
	_, err = m.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(pid), TargetId: aws.String(ouID)})
	testenv.ExpectError(t, err, "PolicyTypeNotEnabledException", 400, "")
	_, err = m.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String("r-zzzz"), PolicyType: scp})
	testenv.ExpectError(t, err, "RootNotFoundException", 400, "We can't find a root with the RootId that you specified.")
	en, err := m.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: scp})
	if err != nil || len(en.Root.PolicyTypes) != 1 || en.Root.PolicyTypes[0].Type != scp || en.Root.PolicyTypes[0].Status != orgtypes.PolicyTypeStatusEnabled {
		t.Fatalf("EnablePolicyType: %+v %v", en, err)
	}
	_, err = m.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: scp})
	testenv.ExpectError(t, err, "PolicyTypeAlreadyEnabledException", 400, "")
	if _, err := m.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: orgtypes.PolicyTypeTagPolicy}); err != nil {
		t.Fatal(err)
	}
	_, err = m.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: orgtypes.PolicyTypeChatbotPolicy})
	testenv.ExpectError(t, err, "PolicyTypeNotAvailableForOrganizationException", 400, "")
	if r := rootOf(t, m); len(r.PolicyTypes) != 2 {
		t.Fatalf("ListRoots after enabling: %+v", r.PolicyTypes)
	}

	// FullAWSAccess is attached to the root, the OU and every account, and to what comes later.
	later := w.createAccount(t, "later")
	want := []string{}
	for _, a := range []string{mgmtID, w.daID, w.xID, w.yID, later} {
		want = append(want, a+":ACCOUNT")
	}
	want = append(want, ouID+":ORGANIZATIONAL_UNIT", root+":ROOT")
	slices.Sort(want)
	if got := targetsOf(t, m, "p-FullAWSAccess"); !slices.Equal(got, want) {
		t.Fatalf("FullAWSAccess targets:\n got %v\nwant %v", got, want)
	}

	// Attach, duplicate, in use, detach rules.
	for _, target := range []string{ouID, w.xID} {
		if _, err := m.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(pid), TargetId: aws.String(target)}); err != nil {
			t.Fatalf("AttachPolicy %s: %v", target, err)
		}
	}
	_, err = m.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(pid), TargetId: aws.String(ouID)})
	testenv.ExpectError(t, err, "DuplicatePolicyAttachmentException", 400, "")
	_, err = m.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(pid), TargetId: aws.String("999999999999")})
	testenv.ExpectError(t, err, "TargetNotFoundException", 400, "")
	_, err = m.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String("p-zzzzzzzz"), TargetId: aws.String(ouID)})
	testenv.ExpectError(t, err, "PolicyNotFoundException", 400, "")
	if got := policiesOn(t, m, ouID, scp); !slices.Equal(got, []string{"p-FullAWSAccess", pid}) {
		t.Fatalf("policies on the OU: %v", got)
	}
	if got := targetsOf(t, m, pid); !slices.Equal(got, []string{w.xID + ":ACCOUNT", ouID + ":ORGANIZATIONAL_UNIT"}) {
		t.Fatalf("targets of the policy: %v", got)
	}
	_, err = m.DeletePolicy(ctx, &organizations.DeletePolicyInput{PolicyId: aws.String(pid)})
	testenv.ExpectError(t, err, "PolicyInUseException", 400, "")
	_, err = m.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String("p-FullAWSAccess"), TargetId: aws.String(w.yID)})
	testenv.ExpectError(t, err, "ConstraintViolationException", 400, "")
	expectReason(t, err, "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED")
	if _, err := m.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String("p-FullAWSAccess"), TargetId: aws.String(ouID)}); err != nil {
		t.Fatalf("detaching FullAWSAccess beside another SCP: %v", err)
	}
	_, err = m.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String(pid), TargetId: aws.String(w.yID)})
	testenv.ExpectError(t, err, "PolicyNotAttachedException", 400, "")

	// Update: name, description and content; FullAWSAccess is immutable.
	newContent := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*"}]}`
	up, err := m.UpdatePolicy(ctx, &organizations.UpdatePolicyInput{PolicyId: aws.String(pid), Name: aws.String("deny-ec2"), Content: aws.String(newContent)})
	if err != nil || aws.ToString(up.Policy.PolicySummary.Name) != "deny-ec2" || aws.ToString(up.Policy.PolicySummary.Description) != "no S3" ||
		aws.ToString(up.Policy.Content) != newContent {
		t.Fatalf("UpdatePolicy: %+v %v", up, err)
	}
	_, err = m.UpdatePolicy(ctx, &organizations.UpdatePolicyInput{PolicyId: aws.String(pid), Content: aws.String("not json")})
	testenv.ExpectError(t, err, "MalformedPolicyDocumentException", 400, "")
	_, err = m.UpdatePolicy(ctx, &organizations.UpdatePolicyInput{PolicyId: aws.String("p-FullAWSAccess"), Name: aws.String("x")})
	expectReason(t, err, "IMMUTABLE_POLICY")
	_, err = w.env.Organizations(w.xID).CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String("x"), Description: aws.String(""), Type: scp, Content: aws.String(`{}`)})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")

	// Disabling SCPs detaches every SCP; the attached policy may then be deleted.
	dis, err := m.DisablePolicyType(ctx, &organizations.DisablePolicyTypeInput{RootId: aws.String(root), PolicyType: scp})
	if err != nil || len(dis.Root.PolicyTypes) != 1 || dis.Root.PolicyTypes[0].Type != orgtypes.PolicyTypeTagPolicy {
		t.Fatalf("DisablePolicyType: %+v %v", dis, err)
	}
	_, err = m.DisablePolicyType(ctx, &organizations.DisablePolicyTypeInput{RootId: aws.String(root), PolicyType: scp})
	testenv.ExpectError(t, err, "PolicyTypeNotEnabledException", 400, "")
	if got := targetsOf(t, m, "p-FullAWSAccess"); len(got) != 0 {
		t.Fatalf("FullAWSAccess still attached: %v", got)
	}
	if _, err := m.DeletePolicy(ctx, &organizations.DeletePolicyInput{PolicyId: aws.String(pid)}); err != nil {
		t.Fatal(err)
	}
	_, err = m.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: aws.String(pid)})
	testenv.ExpectError(t, err, "PolicyNotFoundException", 400, "We can't find a policy with the PolicyId that you specified.")
}
