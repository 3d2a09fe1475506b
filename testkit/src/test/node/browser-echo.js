// MQTT.js in headless Chromium (Debian's /usr/bin/chromium through playwright-core; no browser is
// downloaded): node browser-echo.js <page url> <server SPKI sha256, base64>
// Opens the page, which runs echo-client.js in the browser, and prints the page's steps, one a line;
// exits 0 after DONE, 1 on ERROR, 2 after 60 s. The browser trusts the broker's certificate by its
// public key only (--ignore-certificate-errors-spki-list), not every certificate.
const { chromium } = require('playwright-core');

const [pageUrl, spki] = process.argv.slice(2);
const executablePath = process.env.HERALD_CHROMIUM || '/usr/bin/chromium';

(async () => {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--ignore-certificate-errors-spki-list=' + spki],
  });
  let exitCode = 2;
  const finished = new Promise((resolve) => {
    setTimeout(resolve, 60000).unref();
    browser.newPage().then(async (page) => {
      page.on('console', (msg) => {
        const line = msg.text();
        console.log(line);
        if (line === 'DONE') { exitCode = 0; resolve(); }
        if (line.startsWith('ERROR')) { exitCode = 1; resolve(); }
      });
      page.on('pageerror', (e) => { console.log('ERROR page: ' + e.message); exitCode = 1; resolve(); });
      await page.goto(pageUrl);
    }).catch((e) => { console.log('ERROR ' + e.message); exitCode = 1; resolve(); });
  });
  await finished;
  await browser.close();
  process.exit(exitCode);
})().catch((e) => { console.log('ERROR ' + e.message); process.exit(1); });
