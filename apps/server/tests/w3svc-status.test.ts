// W3SVC's state of pools and sites: asked through appcmd.exe only on Windows with the root as the
// system drive; Unknown with the reason anywhere else.
import { describe, expect, it } from 'vitest';
import { parseAppcmdStates, W3svcStatus } from '../src/iis/w3svcStatus.js';

describe('W3svcStatus', () => {
  it('reads appcmd.exe’s list lines', () => {
    const pools = parseAppcmdStates(
      'APPPOOL "DefaultAppPool" (MgdVersion:v4.0,MgdMode:Integrated,state:Started)\r\nAPPPOOL "Shop" (MgdVersion:,MgdMode:Classic,state:Stopped)\r\n',
      'APPPOOL',
    );
    expect([...pools]).toEqual([
      ['defaultapppool', 'Started'],
      ['shop', 'Stopped'],
    ]);
    const sites = parseAppcmdStates(
      'SITE "Default Web Site" (id:1,bindings:http/*:80:,state:Starting)\n',
      'SITE',
    );
    expect(sites.get('default web site')).toBe('Starting');
    expect(parseAppcmdStates('SITE "x" (id:1,state:Weird)', 'SITE').get('x')).toBe('Unknown');
  });

  it('is Unknown, with the reason, off Windows and for a root that is not the system drive', async () => {
    const linux = await new W3svcStatus('/tmp/root', 'linux').states('APPPOOL');
    expect(linux.states.size).toBe(0);
    expect(linux.reason).toMatch(/does not run IIS \(W3SVC\)/);
    const otherRoot = await new W3svcStatus('/tmp/root', 'win32').states('SITE');
    expect(otherRoot.reason).toMatch(/not this server’s system drive/);
  });
});
