import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { repoRoot } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';
import { npm } from './authoring-support.js';

interface PackedFile { path: string }

describe('@timelocker/plugin-api as a standalone package', function () {
  this.timeout(120_000);

  it('packs its JavaScript, declarations, manifest schema and README, without tests', async () => {
    const [pack] = JSON.parse(await npm(repoRoot, ['pack', '-w', 'plugin-api', '--dry-run', '--json', '--silent'])) as Array<{ files: PackedFile[] }>;
    const files = pack!.files.map((f) => f.path);
    expect(files).to.include.members([
      'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/manifest/index.d.ts',
      'dist/manifest/manifest.schema.json', 'dist/testing/index.js', 'dist/testing/index.d.ts',
    ]);
    expect(files.filter((f) => f.includes('.test.'))).to.deep.equal([]);
  });

  it('generates the API reference from the .d.ts with typedoc, warnings treated as errors', async () => {
    const temp = await makeTempDir('tl-apidocs');
    try {
      await npm(join(repoRoot, 'plugin-api'), ['run', 'docs', '--', '--treatWarningsAsErrors', '--out', temp.path, '--logLevel', 'Warn']);
      expect(existsSync(join(temp.path, 'index.html'))).to.equal(true);
      expect(existsSync(join(temp.path, 'classes', 'testing.PluginTestHost.html'))).to.equal(true);
      expect(existsSync(join(temp.path, 'interfaces', 'index.TimeLockerApi.html'))).to.equal(true);
    } finally {
      await temp.remove();
    }
  });
});
