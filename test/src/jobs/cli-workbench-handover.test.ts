import { lstat, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { expect } from 'chai';
import { createMessageConnection, SocketMessageReader, SocketMessageWriter } from 'vscode-jsonrpc/node.js';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { serveWorkbench, type ServedWorkbench } from '../api/serve-process.js';
import { json } from '../support/cli.js';
import { withoutSessionBus } from '../support/private-keyring.js';
import { runCliOnTty } from '../support/tty.js';
import type { TestWorkspace } from '../support/workspace.js';
import { restic } from '../maintenance/maintenance-support.js';
import { addSlowPlan, editConfig, plansOf, REPO_PASSWORD_ENV, workspaceWithRepo } from '../support/workspace-with-repo.js';

interface JobJson { id: string; kind: string; status: string; repository: string; error?: string; summary?: Record<string, unknown>; log?: string[] }
interface CopyRunJson { destination: string; job: JobJson; retention?: JobJson }
interface RawSnapshot { id: string; tree: string; time: string; original?: string }
interface ConsentJson { id: number; decision: string; channel: string }

describe('the CLI hands jobs to a running workbench over its socket (real serve, real CLI, real restic)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let source: string;
  let served: ServedWorkbench;
  let servePid: number;
  let killed = false;
  const socket = (): string => join(ws.dataDir, 'workbench.sock');

  before(async () => {
    let repo: string;
    ({ ws, source, repo } = await workspaceWithRepo(1024 * 1024, { plan: 'docs' }));
    await addSlowPlan(ws);
    const password = REPO_PASSWORD_ENV.SCHED_REPO_PW;
    // Copy destinations (raw restic init: cheaper than the CLI).
    for (const name of ['offsite', 'vault']) await restic(join(ws.path, name), password, ['init']);
    await editConfig(ws, (config) => {
      for (const name of ['offsite', 'vault']) {
        (config['repositories'] as Record<string, unknown>)[name] = { backend: 'local', path: join(ws.path, name), password: { env: 'SCHED_REPO_PW' } };
      }
      // The same restic repository under a name whose password is in the keyring - which the workbench has none of.
      (config['repositories'] as Record<string, unknown>)['keyed'] = { backend: 'local', path: repo, password: { keyring: true } };
      plansOf(config)['keyed'] = { repository: 'keyed', paths: [source] };
      plansOf(config)['gone'] = { repository: 'home', paths: [join(ws.path, 'no-such-folder')] };
    });
    // No Secret Service anywhere in this test (and never the user's own).
    served = await serveWorkbench(ws, withoutSessionBus);
    servePid = served.running.child.pid!;
  });

  after(async () => {
    if (!killed) await served?.stop();
    await ws?.remove();
  });

  /** How many plugin hosts kernels of this data dir have stopped so far: a CLI that runs a job itself stops one. */
  const pluginHostsStopped = async (): Promise<number> =>
    ((await readFile(join(ws.dataDir, 'logs', 'timelocker.log'), 'utf8')).match(/Plugin host \d+ exited/g) ?? []).length;

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(new URL(`/api/v1${path}`, served.url), { headers: { authorization: `Bearer ${served.adminToken}` } });
    expect(response.status, path).to.equal(200);
    return await response.json() as T;
  };

  const post = async <T>(path: string, body: unknown, status: number): Promise<T> => {
    const response = await fetch(new URL(`/api/v1${path}`, served.url), {
      method: 'POST', headers: { authorization: `Bearer ${served.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const answer = await response.json() as T;
    expect(response.status, JSON.stringify(answer)).to.equal(status);
    return answer;
  };
  const startedHere = (job: JobJson): boolean => job.log!.some((line) => line.endsWith(`started (pid ${servePid})`));

  it('listens on a socket in the data dir that only this user can open', async () => {
    const stats = await lstat(socket());
    expect(stats.isSocket()).to.equal(true);
    expect(stats.mode & 0o777).to.equal(0o600);
    expect(stats.uid).to.equal(process.getuid!());
  });

  /** What the workbench answers a CLI asking, over its socket, for the latest record of the privacy notice. */
  const noticeInWorkbench = async (): Promise<ConsentJson | null> => {
    const client = connect(socket());
    const connection = createMessageConnection(new SocketMessageReader(client), new SocketMessageWriter(client));
    connection.listen();
    try {
      return await connection.sendRequest<ConsentJson | null>('$privacyNotice', { subject: 'privacy-notice', version: '1' });
    } finally {
      connection.dispose();
      client.destroy();
    }
  };

  it('a job handed over settles the privacy notice with the workbench\'s catalog; --accept-privacy-notice is still recorded', async () => {
    const asked = async (): Promise<string[]> =>
      (await readFile(join(ws.dataDir, 'logs', 'timelocker.log'), 'utf8')).match(/a CLI read the privacy-notice \(version 1\) here: [a-z ]+/g) ?? [];
    const before = (await asked()).length;
    // The workspace's first command showed the notice on stderr (no TTY): settled for scripts, not accepted.
    expect(await noticeInWorkbench()).to.include({ decision: 'shown', channel: 'stderr' });
    const handed = await ws.cli(['--accept-privacy-notice', 'backup', 'docs', '--json']);
    expect(handed.code, handed.stderr).to.equal(0);
    expect(startedHere(await api<JobJson>(`/jobs/${json<JobJson>(handed).id}`)), 'handed over').to.equal(true);
    // Shown is not accepted: the CLI recorded the flag's acceptance through its own kernel, as without a workbench.
    const accepted = await noticeInWorkbench();
    expect(accepted).to.include({ decision: 'accepted', channel: 'flag' });
    const status = json<{ status: ConsentJson }>(await ws.cli(['privacy', 'notice', '--json'])).status;
    expect(status.id, 'the same record the CLI reads from the catalog').to.equal(accepted!.id);
    const again = await ws.cli(['--accept-privacy-notice', 'backup', 'docs']);
    expect(again.code, again.stderr).to.equal(0);
    expect((await noticeInWorkbench())!.id, 'accepted once, not again').to.equal(accepted!.id);
    // Each backup asked the workbench before anything else (between this test's own asks): the first was told
    // "shown" and went on to its kernel, the second was settled there.
    const asks = await pollUntil('the workbench to log five asks', async () => {
      const lines = (await asked()).slice(before);
      return lines.length >= 5 ? lines : undefined;
    }, 10_000);
    expect(asks.map((line) => line.split(': ')[1])).to.deep.equal(['shown', 'shown', 'accepted', 'accepted', 'accepted']);
  });

  it('`backup` runs in the workbench, recorded once for the CLI, with the same --json result and exit code as in-process', async () => {
    const hostsBefore = await pluginHostsStopped();
    const handed = await ws.cli(['backup', 'docs', '--json']);
    expect(handed.code, handed.stderr).to.equal(0);
    const job = json<JobJson>(handed);
    expect(handed.stderr, 'the job\'s own output, live from the workbench').to.match(/audit head recorded in snapshot [0-9a-f]{8}: entry \d+/);
    expect(await pluginHostsStopped(), 'the CLI started no plugin host of its own').to.equal(hostsBefore);
    const shown = await api<JobJson>(`/jobs/${job.id}`);
    expect(shown.status).to.equal('succeeded');
    expect(shown.log!.some((line) => line.endsWith(`started (pid ${servePid})`)), shown.log!.join('\n')).to.equal(true);
    expect(shown.log!.some((line) => / queued: backup docs for cli:/.test(line)), 'on behalf of the CLI').to.equal(true);
    const listed = await api<{ items: JobJson[] }>('/jobs?kind=backup&plan=docs');
    expect(listed.items.filter((j) => j.id === job.id), 'recorded once').to.have.length(1);

    const local = await ws.cli(['backup', 'docs', '--json', '--no-workbench']);
    expect(local.code, local.stderr).to.equal(0);
    const localJob = json<JobJson>(local);
    expect(await pluginHostsStopped(), 'in-process: the CLI ran its own plugin host').to.equal(hostsBefore + 1);
    expect(Object.keys(localJob).sort()).to.deep.equal(Object.keys(job).sort());
    expect(Object.keys(localJob.summary!).sort()).to.deep.equal(Object.keys(job.summary!).sort());
    expect((await api<JobJson>(`/jobs/${localJob.id}`)).log!.some((line) => line.endsWith(`started (pid ${servePid})`))).to.equal(false);
  });

  it('`restore` runs in the workbench too, writing where the CLI asked', async () => {
    const target = join(ws.path, 'restored');
    const result = await ws.cli(['restore', 'latest', '--repo', 'home', '--target', target, '--json']);
    expect(result.code, result.stderr).to.equal(0);
    const job = json<JobJson>(result);
    expect((await api<JobJson>(`/jobs/${job.id}`)).log!.some((line) => line.endsWith(`started (pid ${servePid})`))).to.equal(true);
    expect((await readFile(join(target, source, 'random.bin'))).equals(await readFile(join(source, 'random.bin')))).to.equal(true);
  });

  it('`copy` runs in the workbench, recorded once for the CLI, with the same --json result and exit code as in-process', async () => {
    const hostsBefore = await pluginHostsStopped();
    const handed = await ws.cli(['copy', 'docs', '--to', 'offsite', '--json']);
    expect(handed.code, handed.stderr).to.equal(0);
    const [run] = json<CopyRunJson[]>(handed);
    expect(run!.destination).to.equal('offsite');
    expect(run!.job.summary?.['copied']).to.equal(1);
    expect(await pluginHostsStopped(), 'the CLI started no plugin host of its own').to.equal(hostsBefore);
    const shown = await api<JobJson>(`/jobs/${run!.job.id}`);
    expect(shown.status).to.equal('succeeded');
    expect(startedHere(shown), shown.log!.join('\n')).to.equal(true);
    expect(shown.log!.some((line) => / queued: copy docs for cli:/.test(line)), 'on behalf of the CLI').to.equal(true);
    const listed = await api<{ items: JobJson[] }>('/jobs?kind=copy&plan=docs');
    expect(listed.items.filter((j) => j.id === run!.job.id), 'recorded once').to.have.length(1);

    // Nothing new to copy the second time: the same answer, from the CLI's own kernel.
    const local = await ws.cli(['copy', 'docs', '--to', 'offsite', '--json', '--no-workbench']);
    expect(local.code, local.stderr).to.equal(0);
    const [localRun] = json<CopyRunJson[]>(local);
    expect(localRun!.job.summary?.['copied']).to.equal(0);
    expect(Object.keys(localRun!).sort()).to.deep.equal(Object.keys(run!).sort());
    expect(Object.keys(localRun!.job).sort()).to.deep.equal(Object.keys(run!.job).sort());
    expect(startedHere(await api<JobJson>(`/jobs/${localRun!.job.id}`))).to.equal(false);
  });

  it('an unknown plan to copy: the same error through the workbench, in-process and from POST /api/v1/jobs', async () => {
    const handed = await ws.cli(['copy', 'nope']);
    const local = await ws.cli(['copy', 'nope', '--no-workbench']);
    expect(handed.stderr).to.match(/Unknown plan "nope"\. Configured: /);
    expect(handed.code).to.equal(local.code).and.not.equal(0);
    expect(handed.stderr).to.equal(local.stderr);
    const answer = await post<{ message: string }>('/jobs', { kind: 'copy', plan: 'nope' }, 404);
    expect(handed.stderr).to.include(answer.message);
  });

  it('a copy to a repository whose password only a prompt can give is left to the CLI: the check covers every destination', async () => {
    const result = await ws.cli(['copy', 'docs', '--to', 'keyed'], { env: withoutSessionBus });
    expect(result.stderr).to.match(/The running workbench \(pid \d+\) does not take this job: it cannot read the password of repository "keyed"/);
  });

  it('POST /api/v1/jobs { kind: copy } copies to every destination: answers the first one\'s job, all of them in `jobs`', async () => {
    const started = await post<JobJson & { joined: boolean; jobs: JobJson[] }>('/jobs', { kind: 'copy', plan: 'docs', to: ['offsite', 'vault'] }, 202);
    expect(started.jobs.map((j) => j.repository)).to.deep.equal(['offsite', 'vault']);
    expect(started).to.include({ id: started.jobs[0]!.id, kind: 'copy', joined: false });
    const [offsite, vault] = await Promise.all(started.jobs.map((j) => pollUntil(`copy job ${j.id} to end`, async () => {
      const job = await api<JobJson>(`/jobs/${j.id}`);
      return job.status === 'queued' || job.status === 'running' ? undefined : job;
    })));
    expect(offsite!.status, offsite!.error).to.equal('succeeded');
    expect(vault!.status, vault!.error).to.equal('succeeded');
    expect(offsite!.summary?.['copied'], 'offsite had it already').to.equal(0);
    // The copy exists in the destination with the source's tree (what the job verified).
    const latest = (JSON.parse(await restic(join(ws.path, 'repo'), REPO_PASSWORD_ENV.SCHED_REPO_PW, ['snapshots', '--json'])) as RawSnapshot[])
      .sort((a, b) => a.time.localeCompare(b.time)).at(-1)!;
    const copies = JSON.parse(await restic(join(ws.path, 'vault'), REPO_PASSWORD_ENV.SCHED_REPO_PW, ['snapshots', '--json'])) as RawSnapshot[];
    expect(copies).to.have.length(1);
    expect(copies[0]).to.include({ original: latest.id, tree: latest.tree });
    expect(vault!.summary?.['copies']).to.deep.equal([{ source: latest.id, copy: copies[0]!.id, tree: latest.tree }]);
  });

  it('a failing job fails the same way through the workbench and in-process', async () => {
    const handed = await ws.cli(['backup', 'gone']);
    const local = await ws.cli(['backup', 'gone', '--no-workbench']);
    expect(handed.code, handed.stderr).to.equal(2);
    expect(local.code, local.stderr).to.equal(2);
    const message = (stderr: string): string => stderr.replace(/\(job \w+\)/, '(job …)');
    expect(message(handed.stderr)).to.equal(message(local.stderr));
    expect(handed.stderr).to.match(/backup failed: Plan "gone": ".*no-such-folder" does not exist/);
  });

  it('a password the workbench sees differently: the CLI runs the job itself, saying why, without sending it', async () => {
    const wrong = 'not-the-password-42';
    const result = await ws.cli(['backup', 'docs'], { env: { SCHED_REPO_PW: wrong } });
    expect(result.code, result.stderr).to.equal(1);
    expect(result.stderr).to.match(/The running workbench \(pid \d+\) does not take this job: its environment has a different SCHED_REPO_PW\. Running it here\./);
    expect(result.stderr, result.stderr).to.match(/backup failed: .*password/);
    expect(result.stderr, 'no snapshot, so no audit head in one').not.to.match(/audit head recorded/);
    const serveLog = await readFile(join(ws.dataDir, 'logs', 'timelocker.log'), 'utf8');
    expect(serveLog).not.to.include(wrong);
    expect(serveLog).not.to.include(REPO_PASSWORD_ENV.SCHED_REPO_PW);
  });

  it('a password only a prompt can give: the workbench declines, and the CLI asks for it on its terminal', async () => {
    const env = { TIMELOCKER_CONFIG: ws.configFile, TIMELOCKER_DATA_DIR: ws.dataDir, ...withoutSessionBus };
    const result = await runCliOnTty(['--accept-privacy-notice', 'backup', 'keyed'], env, [{ prompt: 'Password for repository "keyed": ', answer: `${REPO_PASSWORD_ENV.SCHED_REPO_PW}\r` }]);
    expect(result.code, result.output).to.equal(0);
    expect(result.output).to.match(/The running workbench \(pid \d+\) does not take this job: it cannot read the password of repository "keyed" \(No Secret Service is available.*\)\. Running it here\./);
    expect(result.output).to.match(/Snapshot \w+ saved/);
  });

  it('Ctrl-C (SIGINT) to the CLI cancels the job in the workbench: exit 130, the job cancelled there', async () => {
    const backup = ws.spawn(['backup', 'slow']);
    const running = await pollUntil('the slow backup running in the workbench', async () =>
      (await api<{ items: JobJson[] }>('/jobs?status=running&plan=slow')).items[0]);
    backup.child.kill('SIGINT');
    const result = await backup.done;
    expect(result.code, result.stderr).to.equal(130);
    const ended = await api<JobJson>(`/jobs/${running.id}`);
    expect(ended.status).to.equal('cancelled');
    expect(ended.log!.some((line) => line.endsWith(`started (pid ${servePid})`))).to.equal(true);
    expect(served.running.child.exitCode, 'the workbench goes on').to.equal(null);
  });

  it('`resume` is not handed over: it runs in the CLI and says why in one line', async () => {
    const result = await ws.cli(['resume']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr.split('\n').filter((line) => /workbench/.test(line))).to.have.length(1);
    expect(result.stderr).to.match(/^note: `resume` runs in this process although a workbench is running: it sweeps all interrupted jobs/m);
    expect(result.stdout).to.match(/interrupted job\(s\)/);
  });

  it('a stale socket (the workbench was killed) is ignored: the CLI runs the job itself, without a warning', async () => {
    killed = served.running.child.kill('SIGKILL');
    await served.running.done;
    expect((await lstat(socket())).isSocket(), 'the killed workbench left its socket').to.equal(true);
    const result = await ws.cli(['backup', 'docs']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).not.to.match(/workbench/i);
  });
});
