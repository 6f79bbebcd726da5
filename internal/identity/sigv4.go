package identity

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// Signature is what a request says about its SigV4 signature.
type Signature struct {
	AccessKeyID   string
	Date          string // yyyymmdd of the credential scope
	Region        string
	Service       string // signing name, e.g. "securityhub", "sts"
	SignedHeaders []string
	Signature     string
	AmzDate       string // X-Amz-Date (yyyymmddThhmmssZ)
	Presigned     bool
	Expires       int // X-Amz-Expires in seconds, presigned only; -1 when absent
}

// ErrMalformed says an Authorization header or presigned query is not a SigV4 signature.
var ErrMalformed = errors.New("malformed SigV4 authorization")

const algorithm = "AWS4-HMAC-SHA256"

// ParseRequest reads the SigV4 signature of r from its Authorization header or its presigned
// query parameters. It returns nil, nil when the request carries neither.
func ParseRequest(r *http.Request) (*Signature, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		sig, err := ParseAuthorization(h)
		if err != nil {
			return nil, err
		}
		sig.AmzDate = r.Header.Get("X-Amz-Date")
		if sig.AmzDate == "" {
			sig.AmzDate = r.Header.Get("Date")
		}
		return sig, nil
	}
	q := r.URL.Query()
	if q.Get("X-Amz-Credential") == "" && q.Get("X-Amz-Signature") == "" {
		return nil, nil
	}
	if q.Get("X-Amz-Algorithm") != algorithm {
		return nil, ErrMalformed
	}
	sig := &Signature{Presigned: true, Signature: q.Get("X-Amz-Signature"), AmzDate: q.Get("X-Amz-Date")}
	if err := sig.parseCredential(q.Get("X-Amz-Credential")); err != nil {
		return nil, err
	}
	sig.SignedHeaders = splitSignedHeaders(q.Get("X-Amz-SignedHeaders"))
	sig.Expires = -1
	if e := q.Get("X-Amz-Expires"); e != "" {
		n, err := strconv.Atoi(e)
		if err != nil || n < 0 {
			return nil, ErrMalformed
		}
		sig.Expires = n
	}
	if sig.Signature == "" || sig.AmzDate == "" || len(sig.SignedHeaders) == 0 {
		return nil, ErrMalformed
	}
	return sig, nil
}

// ParseAuthorization parses an Authorization header of the form
//
//	AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/securityhub/aws4_request, SignedHeaders=host;x-amz-date, Signature=hex
func ParseAuthorization(h string) (*Signature, error) {
	rest, ok := strings.CutPrefix(h, algorithm)
	if !ok || (rest != "" && rest[0] != ' ') {
		return nil, ErrMalformed
	}
	sig := &Signature{}
	var haveCred, haveHeaders, haveSig bool
	for {
		part, after, more := strings.Cut(rest, ",")
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, ErrMalformed
		}
		switch k {
		case "Credential":
			if err := sig.parseCredential(v); err != nil {
				return nil, err
			}
			haveCred = true
		case "SignedHeaders":
			sig.SignedHeaders = splitSignedHeaders(v)
			haveHeaders = len(sig.SignedHeaders) > 0
		case "Signature":
			sig.Signature = v
			haveSig = v != ""
		}
		if !more {
			break
		}
		rest = after
	}
	if !haveCred || !haveHeaders || !haveSig {
		return nil, ErrMalformed
	}
	return sig, nil
}

// parseCredential reads AKID/yyyymmdd/region/service/aws4_request.
func (s *Signature) parseCredential(v string) error {
	key, rest, ok1 := strings.Cut(v, "/")
	date, rest, ok2 := strings.Cut(rest, "/")
	region, rest, ok3 := strings.Cut(rest, "/")
	service, terminator, ok4 := strings.Cut(rest, "/")
	if !ok1 || !ok2 || !ok3 || !ok4 || terminator != "aws4_request" || key == "" || len(date) != 8 || region == "" || service == "" {
		return ErrMalformed
	}
	s.AccessKeyID, s.Date, s.Region, s.Service = key, date, region, service
	return nil
}

func splitSignedHeaders(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(strings.ToLower(v), ";")
}
