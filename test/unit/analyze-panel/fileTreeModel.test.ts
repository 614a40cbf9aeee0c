import * as assert from 'node:assert/strict';
import type { FileNode } from '../../../src/image/types';
import { encodeFileTree } from '../../../src/image';
import { FileTreeModel, keptNodes, visibleRows } from '../../../webview/analyze/fileTreeModel';

const file = (path: string, sizeBytes: number, change: FileNode['change'] = 'unchanged'): FileNode => ({ path, kind: 'file', sizeBytes, change });
const dir = (path: string, sizeBytes: number, change: FileNode['change'] = 'unchanged'): FileNode => ({ path, kind: 'dir', sizeBytes, change });

// A small filesystem as the engine lists it: directory sizes are what lies below them.
const nodes: FileNode[] = [
  dir('app', 1300, 'added'),
  file('app/big.bin', 1000, 'added'),
  file('app/small.txt', 300, 'added'),
  dir('etc', 20),
  file('etc/passwd', 20, 'modified'),
  dir('usr', 5000),
  dir('usr/lib', 5000),
  file('usr/lib/libc.so', 5000),
  file('tmp.log', 7, 'removed'),
];
const model = (): FileTreeModel => new FileTreeModel(encodeFileTree(nodes));
const names = (m: FileTreeModel, rows: ReturnType<typeof visibleRows>): string[] => Array.from(rows.nodes.subarray(0, rows.count), (node) => m.path(node));
const allOpen = (): boolean => true;

describe('analyze panel: the file tree model', () => {
  it('lists open directories before their contents, siblings by name', () => {
    const m = model();
    assert.deepEqual(names(m, visibleRows(m, allOpen, undefined)), [
      'app', 'app/big.bin', 'app/small.txt', 'etc', 'etc/passwd', 'tmp.log', 'usr', 'usr/lib', 'usr/lib/libc.so',
    ]);
  });

  it('hides the contents of closed directories', () => {
    const m = model();
    const usr = m.find('usr');
    assert.deepEqual(names(m, visibleRows(m, (node) => node !== usr, undefined)), ['app', 'app/big.bin', 'app/small.txt', 'etc', 'etc/passwd', 'tmp.log', 'usr']);
  });

  it('sorts siblings by size, largest first, and back by name', () => {
    const m = model();
    m.sort('size');
    assert.deepEqual(names(m, visibleRows(m, () => false, undefined)), ['usr', 'app', 'etc', 'tmp.log']);
    assert.deepEqual(Array.from(m.childrenOf(m.find('app')), (node) => m.names[node]), ['big.bin', 'small.txt']);
    m.sort('name');
    assert.deepEqual(names(m, visibleRows(m, () => false, undefined)), ['app', 'etc', 'tmp.log', 'usr']);
  });

  it('filters by name keeping the ancestors of matches, case-insensitively', () => {
    const m = model();
    assert.deepEqual(names(m, visibleRows(m, allOpen, keptNodes(m, { query: 'LIBC', changesOnly: false }))), ['usr', 'usr/lib', 'usr/lib/libc.so']);
  });

  it('shows everything inside a directory whose name matches, and matches paths when the text has a slash', () => {
    const m = model();
    assert.deepEqual(names(m, visibleRows(m, allOpen, keptNodes(m, { query: 'app', changesOnly: false }))), ['app', 'app/big.bin', 'app/small.txt']);
    assert.deepEqual(names(m, visibleRows(m, allOpen, keptNodes(m, { query: 'etc/pass', changesOnly: false }))), ['etc', 'etc/passwd']);
  });

  it('keeps only changed entries (and the directories above them) with "changes only"', () => {
    const m = model();
    assert.deepEqual(names(m, visibleRows(m, allOpen, keptNodes(m, { query: '', changesOnly: true }))), [
      'app', 'app/big.bin', 'app/small.txt', 'etc', 'etc/passwd', 'tmp.log',
    ]);
    assert.deepEqual(names(m, visibleRows(m, allOpen, keptNodes(m, { query: 'small', changesOnly: true }))), ['app', 'app/small.txt']);
  });

  it('gives each row its level and position among the siblings showing, for screen readers', () => {
    const m = model();
    const rows = visibleRows(m, allOpen, keptNodes(m, { query: '', changesOnly: true }));
    const etc = m.find('etc');
    assert.equal(rows.posInSet[etc], 2);
    assert.equal(rows.setSize[etc], 3);
    assert.equal(m.depth[m.find('usr/lib/libc.so')], 2);
  });

  it('takes directory sizes from the engine and counts the files below, removed ones excluded', () => {
    const m = model();
    assert.equal(m.size[m.find('usr')], 5000);
    assert.equal(m.fileCount[m.find('app')], 2);
    assert.equal(m.fileCount[m.find('tmp.log')], 0);
  });

  it('lists a large tree in pre-order: every row comes after its parent, all of them once', () => {
    const many: FileNode[] = [];
    for (let i = 0; i < 20_000; i++) many.push(file(`usr/share/pkg${i % 50}/dir${i % 7}/file${i}.dat`, i % 4096, i % 3 ? 'unchanged' : 'added'));
    const m = new FileTreeModel(encodeFileTree(many));
    const rows = visibleRows(m, allOpen, undefined);
    assert.equal(rows.count, m.count);
    const rowOf = new Map<number, number>();
    for (let r = 0; r < rows.count; r++) rowOf.set(rows.nodes[r], r);
    assert.equal(rowOf.size, m.count);
    for (let r = 0; r < rows.count; r++) {
      const parent = m.parent[rows.nodes[r]];
      if (parent >= 0) assert.ok((rowOf.get(parent) as number) < r);
    }
    const changed = visibleRows(m, allOpen, keptNodes(m, { query: '', changesOnly: true }));
    assert.equal(Array.from(changed.nodes.subarray(0, changed.count)).filter((node) => !m.isDir(node)).length, many.filter((node) => node.change !== 'unchanged').length);
  });
});
