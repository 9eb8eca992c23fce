// Cost of the region allow-list check before an operation: PolicyService.evaluate through the real kernel and plugin
// host, beside the rule's own evaluate() called in-process on the same context. Goal: ≤ 50 ms per check. Then all five
// builtin rules for one backup, which go to the host in one batch request, beside the five evaluate() calls in-process.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CancellationToken } from '@timelocker/plugin-api';
import { Trace } from 'vscode-jsonrpc';
import { backupWindow } from '../builtin-plugins/policies/dist/backup-window.js';
import { maxSnapshotAge } from '../builtin-plugins/policies/dist/max-snapshot-age.js';
import { minRetention } from '../builtin-plugins/policies/dist/min-retention.js';
import { regionAllowlist } from '../builtin-plugins/policies/dist/region-allowlist.js';
import { requireCheck } from '../builtin-plugins/policies/dist/require-check.js';
import { JobStore } from '../workbench/dist/node/catalog/job-store.js';
import { toPlanDto, toRepositoryDto } from '../workbench/dist/node/config/config-dtos.js';
import { startKernel } from '../workbench/dist/node/kernel.js';
import { resolveKernelOptions } from '../workbench/dist/node/kernel-paths.js';
import { PluginService } from '../workbench/dist/node/plugins/plugin-service.js';
import { PolicyService } from '../workbench/dist/node/policies/policy-service.js';
import { median, percentile } from './stats.mjs';

export const POLICY_GOAL_MS = 50;

const repository = { backend: 's3', endpoint: 'https://s3.eu-central-1.amazonaws.com', bucket: 'bench-backups', region: 'eu-central-1' };
const policy = { rule: 'region-allowlist', options: { allowed: ['@eea-uk'], action: 'block' }, repositories: ['*'] };
/** Every builtin rule, each passing for the plan below once it has a fresh backup and check on record. */
const allPolicies = [
  policy, { rule: 'min-retention', options: { keepDaily: 7 } }, { rule: 'max-snapshot-age', options: { hours: 24 } },
  { rule: 'require-check', options: { days: 7 } }, { rule: 'backup-window' },
];
const allRules = [regionAllowlist, minRetention, maxSnapshotAge, requireCheck, backupWindow];

async function timeEach(count, call) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const findings = await call();
    samples.push(performance.now() - started);
    if (findings.length !== 0) throw new Error(`eu-central-1 is in @eea-uk, yet the check found: ${JSON.stringify(findings)}`);
  }
  return samples;
}

/** `warmup` unmeasured calls per side, then `checks` per side in interleaved blocks, so drift hits both alike. */
async function interleaved(viaKernel, direct, { checks, warmup, blocks }) {
  await timeEach(warmup, viaKernel);
  await timeEach(warmup, direct);
  const tl = [];
  const raw = [];
  for (let b = 0; b < blocks; b++) {
    tl.push(...(await timeEach(checks / blocks, viaKernel)));
    raw.push(...(await timeEach(checks / blocks, direct)));
  }
  return { tl, raw };
}

/**
 * One kernel with an s3 repository in eu-central-1, a plan on it and a blocking `@eea-uk` policy. The first check
 * (which activates the policies plugin) is reported apart; then `warmup` unmeasured and `checks` measured calls per
 * side, in interleaved blocks.
 */
export async function benchPolicy({ workDir, checks = 200, warmup = 50, blocks = 4, log = () => undefined }) {
  const dir = join(workDir, 'policy');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'source'), { recursive: true });
  const plan = { repository: 'frankfurt', paths: [join(dir, 'source')], retention: { keepDaily: 7 } };
  const config = { repositories: { frankfurt: repository }, plans: { docs: plan }, policies: [policy] };
  const options = resolveKernelOptions({ configFile: join(dir, 'timelocker.json'), dataDir: join(dir, 'data') });
  writeFileSync(options.configFile, JSON.stringify(config, null, 2));
  const kernel = await startKernel(options);
  try {
    await kernel.get(PluginService).start();
    const policies = kernel.get(PolicyService);
    const scope = { operation: 'backup', repository: 'frankfurt', plan: 'docs' };
    const viaKernel = () => policies.evaluate(scope, CancellationToken.None);
    const context = { operation: 'backup', repository: toRepositoryDto('frankfurt', repository), plan: toPlanDto('docs', plan), now: new Date().toISOString() };
    const direct = () => regionAllowlist.evaluate(context, policy.options, CancellationToken.None);

    const started = performance.now();
    await viaKernel();
    const firstMs = performance.now() - started;
    // The measured path must really reach the rule: the same repository in us-east-1 has to be blocked.
    const elsewhere = { ...config, repositories: { frankfurt: { ...repository, endpoint: 'https://s3.us-east-1.amazonaws.com', region: 'us-east-1' } } };
    const blocked = await policies.evaluate(scope, CancellationToken.None, elsewhere);
    if (blocked.length !== 1 || blocked[0].severity !== 'error') throw new Error(`us-east-1 was not blocked: ${JSON.stringify(blocked)}`);
    const { tl, raw } = await interleaved(viaKernel, direct, { checks, warmup, blocks });
    const result = { firstMs, tlMs: median(tl), tlP95Ms: percentile(tl, 95), rawMs: median(raw), rawP95Ms: percentile(raw, 95), checks };
    log(`policy check: first ${firstMs.toFixed(1)} ms, then median ${result.tlMs.toFixed(3)} ms (p95 ${result.tlP95Ms.toFixed(3)}); rule alone ${(result.rawMs * 1000).toFixed(1)} µs`);
    return { ...result, all: await benchAllRules(kernel, config, scope, context, { checks, warmup, blocks }) };
  } finally {
    await kernel.stop();
  }
}

/**
 * The five builtin rules for one backup (a successful backup and check on record, so each passes): PolicyService.evaluate
 * (the job-history facts, then one batch request) beside the five rules' evaluate() in-process on the context they get.
 */
async function benchAllRules(kernel, config, scope, context, { checks, warmup, blocks }) {
  const jobs = kernel.get(JobStore);
  for (const kind of ['backup', 'check']) {
    const { job } = await jobs.create({ kind, repository: 'frankfurt', ...(kind === 'backup' ? { plan: 'docs' } : {}) });
    await jobs.finish(job.id, { status: 'succeeded' });
  }
  const policies = kernel.get(PolicyService);
  const all = { ...config, policies: allPolicies };
  const viaKernel = () => policies.evaluate(scope, CancellationToken.None, all);
  const fact = { jobId: 'bench', finishedAt: new Date().toISOString() };
  const full = { ...context, retention: config.plans.docs.retention, lastBackup: fact, lastCheck: fact };
  const direct = async () => (await Promise.all(allRules.map((rule, i) => rule.evaluate(full, allPolicies[i].options ?? {}, CancellationToken.None)))).flat();
  // The first call activates the other rules (one request per activation event); what is counted is a warm check.
  await viaKernel();
  const host = await kernel.get(PluginService).connection();
  const requests = [];
  host.rpc.trace(Trace.Messages, { log: (line) => /^Sending request/.test(line) && requests.push(line) });
  await viaKernel();
  host.rpc.trace(Trace.Off, { log: () => undefined });
  const { tl, raw } = await interleaved(viaKernel, direct, { checks, warmup, blocks });
  return { requests: requests.length, tlMs: median(tl), rawMs: median(raw) };
}
