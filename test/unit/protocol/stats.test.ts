import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  MAX_HISTORY_POINTS,
  MAX_NAME,
  MAX_SERVICES,
  isActionAllowed,
  parseStatsFromWebview,
  parseStatsToWebview,
  type ViewService,
} from '../../../src/shared/protocol/stats';

const ID = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2';

const service = (overrides: Partial<ViewService> = {}): ViewService => ({
  project: 'shop',
  service: 'web',
  status: 'running',
  containers: [{ containerId: ID, name: 'shop-web-1', state: 'running', numbers: { cpuPercent: 12.5, memoryUsageBytes: 1024, memoryLimitBytes: 4096, memoryPercent: 25, pids: 3, netRxRate: 10 } }],
  total: { cpuPercent: 12.5, memoryUsageBytes: 1024, memoryLimitBytes: 4096, memoryPercent: 25, pids: 3, netRxRate: 10 },
  cpuLevel: 'ok',
  memoryLevel: 'warning',
  errorCount: 2,
  declared: ['memory limit 64MiB'],
  hint: 'limit 64 MiB, peak 1 MiB over 10 s',
  ...overrides,
});

describe('stats view protocol: messages from the webview', () => {
  it('accepts a service action and drops fields it does not know', () => {
    assert.deepEqual(parseStatsFromWebview({ type: 'stats/action', action: 'restart', project: 'shop', service: 'web', shell: 'rm -rf /' }), {
      type: 'stats/action', action: 'restart', project: 'shop', service: 'web',
    });
    assert.deepEqual(parseStatsFromWebview({ type: 'stats/action', action: 'logs', project: 'shop', service: 'web', containerId: ID }), {
      type: 'stats/action', action: 'logs', project: 'shop', service: 'web', containerId: ID,
    });
  });

  it('drops actions it does not know, wrong types, oversized names and container ids that are not hex ids', () => {
    const base = { type: 'stats/action', action: 'stop', project: 'shop', service: 'web' };
    for (const bad of [
      { ...base, action: 'exec' },
      { ...base, action: ['stop'] },
      { ...base, project: 42 },
      { ...base, service: '' },
      { ...base, service: 'x'.repeat(MAX_NAME + 1) },
      { ...base, containerId: '../../etc/passwd' },
      { ...base, containerId: 'ABCDEF123456' },
      { ...base, containerId: 123456789012 },
    ]) {
      assert.equal(parseStatsFromWebview(bad), undefined, JSON.stringify(bad).slice(0, 80));
    }
  });

  it('drops values that are not messages at all', () => {
    for (const bad of [null, undefined, 'stats/retry', 42, [], [{ type: 'stats/retry' }], { type: 7 }, { type: 'stats/unknown' }]) {
      assert.equal(parseStatsFromWebview(bad), undefined);
    }
  });

  it('accepts the rendered snapshot and drops one that is malformed or oversized', () => {
    const item = { project: 'shop', service: 'web', status: 'running', numbersShown: true, errors: 2, text: 'web running 1.00%' };
    assert.deepEqual(parseStatsFromWebview({ type: 'stats/snapshot', id: 1, banner: '', services: [item] }), {
      type: 'stats/snapshot', id: 1, banner: '', services: [item],
    });
    assert.equal(parseStatsFromWebview({ type: 'stats/snapshot', id: 1, banner: '', services: [{ ...item, numbersShown: 'yes' }] }), undefined);
    assert.equal(parseStatsFromWebview({ type: 'stats/snapshot', id: 1, banner: '', services: 'web' }), undefined);
    assert.equal(parseStatsFromWebview({ type: 'stats/snapshot', id: 1, banner: 'x'.repeat(100_000), services: [] }), undefined);
    assert.equal(parseStatsFromWebview({ type: 'stats/snapshot', id: 1, banner: '', services: Array(MAX_SERVICES + 1).fill(item) }), undefined);
  });

  it('never throws and only returns known message types, whatever arrives', () => {
    fc.assert(fc.property(fc.anything(), (value) => {
      const parsed = parseStatsFromWebview(value);
      return parsed === undefined || ['ready', 'pong', 'stats/action', 'stats/pickComposeFile', 'stats/retry', 'stats/snapshot'].includes(parsed.type);
    }), { numRuns: 2000 });
  });

  it('keeps what it accepts: a parsed message parses to itself', () => {
    const action = fc.record({
      type: fc.constant('stats/action'),
      action: fc.constantFrom('start', 'stop', 'restart', 'logs', 'inspect', 'exec'),
      project: fc.string({ maxLength: 300 }),
      service: fc.string({ maxLength: 300 }),
    });
    fc.assert(fc.property(action, (value) => {
      const parsed = parseStatsFromWebview(value);
      if (parsed) assert.deepEqual(parseStatsFromWebview(parsed), parsed);
      return parsed === undefined || (value.action !== 'exec' && value.project.length > 0 && value.project.length <= MAX_NAME);
    }), { numRuns: 1000 });
  });
});

describe('stats view protocol: Restricted mode', () => {
  it('allows only logs and inspect in an untrusted workspace, everything in a trusted one', () => {
    assert.deepEqual((['start', 'stop', 'restart', 'logs', 'inspect'] as const).filter((a) => isActionAllowed(a, false)), ['logs', 'inspect']);
    assert.deepEqual((['start', 'stop', 'restart', 'logs', 'inspect'] as const).filter((a) => isActionAllowed(a, true)), ['start', 'stop', 'restart', 'logs', 'inspect']);
  });
});

describe('stats view protocol: messages to the webview', () => {
  it('accepts a projects update and keeps names exactly as they are (rendering them as text is the page\'s job)', () => {
    const hostile = service({ service: '<img src=x onerror=alert(1)>' });
    const parsed = parseStatsToWebview({ type: 'stats/projects', at: 1, projects: [{ project: 'shop', folder: 'app', services: [hostile] }] });
    assert.deepEqual(parsed, { type: 'stats/projects', at: 1, projects: [{ project: 'shop', folder: 'app', services: [hostile] }] });
  });

  it('drops a projects update with numbers that are not finite and non-negative, or an unknown status or level', () => {
    const bad = [
      service({ total: { ...service().total!, cpuPercent: Number.NaN } }),
      service({ total: { ...service().total!, memoryUsageBytes: -1 } }),
      service({ total: { ...service().total!, netTxRate: Number.POSITIVE_INFINITY } }),
      service({ status: 'exploded' as ViewService['status'] }),
      service({ cpuLevel: 'red' as ViewService['cpuLevel'] }),
      service({ errorCount: 1.5 }),
      service({ containers: [{ containerId: 'nope', name: 'x', state: 'running' }] }),
      service({ declared: [42 as unknown as string] }),
    ];
    for (const item of bad) {
      assert.equal(parseStatsToWebview({ type: 'stats/projects', at: 1, projects: [{ project: 'shop', folder: '', services: [item] }] }), undefined);
    }
  });

  it('drops a projects update without its timestamp', () => {
    assert.equal(parseStatsToWebview({ type: 'stats/projects', projects: [] }), undefined);
    assert.equal(parseStatsToWebview({ type: 'stats/projects', at: 'now', projects: [] }), undefined);
  });

  it('drops oversized updates and histories', () => {
    const many = Array.from({ length: MAX_SERVICES + 1 }, (_, i) => service({ service: `s${i}` }));
    assert.equal(parseStatsToWebview({ type: 'stats/projects', at: 1, projects: [{ project: 'shop', folder: '', services: many }] }), undefined);
    const points = Array.from({ length: MAX_HISTORY_POINTS + 1 }, (_, i) => [i, 1, 1]);
    assert.equal(parseStatsToWebview({ type: 'stats/history', series: { 'shop/web': points } }), undefined);
    assert.deepEqual(parseStatsToWebview({ type: 'stats/history', series: { 'shop/web': [[1, 2, 3]] } }), { type: 'stats/history', series: { 'shop/web': [[1, 2, 3]] } });
    assert.equal(parseStatsToWebview({ type: 'stats/history', series: { 'shop/web': [[1, 2]] } }), undefined);
  });

  it('accepts configuration and connection states, and drops unknown ones', () => {
    const thresholds = { cpu: { warning: 70, critical: 85 }, memory: { warning: 80, critical: 90 } };
    assert.deepEqual(parseStatsToWebview({ type: 'stats/config', trusted: false, thresholds, historySeconds: 600 }), {
      type: 'stats/config', trusted: false, thresholds, historySeconds: 600,
    });
    assert.equal(parseStatsToWebview({ type: 'stats/config', trusted: 'no', thresholds, historySeconds: 600 }), undefined);
    assert.equal(parseStatsToWebview({ type: 'stats/config', trusted: true, thresholds: { cpu: thresholds.cpu }, historySeconds: 600 }), undefined);
    assert.deepEqual(parseStatsToWebview({ type: 'stats/connection', status: 'engine-down', message: 'Docker engine not reachable' }), {
      type: 'stats/connection', status: 'engine-down', message: 'Docker engine not reachable',
    });
    assert.equal(parseStatsToWebview({ type: 'stats/connection', status: 'on-fire', message: '' }), undefined);
    assert.equal(parseStatsToWebview({ type: 'stats/eval', code: 'alert(1)' }), undefined);
  });

  it('never throws on arbitrary values', () => {
    fc.assert(fc.property(fc.anything(), (value) => {
      parseStatsToWebview(value);
      parseStatsToWebview({ type: 'stats/projects', at: 1, projects: value });
      parseStatsToWebview({ type: 'stats/history', series: value });
      return true;
    }), { numRuns: 2000 });
  });
});
