// Package identity works out who is calling and where: the account, principal and region of a
// request, from its SigV4 signature (Authorization header or presigned query), and, in strict
// mode, checks that signature against the configured credentials.
package identity

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// Caller is the authenticated identity of one request.
type Caller struct {
	AccountID   string
	Region      string
	Partition   string
	AccessKeyID string // "" for unsigned requests
	Principal   string // ARN of the calling principal
	UserID      string // what STS GetCallerIdentity reports as UserId
}

// Credential is one entry of the credentials file.
type Credential struct {
	AccessKeyID     string
	SecretAccessKey string
	AccountID       string
	Principal       string // optional: a name (an IAM user) or a full ARN
}

// PartitionOf returns the AWS partition a region belongs to.
func PartitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	}
	return "aws"
}

// IsAccountID reports whether s is a 12-digit AWS account id.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// LoadCredentials reads a credentials file: one credential a line,
//
//	ACCESS_KEY_ID SECRET_ACCESS_KEY ACCOUNT_ID [PRINCIPAL]
//
// separated by blanks; empty lines and lines starting with # are skipped.
func LoadCredentials(path string) (map[string]Credential, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	creds := map[string]Credential{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) < 3 || len(fields) > 4 {
			return nil, fmt.Errorf("%s:%d: want ACCESS_KEY_ID SECRET ACCOUNT_ID [PRINCIPAL]", path, line)
		}
		if !IsAccountID(fields[2]) {
			return nil, fmt.Errorf("%s:%d: account id %q is not 12 digits", path, line, fields[2])
		}
		c := Credential{AccessKeyID: fields[0], SecretAccessKey: fields[1], AccountID: fields[2]}
		if len(fields) == 4 {
			c.Principal = fields[3]
		}
		if _, dup := creds[c.AccessKeyID]; dup {
			return nil, fmt.Errorf("%s:%d: access key id %s appears twice", path, line, c.AccessKeyID)
		}
		creds[c.AccessKeyID] = c
	}
	return creds, sc.Err()
}

func principalARN(partition, account, principal string) string {
	switch {
	case principal == "":
		return "arn:" + partition + ":iam::" + account + ":root"
	case strings.HasPrefix(principal, "arn:"):
		return principal
	}
	return "arn:" + partition + ":iam::" + account + ":user/" + principal
}
