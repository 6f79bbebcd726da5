package e2e

import (
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func stsFromConfig(c aws.Config) *sts.Client { return sts.NewFromConfig(c) }

type securityhubAccountDetails = types.AccountDetails

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o644) }
