// The session state advisor on the Session State page (docs/advisor.md): each warning next to the field
// it concerns, read with that field, and its one-click fix writing the right file — Use State Server
// (the form, then Apply), Set Idle Time-out to 0 (applicationHost.config), Require SSL for cookies
// (httpCookies in the level's web.config).
import {
  test,
  expect,
  asReader,
  expectNoSeriousA11yViolations,
  keepScreenshot,
  useIisServer,
} from '../support/test.js';
import {
  APPHOST,
  canonicalUnordered,
  changedConfigFiles,
  configSnapshot,
  read,
  SITE1_WEB,
  site1With,
  write,
} from '../support/disk.js';

useIisServer();

const GARDEN =
  "Application pool 'DefaultAppPool' runs 4 worker processes (a web garden), each with its own in-process sessions, so users lose their session whenever a request reaches another process.";
const RECYCLING = /Application pool 'DefaultAppPool' recycles its worker process every 1740 minutes/;
const IDLE =
  "Application pool 'DefaultAppPool' shuts its worker process down after 20 minutes without requests, so when the site is quiet in-process sessions end before their 30-minute time-out.";
const SAME_SITE =
  'The session cookie says SameSite=None without Secure (httpCookies requireSSL is false), so current browsers reject it and users get a new, empty session on every request.';

const POOL = '<add name="DefaultAppPool" managedRuntimeVersion="v4.0" />';

/** A description that contains `text` (a message holds parentheses). */
const containing = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

/** Fixture F's applicationHost.config with `inner` inside DefaultAppPool. */
function poolWith(root: string, inner: string): void {
  const text = read(root, APPHOST);
  expect(text).toContain(POOL);
  write(
    root,
    APPHOST,
    text.replace(
      POOL,
      `<add name="DefaultAppPool" managedRuntimeVersion="v4.0">\n        ${inner}\n      </add>`,
    ),
  );
}

const withSessionState = (element: string) => site1With(`  <system.web>\n    ${element}\n  </system.web>`);

test('InProcWebGarden shows at Session state mode; Use State Server selects it and Apply fixes it', async ({
  sessionState: p,
  iis,
}) => {
  poolWith(iis.root, '<processModel maxProcesses="4" />');
  const start = configSnapshot(iis.root);
  await p.goto('WebSite1');

  const note = p.advice(GARDEN);
  await expect(note).toBeVisible();
  // Inside the mode's group, and read out with it.
  await expect(p.modes.getByText(GARDEN)).toBeVisible();
  await expect(p.modes).toHaveAccessibleDescription(containing(`Error: ${GARDEN}`));
  await expectNoSeriousA11yViolations(p.page);
  await keepScreenshot(p.page, 'session-state-advisor');

  await note.getByRole('button', { name: 'Use State Server' }).click();
  await expect(p.mode('State Server')).toBeChecked();
  await expect(note.getByText('Selected: Apply saves it.')).toBeVisible();
  // Nothing written until Apply.
  expect(changedConfigFiles(iis.root, start)).toEqual([]);

  await p.applyChanges();
  expect(changedConfigFiles(iis.root, start)).toEqual([SITE1_WEB]);
  expect(read(iis.root, SITE1_WEB)).toBe(withSessionState('<sessionState mode="StateServer" />'));
  await expect(p.advice(GARDEN)).toHaveCount(0);
  await expect(p.advice(RECYCLING)).toHaveCount(0);
});

test('InProcIdleTimeout shows at the time-out; Set Idle Time-out to 0 writes applicationHost.config', async ({
  sessionState: p,
  iis,
}) => {
  expect((await iis.api.patchSessionState('WebSite1', { timeout: '30' })).ok()).toBe(true);
  const start = configSnapshot(iis.root);
  const apphost = read(iis.root, APPHOST);
  await p.goto('WebSite1');
  await expect(p.advice(IDLE)).toBeVisible();
  await expect(p.cookies.timeout).toHaveAccessibleDescription(containing(`Warning: ${IDLE}`));

  await p.advice(IDLE).getByRole('button', { name: 'Set Idle Time-out to 0' }).click();
  await expect(
    p.page.getByRole('status').filter({
      hasText: 'Set Idle Time-out to 0: saved to Windows/System32/inetsrv/config/applicationHost.config.',
    }),
  ).toBeVisible();
  await expect(p.advice(IDLE)).toHaveCount(0);

  expect(changedConfigFiles(iis.root, start)).toEqual([APPHOST]);
  const after = read(iis.root, APPHOST);
  expect(canonicalUnordered(after)).toBe(
    canonicalUnordered(
      apphost.replace(
        POOL,
        '<add name="DefaultAppPool" managedRuntimeVersion="v4.0"><processModel idleTimeout="00:00:00" /></add>',
      ),
    ),
  );
  // Only the pool's lines changed.
  const [head, tail] = apphost.split(POOL) as [string, string];
  expect(after.startsWith(head)).toBe(true);
  expect(after.endsWith(tail)).toBe(true);
});

test('SameSiteNoneInsecure shows at SameSite; Require SSL for cookies writes httpCookies (keyboard)', async ({
  sessionState: p,
  iis,
}) => {
  expect((await iis.api.patchSessionState('WebSite1', { cookieSameSite: 'None' })).ok()).toBe(true);
  const start = configSnapshot(iis.root);
  await p.goto('WebSite1');
  await expect(p.advice(SAME_SITE)).toBeVisible();
  await expect(p.cookies.sameSite).toHaveAccessibleDescription(containing(`Error: ${SAME_SITE}`));

  const fix = p.advice(SAME_SITE).getByRole('button', { name: 'Require SSL for cookies' });
  await fix.focus();
  await p.page.keyboard.press('Enter');
  await expect(p.advice(SAME_SITE)).toHaveCount(0);
  expect(changedConfigFiles(iis.root, start)).toEqual([SITE1_WEB]);
  expect(read(iis.root, SITE1_WEB)).toBe(
    withSessionState('<sessionState cookieSameSite="None" />\n    <httpCookies requireSSL="true" />'),
  );
  // The outcome has the focus (the button went with its warning).
  await expect(
    p.page.getByRole('status').filter({ hasText: 'Require SSL for cookies: saved to' }),
  ).toBeFocused();
});

test('no warning fires when the pool neither gardens, idles out nor recycles', async ({
  sessionState: p,
  iis,
}) => {
  // Fixture F's pool recycles every 1740 minutes (IIS's default): the advisor says so at the mode…
  await p.goto('WebSite1');
  await expect(p.advice(RECYCLING)).toBeVisible();
  // …and says nothing once periodic recycling is off.
  poolWith(iis.root, '<recycling><periodicRestart time="00:00:00" /></recycling>');
  await p.goto('WebSite1');
  await expect(p.mode('In process')).toBeChecked();
  await expect(p.advice(/Application pool/)).toHaveCount(0);
  await expect(p.page.getByRole('button', { name: 'Use State Server' })).toHaveCount(0);
  await expect(p.modes).not.toHaveAccessibleDescription(/Application pool/);
});

test.describe('a reader', () => {
  asReader();

  test('sees the warning next to the mode without a fix button', async ({ sessionState: p, iis }) => {
    poolWith(iis.root, '<processModel maxProcesses="4" />');
    await p.goto('WebSite1');
    await expect(p.advice(GARDEN)).toBeVisible();
    await expect(p.advice(GARDEN).getByRole('button')).toHaveCount(0);
  });
});
