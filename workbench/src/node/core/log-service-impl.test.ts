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
});
