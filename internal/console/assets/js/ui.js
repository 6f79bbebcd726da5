// Small DOM helpers shared by the pages.

/** Makes an element: h('button', {class: 'x', onclick: f}, 'text', child...). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A time in the viewer's zone, with the UTC time on hover. */
export function time(iso) {
  if (!iso) return h('span', {}, '—');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return h('span', {}, iso);
  return h('time', { datetime: d.toISOString(), title: d.toISOString().replace('.000Z', 'Z') + ' (UTC)' },
    d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
}

/** Says something to screen readers and shows it in the status line. */
export function announce(message, kind = 'info') {
  const el = document.getElementById('status');
  el.className = 'status ' + kind;
  el.textContent = message;
}

/** Shows an operation's error where the page is. */
export function errorBox(e) {
  return h('div', { class: 'error', role: 'alert' }, h('strong', {}, e.code || 'Error'), ': ', e.message || String(e));
}

/** A page heading that takes focus when the page opens (for keyboard and screen reader users). */
export function heading(text) {
  return h('h1', { tabindex: '-1', id: 'page-heading' }, text);
}

/** A horizontal bar chart of {label, value} as a list; labels and values are text, bars drawn. */
export function barChart(title, rows, { onSelect, empty = 'No findings' } = {}) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const list = h('ul', { class: 'bars', 'aria-label': title });
  for (const r of rows) {
    const bar = h('span', { class: 'bar ' + (r.tone || severityTone[r.label] || ''), 'aria-hidden': 'true' });
    bar.style.width = Math.max(1, Math.round((r.value / max) * 100)) + '%';
    const label = onSelect
      ? h('button', { class: 'link', type: 'button', onclick: () => onSelect(r) }, r.label)
      : h('span', {}, r.label);
    list.append(h('li', {}, h('span', { class: 'bar-label', title: r.label }, label),
      h('span', { class: 'bar-track' }, bar), h('span', { class: 'bar-value' }, r.value.toLocaleString())));
  }
  return h('figure', { class: 'chart' }, h('figcaption', {}, title),
    rows.length ? list : h('p', { class: 'muted' }, empty));
}

/** A table with a caption; columns are {label, cell: row => node}. */
export function table(caption, columns, rows, { empty = 'Nothing to show', rowAttrs } = {}) {
  const head = h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.class }, c.label)));
  const body = h('tbody', {}, rows.length
    ? rows.map((r) => h('tr', rowAttrs ? rowAttrs(r) : {}, columns.map((c) => h('td', { class: c.class }, c.cell(r)))))
    : h('tr', {}, h('td', { colspan: columns.length, class: 'muted' }, empty)));
  return h('div', { class: 'table-wrap' }, h('table', {}, h('caption', {}, caption), h('thead', {}, head), body));
}

let uid = 0;
/** A labelled form field. */
export function field(label, control, hint) {
  const id = control.id || ('f' + (++uid));
  control.id = id;
  const hintEl = hint ? h('small', { id: id + '-hint', class: 'hint' }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
}

/** A select with options given as values or [value, label]. */
export function select(options, value, attrs = {}) {
  return h('select', attrs, options.map((o) => {
    const [v, l] = Array.isArray(o) ? o : [o, o];
    return h('option', { value: v, selected: v === value }, l);
  }));
}

/** Runs an action from a button: disables it meanwhile, announces the outcome. */
export async function act(button, work, done) {
  if (button) button.disabled = true;
  try {
    await work();
    if (done) announce(done, 'ok');
  } catch (e) {
    announce((e.code ? e.code + ': ' : '') + (e.message || e), 'bad');
  } finally {
    if (button) button.disabled = false;
  }
}

export const severityTone = {
  CRITICAL: 'critical', HIGH: 'high', MEDIUM: 'medium', LOW: 'low', INFORMATIONAL: 'info',
};

/** A severity label with its color and its name in text. */
export function severity(label) {
  return h('span', { class: 'sev ' + (severityTone[label] || 'info') }, label || '—');
}
