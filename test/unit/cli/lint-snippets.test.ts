// Every snippet Stevedore offers lints clean with `stevedore lint`: expanded with its placeholders'
// defaults (fragments placed in a minimal Dockerfile around them), in a folder with a .dockerignore.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLint, type LintIo } from '../../../src/cli/lint';

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string | string[];
}

/** VS Code snippet syntax to text: placeholders become their defaults, choices their first option, tabstops nothing. */
export function expandSnippet(body: string): string {
  let out = '';
  let i = 0;
  const readUntilClose = (): string => {
    // The text of a placeholder, nested placeholders included, up to its closing brace.
    let depth = 1;
    let inner = '';
    while (i < body.length) {
      const c = body[i];
      if (c === '\\' && i + 1 < body.length) {
        inner += c + body[i + 1];
        i += 2;
        continue;
      }
      if (c === '$' && body[i + 1] === '{') depth++;
      if (c === '}' && --depth === 0) {
        i++;
        return inner;
      }
      inner += c;
      i++;
    }
    throw new Error(`unclosed placeholder in snippet: ${body}`);
  };
  while (i < body.length) {
    const c = body[i];
    if (c === '\\' && '$}\\'.includes(body[i + 1] ?? '')) {
      out += body[i + 1];
      i += 2;
    } else if (c === '$' && /\d/.test(body[i + 1] ?? '')) {
      i++;
      while (/\d/.test(body[i] ?? '')) i++;
    } else if (c === '$' && body[i + 1] === '{') {
      i += 2;
      const inner = readUntilClose();
      const placeholder = /^\d+:([\s\S]*)$/.exec(inner);
      const choice = /^\d+\|([^,|]*)/.exec(inner);
      if (placeholder) out += expandSnippet(placeholder[1]);
      else if (choice) out += choice[1];
      else if (/^\d+$/.test(inner)) out += '';
      else throw new Error(`unexpected \${${inner}} in a snippet: Docker variables must be escaped as \\$`);
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const snippets = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'snippets', 'dockerfile.json'), 'utf8')) as Record<string, Snippet>;

/** Fragments go where a user would type them: complete Dockerfiles are linted as they are. */
function placed(name: string, text: string): string {
  const syntax = '# syntax=docker/dockerfile:1\n';
  if (name === 'Slim runtime stage') {
    return `${syntax}FROM golang:1.23-bookworm AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .\n\n${text}`;
  }
  if (/^(# syntax=.*\n)?FROM /.test(text)) return text;
  if (name.startsWith('Cache mount')) {
    // Manifests first, the rest of the source after the install, as a cache-friendly Dockerfile does.
    const [base, manifests] = {
      'Cache mount: npm': ['node:22-bookworm-slim', 'package.json package-lock.json'],
      'Cache mount: pip': ['python:3.12-slim', 'requirements.txt'],
      'Cache mount: Go': ['golang:1.23-bookworm', 'go.mod go.sum'],
    }[name] ?? ['debian:bookworm-slim', ''];
    const copyManifests = manifests ? `COPY ${manifests} ./\n` : '';
    return `${syntax}FROM ${base} AS build\nWORKDIR /src\n${copyManifests}${text}\nCOPY . .\nFROM scratch\nCOPY --from=build /src /src\nUSER 10001\nENTRYPOINT ["/src/app"]\n`;
  }
  const base = name.includes('Alpine') ? 'alpine:3.20' : 'debian:bookworm-slim';
  const user = text.includes('USER ') ? '' : 'USER 65534\n';
  return `${syntax}FROM ${base}\nWORKDIR /app\n${text}${user}ENTRYPOINT ["/app/run"]\n`;
}

describe('snippets: every snippet lints clean', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'stevedore-snippets-'));
    writeFileSync(join(dir, '.dockerignore'), '.git\nnode_modules\ndist\ntarget\n__pycache__\n*.log\n.env\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('expands placeholders, nested ones, choices and escapes like VS Code', () => {
    assert.equal(expandSnippet('FROM ${1:node:${2:22}-slim} AS ${3|build,deps|}\nENV P=\\$PATH$0'), 'FROM node:22-slim AS build\nENV P=$PATH');
  });

  it('covers multi-stage Node, Python, Go and Java, a slim runtime stage, HEALTHCHECK, non-root USER and cache mounts', () => {
    const bodies = Object.values(snippets).map((snippet) => (Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body));
    for (const needle of ['node:', 'python:', 'golang:', 'temurin', 'HEALTHCHECK', 'USER ', '--mount=type=cache']) {
      assert.ok(bodies.some((body) => body.includes(needle)), needle);
    }
    assert.ok(bodies.filter((body) => (body.match(/^FROM /gm) ?? []).length >= 2).length >= 4, 'four multi-stage Dockerfiles');
  });

  for (const [name, snippet] of Object.entries(snippets)) {
    it(`"${name}" (${[snippet.prefix].flat().join(', ')})`, async () => {
      const text = placed(name, expandSnippet(Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body));
      writeFileSync(join(dir, 'Dockerfile'), text);
      let stdout = '';
      let stderr = '';
      const io: LintIo = {
        cwd: dir,
        env: { HOME: dir, XDG_CONFIG_HOME: join(dir, '.xdg') },
        stdout: { write: (chunk: string) => (stdout += chunk) },
        stderr: { write: (chunk: string) => (stderr += chunk) },
        readStdin: async () => '',
      };
      const status = await runLint(['Dockerfile'], { format: 'json', failureThreshold: 'style' }, io);
      const findings = JSON.parse(stdout) as Array<{ code: string; line: number; message: string }>;
      assert.deepEqual(
        findings.map((f) => `${f.line}: ${f.code} ${f.message} | ${text.split('\n')[f.line - 1]}`),
        [],
        `the snippet as linted:\n${text}`,
      );
      assert.equal(status, 0, stderr);
    });
  }
});
