// The console's shell: sign-in, the header, and the pages by the URL's hash (#/findings...).
import * as api from './api.js';
import { h, fill, field, announce, errorBox, heading } from './ui.js';
import { summaryPage } from './summary.js';
import { findingsPage } from './findings.js';
import { accountsPage } from './accounts.js';
import { standardsPage } from './standards.js';
import { insightsPage, automationsPage, integrationsPage, settingsPage } from './more.js';

const pages = {
  summary: summaryPage,
  findings: findingsPage,
  insights: insightsPage,
  accounts: accountsPage,
  standards: standardsPage,
  automations: automationsPage,
  integrations: integrationsPage,
  settings: settingsPage,
};

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const whoami = document.getElementById('whoami');
const remembered = 'sechub-console-signin';

/** The route of the hash: #/findings/view?id=... → {page: 'findings', rest: ['view'], params}. */
export function route() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const [page, ...rest] = path.split('/').filter(Boolean);
  return { page: page || 'summary', rest, params: new URLSearchParams(query || '') };
}

async function render() {
  const s = api.getSession();
  if (!s) return;
  const r = route();
  const page = pages[r.page] || summaryPage;
  for (const a of nav.querySelectorAll('a')) {
    if (a.getAttribute('href') === '#/' + r.page) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const view = h('div', { class: 'page' });
  fill(main, view);
  try {
    await page(view, r);
  } catch (e) {
    if (e.code === 'SignInRequired') return start(); // the session expired or the server restarted
    view.append(errorBox(e));
  }
  const first = main.querySelector('#page-heading');
  if (first && document.activeElement === document.body) first.focus({ preventScroll: true });
}

function showHeader(s) {
  nav.hidden = false;
  const regionInput = h('input', { id: 'region-switch', value: s.Region, size: 12, autocomplete: 'off', spellcheck: 'false' });
  const form = h('form', { class: 'inline', onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      const next = await api.switchRegion(regionInput.value.trim());
      rememberSignIn({ Region: next.Region });
      showHeader(next);
      announce('Now in ' + next.Region, 'ok');
      render();
    } catch (e) { announce(e.message, 'bad'); }
  } }, h('label', { for: 'region-switch' }, 'Region'), regionInput, h('button', { type: 'submit' }, 'Switch'));
  fill(whoami,
    h('span', { class: 'account', title: s.Principal }, 'Account ', h('strong', { id: 'current-account' }, s.AccountId)),
    form,
    h('button', { type: 'button', onclick: async () => {
      await api.signOut();
      history.replaceState(null, '', location.pathname); // the next sign-in starts at the summary
      start();
    } }, 'Sign out'));
}

function rememberSignIn(values) {
  const old = JSON.parse(localStorage.getItem(remembered) || '{}');
  localStorage.setItem(remembered, JSON.stringify({ ...old, ...values }));
}

function signInPage(mode, problem) {
  nav.hidden = true;
  fill(whoami);
  const saved = JSON.parse(localStorage.getItem(remembered) || '{}');
  const strict = mode === 'strict';
  const region = h('input', { name: 'region', required: true, value: saved.Region || 'us-east-1', autocomplete: 'off', pattern: '[a-z]{2}(-[a-z]+)+-[0-9]{1,2}' });
  const fields = strict
    ? [h('input', { name: 'key', required: true, value: saved.AccessKeyId || '', autocomplete: 'username' }),
      h('input', { name: 'secret', type: 'password', required: true, autocomplete: 'current-password' })]
    : [h('input', { name: 'account', required: true, value: saved.AccountId || '', inputmode: 'numeric', pattern: '[0-9]{12}', maxlength: 12, autocomplete: 'off' })];
  const message = h('div', { 'aria-live': 'assertive' }, problem ? errorBox(problem) : null);
  const form = h('form', { class: 'signin', onsubmit: async (ev) => {
    ev.preventDefault();
    const input = strict
      ? { AccessKeyId: fields[0].value.trim(), SecretAccessKey: fields[1].value, Region: region.value.trim() }
      : { AccountId: fields[0].value.trim(), Region: region.value.trim() };
    try {
      const s = await api.signIn(input);
      rememberSignIn(strict ? { AccessKeyId: input.AccessKeyId, Region: s.Region } : { AccountId: s.AccountId, Region: s.Region });
      enter(s);
    } catch (e) {
      fill(message, errorBox(e));
      (strict ? fields[1] : fields[0]).focus();
    }
  } },
  heading('Sign in'),
  strict
    ? [h('p', {}, 'This server checks keys against its credentials file. Sign in with an access key and its secret.'),
      field('Access key ID', fields[0]), field('Secret access key', fields[1])]
    : [h('p', {}, 'This server runs in open mode: choose the account to act as.'),
      field('Account ID', fields[0], '12 digits')],
  field('Region', region, 'for example us-east-1'),
  message,
  h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  fill(main, form);
  (strict ? (fields[0].value ? fields[1] : fields[0]) : fields[0]).focus();
}

function enter(s) {
  showHeader(s);
  if (!location.hash || location.hash === '#/' || location.hash === '#') location.hash = '#/summary';
  else render();
}

async function start() {
  try {
    const s = await api.currentSession();
    if (s.signedOut) return signInPage(s.AuthMode);
    enter(s);
  } catch (e) {
    fill(main, errorBox(e));
  }
}

window.addEventListener('hashchange', () => {
  document.activeElement?.blur?.();
  announce('');
  render();
});
start();

