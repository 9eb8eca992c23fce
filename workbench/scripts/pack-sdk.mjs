// Packs @timelocker/plugin-api into workbench/sdk/: the installed TimeLocker is the SDK that plugin authors build
// against (`timelocker plugin new` points new plugins at the tarball), with nothing published to a registry.
// The packed copy also records where this installation's plugin host is, so a plugin's own tests run in it
// without environment variables. `npm publish -w plugin-api` publishes the package without that record.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const api = join(root, 'plugin-api');
const sdkDir = join(root, 'workbench', 'sdk');
const manifest = JSON.parse(readFileSync(join(api, 'package.json'), 'utf8'));

const staging = mkdtempSync(join(tmpdir(), 'tl-sdk-'));
try {
  for (const file of ['README.md', 'LICENSE']) cpSync(join(api, file), join(staging, file));
  cpSync(join(api, 'dist'), join(staging, 'dist'), {
    recursive: true,
    filter: (path) => !/\.test\.|[/\\]api-docs$|\.tsbuildinfo$/.test(path),
  });
  writeFileSync(join(staging, 'dist', 'testing', 'timelocker-install.json'),
    `${JSON.stringify({ pluginHost: join(root, 'plugin-host', 'dist', 'main.js') }, null, 2)}\n`);
  // dist is built already: the packed manifest must not try to build it again.
  const scripts = { ...manifest.scripts };
  delete scripts.prepack;
  writeFileSync(join(staging, 'package.json'), `${JSON.stringify({ ...manifest, scripts }, null, 2)}\n`);
  mkdirSync(sdkDir, { recursive: true });
  const tarball = `timelocker-plugin-api-${manifest.version}.tgz`;
  for (const old of readdirSync(sdkDir)) if (old.endsWith('.tgz') && old !== tarball) unlinkSync(join(sdkDir, old));
  execFileSync('npm', ['pack', staging, '--pack-destination', sdkDir, '--ignore-scripts', '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    // npm keeps its logs in its cache folder: a private one leaves the user's ~/.npm alone.
    env: { ...process.env, npm_config_cache: join(staging, '.npm-cache'), npm_config_loglevel: 'error' },
  });
} finally {
  rmSync(staging, { recursive: true, force: true });
}
