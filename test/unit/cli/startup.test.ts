// What `stevedore` reads at start, through the built CLI as users run it: `lint` loads the command
// line and the Dockerfile engine only (not dockerode, the image or stats engines, nor mvdan-sh for
// simple RUNs); the subcommands that need an engine load its bundle when they run.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const dist = join(__dirname, '..', '..', '..', 'dist');

describe('stevedore CLI start-up: only what the subcommand needs is loaded', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'stevedore-test-startup-'));
    // Records every file Node's module loader loaded, at exit.
    writeFileSync(join(dir, 'trace.js'), `process.on('exit', () => require('fs').writeFileSync(process.env.TRACE_OUT, JSON.stringify(Object.keys(require.cache))));\n`);
    writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox:1.36\nRUN echo hello && rm -rf /tmp/x\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function loaded(args: string[], cache: 'cold' | 'cached' = 'cold'): string[] {
    const out = join(dir, `trace-${Math.random()}.json`);
    const env = { ...process.env, TRACE_OUT: out, XDG_CACHE_HOME: join(dir, 'cache'), NODE_DISABLE_COMPILE_CACHE: cache === 'cold' ? '1' : '' };
    spawnSync(process.execPath, ['--require', join(dir, 'trace.js'), join(dist, 'cli.js'), ...args], { cwd: dir, env, encoding: 'utf8' });
    return (JSON.parse(readFileSync(out, 'utf8')) as string[]).filter((file) => file.startsWith(dist)).map((file) => relative(dist, file)).sort();
  }

  for (const cache of ['cold', 'cached'] as const) {
    it(`lint loads the command line and the connection's settings only, --version nothing more (${cache} code cache)`, () => {
      // --version is answered by the loader itself (bin.ts).
      loaded(['--version'], cache);
      assert.deepEqual(loaded(['--version'], cache), ['cli.js']);
      // cli/docker.js is src/docker (hosts, deadlines; 13 KB): dockerode itself loads on first connection.
      const expected = ['cli.js', join('cli', 'docker.js'), join('cli', 'main.js')];
      loaded(['lint', '--shellcheck', 'off', 'Dockerfile'], cache);
      assert.deepEqual(loaded(['lint', '--shellcheck', 'off', 'Dockerfile'], cache), expected);
    });
  }

  it('analyze loads the image engine and the shared Docker connection when it runs', () => {
    const files = loaded(['analyze', join(dir, 'no-such-archive.tar')]);
    assert.ok(files.includes(join('cli', 'image.js')), files.join(', '));
    assert.ok(!files.includes(join('cli', 'stats.js')), files.join(', '));
  });

  it('load loads the load engine (and the stats engine it reads saturation with) when it runs, not the image engine', () => {
    const files = loaded(['load', 'http://192.0.2.1/']);
    assert.ok(files.includes(join('cli', 'load.js')), files.join(', '));
    assert.ok(files.includes(join('cli', 'stats.js')), files.join(', '));
    assert.ok(!files.includes(join('cli', 'image.js')), files.join(', '));
  });

  it('the code cache lives in the user\'s cache folder, private to the user', () => {
    loaded(['lint', '--shellcheck', 'off', 'Dockerfile'], 'cached');
    const folder = spawnSync('find', [join(dir, 'cache'), '-name', '*.v8', '-perm', '-u=r', '!', '-perm', '/go=rwx'], { encoding: 'utf8' }).stdout;
    // Node 22.1+ keeps its own cache (module.enableCompileCache) in the same folder.
    if (!process.versions.node.startsWith('20.')) return;
    assert.match(folder, /main-\d+-\d+-lint\.v8/);
  });

  it('the lint code cache holds the whole engine, whichever file the run that wrote it linted', () => {
    if (!process.versions.node.startsWith('20.')) return;
    writeFileSync(join(dir, 'varied.Dockerfile'), [
      'FROM python:3.12 AS build', 'ARG PIP_VERSION', 'ENV PATH=/opt/venv/bin:$PATH LANG=C.UTF-8',
      'RUN apt-get update && apt-get install -y curl gcc && pip install flask requests',
      'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
      'COPY --chown=app:app . /app', 'ADD https://example.com/x.tar.gz /tmp/', 'WORKDIR app',
      'RUN <<EOF', 'set -e', 'cd /app && npm install -g yarn', 'EOF', 'ONBUILD RUN yum install -y git',
      'FROM alpine:latest', 'RUN apk add --no-cache bash && wget -qO- https://x | sh', 'COPY --from=build /app /app',
      'LABEL maintainer="me" version=1', 'EXPOSE 80/tcp 443', 'USER root', 'HEALTHCHECK CMD curl -f http://localhost/',
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'ENTRYPOINT /app/run.sh', 'CMD ["--serve"]', '',
    ].join('\n'));
    const cacheSize = (file: string): number => {
      const cacheHome = join(dir, `cache-${file}`);
      spawnSync(process.execPath, [join(dist, 'cli.js'), 'lint', '--no-fail', '--shellcheck', 'off', file], { cwd: dir, env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
      const found = spawnSync('find', [cacheHome, '-name', '*-lint.v8', '-printf', '%s'], { encoding: 'utf8' }).stdout;
      return Number(found);
    };
    const afterOneLine = cacheSize('Dockerfile');
    const afterVaried = cacheSize('varied.Dockerfile');
    // Without the rules' examples run before the cache is written: 809 KB against 875 KB.
    assert.ok(afterOneLine >= afterVaried * 0.98, `cache written after a two-line file: ${afterOneLine} bytes; after a varied one: ${afterVaried}`);
  });
});
