package identity

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"hash"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
)

// Mode says how much the server trusts what requests claim.
type Mode string

const (
	// Open accepts any request; signatures only tell the account and region.
	Open Mode = "open"
	// Strict accepts only keys from the credentials file, with valid, current signatures.
	Strict Mode = "strict"
)

// MaxClockSkew is how far a signature's time may be from the server's clock, as in AWS.
const MaxClockSkew = 15 * time.Minute

// Authenticator turns requests into callers.
type Authenticator struct {
	Mode           Mode
	DefaultAccount string
	DefaultRegion  string
	Credentials    map[string]Credential // by access key id
	Clock          clock.Clock           // signatures are checked against its time
}

// Identify reads who a request claims to be. In open mode every request is accepted; in strict
// mode the request must be signed with a known key (the signature itself is checked by Verify,
// once the body has been read). The returned Signature is nil for unsigned requests.
// Errors use the rest-json/awsJson codes; the query protocol translates them.
func (a *Authenticator) Identify(r *http.Request) (Caller, *Signature, *apierr.Error) {
	sig, err := ParseRequest(r)
	if err != nil {
		if a.Mode == Strict {
			if r.Header.Get("Authorization") == "" {
				return Caller{}, nil, apierr.IncompleteQuerySignature.New()
			}
			return Caller{}, nil, apierr.IncompleteSignature.New()
		}
		sig = nil // open mode: a garbled header is as good as none
	}
	if sig == nil {
		if a.Mode == Strict {
			return Caller{}, nil, apierr.MissingAuthToken.New()
		}
		return a.caller(a.DefaultAccount, a.DefaultRegion, "", ""), nil, nil
	}
	cred, known := a.Credentials[sig.AccessKeyID]
	switch {
	case known:
		return a.caller(cred.AccountID, sig.Region, sig.AccessKeyID, cred.Principal), sig, nil
	case a.Mode == Strict:
		return Caller{}, sig, apierr.UnrecognizedClient.New()
	case IsAccountID(sig.AccessKeyID):
		return a.caller(sig.AccessKeyID, sig.Region, sig.AccessKeyID, ""), sig, nil
	}
	return a.caller(a.DefaultAccount, sig.Region, sig.AccessKeyID, ""), sig, nil
}

func (a *Authenticator) caller(account, region, accessKey, principal string) Caller {
	if region == "" {
		region = a.DefaultRegion
	}
	p := PartitionOf(region)
	userID := account
	if principal != "" {
		userID = accessKey
	}
	return Caller{AccountID: account, Region: region, Partition: p, AccessKeyID: accessKey,
		Principal: principalARN(p, account, principal), UserID: userID}
}

// Verify checks, in strict mode, that sig is the signature of r under the secret of its access
// key, made within MaxClockSkew of now (or, presigned, for at most MaxPresignedExpiry and not yet
// expired), over a body whose SHA-256 is payloadHash (hex; see HashBody). It recomputes the
// signature with aws-sdk-go-v2's SigV4 signer over the headers the client says it signed.
//
// The payload hash signed is always the body's own: Security Hub, Organizations and STS have no
// operation with an unsigned payload, so AWS's SDKs sign the body's hash, presigned URLs
// included (only S3 presigns with UNSIGNED-PAYLOAD), and whatever X-Amz-Content-Sha256 claims
// cannot stand in for the body that arrived.
func (a *Authenticator) Verify(r *http.Request, sig *Signature, payloadHash string) *apierr.Error {
	if a.Mode != Strict {
		return nil
	}
	cred, ok := a.Credentials[sig.AccessKeyID]
	if !ok {
		return apierr.UnrecognizedClient.New()
	}
	signedAt, err := time.Parse(amzDateLayout, sig.AmzDate)
	if err != nil || signedAt.Format("20060102") != sig.Date {
		return apierr.BadSignatureDate.New()
	}
	if aerr := checkTime(sig, signedAt, a.Clock.Now()); aerr != nil {
		return aerr
	}

	replay := rebuildSigned(r, sig)
	creds := aws.Credentials{AccessKeyID: cred.AccessKeyID, SecretAccessKey: cred.SecretAccessKey}
	signer := v4.NewSigner()
	var computed string
	if sig.Presigned {
		signedURL, _, err := signer.PresignHTTP(context.Background(), creds, replay, payloadHash, sig.Service, sig.Region, signedAt)
		if err != nil {
			return apierr.SignatureMismatch.New()
		}
		if u, err := url.Parse(signedURL); err == nil {
			computed = u.Query().Get("X-Amz-Signature")
		}
	} else {
		if err := signer.SignHTTP(context.Background(), creds, replay, payloadHash, sig.Service, sig.Region, signedAt); err != nil {
			return apierr.SignatureMismatch.New()
		}
		if s, err := ParseAuthorization(replay.Header.Get("Authorization")); err == nil {
			computed = s.Signature
		}
	}
	if computed == "" || subtle.ConstantTimeCompare([]byte(computed), []byte(sig.Signature)) != 1 {
		return apierr.SignatureMismatch.New()
	}
	return nil
}

// IsOperator reports whether accessKeyID is a key the credentials file marks as operator.
func (a *Authenticator) IsOperator(accessKeyID string) bool {
	return a.Credentials[accessKeyID].Operator
}

// MaxPresignedExpiry is the longest X-Amz-Expires a presigned request may ask for: SigV4's
// signing key is valid for seven days.
const MaxPresignedExpiry = 7 * 24 * time.Hour

const amzDateLayout = "20060102T150405Z"

// checkTime checks a signature's time: within MaxClockSkew of now; presigned, not signed in the
// future either, and not past its expiry, which may not exceed MaxPresignedExpiry.
func checkTime(sig *Signature, signedAt, now time.Time) *apierr.Error {
	if signedAt.After(now.Add(MaxClockSkew)) {
		return apierr.SignatureNotYetValid.New(signedAt.Format(amzDateLayout), now.Add(MaxClockSkew).Format(amzDateLayout), now.Format(amzDateLayout))
	}
	if sig.Presigned {
		if sig.Expires < 0 {
			return apierr.IncompleteQuerySignature.New()
		}
		maxSeconds := int(MaxPresignedExpiry / time.Second)
		if sig.Expires > maxSeconds { // compared in seconds: a huge value would overflow a Duration
			return apierr.PresignedExpiryTooLong.New(maxSeconds)
		}
		expiry := time.Duration(sig.Expires) * time.Second
		if now.After(signedAt.Add(expiry)) {
			return apierr.PresignedExpired.New(signedAt.Add(expiry).Format(amzDateLayout), now.Format(amzDateLayout))
		}
		return nil
	}
	if signedAt.Before(now.Add(-MaxClockSkew)) {
		return apierr.SignatureExpired.New(signedAt.Format(amzDateLayout), now.Add(-MaxClockSkew).Format(amzDateLayout), now.Format(amzDateLayout))
	}
	return nil
}

// BodyHash computes the SHA-256 of a request body while the server reads it, so that Verify
// can compare the body that arrived with the one signed without reading it twice.
type BodyHash struct {
	hash hash.Hash
}

// HashBody makes r's body feed the returned hash as it is read.
func HashBody(r *http.Request) *BodyHash {
	h := &BodyHash{hash: sha256.New()}
	body := r.Body
	if body == nil {
		body = http.NoBody
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.TeeReader(body, h.hash), body}
	return h
}

// Sum returns the hex SHA-256 of what has been read of the body.
func (h *BodyHash) Sum() string { return hex.EncodeToString(h.hash.Sum(nil)) }

// rebuildSigned makes a copy of r that carries only what the client signed, so that signing it
// again yields the same canonical request.
func rebuildSigned(r *http.Request, sig *Signature) *http.Request {
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host
	if sig.Presigned {
		q := u.Query()
		for _, k := range []string{"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature"} {
			q.Del(k)
		}
		u.RawQuery = q.Encode()
	}
	replay := &http.Request{Method: r.Method, URL: &u, Host: r.Host, Header: http.Header{}}
	for _, name := range sig.SignedHeaders {
		switch name {
		case "host":
		case "content-length":
			if n, err := strconv.ParseInt(r.Header.Get("Content-Length"), 10, 64); err == nil {
				replay.ContentLength = n
			} else {
				replay.ContentLength = r.ContentLength
			}
		default:
			if vs, ok := r.Header[http.CanonicalHeaderKey(name)]; ok {
				replay.Header[http.CanonicalHeaderKey(name)] = vs
			} else {
				// A signed header that did not arrive cannot be reproduced; signing an
				// empty value keeps the comparison honest (it will not match).
				replay.Header.Set(name, "")
			}
		}
	}
	return replay
}
