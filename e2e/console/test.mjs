// Browser scenarios of the sechub console, run by console_test.go: node test.mjs open|strict.
// Headless Debian chromium (CHROMIUM) with a fresh profile (PROFILE); screenshots of every
// page go to SCREENSHOTS. Any failed expectation exits non-zero.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import path from 'node:path';

const env = process.env;
const base = env.SECHUB_URL;
const scenario = process.argv[2];

const context = await chromium.launchPersistentContext(env.PROFILE, {
  executablePath: env.CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1366, height: 900 },
  timezoneId: 'Europe/Paris',
});
const page = context.pages()[0] || await context.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push('page error: ' + e.message));
// Answers with an error status are logged by the browser as errors; the scenarios expect some.
page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push('console error: ' + m.text()); });
page.setDefaultTimeout(15000);

const step = (what) => console.log('step:', what);
// Long pages (a standard's hundreds of controls) are shot as far as the window shows.
const shot = async (name, fullPage = true) => {
  await page.screenshot({ path: path.join(env.SCREENSHOTS, `${scenario}-${name}.png`), fullPage, timeout: 60000 });
};
const heading = (name) => page.getByRole('heading', { level: 1, name }).waitFor();
const statusSays = async (text) => { await page.locator('#status').filter({ hasText: text }).waitFor(); };

async function signInOpen(account) {
  await page.getByLabel('Account ID').fill(account);
  await page.getByLabel('Region').fill(env.REGION);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading('Summary');
  assert.equal(await page.locator('#current-account').textContent(), account);
}

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await heading('Sign in');
}

async function visit(hash, title) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await heading(title);
}

try {
  if (scenario === 'open') {
    step('a browser asking for / is sent to the console');
    await page.goto(base + '/');
    assert.equal(new URL(page.url()).pathname, '/console/');
    await heading('Sign in');
    await shot('signin');

    step('keyboard: the form takes focus, Tab moves through its fields');
    assert.equal(await page.evaluate(() => document.activeElement.labels[0].textContent), 'Account ID');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.labels[0].textContent), 'Region');

    step('the member signs in and accepts its administrator\'s invitation');
    await signInOpen(env.MEMBER);
    await shot('member-summary');
    await visit('#/accounts', 'Accounts');
    await shot('member-accounts-invitation');
    await page.getByRole('button', { name: 'Accept invitation from ' + env.ADMIN }).click();
    await statusSays('accepted');
    await page.getByText('Administrator account ' + env.ADMIN).waitFor();
    await shot('member-accounts-accepted');

    step('the member cannot open the administrator\'s finding by its URL');
    await visit('#/findings/view?' + new URLSearchParams({ id: env.ADMIN_FINDING, product: env.ADMIN_PRODUCT }), 'Finding not found');
    assert.match(await page.getByTestId('not-found').textContent(), new RegExp('visible to account ' + env.MEMBER));
    await shot('member-finding-by-url');

    step('the account and region are remembered for the next sign-in');
    await signOut();
    assert.equal(await page.getByLabel('Account ID').inputValue(), env.MEMBER);
    assert.equal(await page.getByLabel('Region').inputValue(), env.REGION);

    step('the administrator signs in: the summary counts its and its member\'s findings');
    await signInOpen(env.ADMIN);
    await page.getByTestId('new-critical').filter({ hasText: '1' }).waitFor();
    await page.getByRole('list', { name: 'Findings by account' }).getByText(env.MEMBER).waitFor();
    await page.getByRole('button', { name: 'Show results of AWS resources with the most findings' }).click();
    await page.getByRole('list', { name: 'AWS resources with the most findings' }).getByRole('listitem').first().waitFor();
    await page.getByRole('list', { name: 'Security scores' })
      .getByText('AWS Foundational Security Best Practices v1.0.0: 50% (1 of 2 controls passed)').waitFor();
    await shot('summary');

    step('settings: create a custom action');
    await visit('#/settings', 'Settings');
    await page.getByLabel('Name').fill('Open a ticket');
    await page.getByLabel('ID').fill('ticket');
    await page.getByLabel('Description').fill('Sends the finding to the ticket queue');
    await page.getByRole('button', { name: 'Create custom action' }).click();
    await page.getByRole('table', { name: 'Custom actions' }).getByRole('cell', { name: 'Open a ticket', exact: true }).waitFor();
    await shot('settings');

    step('findings: filter by title');
    await page.getByRole('navigation', { name: 'Console pages' }).getByRole('link', { name: 'Findings', exact: true }).click();
    await heading('Findings');
    await page.getByRole('table').getByText('Security group opens port 22').waitFor();
    await shot('findings');
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByLabel('Filter 1 attribute').selectOption('Title');
    await page.getByLabel('Filter 1 comparison').selectOption('CONTAINS');
    await page.getByLabel('Filter 1 value').fill('bucket');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('table').getByText('S3 bucket is not encrypted').waitFor();
    const rows = await page.locator('table tbody tr').count();
    assert.equal(rows, 2, 'two findings have "bucket" in their title');
    await shot('findings-filtered');

    step('times are in the viewer\'s zone, UTC on hover');
    const title = await page.locator('table tbody time').first().getAttribute('title');
    assert.match(title, /Z \(UTC\)$/);

    step('open a finding, resolve it and add a note');
    await page.getByRole('button', { name: 'S3 bucket allows public read' }).click();
    const panel = page.locator('#panel');
    await panel.getByRole('heading', { name: 'S3 bucket allows public read' }).waitFor();
    await shot('finding-panel');
    await panel.getByLabel('Workflow status').selectOption('RESOLVED');
    await panel.getByRole('button', { name: 'Set workflow status' }).click();
    await statusSays('Updated 1 finding');
    await panel.getByLabel('Note').fill('Fixed the bucket policy');
    await panel.getByRole('button', { name: 'Add note' }).click();
    await statusSays('Updated 1 finding');
    await panel.getByLabel('Custom action').selectOption({ label: 'Open a ticket' });
    await panel.getByRole('button', { name: 'Send to custom action' }).click();
    await statusSays('Sent 1 finding(s) to Open a ticket');
    await panel.getByRole('tab', { name: 'History' }).click();
    await panel.getByText('Workflow.Status', { exact: false }).first().waitFor();
    await shot('finding-history');
    await panel.getByRole('tab', { name: 'History' }).press('ArrowRight');
    await panel.getByLabel('Finding JSON').waitFor();
    await shot('finding-json');
    await page.keyboard.press('Escape');
    assert.equal(await panel.isHidden(), true);

    step('the other pages');
    await visit('#/accounts', 'Accounts');
    await page.getByRole('table', { name: 'Members' }).getByText('Enabled').waitFor();
    await shot('accounts');
    await visit('#/standards', 'Standards and controls');
    await page.getByRole('table', { name: 'Standards' }).waitFor();
    await shot('standards');
    const controls = page.getByRole('table', { name: 'Standards' }).getByRole('link', { name: 'Controls', exact: true }).first();
    await controls.click();
    const table = page.getByRole('table', { name: 'Controls' });
    await table.waitFor();
    const disable = table.getByRole('button', { name: /^Disable / }).first();
    const control = (await disable.textContent()).replace('Disable ', '');
    await disable.click();
    await statusSays(control + ' disabled');
    await table.getByRole('button', { name: 'Enable ' + control, exact: true }).waitFor();
    await shot('controls', false);
    await table.getByRole('button', { name: 'Enable ' + control, exact: true }).click();
    await statusSays(control + ' enabled');

    step('standards: disable one and enable it again');
    await visit('#/standards', 'Standards and controls');
    const standards = page.getByRole('table', { name: 'Standards' });
    await standards.getByRole('button', { name: 'Enable PCI DSS v4.0.1' }).click();
    await statusSays('PCI DSS v4.0.1 enabled');
    await standards.getByRole('button', { name: 'Disable PCI DSS v4.0.1' }).click();
    await statusSays('PCI DSS v4.0.1 disabled');
    await standards.getByRole('button', { name: 'Enable PCI DSS v4.0.1' }).waitFor();
    await visit('#/insights', 'Insights');
    await page.getByRole('button', { name: 'Severity by counts of findings' }).click();
    await page.getByRole('list', { name: 'Results of Severity by counts of findings' }).getByText('HIGH').waitFor();
    await shot('insights');
    step('insights: create a custom insight and edit it');
    await page.getByLabel('Name').fill('Active findings by resource type');
    await page.getByLabel('Group by').selectOption('ResourceType');
    await page.getByRole('button', { name: 'Create insight' }).click();
    await heading('Insights');
    await page.getByRole('button', { name: 'Active findings by resource type' }).click();
    await page.getByRole('list', { name: 'Results of Active findings by resource type' }).getByText('AwsS3Bucket').waitFor();
    await page.getByLabel('Name').fill('Findings by resource type');
    await page.getByRole('button', { name: 'Save insight' }).click();
    await heading('Insights');
    await page.getByRole('button', { name: 'Findings by resource type', exact: true }).waitFor();
    await shot('insights-custom');
    await visit('#/automations', 'Automations');
    await shot('automations');
    await visit('#/integrations', 'Integrations');
    await page.getByRole('table', { name: 'Products' }).waitFor();
    await shot('integrations');
    step('integrations: disable a product and enable it again');
    const products = page.getByRole('table', { name: 'Products' });
    const disableProduct = products.getByRole('button', { name: /^Disable / }).first();
    const product = (await disableProduct.textContent()).replace('Disable ', '');
    await disableProduct.click();
    await statusSays(product + ' disabled');
    await products.getByRole('button', { name: 'Enable ' + product, exact: true }).click();
    await statusSays(product + ' enabled');

    step('a narrow window');
    await page.setViewportSize({ width: 420, height: 900 });
    await visit('#/findings', 'Findings');
    await page.getByRole('table').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px in a narrow window`);
    await shot('findings-narrow');
  } else if (scenario === 'strict') {
    await page.goto(base + '/console/');
    await heading('Sign in');
    step('a wrong secret is refused');
    await page.getByLabel('Access key ID').fill(env.ACCESS_KEY);
    await page.getByLabel('Secret access key').fill(env.SECRET + '-wrong');
    await page.getByLabel('Region').fill(env.REGION);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'UnrecognizedClientException' }).waitFor();
    const status = await page.evaluate(async () => (await fetch('/console/api/session')).status);
    assert.equal(status, 401, 'no session after a wrong secret');
    await shot('strict-refused');
    step('the right secret signs in');
    await page.getByLabel('Secret access key').fill(env.SECRET);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Summary');
    assert.equal(await page.locator('#current-account').textContent(), env.ADMIN);
    await shot('strict-signed-in');
    step('the organization tree');
    await visit('#/accounts', 'Accounts');
    await page.locator('ul.tree summary').first().click();
    await page.locator('ul.tree summary').filter({ hasText: 'OU Security' }).click();
    await page.getByText('Account 444444444444 audit').waitFor();
    await shot('strict-organization');
  } else if (scenario === 'central') {
    await page.goto(base + '/console/');
    await signInOpen(env.ADMIN);
    step('the organization tree shows each node\'s configuration policy');
    await visit('#/accounts', 'Accounts');
    await page.getByText('Security Hub delegated administrator: ' + env.ADMIN).waitFor();
    const root = page.locator('ul.tree summary').first();
    await root.filter({ hasText: 'policy Baseline (APPLIED' }).waitFor();
    await root.click();
    await page.locator('ul.tree summary').filter({ hasText: 'OU Prod' }).filter({ hasText: 'policy Baseline (INHERITED' }).click();
    await page.getByText(new RegExp('^Account ' + env.WORKLOAD + ' workload .* policy Baseline \\(INHERITED')).waitFor();
    await shot('organization-policies');
    step('the header switches region');
    await visit('#/summary', 'Summary');
    await page.locator('#region-switch').fill('eu-west-1');
    await page.getByRole('button', { name: 'Switch' }).click();
    await statusSays('Now in eu-west-1');
    await page.getByText('Security Hub is not enabled for this account in this region.').waitFor();
    assert.equal(await page.locator('#current-account').textContent(), env.ADMIN);
  } else {
    throw new Error('unknown scenario ' + scenario);
  }
  assert.deepEqual(problems, [], 'the pages logged errors');
  console.log('ok:', scenario);
} catch (e) {
  console.error('FAILED:', e.stack || e);
  await shot('failure').catch(() => {});
  process.exitCode = 1;
} finally {
  await context.close();
}
