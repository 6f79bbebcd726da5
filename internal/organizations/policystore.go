package organizations

import (
	"github.com/sechub/sechub/internal/store"
)

// The tables of migration 2 (schema.go): tags, policies, their attachments and the policy
// types enabled in the root.

// Tag is one tag of an account, root, organizational unit or policy.
type Tag struct{ Key, Value string }

// Policy is an organization policy; the AWS managed FullAWSAccess is not stored (fullAWSAccess).
type Policy struct {
	Partition   string
	OrgID       string
	ID          string // p-xxxxxxxx
	Type        string // SERVICE_CONTROL_POLICY, TAG_POLICY...
	Name        string
	Description string
	Content     string
	AWSManaged  bool
}

// Attachment is a policy attached to a root, OU or account.
type Attachment struct {
	PolicyID   string
	TargetID   string
	PolicyType string
}

// tagsOf lists a resource's tags, ordered by key.
func tagsOf(tx store.Tx, org Organization, resourceID string) ([]Tag, error) {
	rows, err := tx.Query(`SELECT tag_key, tag_value FROM org_tags WHERE partition = ? AND org_id = ? AND resource_id = ? ORDER BY tag_key`,
		org.Partition, org.ID, resourceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Tag
	for rows.Next() {
		var t Tag
		if err := rows.Scan(&t.Key, &t.Value); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func putTag(tx store.Tx, org Organization, resourceID string, t Tag) error {
	return tx.Exec(`INSERT INTO org_tags (partition, org_id, resource_id, tag_key, tag_value) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (partition, org_id, resource_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`,
		org.Partition, org.ID, resourceID, t.Key, t.Value)
}

func deleteTag(tx store.Tx, org Organization, resourceID, key string) error {
	return tx.Exec(`DELETE FROM org_tags WHERE partition = ? AND org_id = ? AND resource_id = ? AND tag_key = ?`,
		org.Partition, org.ID, resourceID, key)
}

// forgetResource deletes a resource's tags and policy attachments (an account leaving, an OU
// or a policy deleted).
func forgetResource(tx store.Tx, org Organization, id string) error {
	if err := tx.Exec(`DELETE FROM org_tags WHERE partition = ? AND org_id = ? AND resource_id = ?`, org.Partition, org.ID, id); err != nil {
		return err
	}
	return tx.Exec(`DELETE FROM org_policy_attachments WHERE partition = ? AND org_id = ? AND target_id = ?`, org.Partition, org.ID, id)
}

const policyColumns = `policy_id, policy_type, name, description, content`

func scanPolicy(org Organization, row scanner) (Policy, error) {
	p := Policy{Partition: org.Partition, OrgID: org.ID}
	err := row.Scan(&p.ID, &p.Type, &p.Name, &p.Description, &p.Content)
	return p, err
}

// storedPolicy returns one of the organization's own policies, or store.ErrNotFound.
func storedPolicy(tx store.Tx, org Organization, id string) (Policy, error) {
	p, err := scanPolicy(org, tx.QueryRow(`SELECT `+policyColumns+` FROM org_policies WHERE partition = ? AND org_id = ? AND policy_id = ?`,
		org.Partition, org.ID, id))
	return p, notFound(err)
}

// storedPolicies lists the organization's own policies of a type, ordered by id.
func storedPolicies(tx store.Tx, org Organization, policyType string) ([]Policy, error) {
	rows, err := tx.Query(`SELECT `+policyColumns+` FROM org_policies WHERE partition = ? AND org_id = ? AND policy_type = ? ORDER BY policy_id`,
		org.Partition, org.ID, policyType)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Policy
	for rows.Next() {
		p, err := scanPolicy(org, rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func putPolicy(tx store.Tx, p Policy) error {
	return tx.Exec(`INSERT INTO org_policies (partition, org_id, `+policyColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (partition, org_id, policy_id) DO UPDATE SET name = excluded.name, description = excluded.description, content = excluded.content`,
		p.Partition, p.OrgID, p.ID, p.Type, p.Name, p.Description, p.Content)
}

func deleteStoredPolicy(tx store.Tx, org Organization, id string) error {
	return tx.Exec(`DELETE FROM org_policies WHERE partition = ? AND org_id = ? AND policy_id = ?`, org.Partition, org.ID, id)
}

// attachmentsWhere lists attachments matching column = value, ordered by policy and target.
func attachmentsWhere(tx store.Tx, org Organization, column, value string) ([]Attachment, error) {
	rows, err := tx.Query(`SELECT policy_id, target_id, policy_type FROM org_policy_attachments
		WHERE partition = ? AND org_id = ? AND `+column+` = ? ORDER BY policy_id, target_id`, org.Partition, org.ID, value)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.PolicyID, &a.TargetID, &a.PolicyType); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// attachmentsOfPolicy lists the targets a policy is attached to.
func attachmentsOfPolicy(tx store.Tx, org Organization, policyID string) ([]Attachment, error) {
	return attachmentsWhere(tx, org, "policy_id", policyID)
}

// attachmentsOnTarget lists the policies attached to a target.
func attachmentsOnTarget(tx store.Tx, org Organization, targetID string) ([]Attachment, error) {
	return attachmentsWhere(tx, org, "target_id", targetID)
}

func putAttachment(tx store.Tx, org Organization, a Attachment) error {
	return tx.Exec(`INSERT INTO org_policy_attachments (partition, org_id, policy_id, target_id, policy_type) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (partition, org_id, policy_id, target_id) DO NOTHING`, org.Partition, org.ID, a.PolicyID, a.TargetID, a.PolicyType)
}

func deleteAttachment(tx store.Tx, org Organization, policyID, targetID string) error {
	return tx.Exec(`DELETE FROM org_policy_attachments WHERE partition = ? AND org_id = ? AND policy_id = ? AND target_id = ?`,
		org.Partition, org.ID, policyID, targetID)
}

// deleteAttachmentsOfType detaches every policy of a type (its type being disabled).
func deleteAttachmentsOfType(tx store.Tx, org Organization, policyType string) error {
	return tx.Exec(`DELETE FROM org_policy_attachments WHERE partition = ? AND org_id = ? AND policy_type = ?`, org.Partition, org.ID, policyType)
}

// enabledPolicyTypes lists the policy types enabled in the organization's root, ordered.
func enabledPolicyTypes(tx store.Tx, org Organization) ([]string, error) {
	rows, err := tx.Query(`SELECT policy_type FROM org_policy_types WHERE partition = ? AND org_id = ? ORDER BY policy_type`, org.Partition, org.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func putPolicyType(tx store.Tx, org Organization, policyType string) error {
	return tx.Exec(`INSERT INTO org_policy_types (partition, org_id, policy_type) VALUES (?, ?, ?)
		ON CONFLICT (partition, org_id, policy_type) DO NOTHING`, org.Partition, org.ID, policyType)
}

func deletePolicyType(tx store.Tx, org Organization, policyType string) error {
	return tx.Exec(`DELETE FROM org_policy_types WHERE partition = ? AND org_id = ? AND policy_type = ?`, org.Partition, org.ID, policyType)
}
