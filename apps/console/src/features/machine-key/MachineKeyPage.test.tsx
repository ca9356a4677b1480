// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AttributeValue, SectionResponse } from '@iis-console/contracts';
import { sectionAtWebSite1, SITE_FILE } from '../../test/fixtures';
import { descriptionOf } from '../../test/dom';
import { apiError } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const KEY128 = 'A1'.repeat(64);
const KEY64 = 'B2'.repeat(32);
const STORED_VALIDATION_KEY = 'C3'.repeat(64);

function attribute(name: string, value: string, extra: Partial<AttributeValue> = {}): AttributeValue {
  return {
    name,
    type: name === 'validation' ? 'enum' : 'string',
    value,
    origin: 'default',
    local: false,
    locked: false,
    defaultValue: value,
    ...(name === 'validation'
      ? { choices: ['MD5', 'SHA1', '3DES', 'AES', 'HMACSHA256', 'HMACSHA384', 'HMACSHA512'] }
      : {}),
    ...extra,
  };
}

const here = (value: string): Partial<AttributeValue> => ({
  value,
  stored: value,
  local: true,
  origin: { file: SITE_FILE, configPath: 'MACHINE/WEBROOT/APPHOST/WebSite1', line: 3, column: 5 },
});

/** The machineKey section of WebSite1, every value the schema default unless overridden. */
function machineKey(
  overrides: Record<string, Partial<AttributeValue>> = {},
  etag = '"mk-1"',
): SectionResponse {
  const defaults: Record<string, string> = {
    validationKey: 'AutoGenerate,IsolateApps',
    decryptionKey: 'AutoGenerate,IsolateApps',
    decryption: 'Auto',
    validation: 'HMACSHA256',
  };
  return sectionAtWebSite1({
    section: 'system.web/machineKey',
    path: 'WebSite1',
    attributes: Object.fromEntries(
      Object.entries(defaults).map(([n, v]) => [n, attribute(n, v, overrides[n])]),
    ),
    elements: {},
    declaration: { allowDefinition: 'MachineToApplication', overrideModeDefault: 'Allow', file: null },
    etag,
  });
}

async function openPage(view = machineKey(), role: 'administrator' | 'reader' = 'administrator') {
  const app = renderApp(
    '/level/WebSite1/machine-key',
    { 'GET /api/config/section': { body: view, headers: { etag: view.etag } } },
    { role },
  );
  await screen.findByRole('heading', { level: 1, name: 'Machine Key' });
  await screen.findByRole('combobox', { name: 'Validation method:' });
  return app;
}

const actions = () => within(screen.getByRole('region', { name: 'Actions' }));
const action = (name: string) => actions().queryByRole('button', { name });
const group = (name: string) => within(screen.getByRole('group', { name }));
const keyBox = (name: 'Validation key' | 'Decryption key') =>
  group(name).getByRole('textbox', { name }) as HTMLInputElement;
const auto = (name: 'Validation key' | 'Decryption key') =>
  group(name).getByRole('checkbox', { name: 'Automatically generate at runtime' }) as HTMLInputElement;
const isolate = (name: 'Validation key' | 'Decryption key') =>
  group(name).getByRole('checkbox', {
    name: 'Generate a unique key for each application',
  }) as HTMLInputElement;
const select = (name: string) => screen.getByRole('combobox', { name }) as HTMLSelectElement;

describe('Machine Key page', () => {
  it('shows IIS Manager’s controls with the defaults: keys generated at runtime, per application', async () => {
    await openPage();
    expect([...select('Validation method:').options].map((o) => o.text)).toEqual([
      'MD5',
      'SHA1',
      'TripleDES',
      'AES',
      'HMACSHA256',
      'HMACSHA384',
      'HMACSHA512',
    ]);
    expect(select('Validation method:').value).toBe('HMACSHA256');
    expect([...select('Encryption method:').options].map((o) => o.text)).toEqual([
      'Auto',
      'DES',
      '3DES',
      'AES',
    ]);
    for (const g of ['Validation key', 'Decryption key'] as const) {
      expect(auto(g).checked).toBe(true);
      expect(isolate(g).checked).toBe(true);
      expect(keyBox(g).disabled).toBe(true);
      expect(descriptionOf(keyBox(g))).toContain('Default');
    }
    expect(action('Generate Keys')?.hasAttribute('disabled')).toBe(false);
    expect(action('Apply')?.hasAttribute('disabled')).toBe(true);
  });

  it('Generate Keys fills both boxes and clears the runtime boxes; Apply writes the keys', async () => {
    const { user, api } = await openPage();
    api.on('POST /api/machine-key/generate', (r) => ({
      body: {
        ...(r.body as object),
        validationKey: KEY128,
        decryptionKey: KEY64,
        validationKeyBytes: 64,
        decryptionKeyBytes: 32,
      },
    }));
    await user.selectOptions(select('Encryption method:'), 'AES');
    await user.click(action('Generate Keys')!);
    await waitFor(() => expect(keyBox('Validation key').value).toBe(KEY128));
    expect(api.sent('POST /api/machine-key/generate')[0]?.body).toEqual({
      validation: 'HMACSHA256',
      decryption: 'AES',
    });
    expect(keyBox('Decryption key').value).toBe(KEY64);
    for (const g of ['Validation key', 'Decryption key'] as const) {
      expect(auto(g).checked).toBe(false);
      expect(isolate(g).checked).toBe(false);
      expect(isolate(g).disabled).toBe(true);
      expect(keyBox(g).disabled).toBe(false);
    }
    expect(api.sent('PATCH /api/config/section')).toEqual([]);

    api.on('PATCH /api/config/section', {
      body: machineKey(
        {
          validationKey: here(KEY128),
          decryptionKey: here(KEY64),
          decryption: here('AES'),
        },
        '"mk-2"',
      ),
    });
    await user.click(action('Apply')!);
    await screen.findByText('The changes have been successfully saved.');
    const [patch] = api.sent('PATCH /api/config/section');
    expect(patch?.query.get('section')).toBe('system.web/machineKey');
    expect(patch?.query.get('path')).toBe('WebSite1');
    expect(patch?.headers['if-match']).toBe('"mk-1"');
    expect(patch?.body).toEqual({
      attributes: { decryption: 'AES', validationKey: KEY128, decryptionKey: KEY64 },
    });
    expect(action('Apply')?.hasAttribute('disabled')).toBe(true);
  });

  it('a key of the wrong length is refused next to its field and nothing is sent', async () => {
    const { user, api } = await openPage();
    await user.click(auto('Validation key'));
    await user.type(keyBox('Validation key'), 'ABCDEF');
    const message =
      'For validation method HMACSHA256 the validation key must be 64 to 128 hexadecimal characters (32 to 64 bytes); this one has 6 characters. Generate Keys makes one of the right length.';
    await screen.findByText(message);
    expect(keyBox('Validation key').getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(keyBox('Validation key'))).toContain(message);
    expect(action('Apply')?.hasAttribute('disabled')).toBe(true);

    // A key that fits HMACSHA256 no longer fits when the method becomes HMACSHA512.
    await user.clear(keyBox('Validation key'));
    await user.type(keyBox('Validation key'), KEY64);
    await waitFor(() => expect(keyBox('Validation key').getAttribute('aria-invalid')).toBeNull());
    await user.selectOptions(select('Validation method:'), 'HMACSHA512');
    await screen.findByText(/HMACSHA512 the validation key must be 128 to 256 hexadecimal characters/);
    await user.click(action('Apply')!);
    expect(api.sent('PATCH /api/config/section')).toEqual([]);
  });

  it('refuses a key that is not hexadecimal, and a decryption key that DES does not take', async () => {
    const { user } = await openPage();
    await user.click(auto('Decryption key'));
    await user.type(keyBox('Decryption key'), 'XYZ');
    await screen.findByText(
      'The decryption key must be hexadecimal: only the digits 0-9 and the letters A-F.',
    );
    await user.clear(keyBox('Decryption key'));
    await user.type(keyBox('Decryption key'), KEY64);
    await user.selectOptions(select('Encryption method:'), 'DES');
    await screen.findByText(
      'For encryption method DES the decryption key must be 16 hexadecimal characters (8 bytes); this one has 64 characters. Generate Keys makes one of the right length.',
    );
  });

  it('a reader sees the keys masked, every control disabled and no Generate Keys', async () => {
    await openPage(machineKey({ validationKey: here('********'), validation: here('SHA1') }), 'reader');
    expect(keyBox('Validation key').value).toBe('********');
    expect(keyBox('Validation key').disabled).toBe(true);
    expect(auto('Validation key').checked).toBe(false);
    for (const c of [select('Validation method:'), select('Encryption method:'), auto('Decryption key')])
      expect(c.disabled).toBe(true);
    expect(action('Generate Keys')).toBeNull();
    expect(action('Apply')?.hasAttribute('disabled') ?? true).toBe(true);
  });

  it('a masked key is never written back; typing the mask is refused', async () => {
    const { user, api } = await openPage(
      machineKey({ validationKey: here('********'), validation: here('SHA1') }),
    );
    api.on('PATCH /api/config/section', { body: machineKey({}, '"mk-2"') });
    await user.selectOptions(select('Validation method:'), 'HMACSHA512');
    // A masked key cannot be checked against the new method: it is left as it is.
    expect(keyBox('Validation key').getAttribute('aria-invalid')).toBeNull();
    await user.click(action('Apply')!);
    await screen.findByText('The changes have been successfully saved.');
    expect(api.sent('PATCH /api/config/section')[0]?.body).toEqual({
      attributes: { validation: 'HMACSHA512' },
    });

    await user.click(auto('Decryption key'));
    await user.type(keyBox('Decryption key'), '********');
    await screen.findByText('The decryption key is hidden (********): type the key or use Generate Keys.');
    expect(action('Apply')?.hasAttribute('disabled')).toBe(true);
  });

  it('Revert to parent removes the local value at once', async () => {
    const { user, api } = await openPage(
      machineKey({ validationKey: here(STORED_VALIDATION_KEY), validation: here('SHA1') }),
    );
    expect(keyBox('Validation key').value).toBe(STORED_VALIDATION_KEY);
    api.on('PATCH /api/config/section', {
      body: machineKey({ validation: here('SHA1') }, '"mk-2"'),
    });
    await user.click(screen.getByRole('button', { name: 'Revert Validation key to parent' }));
    await user.click(await screen.findByRole('button', { name: 'Revert' }));
    await waitFor(() => expect(auto('Validation key').checked).toBe(true));
    expect(api.sent('PATCH /api/config/section')[0]?.body).toEqual({
      attributes: { validationKey: null },
    });
    expect(select('Validation method:').value).toBe('SHA1');
  });

  it('a refusal of Generate Keys (a custom algorithm) is shown, nothing changes', async () => {
    const { user, api } = await openPage(machineKey({ decryption: here('alg:MyCipher') }));
    api.on(
      'POST /api/machine-key/generate',
      apiError(400, 'VALIDATION', "Keys cannot be generated for the encryption method 'alg:MyCipher'."),
    );
    expect(select('Encryption method:').value).toBe('alg:MyCipher');
    await user.click(action('Generate Keys')!);
    const alert = await screen.findByText(/^Generate Keys failed: Keys cannot be generated/);
    expect(alert.getAttribute('role')).toBe('alert');
    expect(auto('Validation key').checked).toBe(true);
  });
});
