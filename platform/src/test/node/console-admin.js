// The console's admin views in headless Chromium (Debian's /usr/bin/chromium through playwright-core;
// no browser is downloaded), driven like a person with a keyboard and a mouse would:
//   node console-admin.js <console url> <admin token> <client id to kick> <retained topic> <screenshot dir>
// Signs in with the admin token, kicks the session of <client id>, creates a token with the ACL editor
// and revokes it, shows and clears the retained message of <retained topic>, and saves a screenshot of
// every view it visits. Prints its steps, one a line (KICKED id, TOKEN id acl, REVOKED id, CLEARED
// topic, SHOT file); exits 0 after DONE, 1 after ERROR: a failed step, an uncaught page error or
// anything the page logs as an error (a failed request included).
const { chromium } = require('playwright-core');
const path = require('node:path');

const [consoleUrl, adminToken, kickClientId, retainedTopic, shots] = process.argv.slice(2);
const executablePath = process.env.HERALD_CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 15000;
const problems = [];

/** name.png (every pixel, for the build's test output) and a smaller name.jpg (for docs/console.md). */
async function shoot(page, name, fullPage = true) {
  const file = path.join(shots, name + '.png');
  // toasts are transient and cover the content (an injected style would break the page's CSP)
  await page.evaluate(() => document.getElementById('toasts').replaceChildren());
  await page.screenshot({ path: file, fullPage });
  await page.screenshot({ path: path.join(shots, name + '.jpg'), fullPage, type: 'jpeg', quality: 55 });
  console.log('SHOT ' + file);
}

async function checkNoProblems() {
  if (problems.length) throw new Error(problems.join(' | '));
}

async function signIn(page) {
  await page.goto(consoleUrl);
  await page.getByRole('heading', { name: 'Sign in to Herald' }).waitFor();
  await shoot(page, 'login');
  await page.getByRole('tab', { name: 'Admin' }).click();
  await page.getByLabel('Admin token', { exact: true }).fill(adminToken);
  await page.getByLabel('Admin token', { exact: true }).press('Enter');
  await page.getByRole('heading', { name: 'Sessions', level: 1 }).waitFor();
  console.log('SIGNED IN');
}

async function kick(page) {
  const button = page.getByRole('button', { name: 'Kick ' + kickClientId, exact: true });
  await button.waitFor();
  await shoot(page, 'sessions');
  await button.click();
  await button.waitFor({ state: 'detached' });
  console.log('KICKED ' + kickClientId);
}

async function createAndRevokeToken(page) {
  await page.getByRole('link', { name: 'Tokens' }).click();
  await page.getByRole('heading', { name: 'Tokens', level: 1 }).waitFor();
  await page.getByLabel('Description', { exact: true }).fill('console test');
  await page.getByLabel('Lifetime (empty: never expires)', { exact: true }).fill('7');
  await page.getByRole('button', { name: 'Add topic filter' }).click();
  await page.getByLabel('Topic filter 2', { exact: true }).fill('devices/+/state');
  const second = page.getByRole('listitem').filter({ has: page.getByLabel('Topic filter 2', { exact: true }) });
  await second.getByLabel('publish', { exact: true }).check();
  await second.getByLabel('subscribe', { exact: true }).uncheck();
  await page.getByRole('button', { name: 'Create token' }).click();
  const shown = page.getByRole('group', { name: /^Token / });
  await shown.waitFor();
  const id = (await shown.getAttribute('aria-label')).slice('Token '.length);
  const revoke = page.getByRole('button', { name: 'Revoke token ' + id, exact: true });
  await revoke.waitFor();
  const row = page.getByRole('row').filter({ has: revoke });
  console.log('TOKEN ' + id + ' ' + (await row.getByRole('cell').nth(3).innerText()));
  await shoot(page, 'tokens');
  await revoke.click();
  await revoke.waitFor({ state: 'detached' });
  console.log('REVOKED ' + id);
}

async function showAndClearRetained(page) {
  await page.getByRole('link', { name: 'Retained' }).click();
  const show = page.getByRole('button', { name: 'Show ' + retainedTopic, exact: true });
  await show.waitFor();
  await show.click();
  await page.getByRole('region', { name: 'Payload of ' + retainedTopic }).waitFor();
  await shoot(page, 'retained');
  const clear = page.getByRole('button', { name: 'Clear ' + retainedTopic, exact: true });
  await clear.click();
  await clear.waitFor({ state: 'detached' });
  console.log('CLEARED ' + retainedTopic);
}

async function visit(page, link, heading, shot) {
  await page.getByRole('link', { name: link }).click();
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  await page.getByRole('table').first().waitFor();
  await shoot(page, shot);
}

async function phone(page) {
  await page.setViewportSize({ width: 390, height: 780 });
  await page.goto(consoleUrl + '#/sessions');
  await page.getByRole('table', { name: 'Sessions' }).waitFor();
  await shoot(page, 'phone-sessions', false);
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('link', { name: 'Users' }).waitFor();
  await shoot(page, 'phone-menu', false);
}

async function watched(context) {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push('console error: ' + msg.text() + ' ' + JSON.stringify(msg.location()));
  });
  page.on('dialog', (d) => d.accept()); // the console confirms kicks, revocations and clears
  return page;
}

(async () => {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let exitCode = 1;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await watched(context);
    for (const step of [signIn, kick, createAndRevokeToken, showAndClearRetained]) {
      await step(page);
      await checkNoProblems();
    }
    await visit(page, 'Users', 'Users', 'users');
    await visit(page, 'Things', 'Things', 'things');
    await page.getByRole('link', { name: 'Broker' }).click();
    await page.getByRole('heading', { name: 'Broker', level: 1 }).waitFor();
    // two samples make the first rates: the charts have lines
    await page.waitForFunction(() => [...document.querySelectorAll('main svg path')]
      .some((p) => p.getAttribute('d').includes('L')));
    await shoot(page, 'broker');
    await phone(page);
    await checkNoProblems();
    console.log('DONE');
    exitCode = 0;
  } catch (e) {
    console.log('ERROR ' + e.message.split('\n')[0] + (problems.length ? ' | ' + problems.join(' | ') : ''));
  } finally {
    await browser.close();
  }
  process.exit(exitCode);
})().catch((e) => { console.log('ERROR ' + e.message); process.exit(1); });
