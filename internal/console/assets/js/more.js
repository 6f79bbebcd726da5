// Insights, automations, integrations and settings.
import * as api from './api.js';
import { h, fill, heading, table, act, errorBox, field, select, barChart, time } from './ui.js';

const groupable = ['ResourceId', 'ResourceType', 'SeverityLabel', 'AwsAccountId', 'ProductName', 'CompanyName', 'Title', 'Type',
  'WorkflowStatus', 'RecordState', 'ComplianceStatus', 'GeneratorId', 'Region', 'ComplianceSecurityControlId'];

// The numbers of Security Hub's managed insights (arn:aws:securityhub:::insight/securityhub/default/N).
const managedNumbers = [1, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37];

export async function insightsPage(view, r) {
  view.append(heading('Insights'));
  const list = h('section', { 'aria-labelledby': 'insights-h' }, h('h2', { id: 'insights-h' }, 'All insights'));
  const results = h('section', { 'aria-live': 'polite', 'aria-label': 'Insight results' });
  const editor = h('section', { 'aria-labelledby': 'editor-h' });
  view.append(h('div', { class: 'split' }, list, results), editor);
  const partition = api.getSession().Partition || 'aws';
  // GetInsights lists custom insights; managed ones are read by their well-known ARNs.
  const managedArns = managedNumbers.map((n) => `arn:${partition}:securityhub:::insight/securityhub/default/${n}`);
  const [custom, managedList] = await Promise.all([
    api.all(api.securityhub, 'GetInsights', { MaxResults: 100 }, 'Insights', 500),
    api.securityhub('GetInsights', { InsightArns: managedArns }),
  ]);
  const insights = [...custom, ...(managedList.Insights || [])];
  const show = async (i) => {
    fill(results, h('h2', {}, i.Name), h('p', { class: 'muted' }, 'Grouped by ', i.GroupByAttribute));
    try {
      const out = await api.securityhub('GetInsightResults', { InsightArn: i.InsightArn });
      results.append(barChart('Results of ' + i.Name, out.InsightResults.ResultValues.slice(0, 20).map((v) => ({ label: v.GroupByAttributeValue, value: v.Count }))));
    } catch (e) { results.append(errorBox(e)); }
    if (!i.InsightArn.includes(':insight/securityhub/default/')) editForm(editor, i);
  };
  const managed = (i) => i.InsightArn.includes(':insight/securityhub/default/');
  list.append(h('ul', { class: 'plain' }, insights.map((i) => h('li', {},
    h('button', { type: 'button', class: 'link', onclick: () => show(i) }, i.Name), ' ', h('small', { class: 'muted' }, managed(i) ? 'managed' : 'custom')))));
  editForm(editor, null);
  const wanted = insights.find((i) => i.InsightArn === r.params.get('arn'));
  if (wanted) show(wanted);
}

function editForm(section, insight) {
  const name = h('input', { required: true, value: insight?.Name || '', maxlength: 128 });
  const group = select(groupable, insight?.GroupByAttribute || 'ResourceId');
  const filters = h('textarea', { rows: 5, spellcheck: 'false', class: 'code' }, JSON.stringify(insight?.Filters || { RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }] }, null, 1));
  const save = h('button', { type: 'submit', class: 'primary' }, insight ? 'Save insight' : 'Create insight');
  const form = h('form', { onsubmit: (ev) => {
    ev.preventDefault();
    act(save, async () => {
      const input = { Name: name.value, GroupByAttribute: group.value, Filters: JSON.parse(filters.value) };
      if (insight) await api.securityhub('UpdateInsight', { InsightArn: insight.InsightArn, ...input });
      else await api.securityhub('CreateInsight', input);
      location.reload();
    }, 'Saved');
  } }, field('Name', name), field('Group by', group), field('Filters (JSON, as GetFindings takes them)', filters), save);
  const extra = insight ? (() => {
    const del = h('button', { type: 'button', onclick: () => act(del, async () => {
      await api.securityhub('DeleteInsight', { InsightArn: insight.InsightArn });
      location.reload();
    }, 'Deleted') }, 'Delete insight');
    return [' ', del, ' ', h('button', { type: 'button', onclick: () => editForm(section, null) }, 'New insight instead')];
  })() : null;
  fill(section, h('h2', { id: 'editor-h' }, insight ? 'Edit ' + insight.Name : 'Create an insight'), form, extra);
}

export async function automationsPage(view) {
  view.append(heading('Automations'));
  const rules = await api.all(api.securityhub, 'ListAutomationRules', { MaxResults: 100 }, 'AutomationRulesMetadata', 1000);
  rules.sort((a, b) => a.RuleOrder - b.RuleOrder);
  view.append(table('Automation rules, in the order they apply', [
    { label: 'Order', cell: (r) => r.RuleOrder },
    { label: 'Name', cell: (r) => r.RuleName },
    { label: 'Status', cell: (r) => r.RuleStatus },
    { label: 'Terminal', cell: (r) => (r.IsTerminal ? 'yes' : 'no') },
    { label: 'Description', cell: (r) => r.Description },
    { label: 'Updated', cell: (r) => time(r.UpdatedAt) },
  ], rules, { empty: 'No automation rules' }));
}

export async function integrationsPage(view) {
  view.append(heading('Integrations'));
  const section = h('section', { 'aria-label': 'Products' });
  view.append(section);
  const reload = async () => {
    const [products, enabled] = await Promise.all([
      api.all(api.securityhub, 'DescribeProducts', { MaxResults: 100 }, 'Products', 1000),
      api.all(api.securityhub, 'ListEnabledProductsForImport', { MaxResults: 100 }, 'ProductSubscriptions', 1000),
    ]);
    // arn:...:product/<company>/<product> is subscribed as arn:...:product-subscription/<company>/<product>.
    const subscriptionOf = (p) => enabled.find((s) => s.endsWith(':product-subscription/' + p.ProductArn.split(':product/')[1]));
    fill(section, table('Products', [
      { label: 'Product', cell: (p) => h('span', {}, h('strong', {}, p.ProductName), ' ', h('small', { class: 'muted' }, p.CompanyName)) },
      { label: 'Categories', cell: (p) => (p.Categories || []).join(', ') },
      { label: 'Status', cell: (p) => (subscriptionOf(p) ? 'Accepting findings' : 'Not enabled') },
      { label: 'Actions', cell: (p) => {
        const sub = subscriptionOf(p);
        const b = h('button', { type: 'button', onclick: () => act(b, async () => {
          if (sub) await api.securityhub('DisableImportFindingsForProduct', { ProductSubscriptionArn: sub });
          else await api.securityhub('EnableImportFindingsForProduct', { ProductArn: p.ProductArn });
          await reload();
        }, p.ProductName + (sub ? ' disabled' : ' enabled')) }, (sub ? 'Disable ' : 'Enable ') + p.ProductName);
        return b;
      } },
    ], products));
  };
  await reload().catch((e) => section.append(errorBox(e)));
}

export async function settingsPage(view) {
  view.append(heading('Settings'));
  const actions = h('section', { 'aria-labelledby': 'actions-h' });
  const aggregation = h('section', { 'aria-labelledby': 'aggregation-h' });
  view.append(actions, aggregation);
  const reload = async () => {
    fill(actions, h('h2', { id: 'actions-h' }, 'Custom actions'));
    const name = h('input', { required: true, maxlength: 20 });
    const id = h('input', { required: true, maxlength: 20, pattern: '[A-Za-z0-9]+' });
    const description = h('input', { required: true });
    const create = h('button', { type: 'submit', class: 'primary' }, 'Create custom action');
    actions.append(h('form', { class: 'toolbar', onsubmit: (ev) => {
      ev.preventDefault();
      act(create, async () => {
        await api.securityhub('CreateActionTarget', { Name: name.value, Id: id.value, Description: description.value });
        await reload();
      }, 'Custom action created');
    } }, field('Name', name), field('ID', id, 'letters and digits'), field('Description', description), create));
    try {
      const targets = await api.all(api.securityhub, 'DescribeActionTargets', { MaxResults: 100 }, 'ActionTargets', 1000);
      actions.append(table('Custom actions', [
        { label: 'Name', cell: (t) => t.Name },
        { label: 'Description', cell: (t) => t.Description },
        { label: 'ARN', cell: (t) => h('code', { class: 'break' }, t.ActionTargetArn) },
        { label: 'Actions', cell: (t) => {
          const b = h('button', { type: 'button', onclick: () => act(b, async () => {
            await api.securityhub('DeleteActionTarget', { ActionTargetArn: t.ActionTargetArn });
            await reload();
          }, 'Deleted') }, 'Delete ' + t.Name);
          return b;
        } },
      ], targets, { empty: 'No custom actions' }));
    } catch (e) { actions.append(errorBox(e)); }
    fill(aggregation, h('h2', { id: 'aggregation-h' }, 'Cross-region aggregation'));
    try {
      const aggs = await api.all(api.securityhub, 'ListFindingAggregators', { MaxResults: 10 }, 'FindingAggregators');
      if (!aggs.length) aggregation.append(h('p', {}, 'No finding aggregator in this account.'));
      for (const a of aggs) {
        const out = await api.securityhub('GetFindingAggregator', { FindingAggregatorArn: a.FindingAggregatorArn });
        aggregation.append(h('dl', { class: 'facts' },
          h('dt', {}, 'Aggregation region'), h('dd', {}, out.FindingAggregationRegion),
          h('dt', {}, 'Linking mode'), h('dd', {}, out.RegionLinkingMode),
          h('dt', {}, 'Regions'), h('dd', {}, (out.Regions || []).join(', ') || '—')));
      }
    } catch (e) { aggregation.append(errorBox(e)); }
  };
  await reload();
}
