// Package identity works out who is calling and where: the account, principal and region of a
// request, from its SigV4 signature (Authorization header or presigned query), and, in strict
// mode, checks that signature against the configured credentials.
package identity

import (
	"bufio"
	"errors"
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
	// Operator marks a key that may use sechub's control endpoints (/_sechub/reset) in strict
	// mode: "role=operator" in the credentials file.
	Operator bool
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
//	ACCESS_KEY_ID SECRET_ACCESS_KEY ACCOUNT_ID [PRINCIPAL] [role=operator]
//
// separated by blanks; empty lines and lines starting with # are skipped. role=operator lets
// the key use the control endpoints in strict mode. A fourth field is the principal unless it
// is an option (key=value with a known key), so files without options read as they always did.
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
		c, err := parseCredential(strings.Fields(text))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if _, dup := creds[c.AccessKeyID]; dup {
			return nil, fmt.Errorf("%s:%d: access key id %s appears twice", path, line, c.AccessKeyID)
		}
		creds[c.AccessKeyID] = c
	}
	return creds, sc.Err()
}

// RoleOperator is the credentials file's option that makes a key an operator key.
const RoleOperator = "role=operator"

// parseCredential reads the fields of one line of the credentials file.
func parseCredential(fields []string) (Credential, error) {
	if len(fields) < 3 {
		return Credential{}, errors.New("want ACCESS_KEY_ID SECRET ACCOUNT_ID [PRINCIPAL] [" + RoleOperator + "]")
	}
	if !IsAccountID(fields[2]) {
		return Credential{}, fmt.Errorf("account id %q is not 12 digits", fields[2])
	}
	c := Credential{AccessKeyID: fields[0], SecretAccessKey: fields[1], AccountID: fields[2]}
	rest := fields[3:]
	if len(rest) > 0 && !isOption(rest[0]) {
		c.Principal, rest = rest[0], rest[1:]
	}
	for _, opt := range rest {
		switch {
		case opt == RoleOperator:
			c.Operator = true
		case strings.HasPrefix(opt, "role="):
			return Credential{}, fmt.Errorf("%s: the only role is operator", opt)
		case c.Principal == "" && !isOption(opt):
			return Credential{}, fmt.Errorf("%s: the principal comes before the options", opt)
		default:
			return Credential{}, fmt.Errorf("%s: want at most a principal and %s after the account id", opt, RoleOperator)
		}
	}
	return c, nil
}

// isOption reports whether a field of the credentials file is an option rather than a principal.
func isOption(field string) bool { return strings.HasPrefix(field, "role=") }

func principalARN(partition, account, principal string) string {
	switch {
	case principal == "":
		return "arn:" + partition + ":iam::" + account + ":root"
	case strings.HasPrefix(principal, "arn:"):
		return principal
	}
	return "arn:" + partition + ":iam::" + account + ":user/" + principal
}
