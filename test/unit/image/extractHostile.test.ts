// Extraction of hostile archives (built byte by byte in the test): `../` names, absolute names,
// symbolic links pointing out followed by entries under them, hard links to paths outside, devices,
// and links planted in the destination beforehand. Nothing may be written outside the chosen folder.
import { strict as assert } from 'node:assert';
import {
  existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeImage, extractImagePath, type ImageSource } from '../../../src/image/index';
import { archiveOf, type TestEntry, writeTemp } from './archiveBuilder';

/** Every path below `dir` (links not followed). */
function listing(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string, prefix: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = prefix + name;
      found.push(path);
      const stats = lstatSync(join(at, name));
      if (stats.isDirectory() && !stats.isSymbolicLink()) walk(join(at, name), `${path}/`);
    }
  };
  walk(dir, '');
  return found;
}

describe('image engine: extraction of hostile archives stays in the chosen folder', () => {
  let sandbox: string;
  let outside: string;
  let out: string;

  beforeEach(() => {
    sandbox = mkdtempSync(join(tmpdir(), 'stevedore-extract-hostile-'));
    outside = join(sandbox, 'outside');
    out = join(sandbox, 'out');
    mkdirSync(outside);
    mkdirSync(out);
    writeFileSync(join(outside, 'victim'), 'untouched\n');
  });
  afterEach(() => rmSync(sandbox, { recursive: true, force: true }));

  async function extractAll(entries: TestEntry[]): Promise<Awaited<ReturnType<typeof extractImagePath>>> {
    const source: ImageSource = { kind: 'archive', path: writeTemp('hostile.tar', await archiveOf([{ entries }])) };
    const { contents } = await analyzeImage(source);
    return extractImagePath(source, contents, 0, '', out);
  }

  function assertOutsideUntouched(): void {
    assert.deepEqual(listing(sandbox).filter((path) => path !== 'out' && !path.startsWith('out/')), ['outside', 'outside/victim']);
    assert.equal(readFileSync(join(outside, 'victim'), 'utf8'), 'untouched\n');
  }

  it('refuses ../ names and keeps absolute names inside the folder', async () => {
    const result = await extractAll([
      { name: '../escape', content: 'x' },
      { name: 'a/../../escape2', content: 'x' },
      { name: `../outside/victim`, content: 'overwritten' },
      { name: '/etc/abs', content: 'inside' },
      { name: 'ok', content: 'fine' },
    ]);
    assertOutsideUntouched();
    assert.equal(readFileSync(join(out, 'etc/abs'), 'utf8'), 'inside');
    assert.equal(readFileSync(join(out, 'ok'), 'utf8'), 'fine');
    assert.equal(result.skipped.length, 3);
    for (const skipped of result.skipped) assert.match(skipped.reason, /climbs out/);
  });

  it('never writes through a symbolic link: links pointing out, then entries below them', async () => {
    const result = await extractAll([
      { name: 'link', type: 'symlink', linkname: outside },
      { name: 'link/victim', content: 'overwritten' },
      { name: 'up', type: 'symlink', linkname: '../outside' },
      { name: 'up/new', content: 'planted' },
      { name: 'rel', type: 'symlink', linkname: '../../../../..' },
      { name: 'rel/tmp/planted', content: 'planted' },
    ]);
    assertOutsideUntouched();
    // The entries below a link land in real folders of the extracted tree; the links then cannot be made.
    assert.equal(readFileSync(join(out, 'link/victim'), 'utf8'), 'overwritten');
    assert.equal(lstatSync(join(out, 'link')).isDirectory(), true);
    assert.deepEqual(result.skipped.map((entry) => entry.path).sort(), ['link', 'rel', 'up']);
  });

  it('a symbolic link made last keeps its target as stored, and nothing is written after it', async () => {
    const result = await extractAll([
      { name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox' },
      { name: 'esc', type: 'symlink', linkname: '../outside' },
    ]);
    assert.equal(readlinkSync(join(out, 'bin/sh')), '/bin/busybox');
    assert.equal(readlinkSync(join(out, 'esc')), '../outside');
    assert.equal(result.links, 2);
    assertOutsideUntouched();
  });

  it('hard links to paths outside the image are not followed; those inside are written as copies', async () => {
    const result = await extractAll([
      { name: 'etc/passwd', content: 'root:x:0:0\n' },
      { name: 'hl-outside', type: 'link', linkname: '../../outside/victim' },
      { name: 'hl-absolute', type: 'link', linkname: join(outside, 'victim') },
      { name: 'hl-inside', type: 'link', linkname: 'etc/passwd' },
    ]);
    assertOutsideUntouched();
    assert.equal(readFileSync(join(out, 'hl-inside'), 'utf8'), 'root:x:0:0\n');
    assert.equal(lstatSync(join(out, 'hl-inside')).nlink, 1, 'a copy, not a link to a file on disk');
    assert.equal(existsSync(join(out, 'hl-outside')), false);
    assert.equal(existsSync(join(out, 'hl-absolute')), false);
    assert.deepEqual(result.skipped.map((entry) => entry.path).sort(), ['hl-absolute', 'hl-outside']);
  });

  it('does not make devices, and keeps permission bits without set-id bits', async () => {
    const result = await extractAll([
      { name: 'dev/null', type: 'character-device' as TestEntry['type'] },
      { name: 'bin/tool', content: '#!/bin/sh\n', mode: 0o4755 },
      { name: 'secret', content: 's', mode: 0o600 },
    ]);
    assert.equal(existsSync(join(out, 'dev/null')), false);
    assert.match(result.skipped.find((entry) => entry.path === 'dev/null')?.reason ?? '', /device/);
    assert.equal(lstatSync(join(out, 'bin/tool')).mode & 0o7777, 0o755);
    assert.equal(lstatSync(join(out, 'secret')).mode & 0o7777, 0o600);
  });

  it('refuses to write through links planted in the destination beforehand', async () => {
    symlinkSync(outside, join(out, 'etc'));
    symlinkSync(join(outside, 'victim'), join(out, 'victim'));
    const result = await extractAll([{ name: 'etc/victim', content: 'overwritten' }, { name: 'victim', content: 'replaced' }]);
    assertOutsideUntouched();
    assert.match(result.skipped.find((entry) => entry.path === 'etc/victim')?.reason ?? '', /symbolic link in the destination/);
    // A link in the way of a file is replaced by the file, not written through.
    assert.equal(lstatSync(join(out, 'victim')).isFile(), true);
    assert.equal(readFileSync(join(out, 'victim'), 'utf8'), 'replaced');
  });
});
