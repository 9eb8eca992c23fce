import { pollUntil } from '@timelocker/plugin-api/testing';
import { expect } from 'chai';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandEntry } from './command-manifest.js';
import { forkEarlyPluginHost } from './early-plugin-host.js';

const backup: CommandEntry = { name: 'backup', aliases: [], term: 'backup [options] <plan>', description: 'back up a plan now', startsJobs: true };
const snapshots: CommandEntry = { name: 'snapshots', aliases: [], term: 'snapshots [options]', description: 'list snapshots' };

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('CLI entry: the plugin host forked before the bundle loads', function () {
  this.timeout(30_000);
  let dataDir: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tl-early-host-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('is not forked for a command that starts no job, for --help, for --inspect-plugins, nor when a workbench socket is there', async () => {
    expect(forkEarlyPluginHost(snapshots, ['--data-dir', dataDir, 'snapshots'])).to.equal(undefined);
    expect(forkEarlyPluginHost(undefined, ['--data-dir', dataDir, 'nonsense'])).to.equal(undefined);
    expect(forkEarlyPluginHost(backup, ['--data-dir', dataDir, 'backup', 'p', '--help'])).to.equal(undefined);
    expect(forkEarlyPluginHost(backup, ['--data-dir', dataDir, '--inspect-plugins=0', 'backup', 'p'])).to.equal(undefined);
    await writeFile(join(dataDir, 'workbench.sock'), '');
    try {
      // The job would go to the running workbench: its host serves it.
      expect(forkEarlyPluginHost(backup, [`--data-dir=${dataDir}`, 'backup', 'p'])).to.equal(undefined);
      // A global flag after the command, as commander reads it.
      expect(forkEarlyPluginHost(backup, ['backup', 'p', '--data-dir', dataDir])).to.equal(undefined);
    } finally {
      await rm(join(dataDir, 'workbench.sock'));
    }
  });

  it('ends unused: `discard` stops the process by pid', async () => {
    const early = forkEarlyPluginHost(backup, ['--data-dir', dataDir, 'backup', 'p']);
    expect(early?.pid).to.be.a('number');
    expect(running(early!.pid!)).to.equal(true);
    early!.discard();
    await pollUntil('the unused host to end', () => !running(early!.pid!) || undefined, 10_000);
  });

  it('is taken once, and `discard` leaves a taken host alone; --no-workbench forks it even beside a workbench socket', async () => {
    await writeFile(join(dataDir, 'workbench.sock'), '');
    const early = forkEarlyPluginHost(backup, ['--data-dir', dataDir, 'backup', '--no-workbench', 'p']);
    await rm(join(dataDir, 'workbench.sock'));
    const child = early?.take();
    try {
      expect(child?.pid).to.equal(early!.pid);
      expect(early!.take()).to.equal(undefined);
      early!.discard();
      expect(child!.connected).to.equal(true);
    } finally {
      const exited = child && once(child, 'exit');
      child?.kill('SIGKILL');
      await exited;
    }
  });
});
