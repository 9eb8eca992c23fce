import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { json, repoRoot } from './support/cli.js';
import { makeTempDir, type TempDir } from './support/temp-dir.js';

const exec = promisify(execFile);
const NOBODY = 65534;

interface Result { code: number; stdout: string; stderr: string }

/**
 * Root reads every file, so the test runs the CLI as an unprivileged user (setpriv) to make one file truly
 * unreadable — the real permission error restic meets on a desktop, not a simulated one.
 */
async function cliAsUser(home: string, args: string[]): Promise<Result> {
  const env = {
    PATH: process.env['PATH'] ?? '', HOME: home, TMPDIR: home,
    TIMELOCKER_CONFIG: join(home, 'timelocker.json'), TIMELOCKER_DATA_DIR: join(home, 'data'), REPO_PW: 'unreadable-pw-77',
  };
  const asUser = process.getuid?.() === 0 ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--'] : [];
  const argv = [...asUser, process.execPath, join(repoRoot, 'workbench', 'bin', 'timelocker.js'), ...args];
  try {
    const { stdout, stderr } = await exec(argv[0]!, argv.slice(1), { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('CLI backup with unreadable files', function () {
  this.timeout(120_000);
  let temp: TempDir;

  before(async () => {
    temp = await makeTempDir('tl-unreadable');
    await chmod(temp.path, 0o777);
  });

  after(() => temp?.remove());

  it('finishes the snapshot, names the unreadable file and exits 3', async () => {
    const home = join(temp.path, 'home');
    const source = join(home, 'source');
    await mkdir(source, { recursive: true });
    await writeFile(join(source, 'readable.txt'), 'fine\n');
    await writeFile(join(source, 'locked.txt'), 'nobody may read this\n');
    if (process.getuid?.() === 0) {
      for (const path of [home, source, join(source, 'readable.txt'), join(source, 'locked.txt')]) await chown(path, NOBODY, NOBODY);
    }
    await chmod(join(source, 'locked.txt'), 0o000);

    const steps = [
      ['repo', 'add', 'r', '--backend', 'local', '--path', join(home, 'repo'), '--password-env', 'REPO_PW'],
      ['repo', 'init', 'r'],
      ['plan', 'add', 'p', '--repo', 'r', '--path', source],
    ];
    for (const step of steps) {
      const result = await cliAsUser(home, step);
      expect(result.code, result.stderr).to.equal(0);
    }
    const backup = await cliAsUser(home, ['backup', 'p']);
    expect(backup.code, backup.stderr).to.equal(3);
    expect(backup.stderr).to.include(`unreadable: ${join(source, 'locked.txt')}`);
    const snapshots = json<unknown[]>(await cliAsUser(home, ['snapshots', '--json']));
    expect(snapshots).to.have.length(1);
    const [job] = json<Array<{ status: string; summary: { unreadableFiles: number } }>>(await cliAsUser(home, ['jobs', '--limit', '1', '--json']));
    expect(job?.status).to.equal('succeeded');
    expect(job?.summary.unreadableFiles).to.equal(1);
  });
});

