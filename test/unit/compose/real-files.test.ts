// Real compose files (docker/awesome-compose, CC0: test/fixtures/compose/real/awesome-compose/README.md)
// lint without an exception, with no structure error (they are valid Compose files), a sane number of
// findings, the findings a reviewer would make, and fixes that keep them valid and stop.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintCompose, parseComposeText, resolveComposeProject } from '../../../src/compose';
import { fixUntilStable } from '../../../src/dockerfile';

const folder = join(__dirname, '..', '..', 'fixtures', 'compose', 'real', 'awesome-compose');
const samples = readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

/** What a reviewer says of each sample, checked by reading the files (a subset of each file's findings). */
const EXPECTED: Record<string, string[]> = {
  'elasticsearch-logstash-kibana': ['SDC2004', 'SDC3002'], // depends_on a service with a health check; 9200 on all interfaces
  'nextcloud-redis-mariadb': ['SDC3003'], // MYSQL_PASSWORD written in the file
  'nginx-wsgi-flask': ['SDC2004'], // nginx depends on flask-app, which has a health check
  'pihole-cloudflared-DoH': ['SDC1005', 'SDC2001'], // version: '3.7'; pihole/pihole:latest
  plex: ['SDC3006'], // network_mode: host
  portainer: ['SDC3004'], // /var/run/docker.sock mounted
  'prometheus-grafana': ['SDC3003'], // GF_SECURITY_ADMIN_PASSWORD
  'react-express-mysql': ['SDC3003', 'SDC2005'],
  'traefik-golang': ['SDC3004'],
  'wordpress-mysql': ['SDC3003'],
};

const STRUCTURE = ['SDC1000', 'SDC1001', 'SDC1002', 'SDC1003', 'SDC1004'];

describe('real compose files (docker/awesome-compose)', () => {
  it('has the samples the expectations name', () => {
    assert.deepEqual(samples, Object.keys(EXPECTED).sort());
  });

  for (const sample of samples) {
    it(`${sample}: no exception, no structure error, a sane number of findings, the expected ones`, () => {
      const text = readFileSync(join(folder, sample, 'compose.yaml'), 'utf8');
      const result = lintCompose(text);
      assert.equal(result.ruleErrors, undefined);
      const codes = result.findings.map((finding) => finding.code);
      assert.deepEqual(codes.filter((code) => STRUCTURE.includes(code)), [], `valid Compose: ${result.findings.filter((f) => STRUCTURE.includes(f.code)).map((f) => f.message).join(' | ')}`);
      const services = Object.keys((parseComposeText(text).value as { services: object }).services);
      assert.ok(codes.length >= services.length, `${codes.length} findings for ${services.length} services: at least the missing limits`);
      assert.ok(codes.length <= 6 * services.length + 2, `${codes.length} findings for ${services.length} services is not sane`);
      for (const code of EXPECTED[sample]) assert.ok(codes.includes(code), `${code} in ${codes.join(' ')}`);
      const lines = text.split('\n').length;
      for (const finding of result.findings) {
        assert.ok(finding.range.start.line < lines && finding.range.end.line < lines, `${finding.code} inside the file`);
        assert.ok(finding.message.length > 20);
      }
    });

    it(`${sample}: the fixes keep it valid, resolvable and the same services, and stop`, () => {
      const text = readFileSync(join(folder, sample, 'compose.yaml'), 'utf8');
      const run = fixUntilStable(text, (content) => lintCompose(content).findings);
      const fixed = parseComposeText(run.text);
      assert.deepEqual(fixed.diagnostics, []);
      const before = parseComposeText(text).value as { services: Record<string, { image?: string }> };
      const after = fixed.value as { services: Record<string, { image?: string }> };
      assert.deepEqual(Object.keys(after.services), Object.keys(before.services));
      for (const name of Object.keys(before.services)) assert.equal(after.services[name].image, before.services[name].image);
      const again = lintCompose(run.text).findings;
      assert.deepEqual(again.filter((finding) => finding.fix).map((finding) => finding.code), [], 'nothing fixable left');
      assert.deepEqual(again.filter((finding) => STRUCTURE.includes(finding.code)), []);
      assert.equal(fixUntilStable(run.text, (content) => lintCompose(content).findings).text, run.text, 'a second --fix changes nothing');
      const overlay = new Map([['/real/compose.yaml', run.text]]);
      const model = resolveComposeProject({ files: ['/real/compose.yaml'], workingDir: '/real', env: {}, overlays: overlay });
      assert.deepEqual(model.diagnostics.filter((d) => d.severity === 'error'), []);
    });
  }
});
