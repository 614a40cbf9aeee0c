// The Container stats view's Prometheus messages: the range and namespace pickers, the hosts header,
// replicas with their host, and source errors; both directions validated, anything else dropped.
import * as assert from 'node:assert/strict';
import { parseStatsFromWebview, parseStatsToWebview } from '../../../src/shared/protocol/stats';

describe('stats view protocol: Prometheus source', () => {
  it('accepts each range of the picker and nothing else', () => {
    for (const range of ['15m', '1h', '6h', '24h']) {
      assert.deepEqual(parseStatsFromWebview({ type: 'stats/setRange', range }), { type: 'stats/setRange', range });
    }
    for (const range of ['2h', '', 15, null, '1h; rm -rf /']) assert.equal(parseStatsFromWebview({ type: 'stats/setRange', range }), undefined);
  });

  it('accepts a namespace only when it is a Kubernetes name', () => {
    assert.deepEqual(parseStatsFromWebview({ type: 'stats/setNamespace', namespace: 'shop-prod' }), { type: 'stats/setNamespace', namespace: 'shop-prod' });
    for (const namespace of ['Shop', '-a', 'a'.repeat(64), 'a"}', '', 7]) {
      assert.equal(parseStatsFromWebview({ type: 'stats/setNamespace', namespace }), undefined, String(namespace));
    }
  });

  it('accepts the two fixes the banner offers', () => {
    assert.deepEqual(parseStatsFromWebview({ type: 'stats/fix', fix: 'setSecret' }), { type: 'stats/fix', fix: 'setSecret' });
    assert.equal(parseStatsFromWebview({ type: 'stats/fix', fix: 'runCommand' }), undefined);
  });

  it('keeps the snapshot\'s range, header, hosts and chart summary, and drops malformed ones', () => {
    const base = { type: 'stats/snapshot', id: 1, banner: '', services: [] };
    const service = { project: 'shop', service: 'web', status: 'running', numbersShown: true, errors: 0, text: 'web' };
    const full = { ...base, range: '24h', header: 'Prometheus', services: [{ ...service, hosts: ['a', 'b'], chart: { points: 3, first: 1, last: 2 } }] };
    assert.deepEqual(parseStatsFromWebview(full), full);
    assert.equal(parseStatsFromWebview({ ...base, range: 'week' }), undefined);
    assert.equal(parseStatsFromWebview({ ...base, services: [{ ...service, hosts: [''] }] }), undefined);
    assert.equal(parseStatsFromWebview({ ...base, services: [{ ...service, chart: { points: -1, first: 1, last: 2 } }] }), undefined);
  });

  it('accepts the source, hosts and a replica\'s host, and drops malformed ones', () => {
    const source = { type: 'stats/source', view: { source: 'prometheus', url: 'http://127.0.0.1:9090', range: '1h', kubernetes: true, namespace: 'default', namespaces: ['default', 'shop'] } };
    assert.deepEqual(parseStatsToWebview(source), source);
    assert.deepEqual(parseStatsToWebview({ type: 'stats/source', view: { source: 'engine' } }), { type: 'stats/source', view: { source: 'engine' } });
    assert.equal(parseStatsToWebview({ type: 'stats/source', view: { ...source.view, namespaces: ['Bad Name'] } }), undefined);
    const hosts = { type: 'stats/hosts', hosts: [{ host: 'a:9338', cpuCount: 8, memoryBytes: 1e9, cpuUsePercent: 12.5, memoryAvailableBytes: 5e8, replicas: 2, engineReachable: true }] };
    assert.deepEqual(parseStatsToWebview(hosts), hosts);
    assert.equal(parseStatsToWebview({ type: 'stats/hosts', hosts: [{ host: 'a', replicas: 1, engineReachable: 'yes' }] }), undefined);
    assert.equal(parseStatsToWebview({ type: 'stats/hosts', hosts: [{ host: 'a', replicas: 1, engineReachable: true, cpuCount: -1 }] }), undefined);
    const container = { containerId: 'a'.repeat(12), name: 'shop-web-1', state: 'running', host: 'b:9338', engineReachable: false };
    const service = { project: 'shop', service: 'web', status: 'running', containers: [container], cpuLevel: 'ok', memoryLevel: 'ok', errorCount: 0, declared: [], kind: 'Deployment', engineNote: 'b is not reachable' };
    const projects = { type: 'stats/projects', at: 1, projects: [{ project: 'shop', folder: 'shop', services: [service] }] };
    assert.deepEqual(parseStatsToWebview(projects), projects);
    assert.equal(parseStatsToWebview({ ...projects, projects: [{ project: 'shop', folder: 'shop', services: [{ ...service, containers: [{ ...container, engineReachable: 1 }] }] }] }), undefined);
  });

  it('accepts a source error with its fix, and a history for a range with its step', () => {
    const down = { type: 'stats/connection', status: 'source-down', message: 'Prometheus at http://127.0.0.1:1 does not answer.', fix: 'openSettings' };
    assert.deepEqual(parseStatsToWebview(down), down);
    assert.equal(parseStatsToWebview({ ...down, fix: 'format-disk' }), undefined);
    const history = { type: 'stats/history', series: { 'shop/web': [[1, 2, 3]] }, range: '6h', stepSeconds: 60 };
    assert.deepEqual(parseStatsToWebview(history), history);
    assert.equal(parseStatsToWebview({ ...history, range: '7d' }), undefined);
  });
});
