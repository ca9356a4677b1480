// The whole Apply workflow from the keyboard alone: tree → Session State → a radio → Apply.
import { hostname } from 'node:os';
import type { Locator, Page } from '@playwright/test';
import { test, expect, useIisServer } from '../support/test.js';
import { canonicalUnordered, changedConfigFiles, read, SITE1_WEB, site1With } from '../support/disk.js';

useIisServer();

async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));
}

/** Presses Tab until `target` has the focus (at most `max` times). */
async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target, `Tab never reached it within ${max} presses`).toBeFocused();
}

/** The name of the focused tree item. */
async function focusedTreeItem(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement?.closest('[role="treeitem"]');
    return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
  });
}

/** Walks down the tree with the arrow keys, opening closed nodes with Right. */
async function arrowTo(page: Page, tree: Locator, names: string[]): Promise<void> {
  for (const [i, name] of names.entries()) {
    for (let steps = 0; steps < 30; steps++) {
      const item = tree.getByRole('treeitem', { name, exact: true });
      if ((await item.count()) === 1 && (await isFocused(item))) break;
      await page.keyboard.press('ArrowDown');
    }
    const item = tree.getByRole('treeitem', { name, exact: true });
    await expect(item, `focus on "${name}" (focused: ${await focusedTreeItem(page)})`).toBeFocused();
    if (i < names.length - 1 && (await item.getAttribute('aria-expanded')) === 'false') {
      await page.keyboard.press('ArrowRight');
      await expect(item).toHaveAttribute('aria-expanded', 'true');
    }
  }
}

test('a site is switched off with the keyboard alone', async ({
  features,
  sessionState: p,
  page,
  iis,
  before,
}) => {
  await features.gotoServer();
  const tree = features.connections.tree;
  await tabTo(page, tree);
  await arrowTo(page, tree, [hostname(), 'Sites', 'WebSite1']);
  await page.keyboard.press('Enter');
  await expect(features.heading('WebSite1')).toBeVisible();

  const feature = features.feature('Session State');
  await tabTo(page, feature);
  await page.keyboard.press('Enter');
  await p.loaded();

  // Into the radio group (focus lands on the checked radio), then Up: In process → Not enabled.
  await tabTo(page, p.mode('In process'));
  await page.keyboard.press('ArrowUp');
  await expect(p.mode('Not enabled')).toBeChecked();
  await expect(p.mode('Not enabled')).toBeFocused();

  await tabTo(page, p.apply);
  await page.keyboard.press('Enter');
  await expect(p.saved).toBeVisible();

  expect(canonicalUnordered(read(iis.root, SITE1_WEB))).toBe(
    canonicalUnordered(site1With('<system.web><sessionState mode="Off" /></system.web>')),
  );
  expect(changedConfigFiles(iis.root, before)).toEqual([SITE1_WEB]);
});

test('Space toggles a checkbox and a select is changed with the arrow keys', async ({
  sessionState: p,
  page,
  iis,
}) => {
  await p.goto('WebSite1');
  await tabTo(page, p.cookies.mode);
  // A native select changes its value with the arrow keys while focused (Up: Use Cookies → Auto Detect).
  await page.keyboard.press('ArrowUp');
  await p.expectCookieMode('Auto Detect');
  await tabTo(page, p.cookies.regenerate);
  await page.keyboard.press('Space');
  await expect(p.cookies.regenerate).not.toBeChecked();
  await tabTo(page, p.apply);
  await page.keyboard.press('Space');
  await expect(p.saved).toBeVisible();
  expect(canonicalUnordered(read(iis.root, SITE1_WEB))).toBe(
    canonicalUnordered(
      site1With(
        '<system.web><sessionState cookieless="AutoDetect" regenerateExpiredSessionId="false" /></system.web>',
      ),
    ),
  );
});
