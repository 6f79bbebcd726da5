// Findings: a filter bar for the ASFF filters, a page of the table (GetFindings with
// MaxResults and NextToken: never all findings), and a side panel with the finding's
// overview, resources, history and JSON, where its workflow status and notes are changed with
// BatchUpdateFindings.
import * as api from './api.js';
import { h, fill, heading, table, time, field, select, act, announce, errorBox, severity } from './ui.js';
import { findingsLink } from './summary.js';

const stringComparisons = ['EQUALS', 'NOT_EQUALS', 'PREFIX', 'PREFIX_NOT_EQUALS', 'CONTAINS', 'NOT_CONTAINS'];
const stringKeys = ['SeverityLabel', 'WorkflowStatus', 'RecordState', 'AwsAccountId', 'Region', 'ProductName', 'CompanyName',
  'Title', 'Description', 'Id', 'ProductArn', 'GeneratorId', 'ResourceType', 'ResourceId', 'ResourceRegion',
  'ComplianceStatus', 'ComplianceSecurityControlId', 'Type', 'VerificationState', 'NoteText', 'ResourceTags'];
const numberKeys = ['SeverityNormalized', 'Confidence', 'Criticality'];
const dateKeys = ['UpdatedAt', 'CreatedAt', 'FirstObservedAt', 'LastObservedAt'];
const workflowStatuses = ['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'];
const pageSizes = ['25', '50', '100'];
const defaultFilters = {
  RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
  WorkflowStatus: [{ Value: 'NEW', Comparison: 'EQUALS' }, { Value: 'NOTIFIED', Comparison: 'EQUALS' }],
};

/** The filters of the page's URL, or the default ones. */
function filtersOf(params) {
  try {
    const f = JSON.parse(params.get('filters') || 'null');
    if (f && typeof f === 'object') return f;
  } catch { /* a hand-edited URL: fall back to the defaults */ }
  return structuredClone(defaultFilters);
}

/** The filter document as rows of the filter bar: {key, comparison, value}. */
function rowsOf(filters) {
  const rows = [];
  for (const [key, list] of Object.entries(filters)) {
    for (const f of list) {
      if (numberKeys.includes(key)) {
        for (const c of ['Gte', 'Lte', 'Eq', 'Gt', 'Lt']) if (f[c] !== undefined) rows.push({ key, comparison: c, value: String(f[c]) });
      } else if (dateKeys.includes(key)) {
        if (f.DateRange) rows.push({ key, comparison: 'LAST_DAYS', value: String(f.DateRange.Value) });
        else if (f.Start) rows.push({ key, comparison: 'SINCE', value: f.Start });
      } else rows.push({ key, comparison: f.Comparison || 'EQUALS', value: f.Value ?? '' });
    }
  }
  return rows;
}

/** The filter document of the filter bar's rows. */
function filtersFrom(rows) {
  const out = {};
  for (const r of rows) {
    if (r.value === '') continue;
    let f;
    if (numberKeys.includes(r.key)) f = { [r.comparison]: Number(r.value) };
    else if (dateKeys.includes(r.key)) {
      f = r.comparison === 'SINCE' ? { Start: new Date(r.value).toISOString(), End: new Date().toISOString() } : { DateRange: { Value: Number(r.value), Unit: 'DAYS' } };
    } else f = { Value: r.value, Comparison: r.comparison };
    (out[r.key] ||= []).push(f);
  }
  return out;
}

function comparisonsFor(key) {
  if (numberKeys.includes(key)) return [['Gte', '≥'], ['Lte', '≤'], ['Eq', '=']];
  if (dateKeys.includes(key)) return [['LAST_DAYS', 'in the last N days'], ['SINCE', 'since (date)']];
  return stringComparisons;
}

export async function findingsPage(view, r) {
  actionTargets = undefined; // custom actions may have changed on the settings page
  if (r.rest[0] === 'view') return findingView(view, r.params);
  const filters = filtersOf(r.params);
  const size = pageSizes.includes(r.params.get('size')) ? r.params.get('size') : '25';
  view.append(heading('Findings'));
  const bar = filterBar(filters, size);
  const results = h('section', { 'aria-label': 'Findings table' });
  const panel = h('aside', { id: 'panel', class: 'panel', hidden: true, 'aria-labelledby': 'panel-heading' });
  view.append(bar, h('div', { class: 'with-panel' }, results, panel));
  const tokens = [undefined]; // the token of each page seen, for going back
  let pageIndex = 0;
  const load = async () => {
    fill(results, h('p', { class: 'muted' }, 'Loading…'));
    const out = await api.securityhub('GetFindings', {
      Filters: filters, MaxResults: Number(size), NextToken: tokens[pageIndex],
      SortCriteria: [{ Field: 'UpdatedAt', SortOrder: 'desc' }],
    });
    tokens[pageIndex + 1] = out.NextToken;
    renderTable(results, out.Findings, {
      page: pageIndex + 1, more: !!out.NextToken,
      prev: pageIndex > 0 ? () => { pageIndex--; load().catch(showError); } : null,
      next: out.NextToken ? () => { pageIndex++; load().catch(showError); } : null,
      open: (f) => openPanel(panel, f, () => load().catch(showError)),
      reload: () => load().catch(showError),
    });
  };
  const showError = (e) => fill(results, errorBox(e));
  await load().catch(showError);
}

function filterBar(filters, size) {
  const rows = rowsOf(filters);
  const list = h('div', { class: 'filter-rows' });
  const draw = () => {
    fill(list, rows.map((row, i) => {
      const key = select([...stringKeys, ...numberKeys, ...dateKeys], row.key, { 'aria-label': `Filter ${i + 1} attribute` });
      const cmp = select(comparisonsFor(row.key), row.comparison, { 'aria-label': `Filter ${i + 1} comparison` });
      const value = h('input', { value: row.value, 'aria-label': `Filter ${i + 1} value`, type: row.comparison === 'SINCE' ? 'date' : 'text' });
      key.onchange = () => { row.key = key.value; const first = comparisonsFor(row.key)[0]; row.comparison = Array.isArray(first) ? first[0] : first; row.value = ''; draw(); };
      cmp.onchange = () => { row.comparison = cmp.value; draw(); };
      value.oninput = () => { row.value = value.value; };
      return h('div', { class: 'filter-row' }, key, cmp, value,
        h('button', { type: 'button', 'aria-label': `Remove filter ${i + 1}`, onclick: () => { rows.splice(i, 1); draw(); } }, '✕'));
    }));
  };
  draw();
  const sizeSelect = select(pageSizes, size, { id: 'page-size' });
  const apply = (ev) => {
    ev.preventDefault();
    const params = new URLSearchParams({ filters: JSON.stringify(filtersFrom(rows)), size: sizeSelect.value });
    location.hash = '#/findings?' + params;
  };
  return h('form', { class: 'filters', onsubmit: apply, 'aria-label': 'Filters' },
    h('fieldset', {}, h('legend', {}, 'Filters'), list,
      h('div', { class: 'filter-actions' },
        h('button', { type: 'button', onclick: () => { rows.push({ key: 'Title', comparison: 'CONTAINS', value: '' }); draw(); list.querySelector('.filter-row:last-child select')?.focus(); } }, 'Add filter'),
        h('button', { type: 'button', onclick: () => { rows.splice(0, rows.length); draw(); } }, 'Clear'),
        field('Rows per page', sizeSelect),
        h('button', { type: 'submit', class: 'primary' }, 'Apply filters'))));
}

function resourceOf(f) { return (f.Resources && f.Resources[0]) || {}; }

function renderTable(section, findings, nav) {
  const selected = new Set();
  const status = select(workflowStatuses, 'NOTIFIED', { id: 'bulk-workflow' });
  const bulkButton = h('button', { type: 'button', onclick: () => act(bulkButton, async () => {
    if (!selected.size) throw new Error('Select findings first');
    const out = await api.securityhub('BatchUpdateFindings', { FindingIdentifiers: [...selected].map((f) => ({ Id: f.Id, ProductArn: f.ProductArn })), Workflow: { Status: status.value } });
    reportUpdate(out);
    nav.reload();
  }) }, 'Set status of selected');
  const actionPicker = customActionPicker('bulk-action', () => [...selected]);
  const checkbox = (f) => h('input', { type: 'checkbox', 'aria-label': 'Select ' + f.Title, onchange: (ev) => { ev.target.checked ? selected.add(f) : selected.delete(f); } });
  const columns = [
    { label: h('span', { class: 'sr-only' }, 'Select'), cell: checkbox },
    { label: 'Severity', cell: (f) => severity(f.Severity?.Label) },
    { label: 'Workflow', cell: (f) => f.Workflow?.Status || f.WorkflowState },
    { label: 'Record state', cell: (f) => f.RecordState },
    { label: 'Region', cell: (f) => f.Region },
    { label: 'Account', cell: (f) => f.AwsAccountId },
    { label: 'Product', cell: (f) => f.ProductName },
    { label: 'Title', cell: (f) => h('button', { class: 'link', type: 'button', onclick: () => nav.open(f) }, f.Title), class: 'title' },
    { label: 'Resource type', cell: (f) => resourceOf(f).Type },
    { label: 'Resource ID', cell: (f) => h('span', { class: 'break' }, resourceOf(f).Id), class: 'resource' },
    { label: 'Updated', cell: (f) => time(f.UpdatedAt) },
  ];
  fill(section,
    h('div', { class: 'toolbar' }, field('Workflow status', status), bulkButton, actionPicker),
    table(`Findings, page ${nav.page}`, columns, findings, { empty: 'No findings match these filters' }),
    h('nav', { class: 'pager', 'aria-label': 'Pages' },
      h('button', { type: 'button', disabled: !nav.prev, onclick: nav.prev }, 'Previous page'),
      h('span', {}, `Page ${nav.page}`),
      h('button', { type: 'button', disabled: !nav.next, onclick: nav.next }, 'Next page')));
}

function reportUpdate(out) {
  const failed = out.UnprocessedFindings || [];
  if (failed.length) announce(`${failed.length} not updated: ${failed[0].ErrorCode} ${failed[0].ErrorMessage}`, 'bad');
  else announce(`Updated ${out.ProcessedFindings.length} finding(s)`, 'ok');
}

/** The side panel of one finding (also the body of its own page, #/findings/view). */
function findingDetails(f, onChange) {
  const tabs = ['Overview', 'Resources', 'History', 'JSON'];
  const body = h('div', { class: 'tab-body', role: 'tabpanel' });
  const tabButtons = tabs.map((t, i) => h('button', { type: 'button', role: 'tab', id: 'tab-' + t, 'aria-selected': i === 0 ? 'true' : 'false', tabindex: i === 0 ? '0' : '-1', onclick: () => show(i) }, t));
  const tablist = h('div', { role: 'tablist', 'aria-label': 'Finding details', onkeydown: (ev) => {
    const i = tabButtons.indexOf(document.activeElement);
    if (i < 0) return;
    if (ev.key === 'ArrowRight') { show((i + 1) % tabs.length); tabButtons[(i + 1) % tabs.length].focus(); }
    if (ev.key === 'ArrowLeft') { show((i + tabs.length - 1) % tabs.length); tabButtons[(i + tabs.length - 1) % tabs.length].focus(); }
  } }, tabButtons);
  const show = (i) => {
    tabButtons.forEach((b, j) => { b.setAttribute('aria-selected', String(i === j)); b.tabIndex = i === j ? 0 : -1; });
    body.setAttribute('aria-labelledby', tabButtons[i].id);
    [overview, resources, history, raw][i]();
  };
  const dl = (pairs) => h('dl', { class: 'facts' }, pairs.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
  const overview = () => fill(body, dl([
    ['Severity', severity(f.Severity?.Label)], ['Workflow status', f.Workflow?.Status], ['Record state', f.RecordState],
    ['Account', f.AwsAccountId], ['Region', f.Region], ['Product', f.ProductName], ['Company', f.CompanyName],
    ['Types', (f.Types || []).join(', ')], ['Description', f.Description], ['Compliance', f.Compliance?.Status],
    ['Note', f.Note ? `${f.Note.Text} (${f.Note.UpdatedBy})` : null],
    ['Created', time(f.CreatedAt)], ['Updated', time(f.UpdatedAt)], ['Id', h('code', { class: 'break' }, f.Id)],
  ]), actions());
  const resources = () => fill(body, (f.Resources || []).map((res) => dl([['Type', res.Type], ['Id', h('code', { class: 'break' }, res.Id)], ['Region', res.Region], ['Partition', res.Partition]])));
  const history = async () => {
    fill(body, h('p', { class: 'muted' }, 'Loading…'));
    try {
      const out = await api.securityhub('GetFindingHistory', { FindingIdentifier: { Id: f.Id, ProductArn: f.ProductArn }, MaxResults: 100 });
      const records = out.Records || [];
      fill(body, records.length ? h('ol', { class: 'history', 'aria-label': 'History, newest first' }, records.map((r) => h('li', {},
        h('div', {}, time(r.UpdateTime), ' ', h('small', { class: 'muted break' }, `${r.UpdateSource?.Type || ''} ${r.UpdateSource?.Identity || ''}`)),
        r.FindingCreated ? h('div', {}, 'Finding created')
          : h('ul', {}, (r.Updates || []).map((u) => h('li', { class: 'break' }, h('strong', {}, u.UpdatedField), `: ${u.OldValue ?? ''} → ${u.NewValue ?? ''}`))))))
        : h('p', { class: 'muted' }, 'No history'));
    } catch (e) { fill(body, errorBox(e)); }
  };
  const raw = () => fill(body, h('pre', { class: 'json', tabindex: '0', 'aria-label': 'Finding JSON' }, JSON.stringify(f, null, 2)));
  const actions = () => {
    const wf = select(workflowStatuses, f.Workflow?.Status, { id: 'panel-workflow' });
    const wfButton = h('button', { type: 'button', onclick: () => act(wfButton, async () => {
      const out = await api.securityhub('BatchUpdateFindings', { FindingIdentifiers: [{ Id: f.Id, ProductArn: f.ProductArn }], Workflow: { Status: wf.value } });
      reportUpdate(out);
      if (!out.UnprocessedFindings?.length) { f.Workflow = { Status: wf.value }; onChange?.(); }
    }) }, 'Set workflow status');
    const note = h('textarea', { id: 'panel-note', rows: 2, maxlength: 512 });
    const noteButton = h('button', { type: 'button', onclick: () => act(noteButton, async () => {
      const out = await api.securityhub('BatchUpdateFindings', { FindingIdentifiers: [{ Id: f.Id, ProductArn: f.ProductArn }], Note: { Text: note.value, UpdatedBy: 'console' } });
      reportUpdate(out);
      if (!out.UnprocessedFindings?.length) { f.Note = { Text: note.value, UpdatedBy: 'console' }; onChange?.(); overview(); }
    }) }, 'Add note');
    return h('div', { class: 'panel-actions' }, h('div', { class: 'toolbar' }, field('Workflow status', wf), wfButton),
      h('div', { class: 'toolbar' }, field('Note', note), noteButton),
      h('div', { class: 'toolbar' }, customActionPicker('panel-action', () => [f])));
  };
  show(0);
  return [tablist, body];
}

function openPanel(panel, f, onChange) {
  const close = h('button', { type: 'button', class: 'close', 'aria-label': 'Close details', onclick: () => { panel.hidden = true; opener?.focus(); } }, '✕');
  const opener = document.activeElement;
  fill(panel, h('div', { class: 'panel-head' }, h('h2', { id: 'panel-heading', tabindex: '-1' }, f.Title), close),
    h('p', {}, h('a', { href: '#/findings/view?' + new URLSearchParams({ id: f.Id, product: f.ProductArn }) }, 'Link to this finding')),
    findingDetails(f, onChange));
  panel.hidden = false;
  panel.onkeydown = (ev) => { if (ev.key === 'Escape') close.click(); };
  panel.querySelector('#panel-heading').focus();
}

/** #/findings/view?id=...&product=...: one finding, if the account can see it. */
async function findingView(view, params) {
  const id = params.get('id') || '';
  const filters = { Id: [{ Value: id, Comparison: 'EQUALS' }] };
  if (params.get('product')) filters.ProductArn = [{ Value: params.get('product'), Comparison: 'EQUALS' }];
  const out = await api.securityhub('GetFindings', { Filters: filters, MaxResults: 1 });
  const f = (out.Findings || [])[0];
  view.append(h('p', {}, h('a', { href: findingsLink(structuredClone(defaultFilters)) }, '← All findings')));
  if (!f) {
    view.append(heading('Finding not found'),
      h('p', { class: 'error', role: 'alert', 'data-testid': 'not-found' }, `No finding with id ${id} is visible to account ${api.getSession().AccountId} in ${api.getSession().Region}.`));
    return;
  }
  view.append(heading(f.Title), findingDetails(f));
}

let actionTargets; // the account's custom actions, read once per page load
/** A select of the account's custom actions and a button that sends findings() to the chosen one. */
function customActionPicker(id, findings) {
  const choice = h('select', { id }, h('option', { value: '' }, 'Loading…'));
  (actionTargets ||= api.all(api.securityhub, 'DescribeActionTargets', { MaxResults: 100 }, 'ActionTargets', 1000))
    .then((targets) => fill(choice, targets.length
      ? targets.map((t) => h('option', { value: t.ActionTargetArn }, t.Name))
      : h('option', { value: '' }, 'No custom actions (see Settings)')))
    .catch(() => fill(choice, h('option', { value: '' }, 'Custom actions unavailable')));
  const send = h('button', { type: 'button', onclick: () => act(send, async () => {
    const list = findings();
    if (!list.length) throw new Error('Select findings first');
    if (!choice.value) throw new Error('Choose a custom action');
    const out = await api.customAction(choice.value, list.map((f) => ({ Id: f.Id, ProductArn: f.ProductArn })));
    announce(`Sent ${out.EventIds.length} finding(s) to ${choice.selectedOptions[0].textContent}`, 'ok');
  }) }, 'Send to custom action');
  return [field('Custom action', choice), send];
}
