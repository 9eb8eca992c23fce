import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { ErrorObject } from 'ajv';
import type { JsonObject } from '@timelocker/plugin-api';
import { type Kernel, startKernel } from '../kernel.js';
import { builtinPluginsDir } from '../core/install-layout.js';
import { ConfigService } from './config-service.js';
import { composeConfigSchema } from './schema-composer.js';
import { compileSchemaValidator, compileSchemaValidatorNow, isPrecompiled } from './schema-validator-compiler.js';

const invalidConfigs: JsonObject[] = [
  { repositories: { a: { backend: 'local', path: 3 } } },
  { repositories: { a: { backend: 'local', path: '/x', password: { foo: 1 } } }, plans: { p: { repository: 'a', paths: [] } } },
  { plans: { p: { repository: 'a', paths: ['/'], schedule: 5, window: { start: '25:00' } } }, bogus: true },
  { notifications: { notifiers: { n: { type: 'webhook' } } }, policies: [{ rule: 'backup-window', severity: 'fatal' }] },
  { repositories: { s: { backend: 's3', bucket: '', endpoint: 'x' } }, retention: { keepDaily: -1 } },
];

const shape = (errors: readonly ErrorObject[] | null | undefined): unknown[] =>
  (errors ?? []).map((e) => [e.instancePath, e.schemaPath, e.keyword, e.message, e.params, (e.parentSchema as JsonObject | undefined)?.['errorMessage']]);

const keys = (value: unknown): string[] => Object.keys((value ?? {}) as JsonObject).sort();

describe('the composed config schema', () => {
  let dir: string;
  let kernel: Kernel;
  let schema: JsonObject;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-schema-'));
    kernel = await startKernel({ configFile: join(dir, 'timelocker.json'), dataDir: dir, builtinPluginsDir, extraPluginDirs: [], actor: 'test' }, { start: false });
    schema = kernel.get<ConfigService>(ConfigService).composedSchema();
  });

  after(async () => {
    await kernel.stop();
    await rm(dir, { recursive: true, force: true });
  });

  // The sections and keys as they were when base-schema.ts still imported every feature's schema.
  it('has every feature\'s sections and definitions, each contributed by its own module', () => {
    expect(keys(schema['properties'])).to.deep.equal([
      '$schema', 'audit', 'auditSinks', 'circuitBreaker', 'concurrency', 'fileIndex', 'hooks', 'limits', 'locks', 'logging', 'metrics', 'notifications',
      'plans', 'plugins', 'policies', 'repositories', 'restore', 'retention', 'retry', 'serve', 'window',
    ]);
    expect(keys(schema['definitions'])).to.deep.equal([
      'auditSink', 'hook', 'hooks', 'limits', 'notificationRule', 'notifier', 'plan', 'policy', 'repository', 'retention', 'retry', 'secretSource',
      'taggedRetention', 'window',
    ]);
  });

  it('builds plan and repository entries from the keys every feature adds to them', () => {
    const definitions = schema['definitions'] as Record<string, JsonObject>;
    expect(keys(definitions['plan']?.['properties'])).to.deep.equal([
      'afterBackup', 'check', 'copyTo', 'exclude', 'hooks', 'limits', 'paths', 'repository', 'resumeInterrupted', 'retention', 'retry', 'schedule', 'tags', 'window',
    ]);
    const repository = definitions['repository']!;
    expect(keys(repository['properties'])).to.deep.equal(['backend', 'check', 'password', 'prune', 'retention', 'window']);
    // Each backend's own keys are checked with the kernel keys allowed beside them.
    const local = (repository['allOf'] as JsonObject[]).find((branch) => JSON.stringify(branch['if']).includes('"local"'));
    expect(keys((local?.['then'] as JsonObject | undefined)?.['properties'])).to.include.members(['backend', 'password', 'check', 'prune', 'retention', 'window', 'path']);
  });

  it('refuses two contributions that claim the same section', () => {
    const part = { sections: { audit: { type: 'object' } } };
    expect(() => composeConfigSchema([part, part])).to.throw('Two config schema contributions define the section "audit"');
  });

  it('is the schema the build compiled a validator for (a default install)', () => {
    expect(isPrecompiled(schema), 'npm run build writes dist/config-validator.precompiled.cjs for the builtin plugins\' schema').to.equal(true);
    expect(isPrecompiled({ ...schema, title: 'another install, with more plugins' })).to.equal(false);
  });

  it('the build\'s validator finds exactly what a validator compiled now finds, with the same messages', () => {
    const built = compileSchemaValidator(schema);
    const now = compileSchemaValidatorNow(schema);
    expect(built).to.not.equal(now);
    for (const config of invalidConfigs) {
      expect(built(config), JSON.stringify(config)).to.equal(now(config));
      expect(shape(built.errors), JSON.stringify(config)).to.deep.equal(shape(now.errors)).and.not.be.empty;
    }
    expect(built({})).to.equal(true);
  });
});
