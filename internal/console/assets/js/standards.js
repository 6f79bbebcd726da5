// Standards and controls: enable and disable standards, and the controls of an enabled one.
import * as api from './api.js';
import { h, fill, heading, table, act, errorBox } from './ui.js';

export async function standardsPage(view, r) {
  if (r.rest[0] === 'controls') return controlsPage(view, r.params.get('subscription') || '', r.params.get('name') || '');
  view.append(heading('Standards and controls'));
  const section = h('section', { 'aria-label': 'Standards' });
  view.append(section);
  const reload = async () => {
    const [standards, enabled] = await Promise.all([
      api.all(api.securityhub, 'DescribeStandards', { MaxResults: 100 }, 'Standards'),
      api.all(api.securityhub, 'GetEnabledStandards', { MaxResults: 100 }, 'StandardsSubscriptions'),
    ]);
    const subscriptionOf = (s) => enabled.find((e) => e.StandardsArn === s.StandardsArn);
    fill(section, table('Standards', [
      { label: 'Standard', cell: (s) => h('span', {}, h('strong', {}, s.Name), h('br'), h('small', { class: 'muted' }, s.Description || '')) },
      { label: 'Status', cell: (s) => subscriptionOf(s)?.StandardsStatus || 'NOT ENABLED' },
      { label: 'Actions', cell: (s) => {
        const sub = subscriptionOf(s);
        if (!sub) {
          const b = h('button', { type: 'button', onclick: () => act(b, async () => {
            await api.securityhub('BatchEnableStandards', { StandardsSubscriptionRequests: [{ StandardsArn: s.StandardsArn }] });
            await reload();
          }, s.Name + ' enabled') }, 'Enable ' + s.Name);
          return b;
        }
        const b = h('button', { type: 'button', onclick: () => act(b, async () => {
          await api.securityhub('BatchDisableStandards', { StandardsSubscriptionArns: [sub.StandardsSubscriptionArn] });
          await reload();
        }, s.Name + ' disabled') }, 'Disable ' + s.Name);
        return [h('a', { href: '#/standards/controls?' + new URLSearchParams({ subscription: sub.StandardsSubscriptionArn, name: s.Name }) }, 'Controls'), ' ', b];
      } },
    ], standards));
  };
  await reload().catch((e) => section.append(errorBox(e)));
}

async function controlsPage(view, subscription, name) {
  view.append(h('p', {}, h('a', { href: '#/standards' }, '← Standards')), heading('Controls of ' + (name || subscription)));
  const section = h('section', { 'aria-label': 'Controls' });
  view.append(section);
  const reload = async () => {
    const controls = await api.all(api.securityhub, 'DescribeStandardsControls', { StandardsSubscriptionArn: subscription, MaxResults: 100 }, 'Controls', 1000);
    const enabledCount = controls.filter((c) => c.ControlStatus === 'ENABLED').length;
    fill(section, h('p', {}, `${enabledCount} of ${controls.length} controls enabled.`), table('Controls', [
      { label: 'Control', cell: (c) => c.ControlId },
      { label: 'Title', cell: (c) => c.Title },
      { label: 'Severity', cell: (c) => c.SeverityRating },
      { label: 'Status', cell: (c) => c.ControlStatus + (c.DisabledReason ? ` (${c.DisabledReason})` : '') },
      { label: 'Actions', cell: (c) => {
        const enable = c.ControlStatus !== 'ENABLED';
        const b = h('button', { type: 'button', onclick: () => act(b, async () => {
          const input = { StandardsControlArn: c.StandardsControlArn, ControlStatus: enable ? 'ENABLED' : 'DISABLED' };
          if (!enable) input.DisabledReason = 'Disabled in the sechub console';
          await api.securityhub('UpdateStandardsControl', input);
          await reload();
        }, c.ControlId + (enable ? ' enabled' : ' disabled')) }, (enable ? 'Enable ' : 'Disable ') + c.ControlId);
        return b;
      } },
    ], controls, { empty: 'No controls' }));
  };
  await reload().catch((e) => section.append(errorBox(e)));
}

