import { describe, expect, it } from 'vitest';
import * as messages from '@iis-console/config-common';

describe('messages (docs/session-state.md §6) and labels (§3.1)', () => {
  it('are word for word', () => {
    expect(messages.LOCKED_FEATURE_ALERT).toBe('This feature has been locked and is read only.');
    expect(messages.UNSAVED_CHANGES_PROMPT).toBe(
      'The changes you have made will be lost. Do you want to save changes?',
    );
    expect(messages.SECTION_LOCKED_MESSAGE).toBe(
      'This configuration section cannot be used at this path. This happens when the section is locked at a parent level. Locking is either by default (overrideModeDefault="Deny"), or set explicitly by a location tag with overrideMode="Deny" or the legacy allowOverride="false".',
    );
    expect(messages.LOCK_VIOLATION_MESSAGE).toBe('Lock violation');
    expect(messages.MACHINE_TO_APPLICATION_MESSAGE).toBe(
      "It is an error to use a section registered as allowDefinition='MachineToApplication' beyond application level. This error can be caused by a virtual directory not being configured as an application in IIS.",
    );
    expect(messages.SESSION_MODE_ORDER.map((m) => messages.SESSION_MODE_LABELS[m])).toEqual([
      'Not enabled',
      'In process',
      'Custom',
      'State Server',
      'SQL Server',
    ]);
    expect(messages.COOKIE_MODE_ORDER.map((m) => messages.COOKIE_MODE_LABELS[m])).toEqual([
      'Auto Detect',
      'Use Cookies',
      'Use Device Profile',
      'Use URI',
    ]);
    expect(messages.SAME_SITE_ORDER).toEqual(['None', 'Lax', 'Strict']);
    expect(messages.SAME_SITE_DEFAULT_LABEL).toBe('Lax (ASP.NET default)');
  });
});
