import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { serveWorkbench } from '../api/serve-process.js';
import { json } from '../support/cli.js';
import { listProcesses } from '../support/processes.js';
import { processGone } from '../support/tools.js';
import { workspaceWithLocalRepo } from '../support/workspace-with-repo.js';
import type { TestWorkspace } from '../support/workspace.js';

const PASSWORD = 'index-stop-pw-5120';

/** The `restic ls` that `parent` runs to index a snapshot (nice and ionice exec restic in place: a direct child). */
async function resticLsOf(parent: number): Promise<number | undefined> {
  return (await listProcesses()).find((proc) => proc.ppid === parent && proc.args.includes('ls') && proc.args.includes('--no-lock'))?.pid;
}

describe('stopping the workbench does not wait for background file indexing (real serve, real restic)', function () {
  this.timeout(240_000);
  let ws: TestWorkspace;

  after(() => ws?.remove());

  it('a stop interrupts the indexing restic; the next find indexes the snapshot in full', async () => {
    const repo = await workspaceWithLocalRepo(PASSWORD);
    ws = repo.ws;
    // Enough entries that listing the snapshot takes restic a while: the stop lands in the middle of it.
    for (let d = 0; d < 150; d++) {
      const dir = join(repo.source, `d${d}`);
      await mkdir(dir);
      await Promise.all(Array.from({ length: 200 }, (_, f) => writeFile(join(dir, `file-${d}-${f}.txt`), `${d}/${f}\n`)));
    }
    expect((await repo.cli(['plan', 'add', 'many', '--repo', 'r', '--path', repo.source])).code).to.equal(0);
    const backup = await repo.cli(['backup', 'many', '--no-workbench']);
    expect(backup.code, backup.stderr).to.equal(0);

    // serve catches up with the snapshot the CLI made (a CLI backup leaves indexing to whoever comes next).
    const served = await serveWorkbench(ws, { REPO_PW: PASSWORD });
    const servePid = served.running.child.pid!;
    const lister = await pollUntil('serve indexing the snapshot with restic ls', () => resticLsOf(servePid), 60_000, 10);
    await served.stop();
    expect((await served.running.done).code).to.equal(0);
    expect(await processGone(lister), 'the indexing restic ends with serve').to.equal(true);
    const log = await readFile(join(ws.dataDir, 'logs', 'timelocker.log'), 'utf8');
    expect(log).to.match(/r: indexing stopped \(0 snapshot\(s\) done\); the next sync goes on from there/);
    expect(log).not.to.match(/file index not brought up to date/);

    const found = json<{ matches: Array<{ path: string }> }>(await repo.cli(['find', 'file-149-199.txt', '--json']));
    expect(found.matches.map((m) => m.path)).to.deep.equal([join(repo.source, 'd149', 'file-149-199.txt')]);
  });
});
