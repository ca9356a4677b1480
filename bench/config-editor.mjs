/* global window, document, MutationObserver, PopStateEvent -- code passed to page.evaluate runs in the browser */
// Configuration Editor benchmark (issue 12), in Debian's Chromium on loopback against the real server
// on a generated 10,000-site root:
//  - navigation to an interactive property grid of the largest built-in section
//    (system.applicationHost/applicationPools: the most attributes and child elements of the schema),
//    against a bare page load in the same browser (the baseline) — goal < 300 ms;
//  - switching sections in the Section picker at a site (Enter on the option → the new grid in the
//    DOM, timed inside the page) — goal < 300 ms;
//  - the JavaScript of the first page, gzipped (goal < 150 KB: the editor is a lazily loaded chunk).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { generateRoot } from './generate-root.mjs';
import { PASSWORD, REPO, median, startServer } from './support.mjs';

const LARGEST = 'system.applicationHost/applicationPools';
const SWITCH = ['system.webServer/defaultDocument', 'system.web/sessionState'];

export async function run({ rounds = 7, sites = 10_000 } = {}) {
  console.log(`## Configuration Editor (Debian Chromium, loopback, ${sites.toLocaleString('en')} sites)`);
  const chromium = ['/usr/bin/chromium', process.env.CHROMIUM_PATH].find((p) => p && existsSync(p));
  if (!chromium || !existsSync(join(REPO, 'apps/console/dist/index.html'))) {
    console.log(
      'skipped: needs Debian chromium (apt-get install -y chromium) and a built console (npm run build)',
    );
    return [];
  }
  const { chromium: pw } = await import('@playwright/test');
  const root = mkdtempSync(join(tmpdir(), 'iisconsole-bench-editor-'));
  generateRoot(root, { sites });
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

    const open = `${url}configuration-editor?section=${encodeURIComponent(LARGEST)}`;
    const baseline = [];
    const shell = [];
    const interactive = [];
    for (let i = 0; i < rounds; i++) {
      let t = performance.now();
      await page.goto(`${url}sign-in-timing-baseline`, { waitUntil: 'load' });
      baseline.push(performance.now() - t);
      t = performance.now();
      await page.goto(url);
      await page.getByRole('treeitem', { name: 'Sites' }).waitFor();
      await page.getByRole('treeitem', { name: 'Site1', exact: true }).waitFor();
      shell.push(performance.now() - t);
      t = performance.now();
      await page.goto(open);
      const grid = page.getByRole('table', { name: `Properties of ${LARGEST}` });
      await grid.getByRole('button', { name: 'applicationPoolDefaults' }).waitFor();
      await grid.getByRole('button', { name: 'Edit Items… of the section' }).click({ trial: true });
      interactive.push(performance.now() - t);
    }
    lines.push(
      `page load to an interactive grid of ${LARGEST} (shell, 10,000-site tree and editor): ${median(interactive).toFixed(0)} ms median of ${rounds} ` +
        `(bare page load baseline ${median(baseline).toFixed(0)} ms; the shell alone with its 10,000-site Connections tree ${median(shell).toFixed(0)} ms)`,
    );

    // Opening the editor inside the running console (the tree already loaded), timed in the page from
    // the navigation to the grid in the DOM.
    const opened = [];
    for (let i = 0; i < rounds; i++) {
      await page.goto(`${url}level/Site5000`);
      await page.getByRole('heading', { name: 'Site5000 Home' }).waitFor();
      // The user looks at the Features view first; its tiles' pages load meanwhile.
      await page.waitForLoadState('networkidle');
      opened.push(
        await page.evaluate((section) => {
          return new Promise((resolve) => {
            const start = performance.now();
            const observer = new MutationObserver(() => {
              const grid = document.querySelector(`table[aria-label="Properties of ${section}"]`);
              const button =
                grid &&
                [...grid.querySelectorAll('button')].find((b) =>
                  b.textContent?.includes('applicationPoolDefaults'),
                );
              if (button && !button.disabled) {
                observer.disconnect();
                resolve(performance.now() - start);
              }
            });
            observer.observe(document.body, { subtree: true, childList: true, attributes: true });
            const idx = (window.history.state?.idx ?? 0) + 1;
            window.history.pushState(
              { idx },
              '',
              `/configuration-editor?section=${encodeURIComponent(section)}`,
            );
            window.dispatchEvent(new PopStateEvent('popstate', { state: { idx } }));
          });
        }, LARGEST),
      );
    }
    lines.push(
      `opening the editor on ${LARGEST} in the running console → interactive grid: ${median(opened).toFixed(0)} ms median of ${rounds} (goal < 300 ms)`,
    );

    // Section switching at a site of the 10,000-site root, timed in the page from Enter to the new grid.
    await page.goto(`${url}level/Site5000/configuration-editor?section=${encodeURIComponent(SWITCH[1])}`);
    await page.getByRole('table', { name: `Properties of ${SWITCH[1]}` }).waitFor();
    const switches = [];
    for (let i = 0; i < rounds * 2; i++) {
      const next = SWITCH[i % 2];
      const picker = page.getByRole('combobox', { name: 'Section:' });
      await picker.fill(next);
      await page.getByRole('option', { name: next.split('/').at(-1), exact: true }).waitFor();
      await picker.press('ArrowDown');
      await page.evaluate((label) => {
        window.__switchTiming = new Promise((resolve) => {
          let start = 0;
          document.addEventListener('keydown', () => (start = performance.now()), {
            capture: true,
            once: true,
          });
          const observer = new MutationObserver(() => {
            const table = document.querySelector(`table[aria-label="${label}"]`);
            if (start && table && table.querySelector('tbody tr')) {
              observer.disconnect();
              resolve(performance.now() - start);
            }
          });
          observer.observe(document.body, { subtree: true, childList: true });
        });
      }, `Properties of ${next}`);
      await page.keyboard.press('Enter');
      switches.push(await page.evaluate(() => window.__switchTiming));
    }
    lines.push(
      `switching sections at a site (Enter → new grid, in the page): ${median(switches).toFixed(0)} ms median of ${switches.length} (goal < 300 ms)`,
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
