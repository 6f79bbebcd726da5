package controls

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sechub/sechub/internal/controls/catalogue"
	"github.com/sechub/sechub/internal/controls/catalogue/ids"
	"github.com/sechub/sechub/internal/standards"
)

// Control is one security control of the catalogue with its parameters parsed.
type Control struct {
	catalogue.Control
	// Params are the parameters the control takes, sorted by name; ParamByName indexes them.
	Params      []Parameter
	ParamByName map[string]Parameter
	description string
}

// Description is the control's description in sechub's words: AWS's own texts are not
// reproduced, so it states what the control checks through its title.
func (c *Control) Description() string { return c.description }

// RemediationURL is the page of AWS's documentation on fixing what a control finds, by the
// control's id: the security control id, or a standard's own id in that standard's controls.
func RemediationURL(id string) string {
	return "https://docs.aws.amazon.com/console/securityhub/" + id + "/remediation"
}

// Member is a control in one standard.
type Member struct {
	Control *Control
	catalogue.Membership
	// RemediationURL is by the standard's own control id.
	RemediationURL string
}

// Standard is one standard of the catalogue with its controls.
type Standard struct {
	standards.Definition
	Members []Member
	// Added holds, by control id, when a control joined the standard in sechub's catalogue
	// after the catalogue's first edition. A subscription older than that did not have the
	// control: it starts enabled only if the hub auto-enables new controls.
	Added     map[string]time.Time
	bySuffix  map[string]int
	byControl map[string]int
}

// Catalog is the control catalogue indexed for the operations.
type Catalog struct {
	Controls  []*Control // in AWS's order
	byID      map[string]*Control
	standards map[string]*Standard // by standard path
}

// NewCatalog indexes controls; it fails on a control that names a standard sechub does not
// offer or a parameter it cannot parse.
func NewCatalog(controls []catalogue.Control) (*Catalog, error) {
	cat := &Catalog{byID: map[string]*Control{}, standards: map[string]*Standard{}}
	for _, d := range standards.Catalog {
		cat.standards[d.Path] = &Standard{Definition: d, bySuffix: map[string]int{}, byControl: map[string]int{}, Added: map[string]time.Time{}}
	}
	for _, cc := range controls {
		c := &Control{Control: cc, ParamByName: map[string]Parameter{},
			description: "Security Hub control " + cc.ID + ": " + cc.Title + "."}
		for _, p := range cc.Parameters {
			def, err := parseParameter(p)
			if err != nil {
				return nil, fmt.Errorf("control %s: %w", cc.ID, err)
			}
			c.Params = append(c.Params, def)
			c.ParamByName[def.Name] = def
		}
		cat.Controls = append(cat.Controls, c)
		cat.byID[c.ID] = c
		for _, m := range cc.Standards {
			std, ok := cat.standards[m.Standard]
			if !ok {
				return nil, fmt.Errorf("control %s: unknown standard %s", cc.ID, m.Standard)
			}
			std.Members = append(std.Members, Member{Control: c, Membership: m, RemediationURL: RemediationURL(m.ControlID)})
		}
	}
	for _, std := range cat.standards {
		slices.SortStableFunc(std.Members, func(a, b Member) int { return ids.CompareInStandard(a.ControlID, b.ControlID) })
		for i, m := range std.Members {
			std.bySuffix[m.ARNSuffix] = i
			std.byControl[m.Control.ID] = i
		}
	}
	return cat, nil
}

// Control returns a control by id.
func (cat *Catalog) Control(id string) (*Control, bool) {
	c, ok := cat.byID[id]
	return c, ok
}

// Standard returns a standard by its ARN resource path.
func (cat *Catalog) Standard(path string) (*Standard, bool) {
	s, ok := cat.standards[path]
	return s, ok
}

// Member returns the control with the given id in the standard.
func (s *Standard) Member(controlID string) (Member, bool) {
	i, ok := s.byControl[controlID]
	if !ok {
		return Member{}, false
	}
	return s.Members[i], true
}

// memberBySuffix returns the control whose standards control ARN ends in suffix.
func (s *Standard) memberBySuffix(suffix string) (Member, bool) {
	i, ok := s.bySuffix[suffix]
	if !ok {
		return Member{}, false
	}
	return s.Members[i], true
}

// arnParts splits a Security Hub ARN into partition, region, account and resource.
func arnParts(arn string) (partition, region, account, resource string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "securityhub" {
		return "", "", "", "", false
	}
	return parts[1], parts[3], parts[4], parts[5], true
}
