import { describe, expect, it } from 'vitest';
import {
  expandEnvironmentVariables,
  normalizeSegment,
  parseWindowsPath,
  variableMap,
} from '../../src/root/windowsPath.js';

describe('expandEnvironmentVariables', () => {
  const variables = variableMap({ Site: 'C:\\sites' });

  it('expands known names in any case, several per string', () => {
    expect(expandEnvironmentVariables('%systemdrive%\\inetpub', variables)).toBe('C:\\inetpub');
    expect(expandEnvironmentVariables('%WINDIR%;%SystemRoot%', variables)).toBe('C:\\Windows;C:\\Windows');
    expect(expandEnvironmentVariables('%site%\\a', variables)).toBe('C:\\sites\\a');
  });

  it('leaves unknown names, lone and empty percent signs as written, like ExpandEnvironmentStrings', () => {
    expect(expandEnvironmentVariables('%NOPE%\\x', variables)).toBe('%NOPE%\\x');
    expect(expandEnvironmentVariables('100%', variables)).toBe('100%');
    expect(expandEnvironmentVariables('%%', variables)).toBe('%%');
    // The closing % of an unknown name may open the next reference.
    expect(expandEnvironmentVariables('%NOPE%windir%', variables)).toBe('%NOPEC:\\Windows');
  });

  it('does not expand values again', () => {
    const recursive = variableMap({ A: '%windir%' });
    expect(expandEnvironmentVariables('%A%', recursive)).toBe('%windir%');
  });
});

describe('parseWindowsPath', () => {
  it('classifies anchors', () => {
    expect(parseWindowsPath('C:\\inetpub\\wwwroot')).toEqual({
      kind: 'drive',
      drive: 'C',
      segments: ['inetpub', 'wwwroot'],
    });
    expect(parseWindowsPath('d:/x')).toEqual({ kind: 'drive', drive: 'D', segments: ['x'] });
    expect(parseWindowsPath('\\\\?\\C:\\x')).toEqual({ kind: 'drive', drive: 'C', segments: ['x'] });
    expect(parseWindowsPath('\\\\.\\C:\\x')).toEqual({ kind: 'drive', drive: 'C', segments: ['x'] });
    expect(parseWindowsPath('\\x\\y').kind).toBe('rooted');
    expect(parseWindowsPath('\\\\server\\share').kind).toBe('unc');
    expect(parseWindowsPath('\\\\?\\UNC\\server\\share').kind).toBe('unc');
    expect(parseWindowsPath('\\\\.\\pipe\\x').kind).toBe('unc');
    expect(parseWindowsPath('..\\a\\.\\b')).toEqual({ kind: 'relative', segments: ['..', 'a', '.', 'b'] });
  });
});

describe('normalizeSegment', () => {
  it('keeps dot segments, trims trailing dots and spaces, rejects what Windows cannot name', () => {
    expect(normalizeSegment('..')).toBe('..');
    expect(normalizeSegment('web.config. ')).toBe('web.config');
    expect(normalizeSegment('...')).toBeNull();
    expect(normalizeSegment('.. ')).toBeNull();
    expect(normalizeSegment('a:b')).toBeNull();
    expect(normalizeSegment('a\u0001')).toBeNull();
    expect(normalizeSegment('Program Files (x86)')).toBe('Program Files (x86)');
  });
});
