import { CancellationTokenSource } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CliContext } from './cli-context.js';
import { readCommandManifest } from './command-manifest.js';
import { createProgram } from './program.js';

const bin = fileURLToPath(new URL('../../bin/timelocker.js', import.meta.url));

describe('CLI entry: help without loading command modules', () => {
  let dataDir: string;
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, TIMELOCKER_DATA_DIR: dataDir, TIMELOCKER_CONFIG: join(dataDir, 'timelocker.json') });
  const timelocker = (args: readonly string[]) => promisify(execFile)(process.execPath, [bin, ...args], { env: env() });

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tl-cli-entry-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('`--help` from the build-time manifest is the help of the program with every command module registered', async () => {
    const { stdout } = await timelocker(['--help']);
    // An empty manifest registers every module for real.
    const every = await createProgram((globals) => new CliContext(globals, new CancellationTokenSource().token), ['--data-dir', dataDir], []);
    every.configureOutput({ getOutHelpWidth: () => 80, getOutHasColors: () => false });
    expect(stdout).to.equal(every.helpInformation());
    const listed = readCommandManifest().flatMap((m) => m.commands.map((c) => c.name));
    expect(listed).to.deep.equal(every.commands.map((c) => c.name()));
    expect(listed).to.include.members(['repo', 'backup', 'snapshots', 'ls', 'status', 'serve']);
  });

  it('`repo add --help` shows the flags the installed backends contribute', async () => {
    const { stdout } = await timelocker(['repo', 'add', '--help']);
    expect(stdout).to.match(/--path <value>\s+local: /);
    expect(stdout).to.match(/--bucket <value>\s+s3: /);
  });

  it('a reader that leaves early (`| head`) ends the output quietly: no stack trace, the command\'s own exit code', async () => {
    for (const args of [['--help'], ['jobs', '--json']]) {
      const child = spawn(process.execPath, [bin, ...args], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
      // Closed before the CLI writes a byte: its first write fails with EPIPE.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      const [code] = await once(child, 'exit') as [number | null];
      expect(stderr, args.join(' ')).not.to.match(/EPIPE|Unhandled|at .*\(/);
      expect(code, `${args.join(' ')}: ${stderr}`).to.equal(0);
    }
  });
});
