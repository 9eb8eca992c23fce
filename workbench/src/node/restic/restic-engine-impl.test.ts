import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancellationToken, CancellationTokenSource } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { rejection } from '../catalog/catalog-test-support.js';
import { LogServiceImpl } from '../core/log-service-impl.js';
import { ResticError } from './restic-errors.js';
import type { BackupProgress, ResticTarget } from './restic-engine.js';
import { ResticEngineImpl } from './restic-engine-impl.js';
import { ResticRunnerImpl } from './restic-runner.js';

describe('ResticEngineImpl (real restic)', function () {
  this.timeout(120_000);
  let dir: string;
  let engine: ResticEngineImpl;
  let log: LogServiceImpl;
  let target: ResticTarget;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-restic-'));
    const options = { configFile: join(dir, 'c.json'), dataDir: join(dir, 'data'), builtinPluginsDir: dir, extraPluginDirs: [], actor: 'test' };
    log = new LogServiceImpl(options);
    engine = new ResticEngineImpl(new ResticRunnerImpl(options, log));
    target = { name: 'r', location: { repository: join(dir, 'repo') }, password: 'engine-test-pw' };
    await engine.init(target, CancellationToken.None);
  });

  after(() => rm(dir, { recursive: true, force: true }));

  it('detects the restic version', async () => {
    const version = await engine.version();
    expect(version.version).to.match(/^\d+\.\d+\.\d+$/);
    expect(version.major * 100 + version.minor).to.be.at.least(14);
  });

  it('maps failures to typed errors with what to do', async () => {
    const wrong = await rejection(engine.snapshots({ ...target, password: 'nope-nope' }, CancellationToken.None));
    expect(wrong).to.be.instanceOf(ResticError);
    expect((wrong as ResticError).reason).to.equal('wrong-password');
    const missing = await rejection(engine.snapshots({ ...target, location: { repository: join(dir, 'missing') } }, CancellationToken.None));
    expect((missing as ResticError).reason).to.equal('repository-missing');
    expect(missing.message).to.include('timelocker repo init r');
    const again = await rejection(engine.init(target, CancellationToken.None));
    expect((again as ResticError).reason).to.equal('already-initialized');
  });

  it('streams progress, and cancels a running backup with SIGINT leaving no lock behind', async () => {
    const source = join(dir, 'big');
    await mkdir(source);
    for (let i = 0; i < 12; i++) await writeFile(join(source, `blob-${i}`), randomBytes(16 * 1024 * 1024));
    const cancel = new CancellationTokenSource();
    const seen: BackupProgress[] = [];
    const error = await rejection(engine.backup(target, { paths: [source], exclude: [], tags: [] }, (p) => {
      seen.push(p);
      cancel.cancel();
    }, cancel.token));
    expect(seen.length).to.be.greaterThan(0);
    expect((error as ResticError).reason).to.equal('cancelled');
    expect(await readdir(join(dir, 'repo', 'locks'))).to.deep.equal([]);
    const outcome = await engine.backup(target, { paths: [source], exclude: [], tags: ['t'] }, () => undefined, CancellationToken.None);
    expect(outcome.summary.files_new).to.equal(12);
    expect(outcome.summary.snapshot_id).to.be.a('string');
  });

  it('keeps the password out of restic argv and masks it in errors', async () => {
    const error = await rejection(engine.snapshots({ ...target, location: { repository: join(dir, 'missing'), flags: ['--no-such-flag'] } }, CancellationToken.None));
    expect(error.message).not.to.include('engine-test-pw');
    expect(log.mask('x engine-test-pw y')).to.equal('x *** y');
  });
});
