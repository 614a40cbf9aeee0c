// .hadolint.yaml: every key hadolint reads, its two spellings, clear errors, hadolint's search order,
// and how layers merge.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG, findHadolintConfig, mergeConfig, parseHadolintConfig } from '../../../src/dockerfile/index';

describe('dockerfile config: parseHadolintConfig', () => {
  it('reads every hadolint key', () => {
    const config = parseHadolintConfig(`
ignored: [DL3008, SC2086]
override:
  error: [DL3001]
  warning: [DL3042]
  info: [DL3032]
  style: [DL3015]
trustedRegistries:
  - docker.io
  - "*.mycorp.example"
label-schema:
  author: text
  version: semver
strict-labels: true
failure-threshold: warning
disable-ignore-pragma: true
no-fail: true
no-color: true
verbose: false
format: json
`);
    assert.deepEqual(config, {
      ignored: ['DL3008', 'SC2086'],
      overrides: { error: ['DL3001'], warning: ['DL3042'], info: ['DL3032'], style: ['DL3015'] },
      trustedRegistries: ['docker.io', '*.mycorp.example'],
      labelSchema: { author: 'text', version: 'semver' },
      strictLabels: true,
      failureThreshold: 'warning',
      disableIgnorePragma: true,
      noFail: true,
      format: 'json',
    });
  });

  it('accepts the newer spellings trusted-registries and output-format, and failure-threshold: ignore', () => {
    const config = parseHadolintConfig('trusted-registries: [quay.io]\noutput-format: sarif\nfailure-threshold: ignore\n');
    assert.deepEqual(config, { trustedRegistries: ['quay.io'], format: 'sarif', failureThreshold: 'none' });
  });

  it('reads an empty file as no options', () => {
    assert.deepEqual(parseHadolintConfig(''), {});
    assert.deepEqual(parseHadolintConfig('# only a comment\n'), {});
  });

  it('names the file and the problem on invalid YAML', () => {
    assert.throws(() => parseHadolintConfig('ignored: [DL3008\n', '/repo/.hadolint.yaml'), /\/repo\/\.hadolint\.yaml is not valid YAML/);
  });

  it('rejects unknown keys, listing the known ones', () => {
    assert.throws(() => parseHadolintConfig('ignore: [DL3008]\n'), /unknown key 'ignore'\. Known keys: ignored, override/);
  });

  it('rejects values of the wrong type with the key named', () => {
    assert.throws(() => parseHadolintConfig('ignored: DL3008\n'), /'ignored' must be a list of strings/);
    assert.throws(() => parseHadolintConfig('strict-labels: yes please\n'), /'strict-labels' must be true or false/);
    assert.throws(() => parseHadolintConfig('failure-threshold: fatal\n'), /'failure-threshold' must be one of error, warning, info, style, ignore, none/);
    assert.throws(() => parseHadolintConfig('override:\n  critical: [DL3000]\n'), /'override\.critical' is not a level/);
    assert.throws(() => parseHadolintConfig('- DL3000\n'), /must be a mapping/);
  });
});

describe('dockerfile config: findHadolintConfig (hadolint search order)', () => {
  let root: string;
  let home: string;
  let project: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'stevedore-hadolint-'));
    home = join(root, 'home');
    project = join(root, 'work', 'project', 'services', 'api');
    mkdirSync(project, { recursive: true });
    mkdirSync(join(home, '.config'), { recursive: true });
    mkdirSync(join(home, '.hadolint'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const env = (): NodeJS.ProcessEnv => ({ HOME: home });

  it('finds nothing when no file exists', () => {
    assert.equal(findHadolintConfig(project, env()), undefined);
  });

  it('prefers the project folder, .yaml before .yml, the nearest folder first', () => {
    writeFileSync(join(home, '.hadolint.yaml'), '');
    writeFileSync(join(root, 'work', 'project', '.hadolint.yml'), '');
    assert.equal(findHadolintConfig(project, env()), join(root, 'work', 'project', '.hadolint.yml'));
    writeFileSync(join(root, 'work', 'project', '.hadolint.yaml'), '');
    assert.equal(findHadolintConfig(project, env()), join(root, 'work', 'project', '.hadolint.yaml'));
    writeFileSync(join(project, '.hadolint.yml'), '');
    assert.equal(findHadolintConfig(project, env()), join(project, '.hadolint.yml'));
  });

  it('then $XDG_CONFIG_HOME, defaulting to ~/.config', () => {
    writeFileSync(join(home, '.hadolint.yaml'), '');
    writeFileSync(join(home, '.config', 'hadolint.yaml'), '');
    assert.equal(findHadolintConfig(project, env()), join(home, '.config', 'hadolint.yaml'));
    const xdg = join(root, 'xdg');
    mkdirSync(xdg);
    writeFileSync(join(xdg, 'hadolint.yml'), '');
    assert.equal(findHadolintConfig(project, { HOME: home, XDG_CONFIG_HOME: xdg }), join(xdg, 'hadolint.yml'));
  });

  it('then ~/.hadolint/{hadolint,config}.{yaml,yml}, then ~/.hadolint.{yaml,yml}', () => {
    writeFileSync(join(home, '.hadolint.yml'), '');
    assert.equal(findHadolintConfig(project, env()), join(home, '.hadolint.yml'));
    writeFileSync(join(home, '.hadolint', 'config.yml'), '');
    assert.equal(findHadolintConfig(project, env()), join(home, '.hadolint', 'config.yml'));
    writeFileSync(join(home, '.hadolint', 'hadolint.yaml'), '');
    assert.equal(findHadolintConfig(project, env()), join(home, '.hadolint', 'hadolint.yaml'));
  });

  it('ignores a directory with the config file name', () => {
    mkdirSync(join(project, '.hadolint.yaml'));
    assert.equal(findHadolintConfig(project, env()), undefined);
  });
});

describe('dockerfile config: mergeConfig', () => {
  it('starts from the defaults', () => {
    assert.deepEqual(mergeConfig(), { ...DEFAULT_CONFIG, ignored: [], overrides: {}, trustedRegistries: [], labelSchema: {}, enabled: [] });
  });

  it('lets later layers win for scalars and unions lists', () => {
    const merged = mergeConfig(
      { ignored: ['DL3008'], trustedRegistries: ['docker.io'], strictLabels: true, failureThreshold: 'error', format: 'json' },
      undefined,
      { ignored: ['DL3008', 'DL3059'], trustedRegistries: ['quay.io'], strictLabels: false, enabled: ['DL3057'] },
    );
    assert.deepEqual(merged.ignored, ['DL3008', 'DL3059']);
    assert.deepEqual(merged.trustedRegistries, ['docker.io', 'quay.io']);
    assert.deepEqual(merged.enabled, ['DL3057']);
    assert.equal(merged.strictLabels, false);
    assert.equal(merged.failureThreshold, 'error');
    assert.equal(merged.format, 'json');
  });

  it('moves an overridden code to the level of the latest layer naming it', () => {
    const merged = mergeConfig({ overrides: { error: ['DL3008', 'DL3009'] } }, { overrides: { info: ['DL3008'] } });
    assert.deepEqual(merged.overrides, { error: ['DL3009'], info: ['DL3008'] });
  });

  it('merges label schemas key by key', () => {
    const merged = mergeConfig({ labelSchema: { a: 'text', b: 'url' } }, { labelSchema: { b: 'email' } });
    assert.deepEqual(merged.labelSchema, { a: 'text', b: 'email' });
  });

  it('does not change the layers or the defaults', () => {
    const layer = { ignored: ['DL3000'] };
    mergeConfig(layer, { ignored: ['DL3001'] });
    assert.deepEqual(layer.ignored, ['DL3000']);
    assert.deepEqual(DEFAULT_CONFIG.ignored, []);
  });
});
