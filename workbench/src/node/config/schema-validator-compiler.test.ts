import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { ErrorObject } from 'ajv';
import type { JsonObject } from '@timelocker/plugin-api';
import { type Kernel, startKernel } from '../kernel.js';
import { builtinPluginsDir } from '../core/install-layout.js';
import { ConfigService } from './config-service.js';
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

describe('the config validator compiled at build time', () => {
  let dir: string;
  let kernel: Kernel;
  let schema: JsonObject;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-validator-'));
    kernel = await startKernel({ configFile: join(dir, 'timelocker.json'), dataDir: dir, builtinPluginsDir, extraPluginDirs: [], actor: 'test' }, { start: false });
    schema = kernel.get<ConfigService>(ConfigService).composedSchema();
  });

  after(async () => {
    await kernel.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('is the one a default install uses (the build compiled this very schema)', () => {
    expect(isPrecompiled(schema), 'npm run build writes dist/config-validator.precompiled.cjs for the builtin plugins\' schema').to.equal(true);
    expect(isPrecompiled({ ...schema, title: 'another install, with more plugins' })).to.equal(false);
  });

  it('finds exactly what a validator compiled now finds, with the same messages', () => {
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
