import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ContainerModule } from 'inversify';
import { Event } from '@timelocker/plugin-api';
import type { ConfigurationContribution, Contributions, PluginManifest } from '@timelocker/plugin-api/manifest';
import type { KernelOptions } from '../core/kernel-options.js';
import { type ContributionAbsence, type Contributed, ContributionRegistry, type EntryOf, type ListPoint } from '../plugins/contribution-registry.js';
import { type Kernel, startKernel } from '../kernel.js';
import { UsageError } from '../core/errors.js';
import { configHash } from './config-hash.js';
import { ConfigError } from './config-model.js';
import { type ConfigChange, ConfigConflictError, ConfigService } from './config-service.js';
import type { ConfigServiceImpl } from './config-service-impl.js';
import { ConfigChangeParticipant } from './config-change-participant.js';
import { ConfigValidationParticipant } from './config-validation-participant.js';

/** Registry double fed with real manifest objects, as the plugin service would after reading them. */
class ManifestContributionRegistry implements ContributionRegistry {
  readonly onDidChange = Event.None;

  constructor(private readonly manifests: readonly PluginManifest[]) {}

  get<P extends ListPoint>(point: P): ReadonlyArray<Contributed<EntryOf<P>>> {
    return this.manifests.flatMap((m) => ((m.contributes?.[point] ?? []) as ReadonlyArray<EntryOf<P>>)
      .map((entry) => ({ pluginId: `${m.publisher}.${m.name}`, entry, aliases: [] })));
  }

  find<P extends ListPoint>(point: P, id: string): Contributed<EntryOf<P>> | undefined {
    return this.get(point).find((c) => c.entry.id === id);
  }

  absence(_point: ListPoint, id: string): ContributionAbsence {
    return { reason: 'missing', id };
  }

  configurations(): ReadonlyArray<Contributed<ConfigurationContribution>> {
    return this.manifests.flatMap((m) => (m.contributes?.configuration ? [{ pluginId: `${m.publisher}.${m.name}`, entry: m.contributes.configuration, aliases: [] }] : []));
  }
}

const localManifest = JSON.parse(
  await readFile(new URL('../../../../builtin-plugins/local/package.json', import.meta.url), 'utf8'),
) as PluginManifest;

const objectStoreContributions: Contributions = {
  backends: [{
    id: 'objstore',
    label: 'Object store',
    configSchema: { type: 'object', properties: { bucket: { type: 'string' }, accessKeyId: { type: 'string' } }, required: ['bucket'] },
    secrets: [{ id: 'secretAccessKey', label: 'Secret access key' }],
  }],
  configuration: { properties: { retries: { type: 'integer', minimum: 0 } } },
};
const objectStoreManifest: PluginManifest = {
  name: 'objstore', publisher: 'test', version: '1.0.0', engines: { timelocker: '^1.0.0' }, contributes: objectStoreContributions,
};

describe('ConfigServiceImpl', () => {
  let dir: string;
  let file: string;
  let service: ConfigServiceImpl;
  let kernel: Kernel;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-config-'));
    file = join(dir, 'etc', 'timelocker.json');
    const options: KernelOptions = { configFile: file, dataDir: dir, builtinPluginsDir: dir, extraPluginDirs: [], actor: 'test' };
    const doubles = new ContainerModule((bind) => {
      bind.rebind(ContributionRegistry).toConstantValue(new ManifestContributionRegistry([localManifest, objectStoreManifest]));
      const delegate: ConfigValidationParticipant = {
        validateConfig: async (config, locate, token) => (await Promise.all(participants.map((p) => p.validateConfig(config, locate, token)))).flat(),
      };
      // The service alone: the features' own participants (audit records, policy checks) are tested with them.
      bind.unbind(ConfigChangeParticipant);
      bind.unbind(ConfigValidationParticipant);
      bind.bind(ConfigValidationParticipant).toConstantValue(delegate);
    });
    // Every feature's config schema contribution, composed as in the kernel; nothing started.
    kernel = await startKernel(options, { start: false, extraModules: [doubles] });
    service = kernel.get<ConfigServiceImpl>(ConfigService);
  });

  let participants: ConfigValidationParticipant[] = [];
  afterEach(() => {
    participants = [];
  });

  it('lets a validation participant refuse a save, at the line of the offending key, leaving the file as it was', async () => {
    await service.modify(['repositories', 'keep'], { backend: 'local', path: '/srv/keep' });
    const before = await readFile(file, 'utf8');
    participants = [{
      validateConfig: async (config, locate) => Object.keys(config.repositories).includes('far')
        ? [{ file: '', jsonPath: '/repositories/far', message: 'region outside the allow-list', ...locate(['repositories', 'far']) }]
        : [],
    }];
    const error = await service.modify(['repositories', 'far'], { backend: 'local', path: '/srv/far' }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(ConfigError);
    const [issue] = (error as ConfigError).issues;
    expect(issue?.message).to.equal('region outside the allow-list');
    expect(issue?.file).to.equal(file);
    expect(issue?.line).to.be.greaterThan(1);
    expect(await readFile(file, 'utf8')).to.equal(before);
    expect(await service.validate(before)).to.deep.equal([]);
  });

  afterEach(async () => {
    await kernel.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function writeConfig(text: string): Promise<void> {
    await service.modify(['repositories'], {}); // creates the folder the way the kernel would
    await writeFile(file, text);
  }

  async function loadError(text: string): Promise<ConfigError> {
    await writeConfig(text);
    try {
      await service.load();
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error('load() accepted an invalid config');
  }

  it('reads a missing or comment-only file as an empty config', async () => {
    expect(await service.load()).to.deep.equal({ repositories: {}, plans: {} });
    await writeConfig('// nothing configured yet\n');
    expect(await service.load()).to.deep.equal({ repositories: {}, plans: {} });
  });

  it('keeps comments and formatting when modifying, and tells listeners', async () => {
    const original = [
      '{',
      '    // where backups go',
      '    "repositories": {',
      '        "home": { "backend": "local", "path": "/srv/restic" } /* the NAS mount */',
      '    },',
      '    "plans": {}',
      '}',
      '',
    ].join('\n');
    await writeConfig(original);
    const seen: unknown[] = [];
    service.onDidChangeConfig((c) => seen.push(c.config.plans));
    const config = await service.modify(['plans', 'docs'], { repository: 'home', paths: ['/home/me/docs'] });
    const text = await readFile(file, 'utf8');
    expect(text).to.contain('// where backups go').and.to.contain('/* the NAS mount */');
    expect(text).to.contain('\n        "docs": {');
    expect(config.plans.docs?.paths).to.deep.equal(['/home/me/docs']);
    expect(seen).to.deep.equal([{ docs: { repository: 'home', paths: ['/home/me/docs'] } }]);
    expect(await service.get()).to.equal(config);
  });

  it('creates the folder and the file on the first modify', async () => {
    await service.modify(['repositories', 'r'], { backend: 'local', path: '/srv/r' });
    expect(JSON.parse(await readFile(file, 'utf8'))).to.deep.equal({ repositories: { r: { backend: 'local', path: '/srv/r' } } });
    expect(await readdir(join(dir, 'etc'))).to.deep.equal(['timelocker.json']);
  });

  it('reports syntax errors with line and column', async () => {
    const error = await loadError('{\n  "repositories": {}\n  "plans": {}\n}\n');
    expect(error.issues).to.have.length(1);
    expect(error.issues[0]).to.include({ file, line: 3, column: 3, message: 'comma expected' });
    expect(error.message).to.equal(`${file}:3:3: comma expected`);
  });

  it('reports every schema and semantic issue at once, each at its node', async () => {
    const error = await loadError([
      '{',
      '  "repositories": {',
      '    "nas": { "backend": "ftp" },',
      '    "disk": { "backend": "local", "pth": "/x" },',
      '    "cloud": { "backend": "objstore", "bucket": "b", "secretAccessKey": "plain", "password": { "env": "PW" } }',
      '  },',
      '  "plans": {',
      '    "docs": { "repository": "disk", "paths": ["/ok", "relative/dir"] },',
      '    "mail": { "repository": "gone", "paths": ["/var/mail"], "tagz": [] }',
      '  },',
      '  "plugins": { "test.objstore": { "retries": -1 } },',
      '  "polices": {}',
      '}',
    ].join('\n'));
    const found = error.issues.map((i) => `${i.line}:${i.column} ${i.jsonPath}: ${i.message}`);
    expect(found).to.deep.equal([
      '4:13 /repositories/disk: missing required key "path"',
      '4:35 /repositories/disk/pth: unknown key "pth"',
      '5:73 /repositories/cloud/secretAccessKey: must be a secret source: { "keyring": true }, { "env": "VAR" }, { "file": "/abs/path" } or { "command": "…" } (secrets are never stored in the config file)',
      '8:54 /plans/docs/paths/1: must be an absolute path (starting with /): a relative one would depend on the folder the server was started in',
      '9:29 /plans/mail/repository: unknown repository "gone" (known: nas, disk, cloud)',
      '9:61 /plans/mail/tagz: unknown key "tagz"',
      '11:46 /plugins/test.objstore/retries: must be >= 0',
      '12:3 /polices: unknown key "polices"',
    ]);
    expect(error.message).not.to.contain('plain');
  });

  it('applies the backend schema only to repositories of that backend', async () => {
    await writeConfig(JSON.stringify({
      repositories: {
        disk: { backend: 'local', path: '/srv/disk', password: { keyring: true } },
        cloud: { backend: 'objstore', bucket: 'b', accessKeyId: 'AKIA', secretAccessKey: { command: 'pass show s3' } },
      },
      plans: { docs: { repository: 'disk', paths: ['/home/me'], exclude: ['*.tmp'], tags: ['docs'] } },
      plugins: { 'test.objstore': { retries: 2 }, 'someone.uninstalled': { anything: true } },
    }));
    const config = await service.load();
    expect(config.repositories.cloud?.secretAccessKey).to.deep.equal({ command: 'pass show s3' });
    const schema = service.composedSchema();
    expect(JSON.stringify(schema)).to.contain('"objstore"');
  });

  it('refuses a relative path in modify and leaves the file byte-identical', async () => {
    const original = '{\n  // keep me\n  "repositories": { "r": { "backend": "local", "path": "/srv/r" } }\n}\n';
    await writeConfig(original);
    let failure: unknown;
    try {
      await service.modify(['plans', 'docs'], { repository: 'r', paths: ['docs'] });
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(ConfigError);
    expect((failure as ConfigError).message).to.contain('/plans/docs/paths/0: must be an absolute path');
    expect(await readFile(file, 'utf8')).to.equal(original);
    expect(await readdir(join(dir, 'etc'))).to.deep.equal(['timelocker.json']);
  });

  it('never writes a plain secret, and never echoes it', async () => {
    const original = '{ "repositories": { "r": { "backend": "local", "path": "/srv/r" } } }';
    await writeConfig(original);
    for (const [path, value] of [
      [['repositories', 'r', 'password'], 'hunter2-secret'],
      [['repositories', 'c'], { backend: 'objstore', bucket: 'b', secretAccessKey: 'hunter2-secret' }],
    ] as const) {
      const error = await service.modify(path, value).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(ConfigError);
      expect((error as ConfigError).message).to.contain('secrets are never written to the config file');
      expect((error as ConfigError).message).not.to.contain('hunter2');
    }
    expect(await readFile(file, 'utf8')).to.equal(original);
    await service.modify(['repositories', 'r', 'password'], { env: 'RESTIC_PW' });
    expect((await service.get()).repositories.r?.password).to.deep.equal({ env: 'RESTIC_PW' });
  });

  it('refuses a path that does not fit the config\'s shape as a usage error, changing nothing', async () => {
    const original = '{ "repositories": { "r": { "backend": "local", "path": "/srv/r" } } }';
    await writeConfig(original);
    const error = await service.modify(['repositories', 'r', 'path', 'deeper'], 'x').then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(UsageError);
    expect((error as UsageError).message).to.equal('Cannot set /repositories/r/path/deeper in the config: Can not add index to parent of type string.');
    expect(await readFile(file, 'utf8')).to.equal(original);
  });

  it('modifies one value only while the file still has the hash it was read with', async () => {
    const original = '{ "repositories": {} }';
    await writeConfig(original);
    const stale = await service.modify(['limits'], { nice: 5 }, configHash('an older text')).then(() => undefined, (e: unknown) => e);
    expect(stale).to.be.instanceOf(ConfigConflictError);
    expect(await readFile(file, 'utf8')).to.equal(original);
    await service.modify(['limits'], { nice: 5 }, configHash(original));
    expect((await service.get())['limits']).to.deep.equal({ nice: 5 });
  });

  it('removes a value with undefined', async () => {
    await service.modify(['repositories', 'r'], { backend: 'local', path: '/srv/r' });
    await service.modify(['repositories', 'r'], undefined);
    expect((await service.load()).repositories).to.deep.equal({});
  });

  it('validates text that is not on disk', () => {
    const issues = service.validateText('{ "plans": { "p": { "repository": "x", "paths": [] } } }', 'editor.json');
    expect(issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.message}`)).to.deep.equal([
      'editor.json:1:35 unknown repository "x" (no repositories are configured)',
      'editor.json:1:49 must NOT have fewer than 1 items',
    ]);
  });

  it('refuses a key given twice in one object, naming where the first one is; the same key in different objects is fine', () => {
    const text = '{\n  "plans": {},\n  "repositories": { "r": { "backend": "local", "path": "/a" }, "s": { "backend": "local", "path": "/b" } },\n  "plans": {}\n}';
    expect(service.validateText(text, 'editor.json').map((i) => `${i.file}:${i.line}:${i.column} ${i.jsonPath} ${i.message}`)).to.deep.equal([
      'editor.json:4:3 /plans duplicate key "plans" (first at line 2, column 3; only one of them would count)',
    ]);
  });

  it('replaces the whole text only when the file still has the hash it was read with', async () => {
    await service.modify(['repositories', 'r'], { backend: 'local', path: '/srv/r' });
    const { text, hash } = await service.read();
    const seen: ConfigChange[] = [];
    service.onDidChangeConfig((c) => seen.push(c));
    const edited = text.replace('/srv/r', '/srv/elsewhere');
    const stale = await service.replace(edited, configHash('something older')).then(() => undefined, (e: unknown) => e);
    expect(stale).to.be.instanceOf(ConfigConflictError);
    expect(await readFile(file, 'utf8')).to.equal(text);
    const change = await service.replace(edited, hash);
    expect(change).to.deep.include({ hash: configHash(edited), via: 'replace', actor: 'test' });
    expect(seen.map((c) => c.hash)).to.deep.equal([change.hash]);
    expect((await service.get()).repositories.r?.['path']).to.equal('/srv/elsewhere');
  });

  it('watching: an edit in a text editor is one change event; its own writes are not announced twice; an invalid edit keeps the last valid config', async () => {
    await service.modify(['repositories', 'r'], { backend: 'local', path: '/srv/r' });
    const watching = await service.watch();
    const seen: ConfigChange[] = [];
    service.onDidChangeConfig((c) => seen.push(c));
    const nextEvent = () => new Promise<ConfigChange>((resolve) => { const d = service.onDidChangeConfig((c) => { d.dispose(); resolve(c); }); });
    try {
      const own = nextEvent();
      await service.modify(['plans', 'p'], { repository: 'r', paths: ['/home'] });
      await own;
      const byEditor = nextEvent();
      await writeFile(file, (await readFile(file, 'utf8')).replace('"/home"', '"/home/me"'));
      expect(await byEditor).to.deep.include({ via: 'file', actor: 'file-edit' });
      expect(seen.map((c) => c.via)).to.deep.equal(['modify', 'file']);
      expect((await service.get()).plans.p?.paths).to.deep.equal(['/home/me']);
      await writeFile(file, '{ "plans": { "p": { "repository": "nowhere" } } }');
      await service.reconcile();
      expect((await service.get()).plans.p?.paths, 'the last valid config').to.deep.equal(['/home/me']);
      expect(seen).to.have.length(2);
    } finally {
      watching.dispose();
    }
  });
});
