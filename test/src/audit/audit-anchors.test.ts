import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { json } from '../support/cli.js';
import { auditLines, editAuditLines } from '../support/audit-files.js';
import type { TestWorkspace } from '../support/workspace.js';
import { workspaceWithRepo } from '../support/workspace-with-repo.js';

interface Entry { seq: number; time: string; type: string; severity: string; actor: string; target: string | null; details: unknown; prevHash: string; hash: string }
interface Snapshot { tags: string[] }

/** Canonical JSON (sorted keys) and SHA-256 chaining: all someone without the audit key can compute. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const object = value as Record<string, unknown>;
  return `{${Object.keys(object).filter((k) => object[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(object[k])}`).join(',')}}`;
}
function recomputed(entry: Entry, prevHash: string): Entry {
  const { seq, time, type, severity, actor, target, details } = entry;
  const hash = createHash('sha256').update(prevHash).update(canonical({ seq, time, type, severity, actor, target, details })).digest('hex');
  return { ...entry, prevHash, hash };
}

describe('audit heads recorded in backup snapshots (real restic): audit verify --against', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;
  let original: string[];

  before(async () => {
    let source: string;
    ({ ws, source } = await workspaceWithRepo(1024, { plan: 'docs' }));
    for (const step of [['backup', 'docs'], ['plan', 'add', 'more', '--repo', 'home', '--path', source], ['backup', 'docs']]) {
      const result = await ws.cli(step);
      expect(result.code, `${step.join(' ')}: ${result.stderr}`).to.equal(0);
    }
    original = (await auditLines(ws.dataDir)).map((l) => l.line);
  });

  after(() => ws?.remove());

  it('each snapshot carries the audit head, and the log matches them', async () => {
    const snapshots = json<Snapshot[]>(await ws.cli(['snapshots', '--json']));
    const tags = snapshots.flatMap((s) => s.tags.filter((t) => t.startsWith('timelocker-audit:')));
    expect(tags).to.have.length(2);
    const [, seq, hash] = tags[0]!.split(':');
    const entry = original.map((l) => JSON.parse(l) as Entry).find((e) => e.seq === Number(seq));
    expect(entry?.hash).to.equal(hash);
    const verified = await ws.cli(['audit', 'verify', '--against', 'home']);
    expect(verified.code, verified.stderr).to.equal(0);
    expect(verified.stdout).to.match(/Audit log intact: \d+ entries, head [0-9a-f]{64}, keyed from entry 1 \(key [0-9a-f]{16}\); 2 of 2 head\(s\) recorded in the snapshots of home match\./);
  });

  it('catches a truncated tail whose head records were rewritten, naming the first entry that no longer matches', async () => {
    const anchored = json<Snapshot[]>(await ws.cli(['snapshots', '--json']))
      .flatMap((s) => s.tags.filter((t) => t.startsWith('timelocker-audit:')).map((t) => Number(t.split(':')[1])));
    const lastAnchor = Math.max(...anchored);
    const kept = original.map((l) => JSON.parse(l) as Entry).filter((e) => e.seq < lastAnchor - 3);
    await editAuditLines(ws.dataDir, () => kept.map((e) => JSON.stringify(e)));
    await writeFile(join(ws.dataDir, 'audit-head.json'), JSON.stringify({ seq: kept.at(-1)!.seq, hash: kept.at(-1)!.hash }));

    const local = await ws.cli(['audit', 'verify']);
    expect(local.code, 'nothing left in the data dir shows the cut').to.equal(0);
    const against = await ws.cli(['audit', 'verify', '--against', 'home']);
    expect(against.code).to.equal(1);
    expect(against.stderr).to.match(new RegExp(`DAMAGED at entry \\d+: truncated: snapshot [0-9a-f]{8} of \\S+ records entry ${lastAnchor} as the head, but the log ends at entry \\d+`));
  });

  it('catches a chain recomputed from the start by someone without the key', async () => {
    let prev = '0'.repeat(64);
    const forged = original.map((line) => {
      const entry = recomputed({ ...(JSON.parse(line) as Entry), ...(line.includes('"backup.started"') ? { actor: 'cli:mallory' } : {}) }, prev);
      prev = entry.hash;
      return JSON.stringify(entry);
    });
    await editAuditLines(ws.dataDir, () => forged);
    await writeFile(join(ws.dataDir, 'audit-head.json'), JSON.stringify({ seq: (JSON.parse(forged.at(-1)!) as Entry).seq, hash: prev }));

    const local = await ws.cli(['audit', 'verify', '--json']);
    expect(local.code).to.equal(1);
    expect(json<{ firstBad: { seq: number; damage: string; problem: string } }>(local).firstBad).to.deep.include({ seq: 1, damage: 'forged' });
    const against = await ws.cli(['audit', 'verify', '--against', 'home']);
    expect(against.code).to.equal(1);
    expect(against.stderr).to.include('DAMAGED at entry 1: forged: entry 1 carries a hash computed without the audit key');
    expect(await readFile(join(ws.path, 'config', 'audit.key'), 'utf8'), 'the key lives beside the config, outside the data dir').to.match(/"keyedFromSeq":1/);
  });
});
