import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json } from './support/cli.js';
import { TestWorkspace } from './support/workspace.js';

interface JobJson { id: string; kind: string; status: string; error?: string }

describe('CLI interruption', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  const env = { REPO_PW: 'interrupt-pw-1234' };

  before(async () => {
    ws = await TestWorkspace.create();
    const source = join(ws.path, 'big');
    await mkdir(source);
    for (let i = 0; i < 16; i++) await writeFile(join(source, `blob-${i}`), randomBytes(16 * 1024 * 1024));
    expect((await ws.cli(['repo', 'add', 'r', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'REPO_PW'], { env })).code).to.equal(0);
    expect((await ws.cli(['repo', 'init', 'r'], { env })).code).to.equal(0);
    expect((await ws.cli(['plan', 'add', 'big', '--repo', 'r', '--path', source], { env })).code).to.equal(0);
  });

  after(() => ws?.remove());

  async function runningBackup(): Promise<JobJson> {
    return pollUntil('a running backup job', async () => json<JobJson[]>(await ws.cli(['jobs', '--status', 'running', '--json'], { env }))[0]);
  }

  it('Ctrl-C (SIGINT) stops restic cleanly: exit 130, job cancelled, no stale lock', async () => {
    const backup = ws.spawn(['backup', 'big'], { env });
    await runningBackup();
    backup.child.kill('SIGINT');
    const result = await backup.done;
    expect(result.code, result.stderr).to.equal(130);
    const [last] = json<JobJson[]>(await ws.cli(['jobs', '--limit', '1', '--json'], { env }));
    expect(last?.status).to.equal('cancelled');
    const locks = await readdir(join(ws.path, 'repo', 'locks'));
    expect(locks, await readFile(join(ws.dataDir, 'logs', 'timelocker.log'), 'utf8')).to.deep.equal([]);
  });

  it('a CLI killed mid-backup leaves a job that the next start marks interrupted, audits, and keeps the output of', async () => {
    const backup = ws.spawn(['backup', 'big'], { env });
    const job = await runningBackup();
    // Killed only once restic's start is in the job's output: that output must survive the kill.
    const startedLine = /started \(pid \d+\)$/;
    await pollUntil('restic started in the job output', async () =>
      json<{ log: string[] }>(await ws.cli(['job', 'show', job.id, '--log', '--json'], { env })).log.some((line) => startedLine.test(line)));
    backup.child.kill('SIGKILL');
    await backup.done;
    const after = json<JobJson & { log: string[] }>(await ws.cli(['job', 'show', job.id, '--log', '--json'], { env }));
    expect(after.status).to.equal('interrupted');
    expect(after.error).to.include('interrupted');
    expect(after.log.some((line) => startedLine.test(line)), 'the output up to the kill').to.equal(true);
    const audited = json<Array<{ type: string; details: { jobId?: string } }>>(await ws.cli(['audit', 'list', '--type', 'backup.interrupted', '--json'], { env }));
    expect(audited.map((e) => e.details.jobId)).to.deep.equal([job.id]);
  });
});
