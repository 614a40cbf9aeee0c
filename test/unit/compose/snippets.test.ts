// The compose snippets (snippets/compose.json) write what the compose rules ask for: expanded with
// their default placeholders, as a service in a file, they lint with no finding and no YAML error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintCompose } from '../../../src/compose';
import { expandSnippet } from '../../support/snippet';

interface Snippet { prefix: string[]; body: string[] }
const snippets = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'snippets', 'compose.json'), 'utf8')) as Record<string, Snippet>;

const expand = expandSnippet;

const indent = (text: string, spaces: number): string => text.split('\n').map((line) => ' '.repeat(spaces) + line).join('\n');

describe('compose snippets', () => {
  it('the full service lints clean as a service of its own', () => {
    const service = snippets['Compose service: limits, health check, log rotation'];
    const text = `services:\n${indent(expand(service.body), 2)}\n`;
    assert.deepEqual(lintCompose(text).findings.map((f) => `${f.code} ${f.message}`), []);
  });

  it('the limits, health check and logging blocks together make a service with no finding', () => {
    const block = (name: string): string => indent(expand(snippets[name].body), 4);
    const text = [
      'services:', '  app:', '    image: nginx:1.27-alpine', '    restart: unless-stopped',
      block('Compose: deploy.resources limits and reservations'),
      block('Compose: health check'),
      block('Compose: log rotation'),
    ].join('\n') + '\n';
    assert.deepEqual(lintCompose(text).findings.map((f) => `${f.code} ${f.message}`), []);
  });

  it('every snippet has a prefix, a description and a body', () => {
    for (const [name, snippet] of Object.entries(snippets)) {
      assert.ok(snippet.prefix.length > 0 && snippet.body.length > 0, name);
    }
  });
});
