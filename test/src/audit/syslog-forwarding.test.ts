import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { serveWorkbench, type ServedWorkbench } from '../api/serve-process.js';
import { json } from '../support/cli.js';
import { makeCertificate } from '../support/s3-server.js';
import { type ParsedSyslog, startTlsSyslogCollector, startUdpSyslogCollector, type SyslogCollector } from '../support/syslog-collector.js';
import { TestWorkspace } from '../support/workspace.js';

interface AuditJson { seq: number; time: string; type: string; severity: string; actor: string; target: string | null; hash: string }
interface SinkJson { name: string; type: string; queued: number; dropped: number; lastError?: string }

const BOM = '\uFEFF';
const levels: Record<string, string> = { info: 'info', warning: 'warn', error: 'error', critical: 'crit' };

/** The audit entry a message carries: its JSON body after the BOM. */
function entryOf(message: { raw: string }): AuditJson {
  const body = message.raw.slice(message.raw.indexOf(BOM) + 1);
  return JSON.parse(body) as AuditJson;
}

describe('audit forwarding to syslog (real CLI, real TLS and UDP collectors)', function () {
  this.timeout(180_000);
  let ws: TestWorkspace;
  let tls: SyslogCollector;
  let udp: SyslogCollector;
  let served: ServedWorkbench | undefined;

  /** `timelocker_audit_sink_queued_entries` per sink, from the workbench's /metrics. */
  const queuedMetric = async (): Promise<Record<string, number>> => {
    const response = await fetch(new URL('/metrics', served!.url), { headers: { authorization: `Bearer ${served!.adminToken}` } });
    const family = parsePrometheusTextFormat(await response.text()).find((f) => f.name === 'timelocker_audit_sink_queued_entries');
    return Object.fromEntries((family?.metrics ?? []).map((m) => [m.labels?.['sink'] ?? '', Number(m.value)]));
  };
  const audit = async (): Promise<AuditJson[]> => json<AuditJson[]>(await ws.cli(['audit', 'list', '--json']));
  const sinks = async (deliver = false): Promise<{ code: number; sinks: SinkJson[] }> => {
    const result = await ws.cli(['audit', 'sinks', '--json', ...(deliver ? ['--deliver'] : [])]);
    return { code: result.code, sinks: json<SinkJson[]>(result) };
  };

  before(async () => {
    ws = await TestWorkspace.create();
    const certificate = await makeCertificate(ws.path, 'collector');
    [tls, udp] = await Promise.all([startTlsSyslogCollector(certificate), startUdpSyslogCollector()]);
    await mkdir(join(ws.path, 'config'), { recursive: true });
    await writeFile(ws.configFile, JSON.stringify({
      auditSinks: {
        siem: { type: 'syslog', host: '127.0.0.1', port: tls.port, caCertFile: certificate.certFile, hostname: 'backup-host-7' },
        lan: { type: 'syslog', protocol: 'udp', host: '127.0.0.1', port: udp.port, facility: 'local3' },
      },
    }, null, 2));
  });

  after(async () => {
    await served?.stop();
    await Promise.all([tls?.stop(), udp?.stop()]);
    await ws?.remove();
  });

  it('every audit entry reaches the collector as RFC 5424 over TLS (RFC 5425 framing), in chain order', async () => {
    expect((await ws.cli(['repo', 'add', 'home', '--backend', 'local', '--path', join(ws.path, 'repo'), '--password-env', 'NO_SUCH_VAR'])).code).to.equal(0);
    expect((await ws.cli(['audit', 'verify'])).code).to.equal(0);
    const entries = await audit();
    expect(entries.length).to.be.greaterThanOrEqual(2);
    await pollUntil('the entries at the collector', async () => (tls.received.length >= entries.length ? true : undefined), 10_000);
    expect(tls.received.map((m) => entryOf(m).seq)).to.deep.equal(entries.map((e) => e.seq));
    for (const [i, message] of tls.received.entries()) {
      const entry = entries[i]!;
      const parsed: ParsedSyslog = message.parsed;
      expect(parsed).to.include({ type: 'RFC5424', version: 1, facility: 'authpriv', level: levels[entry.severity], host: 'backup-host-7', appName: 'timelocker', messageid: entry.type });
      expect(new Date(parsed.ts).getTime()).to.equal(Date.parse(entry.time));
      expect(parsed.structuredData[0]).to.include({ $id: 'timelocker@32473', seq: String(entry.seq), type: entry.type, actor: entry.actor, hash: entry.hash });
      expect(entryOf(message)).to.deep.equal(entry);
    }
    expect(tls.received.map((m) => m.parsed.messageid)).to.include('config.changed').and.include('audit.verified');
    const udpSeqs = udp.received.map((m) => entryOf(m).seq);
    expect(udpSeqs, 'UDP: one datagram per entry').to.deep.equal(entries.map((e) => e.seq));
    expect(udp.received[0]!.parsed).to.include({ type: 'RFC5424', facility: 'local3' });
    expect((await sinks()).sinks.map((s) => [s.name, s.queued, s.dropped])).to.deep.equal([['siem', 0, 0], ['lan', 0, 0]]);
  });

  it('collector down: entries wait on disk; once it is back the workbench delivers them in order, none lost, none twice', async () => {
    await tls.stop();
    const before = tls.received.length;
    served = await serveWorkbench(ws);
    for (let i = 0; i < 3; i++) expect((await ws.cli(['audit', 'verify'])).code, 'auditing goes on while the collector is down').to.equal(0);
    const down = await sinks(true);
    expect(down.code).to.equal(1);
    const siem = down.sinks.find((s) => s.name === 'siem')!;
    expect(siem.queued).to.be.greaterThanOrEqual(3);
    expect(siem.lastError).to.match(/syslog collector unreachable: nothing accepts connections at 127\.0\.0\.1:\d+ \(connection refused\)/);
    expect(tls.received.length).to.equal(before);
    expect((await queuedMetric())['siem']).to.equal(siem.queued);

    await tls.restart();
    await pollUntil('the workbench to deliver the backlog', async () => ((await sinks()).sinks.find((s) => s.name === 'siem')!.queued === 0 ? true : undefined), 30_000);
    expect(await queuedMetric()).to.deep.equal({ siem: 0, lan: 0 });
    const entries = await audit();
    const seqs = tls.received.map((m) => entryOf(m).seq);
    expect(new Set(seqs).size, 'none twice').to.equal(seqs.length);
    expect(seqs, 'every entry, in chain order').to.deep.equal(entries.map((e) => e.seq).slice(0, seqs.length));
    expect(seqs.length).to.be.greaterThanOrEqual(before + 3);
  });
});
