// The load test panel's protocol: the form's rules (the page and the extension run the same ones),
// and messages of any other shape dropped in both directions.
import * as assert from 'node:assert/strict';
import {
  type LoadFormValues,
  describeSettings,
  parseLoadFromWebview,
  parseLoadToWebview,
  validateLoadForm,
} from '../../../src/shared/protocol/load';

const LIMITS = { maxRequests: 100_000, maxDurationSeconds: 300, maxConcurrency: 256, maxRate: 10_000 };
const VALID: LoadFormValues = { mode: 'requests', requests: 1000, durationSeconds: 10, concurrency: 10, rate: null, path: '/' };
const fields = (values: Partial<LoadFormValues>): string[] => validateLoadForm({ ...VALID, ...values }, LIMITS).map((e) => e.field);

describe('load protocol', () => {
  it('accepts sensible settings and words them', () => {
    assert.deepEqual(validateLoadForm(VALID, LIMITS), []);
    assert.equal(describeSettings(VALID), '1,000 requests, 10 connections, GET /');
    assert.equal(describeSettings({ ...VALID, mode: 'duration', durationSeconds: 30, concurrency: 1, rate: 50, path: '/health' }), '30 s, 1 connection, 50 req/s, GET /health');
  });

  it('refuses counts beyond the caps, fractions, zero, and paths that are not paths', () => {
    assert.deepEqual(fields({ requests: 100_001 }), ['requests']);
    assert.deepEqual(fields({ requests: 1.5 }), ['requests']);
    assert.deepEqual(fields({ mode: 'duration', durationSeconds: 301, requests: 0 }), ['durationSeconds'], 'only the chosen bound is checked');
    assert.deepEqual(fields({ concurrency: 0 }), ['concurrency']);
    assert.deepEqual(fields({ concurrency: 257 }), ['concurrency']);
    assert.deepEqual(fields({ rate: 0 }), ['rate']);
    assert.deepEqual(fields({ rate: 10_001 }), ['rate']);
    assert.deepEqual(fields({ rate: 0.5 }), [], 'a rate below one a second is a rate');
    for (const path of ['', 'health', '/a b', '/a\nHost: evil', `/${'x'.repeat(2048)}`]) assert.deepEqual(fields({ path }), ['path'], path);
  });

  it('drops webview messages of any other shape', () => {
    assert.deepEqual(parseLoadFromWebview({ type: 'load/submit', url: 'http://127.0.0.1:8080/', values: VALID, extra: 1 }), { type: 'load/submit', url: 'http://127.0.0.1:8080/', values: VALID });
    assert.equal(parseLoadFromWebview({ type: 'load/submit', url: 'file:///etc/passwd', values: VALID }), undefined);
    assert.equal(parseLoadFromWebview({ type: 'load/submit', url: 'http://127.0.0.1/', values: { ...VALID, mode: 'forever' } }), undefined);
    assert.equal(parseLoadFromWebview({ type: 'load/submit', url: 'http://127.0.0.1/', values: { ...VALID, concurrency: '10' } }), undefined);
    assert.deepEqual(parseLoadFromWebview({ type: 'load/cancel', now: true }), { type: 'load/cancel' });
    assert.equal(parseLoadFromWebview({ type: 'load/snapshot', id: 1, phase: 'exploded', card: '', ticks: 0 }), undefined);
    assert.equal(parseLoadFromWebview({ type: 'load/run', command: 'rm -rf /' }), undefined);
    assert.equal(parseLoadFromWebview('load/cancel'), undefined);
  });

  it('drops extension messages the page cannot draw', () => {
    const tick = { at: 1, requestsDone: 10, requestsPerSecond: 10, latencyMs: null, errors: 0, cpuPercent: null, memoryBytes: null };
    assert.deepEqual(parseLoadToWebview({ type: 'load/tick', tick }), { type: 'load/tick', tick });
    assert.equal(parseLoadToWebview({ type: 'load/tick', tick: { ...tick, requestsPerSecond: Number.NaN } }), undefined);
    assert.equal(parseLoadToWebview({ type: 'load/tick', tick: { ...tick, latencyMs: { p50: 1 } } }), undefined);
    assert.equal(parseLoadToWebview({ type: 'load/form', project: 'p', service: 's', targets: [], values: VALID, limits: LIMITS, trusted: true }), undefined, 'a form needs a target');
    assert.equal(parseLoadToWebview({ type: 'load/error', message: 'x'.repeat(5000) }), undefined);
  });
});
