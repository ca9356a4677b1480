// Long random sequences of Apply and Revert to parent across the levels of fixture F: every file stays
// well-formed and every effective value equals what a simple model of the hierarchy says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationSystem, SessionStateFeature } from '../../src/index.js';
import { ConfigDocument } from '../../src/xml/ConfigDocument.js';
import { APP_WEB, ROOT_WEB, SITE1_WEB, SITE2_WEB, createFixtureF, removeRoot } from '../fixtures/fixtureF.js';

/** mulberry32: a tiny seeded PRNG, so a failure reproduces. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEVELS = { '': null, WebSite1: '', 'WebSite1/app': 'WebSite1', WebSite2: '' } as Record<
  string,
  string | null
>;
const FILES = [ROOT_WEB, SITE1_WEB, APP_WEB, SITE2_WEB];
const STRINGS = ['MyCookie', 'a "quoted" name', "it's", 'x<y&z', 'tab\there', 'line\nbreak', 'ünïcødé ✓', ''];

// attribute → [generator of an input value, the canonical value expected back]
const ATTRIBUTES: Record<string, (r: () => number) => [unknown, string]> = {
  mode: (r) => {
    const m = ['Off', 'InProc', 'StateServer', 'SQLServer', 'Custom'][Math.floor(r() * 5)]!;
    return [r() < 0.5 ? m.toLowerCase() : m, m];
  },
  timeout: (r) => {
    const n = 1 + Math.floor(r() * 500);
    // hh:mm:ss input must be whole minutes: 5:07:00 → 307.
    if (r() < 0.3) return [`${Math.floor(n / 60)}:${String(n % 60).padStart(2, '0')}:00`, String(n)];
    return [n, String(n)];
  },
  cookieless: (r) => {
    const v = ['UseUri', 'UseCookies', 'AutoDetect', 'UseDeviceProfile', 'true', 'false'][
      Math.floor(r() * 6)
    ]!;
    return [v, v === 'true' ? 'UseUri' : v === 'false' ? 'UseCookies' : v];
  },
  regenerateExpiredSessionId: (r) => (r() < 0.5 ? [true, 'true'] : ['FALSE', 'false']),
  cookieSameSite: (r) => {
    const v = ['None', 'Lax', 'Strict'][Math.floor(r() * 3)]!;
    return [v.toUpperCase(), v];
  },
  partitionResolverType: (r) => {
    const v = STRINGS[Math.floor(r() * STRINGS.length)]!;
    return [v, v];
  },
  historySize: (r) => {
    const n = 1 + Math.floor(r() * 100);
    return [n, String(n)];
  },
  sqlCommandTimeout: (r) => {
    const n = Math.floor(r() * 1000);
    return [String(n), String(n)];
  },
};

let root: string;
beforeAll(() => {
  root = createFixtureF();
});
afterAll(() => removeRoot(root));

describe('randomized Apply / Revert to parent', () => {
  it('keeps every file well-formed and every effective value equal to the model (400 steps)', () => {
    const feature = new SessionStateFeature(new ConfigurationSystem(root));
    const r = prng(20261122);
    const model = new Map<string, Map<string, string>>(Object.keys(LEVELS).map((l) => [l, new Map()]));
    const defaults = Object.fromEntries(
      Object.entries(feature.read('').attributes).map(([k, a]) => [k, a.value]),
    );
    const expected = (level: string, attr: string): string => {
      for (let l: string | null = level; l !== null; l = LEVELS[l]!) {
        const v = model.get(l)!.get(attr);
        if (v !== undefined) return v;
      }
      return defaults[attr]!;
    };
    const names = Object.keys(ATTRIBUTES);
    for (let step = 0; step < 400; step++) {
      const level = Object.keys(LEVELS)[Math.floor(r() * 4)]!;
      const attr = names[Math.floor(r() * names.length)]!;
      const view = feature.read(level);
      if (r() < 0.3) {
        feature.apply(level, { [attr]: null }, { client: 'console', ifMatch: view.etag });
        model.get(level)!.delete(attr);
      } else {
        const [input, canonical] = ATTRIBUTES[attr]!(r);
        feature.apply(level, { [attr]: input as string }, { client: 'console', ifMatch: view.etag });
        model.get(level)!.set(attr, canonical);
      }
      for (const f of FILES) {
        let text: string;
        try {
          text = readFileSync(join(root, f), 'utf8');
        } catch {
          continue;
        }
        expect(() => ConfigDocument.parse(text, f), `step ${step}: ${f} well-formed`).not.toThrow();
      }
      for (const l of Object.keys(LEVELS)) {
        const v = feature.read(l);
        for (const a of names) expect(v.attributes[a]?.value, `step ${step}: ${l} ${a}`).toBe(expected(l, a));
      }
    }
  });
});
