import { expect, type Locator } from '@playwright/test';

/**
 * Picks an option of a "select" by its visible label, whether the control is a native `<select>`
 * or an ARIA combobox with a listbox (the contract names the role, not the widget).
 */
export async function chooseOption(select: Locator, label: string): Promise<void> {
  const tag = await select.evaluate((el) => el.tagName);
  if (tag === 'SELECT') {
    await select.selectOption({ label });
    return;
  }
  await select.click();
  await select.page().getByRole('option', { name: label, exact: true }).click();
}

/** The option a select shows (its label, matched as a regular expression or exactly). */
export async function expectSelected(select: Locator, label: string | RegExp): Promise<void> {
  const tag = await select.evaluate((el) => el.tagName);
  if (tag === 'SELECT') await expect(select.locator('option:checked')).toHaveText(label);
  else await expect(select).toContainText(label);
}

/** Absent, or present and disabled: either way the action cannot be taken. */
export async function expectUnavailable(control: Locator): Promise<void> {
  await expect
    .poll(async () => (await control.count()) === 0 || (await control.first().isDisabled()), {
      message: 'control is absent or disabled',
    })
    .toBe(true);
}

/**
 * Checks or unchecks a radio or checkbox. React Aria hides the native input visually under a styled
 * box (which catches the pointer), so the click goes to that point as a user's would, and the new
 * state is verified by Playwright.
 */
export async function setChecked(control: Locator, checked = true): Promise<void> {
  await expect(control).toBeEnabled();
  await control.setChecked(checked, { force: true });
}
