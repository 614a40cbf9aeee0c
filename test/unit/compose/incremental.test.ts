// The incremental parse (src/compose/chunked.ts) gives the rules what a full parse gives: over every
// compose file of the fixtures and the demo, the bench's 200-service file and hand-written ones, and
// random edits of them (characters and lines inserted and deleted, indentation changed, services,
// comments, anchors, aliases, document markers, tabs), the findings of an incremental lint after each
// edit (pieces kept from the texts before) are byte-identical to a lint of the text parsed in full, and
// where the text was cut in pieces, the assembled tree has the same nodes, values and ranges.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { lintCompose } from '../../../src/compose/lint';
import { clearChunkCache, lastChunkCounts, parseChunked } from '../../../src/compose/chunked';
import { composeFile } from '../../support/composeBenchFile';

const root = join(__dirname, '..', '..', '..');

function composeFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...composeFiles(path));
    else if (/^(docker-)?compose[\w.-]*\.ya?ml$/.test(name)) found.push(readFileSync(path, 'utf8'));
  }
  return found;
}

const HAND = [
  'x-common: &common\n  restart: always\nservices:\n  web:\n    <<: *common\n    image: nginx\n  db:\n    image: postgres\n',
  '# top\nversion: "3.8"\n\nservices:\n    api:\n      image: node:latest\n      command: |\n        npm start\n\n      ports: ["8080:80"]\n    # between\n    worker:\n      image: w\n# end of services\nvolumes:\n  data: {}\n# tail\n',
  'services: {a: {image: x}}\n',
  'services:\n  a:\n    image: x\n  a:\n    image: y\n',
  '%YAML 1.2\n---\nservices:\n  a:\n    image: x\n',
  'services:\n- a\n',
  'services:\n  a:\n    environment:\n      - PASSWORD=x\n    deploy:\n      resources:\n        limits: {memory: 64M}\n',
];

const SEEDS = [...composeFiles(join(root, 'test', 'fixtures')), ...composeFiles(join(root, 'demo')), ...HAND];

function dump(node: unknown): string {
  if (isMap(node)) return `M${JSON.stringify(node.range)}${node.flow ? 'f' : ''}{${node.items.map((p) => `${dump(p.key)}:${dump(p.value)}`).join(',')}}`;
  if (isSeq(node)) return `S${JSON.stringify(node.range)}${node.flow ? 'f' : ''}[${node.items.map(dump).join(',')}]`;
  if (isScalar(node)) return `${JSON.stringify(node.value)}${node.type}${node.tag ?? ''}${JSON.stringify(node.range)}`;
  return String(node);
}

const PIECES = [' ', '  ', '\n', '\n\n', '#', '# note\n', 'x', ': ', '- ', '&a ', '*a', '<<: *a\n', '---\n', '...\n', '\t', '\r\n', '|\n', '{', '}', '[', '"', "'", '%', '?', ':',
  '  extra:\n    image: busybox\n', '  web9:\n    image: web:latest\n    privileged: true\n', '    ports: ["5432:5432"]\n', '    restart: always\n', 'networks:\n  n: {}\n',
  '# stevedore ignore=SDC2001\n', 'services:\n', '  ', '    ', '      '];

type Edit = { kind: 'insert'; at: number; piece: number; lineStart: boolean } | { kind: 'delete'; at: number; length: number } | { kind: 'line'; at: number; op: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.nat(PIECES.length - 1), lineStart: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('line' as const), at: fc.nat(), op: fc.nat(3) }),
);

function apply(text: string, e: Edit): string {
  const lines = text.split('\n');
  if (e.kind === 'line') {
    const i = e.at % lines.length;
    if (e.op === 0) lines.splice(i, 1); // delete a line
    else if (e.op === 1) lines.splice(i, 0, lines[i]); // duplicate it
    else if (e.op === 2) lines[i] = `  ${lines[i]}`; // indent
    else lines[i] = lines[i].replace(/^ {1,2}/, ''); // dedent
    return lines.join('\n');
  }
  let at = e.at % (text.length + 1);
  if (e.kind === 'delete') return text.slice(0, at) + text.slice(at + e.length);
  if (e.lineStart) at = text.lastIndexOf('\n', at - 1) + 1;
  return text.slice(0, at) + PIECES[e.piece] + text.slice(at);
}

function same(text: string): void {
  const incremental = JSON.stringify(lintCompose(text));
  const full = JSON.stringify(lintCompose(text, { incremental: false }));
  assert.equal(incremental, full, `findings differ for:\n${text.slice(0, 2000)}`);
  const chunked = parseChunked(text);
  if (chunked) assert.equal(dump(chunked.contents), dump(parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: false }).contents), `trees differ for:\n${text.slice(0, 2000)}`);
}

describe('compose incremental parse', function () {
  this.timeout(600_000);
  beforeEach(() => clearChunkCache());

  it('cuts the plain files it is meant for (the bench file, the demo)', () => {
    const bench = composeFile(200);
    assert.ok(parseChunked(bench));
    assert.deepEqual(lastChunkCounts(), { used: 203, parsed: 203 }, 'x-common, 200 services, volumes, secrets');
    assert.ok(parseChunked(bench.replace('image: redis:7.2-alpine', 'image: redis:7.2.4-alpine')));
    assert.deepEqual(lastChunkCounts(), { used: 203, parsed: 1 }, 'one service parsed again');
    assert.ok(parseChunked(HAND[1]));
    assert.equal(parseChunked(HAND[0]), undefined, 'aliases: full parse');
    assert.equal(parseChunked(HAND[4]), undefined, 'directives: full parse');
  });

  it('equals the full parse on every seed as written', () => {
    for (const seed of [...SEEDS, composeFile(200)]) same(seed);
  });

  it('equals the full parse after random edits of the seeds', () => {
    fc.assert(fc.property(fc.nat(SEEDS.length - 1), fc.array(edit, { minLength: 1, maxLength: 8 }), (seed, edits) => {
      let text = SEEDS[seed];
      same(text);
      for (const e of edits) {
        text = apply(text, e);
        same(text);
      }
    }), { numRuns: 400 });
  });

  it('equals the full parse after random edits of the 200-service file', () => {
    const base = composeFile(200);
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
      let text = base;
      for (const e of edits) {
        text = apply(text, e);
        same(text);
      }
    }), { numRuns: 30 });
  });
});
