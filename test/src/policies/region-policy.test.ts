import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { auditLines } from '../support/audit-files.js';
import { json } from '../support/cli.js';
import { S3RVER_ACCESS_KEY_ID, type S3Server, startS3Server } from '../support/s3-server.js';
import { TestWorkspace } from '../support/workspace.js';

interface Finding { severity: string; rule: string; repository: string; message: string }
interface JobJson { status: string; summary?: { warnings?: string[] } }
interface AuditLine { type: string; severity: string; target: string | null; details: { operation?: string; blocked?: boolean; findings?: Array<{ rule: string }> } }

async function policyViolations(dataDir: string): Promise<AuditLine[]> {
  return (await auditLines(dataDir)).map((l) => JSON.parse(l.line) as AuditLine).filter((entry) => entry.type === 'policy.violation');
}

describe('region allow-list policy (real CLI, real restic, s3rver over HTTPS)', function () {
  this.timeout(180_000);
  let s3: S3Server;
  let ws: TestWorkspace;
  let source: string;
  const env = { S3_KEY: S3RVER_ACCESS_KEY_ID, S3_SECRET: 'region-secret-key-1', REPO_PW: 'region-repo-pw-1' };

  async function setPolicy(action: 'block' | 'warn'): Promise<void> {
    const config = JSON.parse(await readFile(ws.configFile, 'utf8')) as Record<string, unknown>;
    config['policies'] = [{ rule: 'region-allowlist', options: { allowed: ['@eea-uk'], action }, repositories: ['*'] }];
    await writeFile(ws.configFile, JSON.stringify(config, null, 2));
  }

  async function addRepo(name: string, region: string): Promise<{ code: number; stderr: string }> {
    return ws.cli(['repo', 'add', name, '--backend', 's3', '--endpoint', s3.endpoint, '--bucket', 'restic', '--prefix', name,
      '--region', region, '--path-style', '--ca-cert-file', s3.caCertFile,
      '--access-key-id-env', 'S3_KEY', '--secret-access-key-env', 'S3_SECRET', '--password-env', 'REPO_PW'], { env });
  }

  before(async () => {
    s3 = await startS3Server({ buckets: ['restic'] });
    ws = await TestWorkspace.create();
    source = join(ws.path, 'source');
    await import('node:fs/promises').then((fs) => fs.mkdir(source)).then(() => writeFile(join(source, 'a.txt'), 'data\n'));
    for (const [name, region] of [['frankfurt', 'eu-central-1'], ['virginia', 'us-east-1']] as const) {
      expect((await addRepo(name, region)).code).to.equal(0);
      expect((await ws.cli(['repo', 'init', name], { env })).code).to.equal(0);
      expect((await ws.cli(['plan', 'add', name, '--repo', name, '--path', source], { env })).code).to.equal(0);
    }
  });

  after(async () => {
    await s3?.stop();
    await ws?.remove();
  });

  it('blocks a backup to a region outside the allow-list before restic starts, and says why', async () => {
    await setPolicy('block');
    const before = (await ws.resticArgv()).length;
    const blocked = await ws.cli(['backup', 'virginia'], { env });
    expect(blocked.code).to.equal(1);
    expect(blocked.stderr).to.include('Blocked by policy region-allowlist').and.include('"us-east-1"');
    expect((await ws.resticArgv()).length, 'no restic process may start').to.equal(before);
    const [violation] = await policyViolations(ws.dataDir);
    expect(violation).to.deep.include({ severity: 'error', target: 'virginia' });
    expect(violation?.details).to.deep.include({ operation: 'backup', blocked: true });
    expect(violation?.details.findings?.map((f) => f.rule)).to.deep.equal(['region-allowlist']);
    const allowed = await ws.cli(['backup', 'frankfurt'], { env });
    expect(allowed.code, allowed.stderr).to.equal(0);
  });

  it('refuses to save a config that adds a repository in a blocked region, leaving the file unchanged', async () => {
    const config = await readFile(ws.configFile, 'utf8');
    const added = await addRepo('singapore', 'ap-southeast-1');
    expect(added.code).to.equal(2);
    expect(added.stderr).to.match(/timelocker\.json:\d+:\d+: \/repositories\/singapore: blocked by policy region-allowlist/);
    expect(await readFile(ws.configFile, 'utf8')).to.equal(config);
  });

  it('lists the findings with `policy check`, exiting 1 while one blocks', async () => {
    const checked = await ws.cli(['policy', 'check', '--json'], { env });
    expect(checked.code).to.equal(1);
    const findings = json<Finding[]>(checked);
    expect(findings.map((f) => [f.severity, f.repository])).to.deep.equal([['error', 'virginia']]);
  });

  it('in warn mode runs the backup and records the warning with the job', async () => {
    await setPolicy('warn');
    const run = await ws.cli(['backup', 'virginia'], { env });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.include('policy region-allowlist');
    const [job] = json<JobJson[]>(await ws.cli(['jobs', '--limit', '1', '--json'], { env }));
    expect(job?.status).to.equal('succeeded');
    expect(job?.summary?.warnings?.join(' ')).to.include('"us-east-1"');
    const warned = (await policyViolations(ws.dataDir)).at(-1);
    expect(warned).to.deep.include({ severity: 'warning', target: 'virginia' });
    expect(warned?.details).to.deep.include({ operation: 'backup', blocked: false });
  });
});
