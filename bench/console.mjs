/* global window, document, MutationObserver -- code passed to page.evaluate runs in the browser */
// Console benchmark (issue 4), in Debian's Chromium on loopback against the real server:
//  - gzipped size of the JavaScript the first page loads (goal < 150 KB);
//  - time from navigation to an interactive Session State page (goal < 500 ms), against the time to
//    load the bare sign-in page in the same browser (the baseline);
//  - time from clicking Apply to "The changes have been successfully saved." (goal < 100 ms).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { PASSWORD, REPO, median, startServer } from './support.mjs';

export async function run({ rounds = 7 } = {}) {
  console.log('## Console (Debian Chromium, loopback)');
  const chromium = ['/usr/bin/chromium', process.env.CHROMIUM_PATH].find((p) => p && existsSync(p));
  if (!chromium || !existsSync(join(REPO, 'apps/console/dist/index.html'))) {
    console.log(
      'skipped: needs Debian chromium (apt-get install -y chromium) and a built console (npm run build)',
    );
    return [];
  }
  const { chromium: pw } = await import('@playwright/test');
  const root = mkdtempSync(join(tmpdir(), 'iisconsole-bench-console-'));
  const config = await import(pathToFileURL(join(REPO, 'packages/config/dist/index.js')).href);
  config.ensureDemoRoot(root);
  const { child, url } = await startServer(root);
  const browser = await pw.launch({
    executablePath: chromium,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const lines = [];
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    // JavaScript of the first page, gzipped as a server would send it.
    const scripts = new Set();
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.add(new URL(r.url()).pathname);
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    let gz = 0;
    for (const p of scripts) gz += gzipSync(readFileSync(join(REPO, 'apps/console/dist', p))).length;
    lines.push(
      `first page JavaScript: ${(gz / 1024).toFixed(1)} KB gzipped in ${scripts.size} file(s) (goal < 150 KB)`,
    );

    await page.getByRole('textbox', { name: 'User name' }).fill('admin');
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('tree', { name: 'Connections' }).waitFor();

    const target = `${url}level/${encodeURIComponent('Default Web Site')}/session-state`;
    const baseline = [];
    const interactive = [];
    const applied = [];
    for (let i = 0; i < rounds; i++) {
      let t = performance.now();
      await page.goto(`${url}sign-in-timing-baseline`, { waitUntil: 'load' });
      baseline.push(performance.now() - t);

      t = performance.now();
      await page.goto(target);
      const timeout = page
        .getByRole('group', { name: 'Cookie Settings' })
        .getByRole('textbox', { name: 'Time-out (in minutes)' });
      await timeout.waitFor();
      await timeout.fill(String(21 + i));
      interactive.push(performance.now() - t);

      const apply = page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: 'Apply' });
      // Timed inside the page: from the click event to the saved message in the DOM (Playwright's own
      // actionability checks and polling are not the console's time).
      await page.evaluate(() => {
        window.__applyTiming = new Promise((resolve) => {
          let start = 0;
          document.addEventListener('click', () => (start = performance.now()), {
            capture: true,
            once: true,
          });
          const observer = new MutationObserver(() => {
            if (start && document.body.textContent?.includes('The changes have been successfully saved.')) {
              observer.disconnect();
              resolve(performance.now() - start);
            }
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        });
      });
      await apply.click();
      await page
        .getByRole('status')
        .filter({ hasText: 'The changes have been successfully saved.' })
        .waitFor();
      applied.push(await page.evaluate(() => window.__applyTiming));
    }
    lines.push(
      `navigation to an interactive Session State page: ${median(interactive).toFixed(0)} ms median of ${rounds} ` +
        `(goal < 500 ms; bare page load baseline ${median(baseline).toFixed(0)} ms, ${(median(interactive) / median(baseline)).toFixed(2)}×)`,
    );
    lines.push(
      `Apply click → saved message, timed in the page: ${median(applied).toFixed(0)} ms median (goal < 100 ms)`,
    );
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    rmSync(root, { recursive: true, force: true });
  }
  for (const l of lines) console.log(l);
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
