import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { UsageError } from '../core/errors.js';
import { packedPluginApi } from '../core/install-layout.js';
import { scanPluginFolder } from '../plugins/plugin-scanner.js';
import { scaffoldPlugin } from './plugin-scaffold.js';
import { pluginKinds } from './plugin-templates.js';

/** Building and testing the generated plugins with npm is covered in test/src/authoring/scaffold.test.ts. */
describe('plugin scaffold', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-scaffold-unit-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  for (const kind of pluginKinds) {
    it(`writes a ${kind} plugin whose manifest TimeLocker accepts without messages`, async () => {
      const result = await scaffoldPlugin({ name: `my-${kind}`, kind, dir, publisher: 'acme' });
      expect(result.files).to.have.members(['package.json', 'tsconfig.json', '.gitignore', 'README.md', 'src/extension.ts', 'src/extension.test.ts']);
      const scanned = scanPluginFolder(result.path, false);
      expect(scanned).to.include({ id: `acme.my-${kind}`, rejected: false });
      expect(scanned.messages).to.deep.equal([]);
      expect(scanned.activationEvents).to.have.length(1);
      const manifest = JSON.parse(await readFile(join(result.path, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
      expect(manifest['engines']).to.deep.equal({ timelocker: '^1.0.0' });
      // `npm run build` packs the API into this installation; new plugins depend on that copy.
      expect(manifest['dependencies']).to.deep.equal({ '@timelocker/plugin-api': `file:${packedPluginApi()}` });
      expect(await readFile(join(result.path, 'src', 'extension.test.ts'), 'utf8')).to.include("from '@timelocker/plugin-api/testing'");
    });
  }

  it('uses the given API package spec instead (e.g. a registry range for a release)', async () => {
    const result = await scaffoldPlugin({ name: 'p', kind: 'command', dir, apiSpec: '^1.0.0' });
    const manifest = JSON.parse(await readFile(join(result.path, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(manifest.dependencies['@timelocker/plugin-api']).to.equal('^1.0.0');
  });

  it('refuses bad names, unknown kinds and a non-empty target folder', async () => {
    const refused = async (work: Promise<unknown>): Promise<Error> => work.then(() => { throw new Error('expected a refusal'); }, (e: Error) => e);
    expect(await refused(scaffoldPlugin({ name: 'Bad Name', kind: 'command', dir }))).to.be.instanceOf(UsageError);
    expect((await refused(scaffoldPlugin({ name: 'x', kind: 'widget' as never, dir }))).message).to.match(/Unknown kind "widget"/);
    await scaffoldPlugin({ name: 'taken', kind: 'view', dir });
    await writeFile(join(dir, 'taken', 'keep.txt'), 'mine');
    expect((await refused(scaffoldPlugin({ name: 'taken', kind: 'view', dir }))).message).to.match(/exists and is not empty/);
    expect(await readFile(join(dir, 'taken', 'keep.txt'), 'utf8')).to.equal('mine');
  });
});
