package server

import (
	"bytes"
	"io"
	"net/http"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
)

// authorizeOperator checks, in strict mode, that a control request (every one but health) is
// signed, like an AWS request, by a key the credentials file marks role=operator. It returns
// why the request is refused, or "" when it may go on, with its body, which the signature
// check read, ready to be read again by the endpoint.
func (s *Server) authorizeOperator(w http.ResponseWriter, r *http.Request) string {
	const how = "sign it (SigV4, any service name and region) with a key marked " + identity.RoleOperator + " in the credentials file"
	_, sig, aerr := s.auth.Identify(r)
	switch {
	case sig == nil && (aerr == nil || apierr.MissingAuthToken.Is(aerr)):
		return "strict mode: " + r.URL.Path + " needs a signed request: " + how
	case aerr != nil:
		return "strict mode: " + aerr.Code + ": " + aerr.Message
	case !s.auth.IsOperator(sig.AccessKeyID): // before the body is read: a key id is no secret
		return "strict mode: access key " + sig.AccessKeyID + " is not an operator key; " + r.URL.Path + " needs one: " + how
	}
	bodyHash := identity.HashBody(r)
	body, aerr := readBody(w, r, maxOperatorBody)
	if aerr != nil {
		return aerr.Message
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if aerr := s.auth.Verify(r, sig, bodyHash.Sum()); aerr != nil {
		return "strict mode: " + aerr.Code + ": " + aerr.Message
	}
	return ""
}

// maxOperatorBody bounds the body of an operator request: they carry one small JSON object
// (a control evaluation), so a large body is refused before it costs memory.
const maxOperatorBody = 64 << 10
