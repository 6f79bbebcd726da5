// Summary: the hub, counts of active findings by severity, account and region, new critical
// and high findings, and the top managed insights. Every count comes from the server's
// grouping (no finding is loaded).
import * as api from './api.js';
import { h, fill, heading, barChart, errorBox, act } from './ui.js';

const active = { RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }] };
const open = { ...active, WorkflowStatus: [{ Value: 'NEW', Comparison: 'EQUALS' }, { Value: 'NOTIFIED', Comparison: 'EQUALS' }] };
const severities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];

/** A link to the findings page with filters. */
export function findingsLink(filters) {
  return '#/findings?filters=' + encodeURIComponent(JSON.stringify(filters));
}

export async function summaryPage(view) {
  view.append(heading('Summary'));
  let hub;
  try {
    hub = await api.securityhub('DescribeHub', {});
  } catch (e) {
    if (e.code !== 'InvalidAccessException' && e.code !== 'ResourceNotFoundException') throw e;
    const button = h('button', { class: 'primary', type: 'button', onclick: () => act(button, async () => {
      await api.securityhub('EnableSecurityHub', { EnableDefaultStandards: true });
      location.reload();
    }, 'Security Hub enabled') }, 'Enable Security Hub');
    view.append(errorBox(e), h('p', {}, 'Security Hub is not enabled for this account in this region.'), button);
    return;
  }
  view.append(h('p', { class: 'muted' }, 'Hub ', h('code', {}, hub.HubArn), ' — active findings, workflow status new or notified.'));
  const tiles = h('div', { class: 'tiles' });
  const charts = h('div', { class: 'charts' });
  const scoresSection = h('section', { 'aria-labelledby': 'scores-h' }, h('h2', { id: 'scores-h' }, 'Security scores'));
  const insights = h('section', { 'aria-labelledby': 'top-insights' }, h('h2', { id: 'top-insights' }, 'Top managed insights'));
  view.append(tiles, charts, scoresSection, insights);

  // Counting by Region reads every finding (it is no indexed attribute), so it is asked only
  // in an aggregation region, where findings of other regions are; elsewhere every finding
  // is of this region.
  // Likewise by account only for an administrator: an account without members sees its own.
  const [aggregators, members] = await Promise.all([
    api.securityhub('ListFindingAggregators', { MaxResults: 1 }).catch(() => ({})),
    api.securityhub('ListMembers', { OnlyAssociated: true, MaxResults: 1 }).catch(() => ({ Members: [{}] })),
  ]);
  const aggregating = (aggregators.FindingAggregators || []).length > 0;
  const administering = (members.Members || []).length > 0;
  const [bySeverity, byAccountCounted, newBySeverity, byRegionCounted] = await Promise.all([
    api.counts(open, 'SeverityLabel'),
    administering ? api.counts(open, 'AwsAccountId') : null,
    // Only the critical and high ones: a narrower range of the store's severity index.
    api.counts({ ...active, WorkflowStatus: [{ Value: 'NEW', Comparison: 'EQUALS' }],
      SeverityLabel: [{ Value: 'CRITICAL', Comparison: 'EQUALS' }, { Value: 'HIGH', Comparison: 'EQUALS' }] }, 'SeverityLabel'),
    aggregating ? api.counts(open, 'Region') : null,
  ]);
  const total = bySeverity.ResultValues.reduce((sum, r) => sum + r.Count, 0);
  const byRegion = byRegionCounted || { ResultValues: total ? [{ GroupByAttributeValue: api.getSession().Region, Count: total }] : [] };
  const byAccount = byAccountCounted || { ResultValues: total ? [{ GroupByAttributeValue: api.getSession().AccountId, Count: total }] : [] };
  const countOf = (res, v) => (res.ResultValues.find((r) => r.GroupByAttributeValue === v) || { Count: 0 }).Count;
  for (const [label, sev] of [['New critical findings', 'CRITICAL'], ['New high findings', 'HIGH']]) {
    const filters = { ...active, WorkflowStatus: [{ Value: 'NEW', Comparison: 'EQUALS' }], SeverityLabel: [{ Value: sev, Comparison: 'EQUALS' }] };
    tiles.append(h('a', { class: 'tile ' + sev.toLowerCase(), href: findingsLink(filters) },
      h('span', { class: 'tile-value', 'data-testid': 'new-' + sev.toLowerCase() }, countOf(newBySeverity, sev).toLocaleString()),
      h('span', { class: 'tile-label' }, label)));
  }
  const go = (key) => (row) => { location.hash = findingsLink({ ...open, [key]: [{ Value: row.label, Comparison: 'EQUALS' }] }); };
  charts.append(
    barChart('Findings by severity', severities.map((s) => ({ label: s, value: countOf(bySeverity, s), tone: s.toLowerCase() })), { onSelect: go('SeverityLabel') }),
    barChart('Findings by account', byAccount.ResultValues.slice(0, 10).map((r) => ({ label: r.GroupByAttributeValue, value: r.Count })), { onSelect: go('AwsAccountId') }),
    barChart('Findings by region', byRegion.ResultValues.slice(0, 10).map((r) => ({ label: r.GroupByAttributeValue, value: r.Count })), { onSelect: go('Region') }),
  );
  securityScores(scoresSection);
  topInsights(insights, hub.HubArn);
}

/** This account's score per enabled standard: passed controls among the enabled controls that
 * have findings; standards without data say so. */
async function securityScores(section) {
  try {
    const [out, standards] = await Promise.all([api.scores(), api.all(api.securityhub, 'DescribeStandards', { MaxResults: 100 }, 'Standards')]);
    const nameOf = (arn) => (standards.find((s) => arn.endsWith(s.StandardsArn.split(':').pop())) || { Name: arn }).Name;
    const scored = out.Standards.filter((s) => s.WithData > 0);
    const noData = out.Standards.filter((s) => s.WithData === 0);
    section.append(barChart('Security score by standard (%)', scored.map((s) => ({ label: nameOf(s.StandardsArn), value: Math.round(s.Score * 100) })),
      { empty: 'No enabled standard has control findings yet.' }));
    if (scored.length) {
      section.append(h('ul', { class: 'plain', 'aria-label': 'Security scores' }, scored.map((s) =>
        h('li', {}, `${nameOf(s.StandardsArn)}: ${Math.round(s.Score * 100)}% (${s.Passed} of ${s.WithData} controls passed)`))));
    }
    if (noData.length) section.append(h('p', { class: 'muted' }, 'No control data yet: ', noData.map((s) => nameOf(s.StandardsArn)).join(', ')));
  } catch (e) {
    section.append(errorBox(e));
  }
}

async function topInsights(section, hubArn) {
  try {
    // Managed insights by their well-known ARNs in the hub's partition. Their results are
    // counted when asked for: at a million findings one takes seconds (grouping by resource).
    const partition = hubArn.split(':')[1] || 'aws';
    const arns = [1, 10, 16].map((n) => `arn:${partition}:securityhub:::insight/securityhub/default/${n}`);
    const managed = (await api.securityhub('GetInsights', { InsightArns: arns })).Insights || [];
    const list = h('div', { class: 'charts' });
    section.append(list);
    for (const i of managed) {
      const box = h('div', { class: 'chart' });
      const show = h('button', { type: 'button', onclick: () => act(show, async () => {
        const res = await api.securityhub('GetInsightResults', { InsightArn: i.InsightArn });
        const rows = res.InsightResults.ResultValues.slice(0, 5).map((r) => ({ label: r.GroupByAttributeValue, value: r.Count }));
        box.className = ''; // the chart has its own frame
        fill(box, barChart(i.Name, rows), h('a', { href: '#/insights?arn=' + encodeURIComponent(i.InsightArn) }, 'Open insight'));
      }), 'aria-label': 'Show results of ' + i.Name }, 'Show results');
      list.append(fill(box, h('p', { class: 'insight-name' }, i.Name), show, ' ',
        h('a', { href: '#/insights?arn=' + encodeURIComponent(i.InsightArn) }, 'Open insight')));
    }
  } catch (e) {
    fill(section, h('h2', {}, 'Top managed insights'), errorBox(e));
  }
}
