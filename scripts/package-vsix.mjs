// The extension's .vsix as `npm run package` makes it, built in a copy of the sources so the
// production build never replaces the tests' dist/. Used by the packaging test (size, contents,
// warnings) and by the extension tests' "vsix" run (installed into code-server as users install it).
//   node scripts/package-vsix.mjs OUT.vsix    prints the vsix path, then vsce's own output
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const SOURCES = ['src', 'webview', 'scripts', 'media', 'snippets', 'package.json', 'tsconfig.json', '.vscodeignore', 'README.md', 'LICENSE', 'CHANGELOG.md'];
export const vsceBin = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

/**
 * Package the extension into `out`. Returns { vsix, copy, output, cleanup }: `copy` is the packaged
 * folder (for `vsce ls`), `output` what vsce printed (its warnings included).
 */
export function packageVsix(out) {
  const copy = mkdtempSync(join(tmpdir(), 'stevedore-vsix-'));
  for (const entry of SOURCES) cpSync(join(root, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  execFileSync(process.execPath, [join(copy, 'scripts', 'build.mjs'), '--production'], { cwd: copy, stdio: 'pipe' });
  const vsix = resolve(out);
  const run = spawnSync(process.execPath, [vsceBin, 'package', '--no-dependencies', '--out', vsix], { cwd: copy, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`vsce package failed: ${run.stderr || run.stdout}`);
  return { vsix, copy, output: `${run.stdout}${run.stderr}`, cleanup: () => rmSync(copy, { recursive: true, force: true }) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = process.argv[2] ?? join(root, 'stevedore.vsix');
  const { vsix, output, cleanup } = packageVsix(target);
  cleanup();
  console.log(vsix);
  process.stdout.write(output);
}
