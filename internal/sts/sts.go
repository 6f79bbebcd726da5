// Package sts serves the part of AWS STS that clients need from a Security Hub endpoint:
// GetCallerIdentity, on the query protocol with XML responses (the AWS CLI's
// `sts get-caller-identity` and Terraform's account lookup use it).
package sts

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/wire"
)

const namespace = "https://sts.amazonaws.com/doc/2011-06-15/"

// Service answers STS requests.
type Service struct{}

type getCallerIdentityResponse struct {
	XMLName xml.Name `xml:"GetCallerIdentityResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Result  struct {
		Arn     string `xml:"Arn"`
		UserID  string `xml:"UserId"`
		Account string `xml:"Account"`
	} `xml:"GetCallerIdentityResult"`
	RequestID string `xml:"ResponseMetadata>RequestId"`
}

type errorResponse struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Xmlns   string   `xml:"xmlns,attr"`
	Error   struct {
		Type    string `xml:"Type"`
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	} `xml:"Error"`
	RequestID string `xml:"RequestId"`
}

// Implemented lists the STS actions sechub serves (Serve's switch).
func Implemented() []string { return []string{"GetCallerIdentity"} }

// Serve handles one STS request and returns the action's name.
func (s *Service) Serve(w http.ResponseWriter, r *http.Request, caller identity.Caller, requestID string, body []byte) string {
	params := r.URL.Query()
	if r.Method == http.MethodPost {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			s.WriteError(w, requestID, apierr.STSMalformedQuery.New())
			return ""
		}
		for k, v := range form {
			params[k] = v
		}
	}
	action := params.Get("Action")
	switch action {
	case "GetCallerIdentity":
		resp := getCallerIdentityResponse{Xmlns: namespace, RequestID: requestID}
		resp.Result.Arn, resp.Result.UserID, resp.Result.Account = caller.Principal, caller.UserID, caller.AccountID
		writeXML(w, http.StatusOK, requestID, resp)
	case "":
		s.WriteError(w, requestID, apierr.STSMissingAction.New())
	default:
		s.WriteError(w, requestID, apierr.STSUnknownAction.New(action))
	}
	return action
}

// WriteError writes e as an STS XML error, translating the rest-json authentication codes into
// the ones STS uses.
func (s *Service) WriteError(w http.ResponseWriter, requestID string, e *apierr.Error) {
	e = apierr.ForSTS(e)
	wire.RecordError(w, e)
	resp := errorResponse{Xmlns: namespace, RequestID: requestID}
	resp.Error.Type, resp.Error.Code, resp.Error.Message = "Sender", e.Code, e.Message
	if e.Status >= 500 {
		resp.Error.Type = "Receiver"
	}
	writeXML(w, e.Status, requestID, resp)
}

func writeXML(w http.ResponseWriter, status int, requestID string, v any) {
	out, _ := xml.Marshal(v)
	out = append([]byte(xml.Header), out...)
	h := w.Header()
	h.Set("Content-Type", "text/xml")
	h.Set("X-Amzn-Requestid", requestID)
	h.Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(status)
	w.Write(out)
}
