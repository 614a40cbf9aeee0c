import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FileNode } from '../../../src/image/types';
import { encodeFileTree } from '../../../src/image';
import { parseAnalyzeFromWebview, parseAnalyzeToWebview, parseRestoreTarget, parseWireFileTree, type WireFileTree } from '../../../src/shared/protocol/analyze';

const file = (path: string, sizeBytes = 1, change: FileNode['change'] = 'added'): FileNode => ({ path, kind: 'file', sizeBytes, change });
const dir = (path: string, change: FileNode['change'] = 'unchanged'): FileNode => ({ path, kind: 'dir', sizeBytes: 0, change });

/** The full path of every node, rebuilt from names and parent indices. */
function paths(tree: WireFileTree): string[] {
  const result: string[] = [];
  tree.names.forEach((name, i) => result.push(tree.parents[i] < 0 ? name : `${result[tree.parents[i]]}/${name}`));
  return result;
}

describe('analyze protocol: file trees on the wire', () => {
  it('puts every directory right before its contents and fills in missing parents', () => {
    const tree = encodeFileTree([file('usr/bin/env'), file('a-c'), dir('a'), file('a/b'), file('etc/passwd', 2, 'modified')]);
    assert.deepEqual(paths(tree), ['a', 'a/b', 'a-c', 'etc', 'etc/passwd', 'usr', 'usr/bin', 'usr/bin/env']);
    assert.equal(tree.kinds, 'dffdfddf');
    assert.equal(tree.changes, 'uaaumuua');
    tree.parents.forEach((parent, i) => assert.ok(parent < i, `parent of ${i} comes first`));
  });

  it('keeps hostile names as plain strings, link targets and flags beside them', () => {
    const nodes: FileNode[] = [
      file('app/<img src=x onerror=alert(1)>'),
      { path: 'app/link', kind: 'symlink', sizeBytes: 0, change: 'added', linkTarget: '../../etc/shadow' },
      { path: 'app/evil', kind: 'file', sizeBytes: 3, change: 'added', flagged: 'path escapes the root (../)' },
    ];
    const tree = encodeFileTree(nodes);
    assert.ok(tree.names.includes('<img src=x onerror=alert(1)>'));
    assert.deepEqual(tree.links, [[tree.names.indexOf('link'), '../../etc/shadow']]);
    assert.deepEqual(tree.flagged, [[tree.names.indexOf('evil'), 'path escapes the root (../)']]);
    assert.deepEqual(parseWireFileTree(JSON.parse(JSON.stringify(tree))), tree);
  });

  it('round-trips any list of paths through JSON and validation', () => {
    const segment = fc.stringMatching(/^[a-z0-9._<>'" -]{1,6}$/).filter((s) => s !== '.' && s !== '..');
    fc.assert(
      fc.property(fc.array(fc.array(segment, { minLength: 1, maxLength: 5 }), { maxLength: 60 }), (lists) => {
        const input = [...new Set(lists.map((parts) => parts.join('/')))];
        // A path that is also a parent of another must be a directory for the tree to make sense.
        const nodes = input.map((path) => (input.some((other) => other.startsWith(`${path}/`)) ? dir(path) : file(path)));
        const tree = parseWireFileTree(JSON.parse(JSON.stringify(encodeFileTree(nodes))));
        assert.ok(tree);
        const expected = new Set(input.flatMap((path) => path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
        assert.deepEqual(new Set(paths(tree)), expected);
        assert.equal(paths(tree).length, expected.size);
      }),
    );
  });

  it('rejects trees whose columns disagree or whose parents do not come first (no cycles)', () => {
    const good = encodeFileTree([file('a/b')]);
    assert.ok(parseWireFileTree(good));
    assert.equal(parseWireFileTree({ ...good, parents: [1, 0] }), undefined);
    assert.equal(parseWireFileTree({ ...good, parents: [-1, 1] }), undefined);
    assert.equal(parseWireFileTree({ ...good, names: ['a'] }), undefined);
    assert.equal(parseWireFileTree({ ...good, kinds: 'dx' }), undefined);
    assert.equal(parseWireFileTree({ ...good, changes: 'ua ' }), undefined);
    assert.equal(parseWireFileTree({ ...good, sizes: [0, -1] }), undefined);
    assert.equal(parseWireFileTree({ ...good, names: ['a', { toString: () => 'b' }] }), undefined);
    assert.equal(parseWireFileTree({ ...good, links: [[5, 'x']] }), undefined);
  });
});

describe('analyze protocol: messages from the page', () => {
  it('accepts tree requests, source links and export, dropping extra fields', () => {
    assert.deepEqual(parseAnalyzeFromWebview({ type: 'analyze/requestTree', layerIndex: 2, scope: 'aggregate', extra: 1 }), {
      type: 'analyze/requestTree',
      layerIndex: 2,
      scope: 'aggregate',
    });
    assert.deepEqual(parseAnalyzeFromWebview({ type: 'analyze/openLayerSource', layerIndex: 0 }), { type: 'analyze/openLayerSource', layerIndex: 0 });
    assert.deepEqual(parseAnalyzeFromWebview({ type: 'analyze/export', path: '/etc/passwd' }), { type: 'analyze/export' });
  });

  it('drops bad layer indices, unknown scopes and unknown messages', () => {
    assert.equal(parseAnalyzeFromWebview({ type: 'analyze/requestTree', layerIndex: -1, scope: 'layer' }), undefined);
    assert.equal(parseAnalyzeFromWebview({ type: 'analyze/requestTree', layerIndex: 1.5, scope: 'layer' }), undefined);
    assert.equal(parseAnalyzeFromWebview({ type: 'analyze/requestTree', layerIndex: 1, scope: 'all' }), undefined);
    assert.equal(parseAnalyzeFromWebview({ type: 'analyze/openLayerSource', layerIndex: '1' }), undefined);
    assert.equal(parseAnalyzeFromWebview({ type: 'analyze/runCommand', command: 'rm -rf /' }), undefined);
    assert.equal(parseAnalyzeFromWebview('analyze/export'), undefined);
  });

  it('accepts a snapshot only with every figure present and in range', () => {
    const snapshot = {
      status: 'shown', message: '', image: 'x:1', layerRows: 3, linkedLayers: 1, sizeBytes: 10, efficiencyScore: 0.5, wastedBytes: 1, reclaimableBytes: 1,
      wastedRows: 1, selectedLayer: 0, treeScope: 'layer', treeRowsRendered: 4, treeRowsTotal: 4,
    };
    assert.deepEqual(parseAnalyzeFromWebview({ type: 'analyze/snapshot', id: 1, snapshot }), { type: 'analyze/snapshot', id: 1, snapshot });
    assert.equal(parseAnalyzeFromWebview({ type: 'analyze/snapshot', id: 1, snapshot: { ...snapshot, efficiencyScore: 2 } }), undefined);
    assert.equal(parseAnalyzeFromWebview({ type: 'analyze/snapshot', id: 1, snapshot: { ...snapshot, sizeBytes: NaN } }), undefined);
  });
});

describe('analyze protocol: messages to the page', () => {
  const analysis = {
    image: 'app:1', sizeBytes: 100, efficiencyScore: 0.9, wastedBytes: 20, userWastedPercent: 0.2, reclaimableBytes: 10,
    layers: [{ index: 0, digest: 'sha256:ab', command: 'COPY x /x', sizeBytes: 100, files: 1, added: 1, modified: 0, removed: 0, source: { file: '/w/Dockerfile', line: 2 } }],
    wasted: [{ path: 'x', bytes: 10, cause: 'overwritten', layer: 0, causedByLayer: 1 }],
    largestFiles: [{ path: 'x', sizeBytes: 100, layer: 0 }],
  };

  it('keeps a restore target only when it names an image, archive or folder plainly', () => {
    assert.deepEqual(parseRestoreTarget({ kind: 'engine', ref: 'nginx:1.27', extra: 1 }), { kind: 'engine', ref: 'nginx:1.27' });
    assert.deepEqual(parseRestoreTarget({ kind: 'archive', ref: '/tmp/app.tar' }), { kind: 'archive', ref: '/tmp/app.tar' });
    for (const bad of [null, 'nginx', { kind: 'registry', ref: 'x' }, { kind: 'engine', ref: '' }, { kind: 'engine', ref: 'a\nb' }, { kind: 'oci-dir', ref: 'x'.repeat(5000) }, { kind: 'engine', ref: 7 }]) {
      assert.equal(parseRestoreTarget(bad), undefined, JSON.stringify(bad));
    }
    assert.deepEqual(parseAnalyzeToWebview({ type: 'analyze/restoreTarget', target: { kind: 'oci-dir', ref: '/srv/oci' } }), { type: 'analyze/restoreTarget', target: { kind: 'oci-dir', ref: '/srv/oci' } });
    assert.equal(parseAnalyzeToWebview({ type: 'analyze/restoreTarget', target: { kind: 'engine' } }), undefined);
  });

  it('accepts a summary and keeps what the page draws', () => {
    const message = parseAnalyzeToWebview({ type: 'analyze/summary', summary: { analysis, sourceLabel: 'app:1', wastedEntryCount: 1 } });
    assert.deepEqual(message, { type: 'analyze/summary', summary: { analysis, sourceLabel: 'app:1', wastedEntryCount: 1 } });
  });

  it("carries dive's NaN ratios (0/0, sent as null by JSON) as NaN, so the page shows n/a instead of nothing", () => {
    const wire = JSON.parse(JSON.stringify({ type: 'analyze/summary', summary: { analysis: { ...analysis, userWastedPercent: NaN }, sourceLabel: 'x', wastedEntryCount: 0 } }));
    const message = parseAnalyzeToWebview(wire);
    assert.equal(message?.type, 'analyze/summary');
    assert.ok(message?.type === 'analyze/summary' && Number.isNaN(message.summary.analysis.userWastedPercent));
  });

  it('drops a summary with an unknown waste cause, a negative size or a layer without a digest', () => {
    const bad = [
      { ...analysis, wasted: [{ ...analysis.wasted[0], cause: 'cosmic-rays' }] },
      { ...analysis, sizeBytes: -1 },
      { ...analysis, layers: [{ ...analysis.layers[0], digest: undefined }] },
      { ...analysis, layers: [{ ...analysis.layers[0], source: { file: '', line: 1 } }] },
    ];
    for (const candidate of bad) {
      assert.equal(parseAnalyzeToWebview({ type: 'analyze/summary', summary: { analysis: candidate, sourceLabel: 'x', wastedEntryCount: 1 } }), undefined);
    }
  });
});
