// The Configuration Editor's pending edits as data: the change Apply sends, the collection editor's
// rows after pending edits, and the checks made before anything is sent.
import { describe, expect, it } from 'vitest';
import type { AttributeValue, ConfigCollection } from '@iis-console/contracts';
import {
  checkValue,
  editItem,
  isEmpty,
  NO_EDITS,
  removeItem,
  setAttribute,
  shownItems,
  toChange,
} from './editModel';

const attr = (over: Partial<AttributeValue>): AttributeValue => ({
  name: 'a',
  type: 'string',
  value: '',
  origin: 'default',
  local: false,
  locked: false,
  defaultValue: '',
  ...over,
});

const files = (): ConfigCollection => ({
  addElement: ['add'],
  removeElement: 'remove',
  clearElement: 'clear',
  keys: ['value'],
  allowDuplicates: false,
  mergeAppend: false,
  lockedElements: [],
  items: [
    {
      elementName: 'add',
      key: { value: 'index.html' },
      attributes: { value: attr({ name: 'value', value: 'index.html' }) },
      elements: {},
      origin: { file: 'a', configPath: 'MACHINE/WEBROOT/APPHOST', line: 1, column: 1 },
      local: false,
      locked: false,
    },
    {
      elementName: 'add',
      key: { value: 'home.html' },
      attributes: { value: attr({ name: 'value', value: 'home.html' }) },
      elements: {},
      origin: { file: 'b', configPath: 'MACHINE/WEBROOT/APPHOST/Site', line: 1, column: 1 },
      local: true,
      locked: false,
    },
  ],
});

describe('toChange', () => {
  it('section attributes, child elements by path and collection edits; the From choice as commit', () => {
    let edits = setAttribute(NO_EDITS, '', 'enabled', 'false');
    edits = setAttribute(edits, 'requestLimits', 'maxUrl', '8192');
    edits = setAttribute(edits, '', 'showFlags', null);
    edits = { ...edits, collections: { files: [{ op: 'clear' }] } };
    expect(toChange(edits, 'APPHOST')).toEqual({
      attributes: { enabled: 'false', showFlags: null },
      elements: { requestLimits: { attributes: { maxUrl: '8192' } } },
      collections: { files: [{ op: 'clear' }] },
      commit: 'APPHOST',
    });
  });

  it('a forgotten edit leaves nothing behind: no change, not dirty', () => {
    const edits = setAttribute(setAttribute(NO_EDITS, '', 'enabled', 'false'), '', 'enabled', undefined);
    expect(isEmpty(edits)).toBe(true);
    expect(toChange(edits, undefined)).toEqual({});
  });
});

describe('collection edits', () => {
  it('removing a local entry and an inherited one, adding one and editing it before Apply', () => {
    const coll = files();
    let ops = removeItem([], shownItems(coll, [])[1]!);
    ops = [...ops, { op: 'add', attributes: { value: '' } }];
    ops = editItem(ops, { value: '' }, 'value', 'default.aspx');
    ops = removeItem(ops, shownItems(coll, ops)[0]!);
    expect(ops).toEqual([
      { op: 'remove', key: { value: 'home.html' } },
      { op: 'add', attributes: { value: 'default.aspx' } },
      { op: 'remove', key: { value: 'index.html' } },
    ]);
    expect(shownItems(coll, ops).map((r) => [r.values.value, r.state])).toEqual([['default.aspx', 'added']]);
  });

  it('editing an existing entry is one set edit per entry; removing a pending add drops it and its edits', () => {
    const coll = files();
    let ops = editItem([], { value: 'index.html' }, 'priority', '1');
    ops = editItem(ops, { value: 'INDEX.HTML' }, 'priority', '2');
    expect(ops).toEqual([{ op: 'set', key: { value: 'index.html' }, attributes: { priority: '2' } }]);
    expect(shownItems(coll, ops)[0]!.state).toBe('changed');
    ops = [...ops, { op: 'add', attributes: { value: 'x.html' } }];
    const added = shownItems(coll, ops).find((r) => r.state === 'added')!;
    expect(removeItem(ops, added)).toEqual([
      { op: 'set', key: { value: 'index.html' }, attributes: { priority: '2' } },
    ]);
  });

  it('Clear All hides every entry before it; adds after it stay', () => {
    const rows = shownItems(files(), [{ op: 'clear' }, { op: 'add', attributes: { value: 'only.html' } }]);
    expect(rows.map((r) => r.values.value)).toEqual(['only.html']);
  });
});

describe('checkValue', () => {
  it.each([
    [attr({ type: 'bool' }), 'TRUE', undefined],
    [attr({ type: 'bool' }), 'yes', "The value 'yes' is not valid: a boolean value must be true or false."],
    [attr({ type: 'uint' }), '-1', "The value '-1' must not be negative."],
    [attr({ type: 'int' }), '12a', "The value '12a' is not a valid integer."],
    [attr({ type: 'enum', choices: ['Allow', 'Deny'] }), 'deny', undefined],
    [attr({ type: 'enum', choices: ['Allow', 'Deny'] }), 'Maybe', 'Enum must be one of Allow, Deny'],
    [attr({ type: 'flags', choices: ['None', 'Date', 'Time'] }), 'Date, time', undefined],
    [
      attr({ type: 'flags', choices: ['None', 'Date', 'Time'] }),
      'Date, Year',
      'Flags must be some combination of None, Date, Time',
    ],
  ])('%#', (a, text, message) => {
    expect(checkValue(a, text)).toBe(message);
  });
});
