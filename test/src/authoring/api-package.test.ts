import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { repoRoot } from '../support/cli.js';
import { AuthorWorkspace, packedApi } from './authoring-support.js';

const exec = promisify(execFile);

interface PackedFile { path: string }

describe('@timelocker/plugin-api as a standalone package', function () {
  this.timeout(120_000);
  let author: AuthorWorkspace;

  before(async () => (author = await AuthorWorkspace.create('tl-api-package')));
  after(() => author.remove());

  it('is ready to publish: JavaScript, declarations, manifest schema, README and LICENSE, without tests or install records', async () => {
    const [pack] = JSON.parse(await author.npm(repoRoot, ['pack', '-w', 'plugin-api', '--dry-run', '--json', '--silent'])) as Array<{ files: PackedFile[] }>;
    const files = pack!.files.map((f) => f.path);
    expect(files).to.include.members([
      'README.md', 'LICENSE', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/manifest/index.d.ts',
      'dist/manifest/manifest.schema.json', 'dist/testing/index.js', 'dist/testing/index.d.ts',
    ]);
    expect(files.filter((f) => f.includes('.test.') || f.includes('timelocker-install'))).to.deep.equal([]);
  });

  it('is packed into the installation by the build, recording this installation\'s plugin host', async () => {
    const { stdout } = await exec('tar', ['-xzOf', packedApi, 'package/dist/testing/timelocker-install.json']);
    expect(JSON.parse(stdout)).to.deep.equal({ pluginHost: join(repoRoot, 'plugin-host', 'dist', 'main.js') });
    const { stdout: listing } = await exec('tar', ['-tzf', packedApi]);
    expect(listing.split('\n')).to.include.members(['package/LICENSE', 'package/dist/index.d.ts', 'package/dist/testing/plugin-test-host.js']);
  });

  it('generates the API reference from the .d.ts with typedoc, warnings treated as errors', async () => {
    const out = join(author.path, 'api-docs');
    await author.npm(join(repoRoot, 'plugin-api'), ['run', 'docs', '--', '--treatWarningsAsErrors', '--out', out, '--logLevel', 'Warn']);
    expect(existsSync(join(out, 'index.html'))).to.equal(true);
    expect(existsSync(join(out, 'classes', 'testing.PluginTestHost.html'))).to.equal(true);
    expect(existsSync(join(out, 'interfaces', 'index.TimeLockerApi.html'))).to.equal(true);
  });
});
