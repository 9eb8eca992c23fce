// Compiles the config validator of a default install (builtin plugins only) into dist: every CLI command validates
// the config, and compiling the composed schema was its largest cost after loading the code. The schema comes from
// the CLI itself (`config schema` on an empty data dir), so it is exactly what the kernel composes. Also the plugin
// manifest validators, which every kernel start runs over the installed plugins' package.json files. Each with a V8
// code cache of the validation of typical input: the builtin plugins' manifests, the config `repo add` and `plan add`
// write.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { webAssemblyFlags } from '../dist/cli/v8-flags.js';
import { writePrecompiledSchemaValidator } from '../dist/node/config/schema-validator-compiler.js';
import { writePrecompiledValidators } from '../dist/node/core/precompiled-validators.js';
import { manifestValidatorSet } from '../dist/node/plugins/plugin-scanner.js';

// The flags a command runs under when it loads the validators (src/cli/v8-flags.ts): V8 rejects a cache written under others.
setFlagsFromString(webAssemblyFlags);

const builtinPlugins = fileURLToPath(new URL('../../builtin-plugins/', import.meta.url));
const builtinManifests = readdirSync(builtinPlugins, { withFileTypes: true }).filter((entry) => entry.isDirectory())
  .map((entry) => JSON.parse(readFileSync(join(builtinPlugins, entry.name, 'package.json'), 'utf8')));
writePrecompiledValidators(manifestValidatorSet, (validators) => {
  for (const manifest of builtinManifests) {
    validators.manifest(manifest);
    for (const [point, value] of Object.entries(manifest.contributes ?? {})) {
      for (const entry of Array.isArray(value) ? value : [value]) validators[`contributes.${point}`]?.(entry);
    }
  }
});

const typicalConfig = {
  repositories: { home: { backend: 'local', path: '/srv/backup/home', password: { env: 'RESTIC_PASSWORD' } } },
  plans: { home: { repository: 'home', paths: ['/home'] } },
};

const bin = fileURLToPath(new URL('../bin/timelocker.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'timelocker-build-'));
try {
  const env = { ...process.env };
  for (const name of ['TIMELOCKER_CONFIG', 'TIMELOCKER_DATA_DIR']) delete env[name];
  const schema = execFileSync(process.execPath, [bin, '--data-dir', join(dir, 'data'), '--config', join(dir, 'timelocker.json'),
    '--accept-privacy-notice', 'config', 'schema'], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'inherit'] });
  writePrecompiledSchemaValidator(JSON.parse(schema), [{}, typicalConfig]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
