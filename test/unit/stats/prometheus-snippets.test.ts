// The Prometheus snippets and the monitoring stack that ship with the extension: each snippet, with
// its placeholders at their defaults, is valid YAML of the right shape, and the alert rules snippet
// says exactly what `stevedore export prometheus-rules` writes for the default thresholds.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { prometheusRuleGroups } from '../../../src/stats/prometheusRules';
import { DEFAULT_THRESHOLDS } from '../../../src/stats/types';
import { expandSnippet } from '../../support/snippet';

const root = join(__dirname, '../../..');
type Snippet = { prefix: string[]; description: string; body: string[] };
const snippets = JSON.parse(readFileSync(join(root, 'snippets/prometheus.json'), 'utf8')) as Record<string, Snippet>;

const expand = expandSnippet;

const byPrefix = (prefix: string) => Object.values(snippets).find((s) => s.prefix.includes(prefix))!;

describe('Prometheus snippets', () => {
  it('package.json contributes them to YAML files', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { snippets: { language: string; path: string }[] } };
    assert.ok(manifest.contributes.snippets.some((s) => s.language === 'yaml' && s.path === './snippets/prometheus.json'));
  });

  it('every snippet expands to YAML: scrape jobs, rules, ServiceMonitor, PodMonitor, compose services', () => {
    for (const [name, snippet] of Object.entries(snippets)) {
      assert.ok(snippet.prefix.length && snippet.description, name);
      assert.doesNotThrow(() => parse(expand(snippet.body)), name);
    }
    const jobs = parse(expand(byPrefix('prometheus-scrape-stevedore').body)) as { job_name: string; static_configs: { targets: string[] }[] }[];
    assert.deepEqual(jobs[0].static_configs[0].targets, ['127.0.0.1:9338']);
    assert.equal((parse(expand(byPrefix('servicemonitor').body)) as { kind: string }).kind, 'ServiceMonitor');
    assert.equal((parse(expand(byPrefix('podmonitor').body)) as { kind: string }).kind, 'PodMonitor');
    const services = parse(expand(byPrefix('compose-monitoring').body)) as Record<string, { ports?: string[] }>;
    assert.deepEqual(Object.keys(services), ['prometheus', 'node-exporter', 'cadvisor']);
    for (const service of Object.values(services)) for (const port of service.ports ?? []) assert.match(port, /^127\.0\.0\.1:/);
  });

  it('the alert rules snippet is what export prometheus-rules writes for the default thresholds', () => {
    const written = prometheusRuleGroups({ thresholds: DEFAULT_THRESHOLDS, projects: ['myproject'], forDuration: '1m', rateWindow: '1m' });
    const snippet = parse(expand(byPrefix('prometheus-rules-compose').body)) as { groups: { name: string; rules: { alert: string; expr: string; for: string; labels: Record<string, string> }[] }[] };
    assert.equal(snippet.groups[0].name, written[0].name);
    assert.deepEqual(
      snippet.groups[0].rules.map((r) => [r.alert, r.expr, r.for, r.labels.severity]),
      written[0].rules.map((r) => [r.alert, r.expr, r.for, r.labels.severity]),
    );
  });

  it('the monitoring stack publishes on loopback only and loads the rules it ships', () => {
    const compose = parse(readFileSync(join(root, 'snippets/monitoring/compose.yaml'), 'utf8')) as { services: Record<string, { ports?: string[] }> };
    for (const [name, service] of Object.entries(compose.services)) {
      for (const port of service.ports ?? []) assert.match(port, /^127\.0\.0\.1:/, name);
    }
    const config = parse(readFileSync(join(root, 'snippets/monitoring/prometheus.yml'), 'utf8')) as { rule_files: string[] };
    assert.deepEqual(config.rule_files, ['rules.yml']);
  });
});
