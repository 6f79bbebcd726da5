package identity

import (
	"crypto/subtle"

	"github.com/sechub/sechub/internal/apierr"
)

// SignIn is how the web console learns who its user is, with the rights the API would give
// them: in strict mode accessKeyID must be a key of the credentials file and secret its
// secret; in open mode accessKeyID is the account id itself (12 digits), as an access key id
// of 12 digits is in requests, and no secret is asked. The caller acts in region.
func (a *Authenticator) SignIn(accessKeyID, secret, region string) (Caller, *apierr.Error) {
	if a.Mode == Strict {
		cred, known := a.Credentials[accessKeyID]
		// The same answer for an unknown key and a wrong secret: a key id is no secret, but
		// which keys exist need not be told.
		if !known || subtle.ConstantTimeCompare([]byte(cred.SecretAccessKey), []byte(secret)) != 1 {
			return Caller{}, apierr.UnrecognizedClient.New()
		}
		return a.caller(cred.AccountID, region, accessKeyID, cred.Principal), nil
	}
	if !IsAccountID(accessKeyID) {
		return Caller{}, apierr.UnrecognizedClient.New()
	}
	return a.caller(accessKeyID, region, accessKeyID, ""), nil
}
