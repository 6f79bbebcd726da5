package e2e

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

// TestRecommendedPolicyV2 generates and reads the recommended policy of an unused-permission
// finding, and the refusals around it.
func TestRecommendedPolicyV2(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	otherUID := enableV2WithFinding(t, a, acctA)
	// A tool that forwards IAM Access Analyzer's findings imports them as its own product's.
	product := "arn:aws:securityhub:us-east-1:" + acctA + ":product/" + acctA + "/default"
	now := time.Now().UTC().Format(time.RFC3339)
	role := "arn:aws:iam::" + acctA + ":role/app"
	f := types.AwsSecurityFinding{SchemaVersion: aws.String("2018-10-08"), Id: aws.String("arn:aws:access-analyzer:us-east-1:" + acctA + ":analyzer/unused/finding/1"),
		ProductArn: aws.String(product), GeneratorId: aws.String("unused"), AwsAccountId: aws.String(acctA), CreatedAt: aws.String(now), UpdatedAt: aws.String(now),
		Types: []string{"Software and Configuration Checks/AWS Security Best Practices"}, Title: aws.String("Unused permissions"), Description: aws.String("d"),
		Severity:  &types.Severity{Label: types.SeverityLabelLow},
		Resources: []types.Resource{{Type: aws.String("AwsIamRole"), Id: aws.String(role)}},
		ProductFields: map[string]string{"findingType": "UnusedPermission", "unusedActions": "s3:DeleteBucket", "existingPolicyId": "arn:aws:iam::aws:policy/app",
			"existingPolicy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:DeleteBucket"],"Resource":"*"}]}`}}
	if out, err := a.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: []types.AwsSecurityFinding{f}}); err != nil || aws.ToInt32(out.FailedCount) != 0 {
		t.Fatalf("BatchImportFindings: %+v %v", out, err)
	}
	uid := product + "/" + aws.ToString(f.Id)

	_, err := a.GetRecommendedPolicyV2(ctx, &securityhub.GetRecommendedPolicyV2Input{MetadataUid: aws.String(uid)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "No recommended policy was generated for finding "+uid+". Call GenerateRecommendedPolicyV2 first.")
	_, err = a.GenerateRecommendedPolicyV2(ctx, &securityhub.GenerateRecommendedPolicyV2Input{MetadataUid: aws.String(otherUID)})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Finding "+otherUID+" is not an unused permission finding (product field findingType UnusedPermission): no policy can be recommended for it.")
	_, err = a.GenerateRecommendedPolicyV2(ctx, &securityhub.GenerateRecommendedPolicyV2Input{MetadataUid: aws.String(product + "/none")})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Finding "+product+"/none not found.")

	if _, err := a.GenerateRecommendedPolicyV2(ctx, &securityhub.GenerateRecommendedPolicyV2Input{MetadataUid: aws.String(uid)}); err != nil {
		t.Fatal(err)
	}
	got, err := a.GetRecommendedPolicyV2(ctx, &securityhub.GetRecommendedPolicyV2Input{MetadataUid: aws.String(uid)})
	if err != nil || got.Status != types.RecommendationStatusSucceeded || got.RecommendationType != types.RecommendationTypeUnusedPermissionRecommendation ||
		aws.ToString(got.ResourceArn) != role || len(got.RecommendationSteps) != 1 {
		t.Fatalf("GetRecommendedPolicyV2: %+v %v", got, err)
	}
	step, ok := got.RecommendationSteps[0].(*types.RecommendationStepMemberUnusedPermissions)
	if !ok || aws.ToString(step.Value.RecommendedAction) != "CREATE_POLICY" || aws.ToString(step.Value.ExistingPolicyId) != "arn:aws:iam::aws:policy/app" ||
		aws.ToString(step.Value.RecommendedPolicy) != `{"Statement":[{"Action":["s3:GetObject"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}` {
		t.Fatalf("the recommendation step: %+v", got.RecommendationSteps[0])
	}

	// Another account sees neither the finding nor the recommendation.
	b := env.SecurityHub(acctB, region)
	if _, err := b.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}
	_, err = b.GetRecommendedPolicyV2(ctx, &securityhub.GetRecommendedPolicyV2Input{MetadataUid: aws.String(uid)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
}
