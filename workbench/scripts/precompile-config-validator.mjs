// Compiles the config validator of a default install (builtin plugins only) into dist: every CLI command validates
// the config, and compiling the composed schema was its largest cost after loading the code. The schema comes from
// the CLI itself (`config schema` on an empty data dir), so it is exactly what the kernel composes. Also the plugin
// manifest validators, which every kernel start runs over the installed plugins' package.json files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePrecompiledSchemaValidator } from '../dist/node/config/schema-validator-compiler.js';
import { writePrecompiledValidators } from '../dist/node/core/precompiled-validators.js';
import { manifestValidatorSet } from '../dist/node/plugins/plugin-scanner.js';

writePrecompiledValidators(manifestValidatorSet);

const bin = fileURLToPath(new URL('../bin/timelocker.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'timelocker-build-'));
try {
  const env = { ...process.env };
  for (const name of ['TIMELOCKER_CONFIG', 'TIMELOCKER_DATA_DIR']) delete env[name];
  const schema = execFileSync(process.execPath, [bin, '--data-dir', join(dir, 'data'), '--config', join(dir, 'timelocker.json'),
    '--accept-privacy-notice', 'config', 'schema'], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'inherit'] });
  writePrecompiledSchemaValidator(JSON.parse(schema));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
