package configpolicies

import (
	"fmt"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/controls"
	"github.com/sechub/sechub/internal/standards"
	"github.com/sechub/sechub/internal/store"
)

// Policy is one configuration policy of an organization.
type Policy struct {
	ID          string
	OrgID       string
	Home        store.RegionKey // the organization's home region when the policy was made
	AdminID     string          // the delegated administrator who owns it
	Name        string
	Description string
	Settings    Settings
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// ARN is the policy's ARN: the administrator's, in the home region.
func (p Policy) ARN() string {
	return "arn:" + p.Home.Partition + ":securityhub:" + p.Home.Region + ":" + p.AdminID + ":" + arnResource + p.ID
}

// Settings is what a policy sets in the accounts it governs: the Security Hub member of the
// model's Policy union.
type Settings struct {
	ServiceEnabled bool `json:"serviceEnabled"`
	// Standards are the identifiers (standard ARNs) of the standards to enable, as given;
	// none when ServiceEnabled is false.
	Standards []string `json:"standards,omitempty"`
	// Controls is nil when ServiceEnabled is false.
	Controls *ControlSettings `json:"controls,omitempty"`
}

// ControlSettings says which security controls are enabled and with which parameters.
type ControlSettings struct {
	// EnabledOnly tells what Identifiers are: the only enabled controls (true), or the
	// disabled ones, every other control being enabled, including controls added later.
	EnabledOnly bool                `json:"enabledOnly"`
	Identifiers []string            `json:"identifiers"`
	Parameters  []ControlParameters `json:"parameters,omitempty"`
}

// Enabled reports whether the settings enable a security control.
func (c ControlSettings) Enabled(controlID string) bool {
	listed := false
	for _, id := range c.Identifiers {
		listed = listed || id == controlID
	}
	return listed == c.EnabledOnly
}

// ControlParameters are the parameters a policy sets for one security control.
type ControlParameters struct {
	ControlID  string               `json:"controlId"`
	Parameters map[string]Parameter `json:"parameters"`
}

// Parameter is one parameter's setting: its default, or a custom value.
type Parameter struct {
	Custom bool `json:"custom"`
	// Value is the custom value; with the default it is kept only to be shown back, as AWS
	// ignores it.
	Value *controls.Value `json:"value,omitempty"`
}

// Body is a policy's settings as a request gives them; a nil list or member was absent.
type Body struct {
	ServiceEnabled *bool
	Standards      []string
	Controls       *ControlsBody
}

// ControlsBody is the SecurityControlsConfiguration of a request.
type ControlsBody struct {
	Enabled    []string
	Disabled   []string
	Parameters []ControlParameters
}

// settings checks a request's policy body against the catalogue and returns the settings it
// makes. A policy that disables Security Hub keeps neither standards nor controls: AWS
// accepts them and shows none back.
func settings(cat *controls.Catalog, partition string, b Body) (Settings, error) {
	if b.ServiceEnabled == nil {
		return Settings{}, apierr.PolicyServiceEnabledRequired.New()
	}
	if !*b.ServiceEnabled {
		return Settings{}, nil
	}
	if b.Standards == nil || b.Controls == nil {
		return Settings{}, apierr.PolicySemantics.New()
	}
	for _, id := range b.Standards {
		if _, ok := standardOf(partition, id); !ok {
			return Settings{}, apierr.PolicyStandardInvalid.New(id)
		}
	}
	c := b.Controls
	if (c.Enabled == nil) == (c.Disabled == nil) {
		return Settings{}, apierr.PolicyControlListsInvalid.New()
	}
	out := &ControlSettings{EnabledOnly: c.Enabled != nil, Identifiers: c.Disabled}
	member := "DisabledSecurityControlIdentifiers"
	if out.EnabledOnly {
		out.Identifiers, member = c.Enabled, "EnabledSecurityControlIdentifiers"
	}
	for _, id := range out.Identifiers {
		if _, ok := cat.Control(id); !ok {
			return Settings{}, apierr.PolicyControlInvalid.New(member, id)
		}
	}
	for _, cp := range c.Parameters {
		if why := checkParameters(cat, cp); why != "" {
			return Settings{}, apierr.PolicyParameterInvalid.New(why)
		}
	}
	out.Parameters = c.Parameters
	return Settings{ServiceEnabled: true, Standards: b.Standards, Controls: out}, nil
}

// standardOf returns the standard of the catalogue that id, a standard's ARN in partition with
// or without a region, names (AWS's own example names FSBP with its region and CIS 1.2.0
// without); a policy takes effect in several regions, so the region does not choose anything.
func standardOf(partition, id string) (standards.Definition, bool) {
	parts := strings.SplitN(id, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] != partition || parts[2] != "securityhub" || parts[4] != "" {
		return standards.Definition{}, false
	}
	return standards.ByPath(parts[5])
}

// checkParameters returns why one control's custom parameters are refused, or "".
func checkParameters(cat *controls.Catalog, cp ControlParameters) string {
	ctl, ok := cat.Control(cp.ControlID)
	if !ok {
		return fmt.Sprintf("%s is not a valid security control ID.", cp.ControlID)
	}
	if len(cp.Parameters) == 0 {
		return fmt.Sprintf("Control %s: at least one parameter is required.", ctl.ID)
	}
	for name, p := range cp.Parameters {
		def, ok := ctl.ParamByName[name]
		if !ok {
			return fmt.Sprintf("Control %s has no parameter %s.", ctl.ID, name)
		}
		if !p.Custom {
			continue
		}
		if p.Value == nil {
			return fmt.Sprintf("Parameter %s of control %s has ValueType CUSTOM but no Value.", name, ctl.ID)
		}
		if why := def.Check(*p.Value); why != "" {
			return "Control " + ctl.ID + ": " + why
		}
	}
	return ""
}
