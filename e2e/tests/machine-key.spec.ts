// The Machine Key page (system.web/machineKey at server, site and application level): Generate Keys
// and Apply write the keys to the level's web.config and nothing else; the audit log never holds them;
// a key of the wrong length is refused before anything is written; a reader sees the keys masked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import {
  test,
  expect,
  asReader,
  expectNoSeriousA11yViolations,
  keepScreenshot,
  useIisServer,
} from '../support/test.js';
import {
  APP_WEB,
  changedConfigFiles,
  configSnapshot,
  read,
  ROOT_WEB,
  SITE1_ORIGINAL,
  SITE1_WEB,
  write,
} from '../support/disk.js';
import { expectUnavailable, setChecked } from '../pages/controls.js';
import { MachineKeyPage } from '../pages/MachineKeyPage.js';

useIisServer();

const machineKeyPage = async (page: Page, sitePath: string) => {
  const p = new MachineKeyPage(page);
  await p.goto(sitePath);
  return p;
};

/** Fixture F's site web.config with `<system.web>` holding `element`, as the engine adds a section. */
const site1WithSystemWeb = (element: string) =>
  SITE1_ORIGINAL.replace(
    '</configuration>',
    `  <system.web>\n    ${element}\n  </system.web>\n</configuration>`,
  );

const auditLog = (root: string) => readFileSync(join(root, 'ProgramData/IISConsole/audit.log'), 'utf8');

test('Generate Keys then Apply writes both keys to the site’s web.config, byte-exact around them', async ({
  page,
  iis,
  before,
}) => {
  const p = await machineKeyPage(page, 'WebSite1');
  await expect(p.validation).toHaveValue('HMACSHA256');
  await expect(p.validationKey.autoGenerate).toBeChecked();
  await expect(p.validationKey.isolateApps).toBeChecked();
  await expect(p.validationKey.key).toBeDisabled();

  const keys = await p.generate();
  // HMACSHA256 → 64 bytes, Auto (AES) → 32 bytes, as IIS Manager makes them.
  expect(keys.validationKey).toMatch(/^[0-9A-F]{128}$/);
  expect(keys.decryptionKey).toMatch(/^[0-9A-F]{64}$/);
  await expect(p.decryptionKey.autoGenerate).not.toBeChecked();
  await expect(p.decryptionKey.isolateApps).not.toBeChecked();
  expect(changedConfigFiles(iis.root, before)).toEqual([]);
  await keepScreenshot(page, 'machine-key-generated');

  await p.applyChanges();
  expect(changedConfigFiles(iis.root, before)).toEqual([SITE1_WEB]);
  expect(read(iis.root, SITE1_WEB)).toBe(
    site1WithSystemWeb(
      `<machineKey validationKey="${keys.validationKey}" decryptionKey="${keys.decryptionKey}" />`,
    ),
  );

  // The audit log says what changed without the keys.
  const audit = auditLog(iis.root);
  expect(audit).toContain('system.web/machineKey at MACHINE/WEBROOT/APPHOST/WebSite1');
  expect(audit).not.toContain(keys.validationKey);
  expect(audit).not.toContain(keys.decryptionKey);
  expect(audit).toContain('validationKey=\\"********\\"');
});

test('a key of the wrong length is refused next to its field and nothing is written', async ({
  page,
  iis,
  before,
}) => {
  const p = await machineKeyPage(page, 'WebSite1/app');
  await setChecked(p.decryptionKey.autoGenerate, false);
  await p.decryptionKey.key.fill('0123456789ABCDEF');
  const message =
    'For encryption method Auto the decryption key must be 32, 48 or 64 hexadecimal characters (16, 24 or 32 bytes); this one has 16 characters. Generate Keys makes one of the right length.';
  await expect(p.decryptionKey.group.getByText(message)).toBeVisible();
  await expect(p.decryptionKey.key).toHaveAttribute('aria-invalid', 'true');
  await expect(p.decryptionKey.key).toHaveAccessibleDescription(new RegExp(message.slice(0, 40)));
  await expect(p.apply).toBeDisabled();
  await expectNoSeriousA11yViolations(page);

  // DES takes exactly this key: the same 16 characters are accepted, and Apply writes the app's file.
  await p.decryption.selectOption('DES');
  await expect(p.decryptionKey.group.getByText(message)).toHaveCount(0);
  expect(changedConfigFiles(iis.root, before)).toEqual([]);
  await p.applyChanges();
  expect(changedConfigFiles(iis.root, before)).toEqual([APP_WEB]);
  expect(read(iis.root, APP_WEB)).toContain(
    '<machineKey decryption="DES" decryptionKey="0123456789ABCDEF" />',
  );
});

test('at the server the keys go to the root web.config', async ({ page, iis, before }) => {
  const p = await machineKeyPage(page, '');
  await p.validation.selectOption('HMACSHA512');
  const keys = await p.generate();
  expect(keys.validationKey).toMatch(/^[0-9A-F]{256}$/);
  await p.applyChanges();
  expect(changedConfigFiles(iis.root, before)).toEqual([ROOT_WEB]);
  expect(read(iis.root, ROOT_WEB)).toBe(
    `<configuration><system.web><machineKey validation="HMACSHA512" validationKey="${keys.validationKey}" decryptionKey="${keys.decryptionKey}" /></system.web></configuration>`,
  );
});

test('keyboard only: uncheck, type a key, Apply', async ({ page, iis, before }) => {
  const p = await machineKeyPage(page, 'WebSite1');
  const key = '0A'.repeat(32);
  await p.validation.focus();
  await page.keyboard.press('Tab'); // Encryption method
  await expect(p.decryption).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(p.validationKey.autoGenerate).toBeFocused();
  await page.keyboard.press('Space');
  await expect(p.validationKey.autoGenerate).not.toBeChecked();
  // "Generate a unique key for each application" only applies to a generated key: skipped.
  await page.keyboard.press('Tab');
  await expect(p.validationKey.key).toBeFocused();
  await page.keyboard.type(key);
  await p.apply.focus();
  await page.keyboard.press('Enter');
  await expect(p.saved).toBeVisible();
  expect(changedConfigFiles(iis.root, before)).toEqual([SITE1_WEB]);
  expect(read(iis.root, SITE1_WEB)).toBe(site1WithSystemWeb(`<machineKey validationKey="${key}" />`));
});

test.describe('a reader', () => {
  asReader();

  test('sees the keys masked and every control read-only', async ({ page, iis }) => {
    const validationKey = 'AB'.repeat(64);
    const decryptionKey = 'CD'.repeat(32);
    write(
      iis.root,
      SITE1_WEB,
      site1WithSystemWeb(
        `<machineKey validation="SHA1" validationKey="${validationKey}" decryptionKey="${decryptionKey}" />`,
      ),
    );
    const written = configSnapshot(iis.root);
    const p = await machineKeyPage(page, 'WebSite1');
    await expect(p.validation).toHaveValue('SHA1');
    await expect(p.validationKey.key).toHaveValue('********');
    await expect(p.decryptionKey.key).toHaveValue('********');
    for (const control of [
      p.validation,
      p.decryption,
      p.validationKey.autoGenerate,
      p.validationKey.key,
      p.decryptionKey.autoGenerate,
    ])
      await expect(control).toBeDisabled();
    await expectUnavailable(p.generateKeys);
    await expectUnavailable(p.apply);
    expect(await page.content()).not.toContain(validationKey);
    expect(await page.content()).not.toContain(decryptionKey);
    await expectNoSeriousA11yViolations(page);
    // Reading wrote nothing.
    expect(changedConfigFiles(iis.root, written)).toEqual([]);
  });
});
