// The console's user view (seeds 000 and 003) in headless Chromium (Debian's, through playwright-core):
//   node console-user.js <console url> <username> <password> <admin token> <screenshot dir>
// Signs a user in in one tab and opens a second tab of the same browser; the page installs itself for
// MQTT push, fetches its endpoint and connects over WSS with the endpoint's values (the test CA is not
// trusted, hence --ignore-certificate-errors); the tabs share that one connection. Then, as the backend
// would, this script pushes over REST with the admin token (POST /api/users/{id}/push/messages) and
// times how long until both tabs show the notification; filters by category; marks one read in the
// second tab and times until the first shows it read; pushes {"status":401} and a notification right
// behind it, and waits until the page has renewed its credential, reconnected and shown that one.
// Prints one line a step (LIVE, RECEIVED id ms, ORDER ids, FILTERED category ids, READ id ms,
// RENEWED n, SHOT file); exits 0 after DONE, 1 after ERROR (a failed step, a page error, anything
// the page logs as an error).
const { chromium } = require('playwright-core');
const path = require('node:path');

const [consoleUrl, username, password, adminToken, shots] = process.argv.slice(2);
const executablePath = process.env.HERALD_CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 15000;
const problems = [];

async function shoot(page, name) {
  await page.evaluate(() => document.getElementById('toasts').replaceChildren());
  await page.screenshot({ path: path.join(shots, name + '.png'), fullPage: true });
  await page.screenshot({ path: path.join(shots, name + '.jpg'), fullPage: true, type: 'jpeg', quality: 55 });
  console.log('SHOT ' + path.join(shots, name + '.png'));
}

function checkNoProblems() {
  if (problems.length) throw new Error(problems.join(' | '));
}

async function watched(context, name) {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => problems.push(name + ' page error: ' + e.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(name + ' console error: ' + msg.text() + ' ' + JSON.stringify(msg.location()));
  });
  return page;
}

/** The admin pushes to the user over REST, as a backend does; the push's answer. */
async function push(userID, data) {
  const response = await fetch(new URL('/api/users/' + encodeURIComponent(userID) + '/push/messages', consoleUrl), {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + adminToken, 'Content-Type': 'application/json' },
    body: JSON.stringify({ data, mqtt: { enabled: true } }),
  });
  const body = await response.json();
  if (response.status !== 201) throw new Error('push: ' + response.status + ' ' + JSON.stringify(body));
  return body;
}

const item = (page, id) => page.locator('#notifications li[data-id="' + id + '"]');

async function live(page) {
  await page.locator('#connection-state[data-state="connected"]').waitFor();
}

/** Pushes a notification; milliseconds until every page shows it. */
async function pushAndTime(userID, pages, data) {
  const start = Date.now();
  await push(userID, data);
  await Promise.all(pages.map((p) => item(p, data.id).waitFor()));
  return Date.now() - start;
}

async function shownIds(page) {
  return page.locator('#notifications li[data-id]').evaluateAll((lis) => lis.map((li) => li.dataset.id));
}

/** The admin's installations view and push composer, in a browser of its own. */
async function admin(browser, userID, userPages) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await watched(context, 'admin');
  page.on('dialog', (d) => d.accept());
  await page.goto(consoleUrl);
  await page.getByRole('tab', { name: 'Admin' }).click();
  await page.getByLabel('Admin token', { exact: true }).fill(adminToken);
  await page.getByLabel('Admin token', { exact: true }).press('Enter');
  await page.getByRole('heading', { name: 'Sessions', level: 1 }).waitFor();

  await page.getByRole('link', { name: 'Installations' }).click();
  const install = page.getByRole('form', { name: 'Install for push' });
  await install.getByLabel('Owner').selectOption('userID');
  await install.getByLabel('Id', { exact: true }).fill(userID);
  await install.getByRole('button', { name: 'Install' }).click();
  const shown = page.getByRole('region', { name: /^Installation / });
  await shown.waitFor();
  console.log('INSTALLATION ' + (await shown.getAttribute('aria-label')).slice('Installation '.length) + ' '
    + (await shown.locator('dd').nth(2).innerText()));
  await shoot(page, 'installations');

  await page.getByRole('link', { name: 'Push' }).click();
  const form = page.getByRole('form', { name: 'Compose a push' });
  await form.getByLabel('Send to').selectOption('user');
  await form.getByLabel('User id').fill(userID);
  await form.getByLabel(/^Data/).fill('{"id": "n-4", "title": "From the composer", "category": "news"}');
  await form.getByRole('button', { name: 'Send' }).click();
  await page.locator('[data-figure="delivered"]', { hasText: '1' }).waitFor();
  console.log('COMPOSED matched ' + (await page.locator('[data-figure="matched"]').innerText())
    + ' delivered ' + (await page.locator('[data-figure="delivered"]').innerText()));
  await Promise.all(userPages.map((p) => item(p, 'n-4').waitFor()));
  await shoot(page, 'push');

  await form.getByLabel('Send to').selectOption('mqtt');
  await form.getByLabel('MQTT topic').fill('console/raw');
  await form.getByLabel('Payload').fill('hello');
  await form.getByRole('button', { name: 'Send' }).click();
  const published = page.locator('#push-result [data-matched]');
  await published.waitFor();
  console.log('PUBLISHED matched ' + (await published.getAttribute('data-matched')));
  await context.close();
}

(async () => {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--ignore-certificate-errors',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let exitCode = 1;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const first = await watched(context, 'tab 1');
    await first.goto(consoleUrl);
    await first.getByLabel('Username', { exact: true }).fill(username);
    await first.getByLabel('Password', { exact: true }).fill(password);
    await first.getByLabel('Password', { exact: true }).press('Enter');
    await first.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    await live(first);
    const second = await watched(context, 'tab 2');
    await second.goto(consoleUrl + '#/inbox');
    await second.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    await live(second);
    const transport = await first.locator('#connection').innerText();
    console.log('LIVE ' + transport);
    checkNoProblems();

    const userID = await first.evaluate(() => JSON.parse(localStorage.getItem('herald.session')).userID);
    const pages = [first, second];
    const ms = await pushAndTime(userID, pages, { id: 'n-1', title: 'Build 42 finished', category: 'ci' });
    console.log('RECEIVED n-1 ' + ms);
    console.log('RECEIVED n-2 ' + await pushAndTime(userID, pages, { id: 'n-2', title: 'Lunch at noon', category: 'news' }));
    console.log('ORDER ' + (await shownIds(first)).join(' '));

    await first.getByLabel('Category').selectOption('ci');
    console.log('FILTERED ci ' + (await shownIds(first)).join(' '));
    await first.getByLabel('Category').selectOption('');

    const start = Date.now();
    await second.getByRole('button', { name: 'Mark "Build 42 finished" read' }).click();
    await Promise.all(pages.map((p) => p.locator('#notifications li.read[data-id="n-1"]').waitFor()));
    console.log('READ n-1 ' + (Date.now() - start));
    await shoot(first, 'inbox');
    checkNoProblems();

    // seed 003: {"status":401} says the credential is being regenerated; a push sent meanwhile is kept
    await push(userID, { status: 401, description: 'Token will be regenerated' });
    await push(userID, { id: 'n-3', title: 'Sent while renewing', category: 'ci' });
    await first.locator('#connection-state[data-renewals="1"][data-state="connected"]').waitFor();
    await Promise.all(pages.map((p) => item(p, 'n-3').waitFor()));
    console.log('RENEWED ' + (await first.locator('#connection-state').getAttribute('data-renewals')));
    checkNoProblems();
    await admin(browser, userID, pages);
    checkNoProblems();
    console.log('DONE');
    exitCode = 0;
  } catch (e) {
    console.log('ERROR ' + e.message.split('\n')[0] + (problems.length ? ' | ' + problems.join(' | ') : ''));
  } finally {
    await browser.close();
  }
  process.exit(exitCode);
})().catch((e) => { console.log('ERROR ' + e.message); process.exit(1); });
