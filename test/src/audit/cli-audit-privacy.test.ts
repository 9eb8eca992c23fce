import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { json } from '../support/cli.js';
import { editAuditLines } from '../support/audit-files.js';
import { TestWorkspace } from '../support/workspace.js';

interface Entry { seq: number; type: string; severity: string; actor: string; target: string | null; details: Record<string, unknown>; prevHash: string; hash: string }

describe('CLI: audit log and privacy controls', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;
  const PASSWORD = 'audit-test-password-77';

  before(async () => {
    ws = await TestWorkspace.create({ USER: 'alice', TL_AUDIT_PW: PASSWORD });
  });

  after(() => ws?.remove());

  it('shows the privacy notice once on stderr when not on a TTY, and records that it was shown', async () => {
    const first = await ws.cli(['audit', 'list']);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stderr).to.include('TimeLocker privacy notice').and.include('Nothing leaves this machine');
    expect(first.stdout).not.to.include('privacy notice');
    const second = await ws.cli(['audit', 'list']);
    expect(second.stderr).not.to.include('privacy notice');
    const status = json<{ status: { decision: string; channel: string } }>(await ws.cli(['--json', 'privacy', 'notice']));
    expect(status.status).to.deep.include({ decision: 'shown', channel: 'stderr' });
    const accepted = await ws.cli(['--accept-privacy-notice', 'audit', 'list']);
    expect(accepted.code).to.equal(0);
    const after = json<{ status: { decision: string; channel: string } }>(await ws.cli(['--json', 'privacy', 'notice']));
    expect(after.status).to.deep.include({ decision: 'accepted', channel: 'flag' });
  });

  it('records config changes by key (never values) and lists them with filters', async () => {
    const added = await ws.cli(['repo', 'add', 'home', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'TL_AUDIT_PW']);
    expect(added.code, added.stderr).to.equal(0);
    const changes = json<Entry[]>(await ws.cli(['audit', 'list', '--type', 'config', '--actor', 'cli:alice', '--since', '1h', '--json']));
    expect(changes).to.have.length(1);
    expect(changes[0]!.details['added']).to.deep.equal(['/repositories/home']);
    expect(JSON.stringify(changes)).not.to.include('TL_AUDIT_PW');
    const none = json<Entry[]>(await ws.cli(['audit', 'list', '--severity', 'critical', '--json']));
    expect(none).to.deep.equal([]);
    const table = await ws.cli(['audit', 'list', '--type', 'config']);
    expect(table.stdout).to.match(/^SEQ\s+TIME\s+SEVERITY\s+TYPE\s+ACTOR\s+TARGET/);
    expect(table.stdout).to.include('config.changed').and.include('cli:alice');
    const bad = await ws.cli(['audit', 'list', '--since', 'yesterday-ish']);
    expect(bad.code).to.equal(2);
  });

  it('exports JSON lines whose hashes chain', async () => {
    expect((await ws.cli(['audit', 'verify'])).code).to.equal(0);
    const out = join(ws.path, 'audit.jsonl');
    const exported = await ws.cli(['audit', 'export', '--format', 'jsonl', '--out', out]);
    expect(exported.code, exported.stderr).to.equal(0);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Entry);
    expect(lines.length).to.be.greaterThan(1);
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.prevHash).to.equal(lines[i - 1]!.hash);
    const stdout = await ws.cli(['audit', 'export']);
    expect(stdout.stdout.trim().split('\n')).to.have.length.greaterThan(lines.length - 1);
    expect((await ws.cli(['audit', 'export', '--format', 'xml'])).code).to.equal(2);
  });

  it('verify exits 0 when intact and 1 naming the first bad entry after tampering', async () => {
    const ok = await ws.cli(['audit', 'verify']);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.match(/Audit log intact: \d+ entries, head [0-9a-f]{64}/);
    const entries = json<Entry[]>(await ws.cli(['audit', 'list', '--json']));
    const victim = entries[1]!.seq;
    await editAuditLines(ws.dataDir, (lines) => lines.map((line) => {
      const entry = JSON.parse(line) as Entry;
      return entry.seq === victim ? JSON.stringify({ ...entry, actor: 'cli:mallory' }) : line;
    }));
    const damaged = await ws.cli(['audit', 'verify']);
    expect(damaged.code).to.equal(1);
    expect(damaged.stderr).to.include(`DAMAGED at entry ${victim}: edited`);
    const asJson = json<{ intact: boolean; firstBad: { seq: number; damage: string } }>(await ws.cli(['audit', 'verify', '--json']));
    expect(asJson).to.deep.include({ intact: false });
    expect(asJson.firstBad).to.deep.include({ seq: victim, damage: 'edited' });
    const recorded = json<Entry[]>(await ws.cli(['audit', 'list', '--type', 'audit.verified', '--severity', 'critical', '--json']));
    expect(recorded.length).to.be.greaterThan(0);
  });

  it('privacy export writes config without secrets, jobs, audit entries and consents; erase leaves one tombstone', async () => {
    // A backup, a folder listing and a search leave file paths in the file index and the listing cache.
    const source = join(ws.path, 'alice-private');
    await mkdir(source);
    await writeFile(join(source, 'diary-2026.txt'), 'dear diary\n');
    for (const args of [['repo', 'init', 'home'], ['plan', 'add', 'diary', '--repo', 'home', '--path', source], ['backup', 'diary']]) {
      const step = await ws.cli(args);
      expect(step.code, `${args.join(' ')}: ${step.stderr}`).to.equal(0);
    }
    expect((await ws.cli(['ls', 'latest', source, '--repo', 'home'])).stdout).to.include('diary-2026.txt');
    expect((await ws.cli(['find', 'diary-2026'])).stdout).to.include('diary-2026.txt');
    const cachedPaths = async (): Promise<string[]> => (await Promise.all(['file-index', 'tree-listings'].map(async (dir) =>
      (await readdir(join(ws.dataDir, dir), { recursive: true }).catch(() => [] as string[])).map((f) => `${dir}/${f}`)))).flat();
    expect((await cachedPaths()).filter((f) => f.endsWith('.json') || f.includes('file-index/'))).to.not.be.empty;

    const out = join(ws.path, 'export.json');
    const exported = await ws.cli(['privacy', 'export', '--out', out]);
    expect(exported.code, exported.stderr).to.equal(0);
    const data = JSON.parse(await readFile(out, 'utf8')) as { config: { repositories: Record<string, unknown> }; jobs: unknown[]; auditEntries: Entry[]; consents: Array<{ decision: string }> };
    expect(Object.keys(data.config.repositories)).to.deep.equal(['home']);
    expect(data.auditEntries.length).to.be.greaterThan(3);
    expect(data.consents.map((c) => c.decision)).to.deep.equal(['shown', 'accepted']);
    expect(JSON.stringify(data)).not.to.include(PASSWORD);

    expect((await ws.cli(['privacy', 'erase'])).code).to.equal(2);
    const erased = await ws.cli(['privacy', 'erase', '--yes', '--json']);
    expect(erased.code, erased.stderr).to.equal(0);
    const result = json<{ consents: number; auditEntries: number; caches: string[]; tombstone: Entry }>(erased);
    expect(result.consents).to.equal(2);
    expect(result.caches).to.have.members(['file index', 'folder listings']);
    expect(await cachedPaths(), 'file paths left in the caches after privacy erase').to.deep.equal([]);
    expect(result.tombstone.type).to.equal('privacy.erased');
    const left = json<Entry[]>(await ws.cli(['audit', 'list', '--json']));
    expect(left[0]).to.deep.include({ seq: result.tombstone.seq, type: 'privacy.erased' });
    expect(left.slice(1).every((e) => e.type !== 'config.changed')).to.equal(true);
    const verified = await ws.cli(['audit', 'verify']);
    expect(verified.code, verified.stdout + verified.stderr).to.equal(0);
    expect(await readFile(ws.configFile, 'utf8')).to.include('"home"');
  });
});
