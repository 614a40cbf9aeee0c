// The compose engine's resolved model equals what the Compose installed for the tests
// (docker-compose v1.29) prints with `config`, on the fixtures in test/fixtures/compose that use
// interpolation, .env, overrides, extends (same file and another file), profiles and both resource
// forms. v1 prints some things its own way; `fromComposeV1` undoes exactly those, each with its reason:
//  - `$` in values is printed escaped as `$$` (so the output can be fed back to Compose);
//  - ports and volumes are printed in a mix of short strings and long mappings, in its own order:
//    both sides are compared in long form, sorted (the order of a unique list is not meaningful);
//  - `version:` is printed (and invented as '3.9' when absent): not part of the model compared;
//  - `config` ignores profiles (it prints every service, and so does `ps --services`): the model is
//    resolved with every profile active for the comparison, and `config --profiles` is compared with
//    the profiles the model saw; the filtering itself is covered by the unit tests;
//  - v1 replaces a top-level volume/network definition named again in an override file, where the
//    spec (and Compose v2) merge it key by key: the fixture repeats the keys so both agree;
//  - deploy.resources.limits.cpus is printed as a number but reservations.cpus as written ("0.25"):
//    the model has both as numbers (as Compose v2 prints them), so v1's reservation is read as one;
//  - anchors/aliases in its YAML output (`&id001`) are read back as values.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'yaml';
import { resolveComposeProject } from '../../../src/compose';
import { longPort, longVolume } from '../../../src/compose/normalize';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'compose');
const FIXTURE_ENV = { STEVEDORE_FIXTURE_FROM_ENV: 'env-value' };

function composeV1Available(): boolean {
  try {
    execFileSync('docker-compose', ['version', '--short'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function composeV1(folder: string, args: string[]): string {
  // A clean environment: only PATH, HOME and the fixture's variables, as the resolver gets.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...FIXTURE_ENV };
  return execFileSync('docker-compose', args, { cwd: folder, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
}

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

function unescapeDollars(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\$\$/g, '$');
  if (Array.isArray(value)) return value.map(unescapeDollars);
  if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unescapeDollars(item)]));
  return value;
}

const sortedByJson = (list: unknown[]): unknown[] => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** Both sides' services in the form compared: ports and volumes in long form, sorted. */
function comparable(model: Mapping): Mapping {
  const out: Mapping = { ...model };
  delete out.version;
  delete out.name;
  if (isMapping(out.services)) {
    const services: Mapping = {};
    for (const [name, raw] of Object.entries(out.services)) {
      const service = { ...(raw as Mapping) };
      if (Array.isArray(service.ports)) service.ports = sortedByJson(service.ports.map(longPort));
      if (Array.isArray(service.volumes)) service.volumes = sortedByJson(service.volumes.map(longVolume));
      services[name] = service;
    }
    out.services = services;
  }
  return out;
}

function fromComposeV1(output: string): Mapping {
  const model = unescapeDollars(parse(output, { merge: true, maxAliasCount: -1 })) as Mapping;
  for (const service of Object.values(isMapping(model.services) ? model.services : {})) {
    const reservations = (service as { deploy?: { resources?: { reservations?: Mapping } } }).deploy?.resources?.reservations;
    if (reservations && typeof reservations.cpus === 'string') reservations.cpus = Number(reservations.cpus);
  }
  return comparable(model);
}

const CASES: Array<{ name: string; folder: string; files?: string[] }> = [
  { name: 'interpolation: .env, ${VAR}, :- and - defaults, :? and ? checks, $$ escapes', folder: 'interpolation' },
  { name: 'overrides: compose.override merged by the spec rules (mappings, unique ports and volumes, replaced command)', folder: 'overrides' },
  { name: 'extends: same file, chained, and from another file with its relative paths', folder: 'extends' },
  { name: 'profiles: services with and without profiles', folder: 'profiles' },
  { name: 'resources: legacy mem_limit/cpus/mem_reservation (v2.4)', folder: 'resources' },
  { name: 'resources: deploy.resources', folder: 'resources', files: ['docker-compose.deploy.yml'] },
];

describe('compose engine: the resolved model equals docker-compose config', function () {
  // docker-compose v1 is a Python program: about 5 s a run on a loaded machine.
  this.timeout(120_000);
  before(function () {
    if (!composeV1Available()) this.skip();
  });

  for (const fixture of CASES) {
    it(fixture.name, () => {
      const folder = join(fixtures, fixture.folder);
      const fileArgs = (fixture.files ?? []).flatMap((file) => ['-f', file]);
      const expected = fromComposeV1(composeV1(folder, [...fileArgs, 'config']));
      const resolved = resolveComposeProject({
        workingDir: folder,
        ...(fixture.files ? { files: fixture.files } : {}),
        env: { HOME: process.env.HOME, ...FIXTURE_ENV },
        profiles: ['*'],
      });
      assert.deepEqual(resolved.diagnostics.filter((d) => d.severity === 'error'), []);
      assert.deepEqual(comparable(resolved.model), expected);
      const profiles = composeV1(folder, [...fileArgs, 'config', '--profiles']).split('\n').filter(Boolean).sort();
      assert.deepEqual([...new Set(resolved.services.flatMap((service) => service.profiles))].sort(), profiles);
    });
  }
});
