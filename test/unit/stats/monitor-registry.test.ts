// The MonitorRegistry without an engine (monitors made, never started): one monitor per (folder,
// compose files, project name, engine, collector), leases counted, the last release disposing it, each
// lease's listeners its own, and what the monitor is asked for: the union of the leases' interests,
// error lines while any lease counts them, the thresholds of the lease that gives them.
import * as assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { MonitorRegistry, unionOf } from '../../../src/stats/monitorRegistry';
import type { ComposeStatsMonitor } from '../../../src/stats/monitor';
import { DEFAULT_THRESHOLDS, type MonitorInterest, type MonitorOptions } from '../../../src/stats/types';

const NO_ENGINE = 'unix:///nonexistent/docker.sock';

/** What the registry asks of a monitor from now on. */
function recorded(monitor: ComposeStatsMonitor): { interest: MonitorInterest[]; logs: boolean[]; thresholds: number; criticalFor: number[] } {
  const calls = { interest: [] as MonitorInterest[], logs: [] as boolean[], thresholds: 0, criticalFor: [] as number[] };
  const { setInterest, setCountLogErrors, setThresholds, setCriticalForSeconds } = monitor;
  monitor.setInterest = (interest) => { calls.interest.push(interest); setInterest.call(monitor, interest); };
  monitor.setCountLogErrors = (count) => { calls.logs.push(count); setCountLogErrors.call(monitor, count); };
  monitor.setThresholds = (thresholds) => { calls.thresholds++; setThresholds.call(monitor, thresholds); };
  monitor.setCriticalForSeconds = (seconds) => { calls.criticalFor.push(seconds); setCriticalForSeconds.call(monitor, seconds); };
  return calls;
}

describe('stats monitor registry: the union of what consumers show', () => {
  it('is live while any consumer is, for the services of the live ones', () => {
    assert.deepEqual(unionOf([]), { live: false });
    assert.deepEqual(unionOf([{ live: false }, { live: false, services: ['web'] }]), { live: false });
    // A hidden view (every service) beside a running load test of web: web only.
    assert.deepEqual(unionOf([{ live: false }, { live: true, services: ['web'] }]), { live: true, services: ['web'] });
    assert.deepEqual(unionOf([{ live: true }, { live: true, services: ['web'] }]), { live: true });
    assert.deepEqual(unionOf([{ live: true, services: ['api', 'web'] }, { live: true, services: ['web', 'db'] }]), { live: true, services: ['api', 'web', 'db'] });
    assert.deepEqual(unionOf([{ live: true, services: [] }]), { live: true, services: [] });
  });
});

describe('stats monitor registry: one monitor per project, counted leases', () => {
  let dir: string;
  let registry: MonitorRegistry;
  const options = (extra: Partial<MonitorOptions> = {}): MonitorOptions => ({ folder: dir, dockerHost: NO_ENGINE, ...extra });

  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'stevedore-test-share-')));
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: busybox\n  db:\n    image: busybox\n');
    writeFileSync(join(dir, 'other.yaml'), 'services:\n  web:\n    image: busybox\n');
    registry = new MonitorRegistry();
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same monitor for the same folder, files, project name, engine and collector, however written', () => {
    const view = registry.acquire(options({ files: ['compose.yaml'] }), { live: true });
    const probe = registry.acquire(options({ folder: relative(process.cwd(), dir), files: [join(dir, 'compose.yaml')], statsCollector: 'auto' }), { live: true, services: ['web'] });
    assert.equal(probe.monitor, view.monitor);
    assert.equal(registry.size, 1);
    const others = [
      registry.acquire(options({ files: ['other.yaml'] }), { live: true }),
      registry.acquire(options({ files: ['compose.yaml'], projectName: 'shop' }), { live: true }),
      registry.acquire(options({ files: ['compose.yaml'], statsCollector: 'api' }), { live: true }),
      registry.acquire(options({ files: ['compose.yaml'], dockerHost: 'unix:///nonexistent/other.sock' }), { live: true }),
    ];
    assert.equal(new Set([view.monitor, ...others.map((lease) => lease.monitor)]).size, 5);
    assert.equal(registry.size, 5);
    for (const lease of [view, probe, ...others]) lease.release();
    assert.equal(registry.size, 0);
  });

  it('disposes the monitor at the last release, once; a release takes only its own listeners', () => {
    const view = registry.acquire(options(), { live: true });
    const probe = registry.acquire(options(), { live: true, services: ['web'] });
    const monitor = view.monitor;
    let disposed = 0;
    const dispose = monitor.dispose.bind(monitor);
    monitor.dispose = () => { disposed++; dispose(); };
    view.on('state', () => undefined);
    view.on('warning', () => undefined);
    probe.on('state', () => undefined);
    assert.equal(monitor.listenerCount('state'), 2);
    view.release();
    view.release();
    assert.equal(monitor.listenerCount('state'), 1, "the probe's listener stays");
    assert.equal(monitor.listenerCount('warning'), 0);
    assert.equal(disposed, 0, 'the probe still holds it');
    assert.equal(registry.size, 1);
    probe.release();
    assert.equal(disposed, 1);
    assert.equal(monitor.listenerCount('state'), 0);
    assert.equal(registry.size, 0);
    const again = registry.acquire(options(), { live: true });
    assert.notEqual(again.monitor, monitor, 'a new monitor after the last release');
    again.release();
  });

  it('asks the monitor for the union of the leases, error lines while any lease counts them, and the thresholds of the lease giving them', () => {
    // The load test first (no thresholds, no error lines), then the view joins hidden, is shown, hidden, and goes.
    const probe = registry.acquire(options({ countLogErrors: false }), { live: true, services: ['web'] });
    const calls = recorded(probe.monitor);
    const thresholds = { ...DEFAULT_THRESHOLDS, cpu: { warning: 50, critical: 70 } };
    const view = registry.acquire(options({ thresholds, criticalForSeconds: 120 }), { live: false });
    assert.equal(calls.thresholds, 1, "the view's thresholds win");
    assert.deepEqual(calls.criticalFor, [120], "the view's critical time wins");
    view.setInterest({ live: true });
    view.setInterest({ live: false });
    view.release();
    probe.release();
    assert.deepEqual(calls.interest, [
      { live: true, services: ['web'] }, // the view joins hidden: still the probe's web only
      { live: true }, // the view shown: every service
      { live: true, services: ['web'] }, // hidden again
      { live: true, services: ['web'] }, // the view released
    ]);
    assert.deepEqual(calls.logs, [true, true, true, false], 'error lines counted while the view holds a lease');
  });
});
