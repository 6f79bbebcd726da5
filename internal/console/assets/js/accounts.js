// Accounts: this account's administrator, its members and invitations, and the organization
// tree when there is one.
import * as api from './api.js';
import { h, fill, heading, table, time, field, act, errorBox } from './ui.js';

export async function accountsPage(view) {
  view.append(heading('Accounts'));
  const admin = h('section', { 'aria-labelledby': 'admin-h' });
  const members = h('section', { 'aria-labelledby': 'members-h' });
  const invitations = h('section', { 'aria-labelledby': 'invitations-h' });
  const org = h('section', { 'aria-labelledby': 'org-h' });
  view.append(admin, invitations, members, org);
  const reload = () => Promise.all([adminSection(admin, reload), membersSection(members, reload), invitationsSection(invitations, reload), orgSection(org)]);
  await reload();
}

async function adminSection(section, reload) {
  fill(section, h('h2', { id: 'admin-h' }, 'Administrator'));
  try {
    const out = await api.securityhub('GetAdministratorAccount', {});
    const a = out.Administrator;
    if (!a) return section.append(h('p', {}, 'This account has no administrator.'));
    const leave = h('button', { type: 'button', onclick: () => act(leave, async () => {
      await api.securityhub('DisassociateFromAdministratorAccount', {});
      await reload();
    }, 'Disassociated from the administrator') }, 'Disassociate from administrator');
    section.append(h('p', {}, 'Administrator account ', h('strong', {}, a.AccountId), ', relationship ', a.MemberStatus, ' since ', time(a.InvitedAt)), leave);
  } catch (e) { section.append(errorBox(e)); }
}

async function invitationsSection(section, reload) {
  fill(section, h('h2', { id: 'invitations-h' }, 'Invitations to this account'));
  try {
    const list = await api.all(api.securityhub, 'ListInvitations', { MaxResults: 50 }, 'Invitations');
    section.append(table('Invitations', [
      { label: 'From account', cell: (i) => i.AccountId },
      { label: 'Status', cell: (i) => i.MemberStatus },
      { label: 'Invited', cell: (i) => time(i.InvitedAt) },
      { label: 'Actions', cell: (i) => {
        const accept = h('button', { type: 'button', onclick: () => act(accept, async () => {
          await api.securityhub('AcceptAdministratorInvitation', { AdministratorId: i.AccountId, InvitationId: i.InvitationId });
          await reload();
        }, 'Invitation from ' + i.AccountId + ' accepted') }, 'Accept invitation from ' + i.AccountId);
        const decline = h('button', { type: 'button', onclick: () => act(decline, async () => {
          await api.securityhub('DeclineInvitations', { AccountIds: [i.AccountId] });
          await reload();
        }, 'Invitation from ' + i.AccountId + ' declined'), 'aria-label': 'Decline invitation from ' + i.AccountId }, 'Decline');
        return [accept, ' ', decline];
      } },
    ], list, { empty: 'No invitations' }));
  } catch (e) { section.append(errorBox(e)); }
}

async function membersSection(section, reload) {
  fill(section, h('h2', { id: 'members-h' }, 'Members of this account'));
  const account = h('input', { required: true, pattern: '[0-9]{12}', inputmode: 'numeric', maxlength: 12, autocomplete: 'off' });
  const email = h('input', { type: 'email', autocomplete: 'off' });
  const addButton = h('button', { type: 'submit', class: 'primary' }, 'Add and invite');
  section.append(h('form', { class: 'toolbar', onsubmit: (ev) => {
    ev.preventDefault();
    act(addButton, async () => {
      const detail = { AccountId: account.value.trim() };
      if (email.value.trim()) detail.Email = email.value.trim();
      const created = await api.securityhub('CreateMembers', { AccountDetails: [detail] });
      if (created.UnprocessedAccounts?.length) throw new Error(created.UnprocessedAccounts[0].ProcessingResult);
      const invited = await api.securityhub('InviteMembers', { AccountIds: [detail.AccountId] });
      if (invited.UnprocessedAccounts?.length) throw new Error(invited.UnprocessedAccounts[0].ProcessingResult);
      await reload();
    }, 'Account invited');
  } }, field('Member account ID', account), field('Email (optional)', email), addButton));
  try {
    const list = await api.all(api.securityhub, 'ListMembers', { OnlyAssociated: false, MaxResults: 50 }, 'Members');
    const button = (label, operation, m, done) => {
      const b = h('button', { type: 'button', onclick: () => act(b, async () => {
        const out = await api.securityhub(operation, { AccountIds: [m.AccountId] });
        if (out.UnprocessedAccounts?.length) throw new Error(out.UnprocessedAccounts[0].ProcessingResult);
        await reload();
      }, done), 'aria-label': `${label} ${m.AccountId}` }, label);
      return b;
    };
    section.append(table('Members', [
      { label: 'Account', cell: (m) => m.AccountId },
      { label: 'Email', cell: (m) => m.Email },
      { label: 'Status', cell: (m) => m.MemberStatus },
      { label: 'Updated', cell: (m) => time(m.UpdatedAt) },
      { label: 'Actions', cell: (m) => [
        m.MemberStatus === 'Created' || m.MemberStatus === 'Removed' || m.MemberStatus === 'Resigned' ? button('Invite', 'InviteMembers', m, 'Invited') : null, ' ',
        button('Disassociate', 'DisassociateMembers', m, 'Disassociated'), ' ',
        button('Delete', 'DeleteMembers', m, 'Deleted')] },
    ], list, { empty: 'No members' }));
  } catch (e) { section.append(errorBox(e)); }
}

async function orgSection(section) {
  fill(section, h('h2', { id: 'org-h' }, 'Organization'));
  let org;
  try {
    org = (await api.organizations('DescribeOrganization', {})).Organization;
  } catch (e) {
    section.append(h('p', { class: 'muted' }, 'This account is not in an organization (', e.code, ').'));
    return;
  }
  section.append(h('p', {}, 'Organization ', h('code', {}, org.Id), ', management account ', h('strong', {}, org.MasterAccountId)));
  try {
    const admins = await api.all(api.securityhub, 'ListOrganizationAdminAccounts', { MaxResults: 10 }, 'AdminAccounts');
    section.append(h('p', {}, 'Security Hub delegated administrator: ', admins.length ? admins.map((a) => `${a.AccountId} (${a.Status})`).join(', ') : 'none'));
  } catch (e) { section.append(h('p', { class: 'muted' }, 'Delegated administrator: ', e.message)); }
  try {
    const roots = await api.all(api.organizations, 'ListRoots', {}, 'Roots');
    const policies = await policyNames();
    if (policies) section.append(h('p', { class: 'muted' }, 'Each node shows its central configuration policy.'));
    const tree = h('ul', { class: 'tree', 'aria-label': 'Organization tree' });
    for (const root of roots) tree.append(await node(root.Id, root.Name === 'Root' ? 'Root' : 'Root ' + root.Name, { RootId: root.Id }, policies));
    section.append(tree);
  } catch (e) { section.append(errorBox(e)); }
}

/** The names of the central configuration policies by id, or null when this account may not
 * read them (only the delegated administrator, in its home region, may). */
async function policyNames() {
  try {
    const list = await api.all(api.securityhub, 'ListConfigurationPolicies', { MaxResults: 100 }, 'ConfigurationPolicySummaries', 1000);
    return new Map(list.map((p) => [p.Id, p.Name]));
  } catch { return null; }
}

/** A node's central configuration policy, as text (empty when none can be read). */
async function policyOf(target, policies) {
  if (!policies) return '';
  try {
    const a = await api.securityhub('GetConfigurationPolicyAssociation', { Target: target });
    const name = policies.get(a.ConfigurationPolicyId) || a.ConfigurationPolicyId;
    return ` — policy ${name} (${a.AssociationType}${a.AssociationStatus ? ', ' + a.AssociationStatus : ''})`;
  } catch { return ''; }
}

/** One node of the tree: its accounts and organizational units, read when opened. */
async function node(id, label, target, policies) {
  const children = h('ul', {});
  const details = h('details', { ontoggle: async () => {
    if (!details.open || details.dataset.loaded) return;
    details.dataset.loaded = '1';
    try {
      const ous = await api.all(api.organizations, 'ListOrganizationalUnitsForParent', { ParentId: id }, 'OrganizationalUnits', 200);
      const accounts = await api.all(api.organizations, 'ListAccountsForParent', { ParentId: id }, 'Accounts', 200);
      for (const ou of ous) children.append(await node(ou.Id, 'OU ' + ou.Name, { OrganizationalUnitId: ou.Id }, policies));
      for (const a of accounts) {
        children.append(h('li', {}, `Account ${a.Id} ${a.Name || ''} (${a.Status || a.State || ''})`, await policyOf({ AccountId: a.Id }, policies)));
      }
      if (!ous.length && !accounts.length) children.append(h('li', { class: 'muted' }, 'empty'));
    } catch (e) { children.append(h('li', {}, errorBox(e))); }
  } }, h('summary', {}, label, ' ', h('code', {}, id), await policyOf(target, policies)), children);
  return h('li', {}, details);
}
