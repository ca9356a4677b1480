import { describe, expect, it } from 'vitest';
import {
  fieldErrors,
  gridChange,
  gridProperties,
  gridValues,
  parseTimes,
  POOL_PROPERTIES,
  propertyKey,
  recyclingChange,
  recyclingForm,
  scheduleOps,
  shownValue,
  storedValue,
} from './poolModel';
import { poolSettings } from './testPools';

const byLabel = (label: string, category?: string) => {
  const p = POOL_PROPERTIES.find((x) => x.label === label && (!category || x.category === category));
  if (!p) throw new Error(`no property ${label}`);
  return p;
};

describe('units of the Advanced Settings grid', () => {
  it('shows time spans in minutes or seconds and writes them back as time spans', () => {
    const idle = byLabel('Idle Time-out (minutes)');
    expect(shownValue(idle, '00:20:00')).toBe('20');
    expect(shownValue(byLabel('Regular Time Interval (minutes)'), '1.05:00:00')).toBe('1740');
    expect(storedValue(idle, '45')).toEqual({ value: '00:45:00' });
    expect(storedValue(byLabel('Regular Time Interval (minutes)'), '1740')).toEqual({ value: '1.05:00:00' });
    expect(shownValue(byLabel('Ping Period (seconds)'), '00:00:30')).toBe('30');
    expect(storedValue(byLabel('Ping Period (seconds)'), '90')).toEqual({ value: '00:01:30' });
    expect(storedValue(idle, 'ten')).toEqual({
      error: "'ten' is not a valid value for Idle Time-out (minutes): enter a number.",
    });
  });

  it('shows the CPU limit in percent (stored in 1/1000 of a percent)', () => {
    const limit = byLabel('Limit (percent)');
    expect(shownValue(limit, '50000')).toBe('50');
    expect(storedValue(limit, '12.5')).toEqual({ value: '12500' });
  });
});

describe('the grid of a pool and of the defaults', () => {
  it('lists the pool’s properties by category; the defaults have no Name and no Specific Times', () => {
    const settings = poolSettings('Shop', { schedule: ['03:00:00'] });
    const forPool = gridProperties(settings, true).map((p) => p.label);
    expect(forPool.slice(0, 6)).toEqual([
      '.NET CLR Version',
      'Enable 32-Bit Applications',
      'Managed Pipeline Mode',
      'Name',
      'Queue Length',
      'Start Mode',
    ]);
    expect(forPool).toContain('Specific Times');
    const defaults = gridProperties(settings, false).map((p) => p.label);
    expect(defaults).not.toContain('Name');
    expect(defaults).not.toContain('Specific Times');
  });

  it('sends only what changed, in the pool’s terms', () => {
    const settings = poolSettings('Shop', { schedule: ['03:00:00'] });
    const props = gridProperties(settings, true);
    const loaded = gridValues(settings, props);
    expect(loaded['processModel.idleTimeout']).toBe('20');
    expect(loaded['recycling.periodicRestart.schedule']).toBe('03:00:00');
    expect(gridChange(props, loaded, loaded)).toEqual({ change: {}, errors: {}, dirty: false });

    const edited = {
      ...loaded,
      'processModel.idleTimeout': '5',
      'processModel.maxProcesses': '4',
      queueLength: '2000',
      'recycling.periodicRestart.schedule': '15:30',
    };
    expect(gridChange(props, loaded, edited)).toEqual({
      dirty: true,
      errors: {},
      change: {
        attributes: { queueLength: '2000' },
        elements: { processModel: { attributes: { idleTimeout: '00:05:00', maxProcesses: '4' } } },
        collections: {
          'recycling.periodicRestart.schedule': [
            { op: 'remove', key: { value: '03:00:00' } },
            { op: 'add', attributes: { value: '15:30:00' } },
          ],
        },
      },
    });
    const bad = gridChange(props, loaded, { ...loaded, 'processModel.idleTimeout': '' });
    expect(bad.errors['processModel.idleTimeout']).toMatch(/not a valid value for Idle Time-out/);
    expect(bad.change).toEqual({});
  });

  it('never changes the name', () => {
    const settings = poolSettings('Shop');
    const props = gridProperties(settings, true);
    const loaded = gridValues(settings, props);
    expect(gridChange(props, loaded, { ...loaded, name: 'Other' }).dirty).toBe(false);
    expect(propertyKey(byLabel('Name'))).toBe('name');
  });
});

describe('Specific times', () => {
  it('reads times of day and refuses what is not one', () => {
    expect(parseTimes('3:00, 15:30:15 3:00')).toEqual({ times: ['03:00:00', '15:30:15'] });
    expect(parseTimes('25:00')).toEqual({ error: "'25:00' is not a time of day (hh:mm)." });
  });
  it('keeps the times that stay (compared as times, not text)', () => {
    expect(scheduleOps(['03:00:00', '04:00'], ['04:00:00', '05:00:00'])).toEqual([
      { op: 'remove', key: { value: '03:00:00' } },
      { op: 'add', attributes: { value: '05:00:00' } },
    ]);
  });
});

describe('Recycling...', () => {
  it('reads IIS’s default (1740 minutes) and writes only the conditions changed', () => {
    const form = recyclingForm(poolSettings('Shop'));
    expect(form).toMatchObject({ timeOn: true, time: '1740', requestsOn: false, scheduleOn: false });
    expect(recyclingChange(form, form).dirty).toBe(false);
    expect(recyclingChange(form, { ...form, time: '60', requestsOn: true, requests: '5000' }).change).toEqual(
      {
        elements: { 'recycling.periodicRestart': { attributes: { time: '01:00:00', requests: '5000' } } },
      },
    );
  });
  it('writes 0 for an unchecked condition and refuses a checked one without a number', () => {
    const form = recyclingForm(poolSettings('Shop'));
    expect(recyclingChange(form, { ...form, timeOn: false }).change).toEqual({
      elements: { 'recycling.periodicRestart': { attributes: { time: '00:00:00' } } },
    });
    const refused = recyclingChange(form, { ...form, memoryOn: true, memory: '' });
    expect(refused.errors).toEqual({ memory: 'Enter a whole number greater than 0.' });
    expect(refused.change).toEqual({});
  });
});

it('maps the server’s attribute paths to the form’s keys', () => {
  expect(
    fieldErrors([
      { attribute: "[name='Shop'].processModel.idleTimeout", rule: 'VALUE', message: 'm1' },
      { attribute: 'applicationPoolDefaults.queueLength', rule: 'VALUE', message: 'm2' },
      { attribute: 'system.applicationHost/applicationPools', rule: 'DUPLICATE', message: 'm3' },
    ]),
  ).toEqual({ 'processModel.idleTimeout': 'm1', queueLength: 'm2', name: 'm3' });
});
