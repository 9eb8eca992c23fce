import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { LogServiceImpl } from './log-service-impl.js';

describe('LogServiceImpl', () => {
  let dir: string;
  let log: LogServiceImpl;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-log-'));
    log = new LogServiceImpl({ configFile: join(dir, 'c.json'), dataDir: dir, builtinPluginsDir: dir, extraPluginDirs: [], actor: 'test' });
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('masks registered secrets and passwords inside URLs, in output and in the log file', async () => {
    log.addSecret('hunter2-secret');
    const line = 'Fatal: unable to open rest:https://backup:s3cr3t%21@host:8000/repo with key hunter2-secret';
    expect(log.mask(line)).to.equal('Fatal: unable to open rest:https://backup:***@host:8000/repo with key ***');
    log.getLogger('restic').error(line);
    const written = await readFile(join(dir, 'logs', 'timelocker.log'), 'utf8');
    expect(written).to.include('[restic]').and.include('https://backup:***@host').and.not.include('s3cr3t').and.not.include('hunter2-secret');
  });

  it('leaves URLs without credentials and short values alone', () => {
    log.addSecret('abc');
    expect(log.mask('s3:https://s3.eu-west-1.amazonaws.com/bucket abc')).to.equal('s3:https://s3.eu-west-1.amazonaws.com/bucket abc');
  });

  it('json format: one object per line with time, level, component, the job id inside a job, and masked secrets', async () => {
    log.setFormat('json');
    log.addSecret('hunter2-secret');
    const logger = log.getLogger('restic');
    logger.info('outside any job');
    await log.withContext({ jobId: 'job-42' }, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      logger.warn('using hunter2-secret at rest:https://u:pw12@host/repo');
    });
    const lines = (await readFile(join(dir, 'logs', 'timelocker.log'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).to.have.length(2);
    expect(lines[0]).to.have.keys('time', 'level', 'component', 'message');
    expect(lines[0]).to.include({ level: 'info', component: 'restic', message: 'outside any job' });
    expect(Date.parse(String(lines[0]!['time']))).to.be.closeTo(Date.now(), 60_000);
    expect(lines[1]).to.include({ level: 'warn', component: 'restic', jobId: 'job-42', message: 'using *** at rest:https://u:***@host/repo' });
  });

  it('a format from the command line wins over the config', () => {
    const fixed = new LogServiceImpl({ configFile: join(dir, 'c.json'), dataDir: dir, builtinPluginsDir: dir, extraPluginDirs: [], actor: 'test', logFormat: 'json' });
    fixed.setFormat('text');
    fixed.getLogger('x').info('m');
    return readFile(join(dir, 'logs', 'timelocker.log'), 'utf8').then((text) => expect(JSON.parse(text)).to.include({ component: 'x', message: 'm' }));
  });
});
