// The sign-in page and the top bar (docs/design.md, "Sign-in and roles": session sign-in and the top bar).
import { test, expect, useIisServer, signedOut } from '../support/test.js';

useIisServer({ signIn: false });
signedOut();

test('the console asks to sign in first', async ({ signInPage }) => {
  await signInPage.goto();
  await expect(signInPage.heading).toBeVisible();
  await expect(signInPage.userName).toBeVisible();
  await expect(signInPage.password).toBeVisible();
  await expect(signInPage.password).toHaveAttribute('type', 'password');
  await expect(signInPage.signInButton).toBeVisible();
});

test('a wrong password is refused with an alert', async ({ signInPage, iis }) => {
  await signInPage.goto();
  await signInPage.signIn(iis.server.admin.username, 'not-the-password');
  await expect(signInPage.error).toBeVisible();
  await expect(signInPage.heading).toBeVisible();
});

test('the administrator signs in and out', async ({ signInPage, shell, iis, page }) => {
  await signInPage.goto();
  await signInPage.signIn(iis.server.admin.username, iis.server.admin.password);
  await expect(shell.signedInAs('admin', 'administrator')).toBeVisible();
  await expect(shell.connections.tree).toBeVisible();
  await expect(shell.address).toBeVisible();

  await shell.signOutButton.click();
  await expect(signInPage.heading).toBeVisible();
  await page.reload();
  await expect(signInPage.heading).toBeVisible();
  await expect(shell.signedInAs('admin', 'administrator')).toHaveCount(0);
});

test('a reader signs in with the reader role', async ({ signInPage, shell, iis }) => {
  await signInPage.goto();
  await signInPage.signIn(iis.server.reader.username, iis.server.reader.password);
  await expect(shell.signedInAs('reader', 'reader')).toBeVisible();
});

test('a deep link signs in first, then shows the page', async ({ signInPage, sessionState, iis, page }) => {
  await page.goto(`/level/${encodeURIComponent('WebSite1')}/session-state`);
  await expect(signInPage.heading).toBeVisible();
  await signInPage.signIn(iis.server.admin.username, iis.server.admin.password);
  await sessionState.loaded();
});
