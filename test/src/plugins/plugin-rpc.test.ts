import type { ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CancellationError, CancellationToken, CancellationTokenSource, type Disposable, type JobDto, type JobKind, type JsonValue } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { Trace } from 'vscode-jsonrpc';
import { JobStore } from '../../../workbench/dist/node/catalog/job-store.js';
import { TargetResolver } from '../../../workbench/dist/node/operations/target-resolver.js';
import { ProviderUnavailableError } from '../../../workbench/dist/node/plugins/plugin-errors.js';
import { PolicyRuleRegistry } from '../../../workbench/dist/node/plugins/policy-rule-registry.js';
import { PolicyService } from '../../../workbench/dist/node/policies/policy-service.js';
import { BackendRegistry } from '../../../workbench/dist/node/plugins/backend-registry.js';
import { CommandRegistry } from '../../../workbench/dist/node/plugins/command-registry.js';
import { forkPluginHost } from '../../../workbench/dist/node/plugins/plugin-host-fork.js';
import type { PluginServiceImpl } from '../../../workbench/dist/node/plugins/plugin-service-impl.js';
import { PluginService } from '../../../workbench/dist/node/plugins/plugin-service.js';
import { ViewRegistry, type TreeDataChange } from '../../../workbench/dist/node/plugins/view-registry.js';
import { createTestKernel, rejectionOf, type TestKernel } from './plugin-kernel.js';

describe('plugin RPC (real plugin host)', function () {
  this.timeout(60_000);
  let kernel: TestKernel;
  let backends: BackendRegistry;
  let commands: CommandRegistry;
  const messages: string[] = [];
  let earlyHost: ChildProcess;

  before(async () => {
    // The host forked before the kernel started, as the CLI does for a job (cli/early-plugin-host.ts): every call
    // below goes to the adopted process.
    earlyHost = forkPluginHost();
    let early: ChildProcess | undefined = earlyHost;
    const takeEarlyProcess = (): ChildProcess | undefined => {
      const taken = early;
      early = undefined;
      return taken;
    };
    kernel = await createTestKernel(['good'], { takeEarlyProcess }, (dir) => ({
      repositories: { home: { backend: 'local', path: join(dir, 'repo'), password: { file: join(dir, 'repo-password') } } },
      plans: { docs: { repository: 'home', paths: [dir] }, music: { repository: 'home', paths: [dir] } },
      policies: [
        { rule: 'max-snapshot-age', options: { hours: 24 } }, { rule: 'require-check', options: { days: 7 } }, { rule: 'fixtures.fails' },
      ],
    }));
    await writeFile(join(kernel.temp.path, 'repo-password'), 'rpc-test-password', { mode: 0o600 });
    backends = kernel.container.get<BackendRegistry>(BackendRegistry);
    commands = kernel.container.get<CommandRegistry>(CommandRegistry);
    kernel.plugins.onDidShowMessage((m) => messages.push(`${m.pluginId}: ${m.message}`));
    await kernel.plugins.start();
  });
  after(() => kernel.dispose());

  it('carries cancellation to the provider in the host', async () => {
    const source = new CancellationTokenSource();
    const pending = backends.testConnection('fixtures.fixture-good', {}, {}, source.token);
    await pollUntil('the plugin to be active', () => kernel.status('fixtures.good').state === 'active', 15_000);
    source.cancel();
    const error = await rejectionOf(pending);
    expect(error).to.be.instanceOf(CancellationError);
    await pollUntil('the provider to see the cancellation', () => messages.includes('fixtures.good: cancellation reached testConnection'), 15_000);
  });

  it('passes config and secrets to a backend and returns its location', async () => {
    const resolved = await backends.resolve('fixtures.fixture-good', { path: 'x' }, { token: 's3cr3t-value' }, CancellationToken.None);
    expect(resolved).to.deep.equal({ issues: [], location: { repository: '/fixture/x', env: { FIXTURE_SECRET: 's3cr3t-value' } } });
    const issues = [{ path: '/path', message: 'path is required' }];
    expect(await backends.validate('fixtures.fixture-good', {}, CancellationToken.None)).to.deep.equal(issues);
    // Validated in the same round trip: an error issue comes back instead of a location.
    expect(await backends.resolve('fixtures.fixture-good', {}, { token: 's3cr3t-value' }, CancellationToken.None)).to.deep.equal({ issues });
  });

  it('validates and tests the builtin local backend', async () => {
    const root = join(kernel.temp.path, 'repos');
    await mkdir(root);
    const repo = join(root, 'main');
    expect(await backends.validate('local', { path: repo }, CancellationToken.None)).to.deep.equal([]);
    const relative = await backends.validate('local', { path: 'relative/repo' }, CancellationToken.None);
    expect(relative[0]).to.include({ path: '/path' });
    const noParent = await backends.validate('local', { path: join(root, 'missing', 'repo') }, CancellationToken.None);
    expect(noParent[0]!.message).to.match(/parent directory .*missing does not exist or is not writable/);
    const missing = await backends.testConnection('local', { path: repo }, {}, CancellationToken.None);
    expect(missing).to.include({ status: 'not-found', hint: 'timelocker repo init <name>' });
    await mkdir(repo);
    await writeFile(join(repo, 'config'), 'restic');
    expect((await backends.testConnection('local', { path: repo }, {}, CancellationToken.None)).status).to.equal('ok');
  });

  it('routes commands both ways: kernel -> plugin and plugin -> kernel', async () => {
    const echo = commands.registerCommand('kernel.echo', (...args: JsonValue[]) => ({ echoed: args }));
    try {
      expect(await commands.executeCommand('fixtures.good.callKernel', 1, 'two')).to.deep.equal({ echoed: [1, 'two'] });
    } finally {
      echo.dispose();
    }
    expect(commands.getCommands()).to.include('fixtures.good.hello');
  });

  it('serves tree data and forwards onDidChangeTreeData', async () => {
    const views = kernel.container.get<ViewRegistry>(ViewRegistry);
    const changes: TreeDataChange[] = [];
    const subscription: Disposable = views.onDidChangeTreeData((c) => changes.push(c));
    const roots = await views.getChildren('fixtures.good.tree');
    expect(roots.map((n) => n.item.label)).to.deep.equal(['alpha', 'beta']);
    const alpha = roots[0]!;
    expect(alpha.item.collapsible).to.equal(true);
    expect((await views.getChildren('fixtures.good.tree', alpha.elementId)).map((n) => n.item.label)).to.deep.equal(['alpha-1']);
    expect((await views.getTreeItem('fixtures.good.tree', alpha.elementId)).label).to.equal('alpha');
    await commands.executeCommand('fixtures.good.refresh');
    await pollUntil('the tree change event', () => changes.find((c) => c.viewId === 'fixtures.good.tree'), 15_000);
    expect((await views.getChildren('fixtures.good.tree')).map((n) => n.item.label)).to.include('gamma-2');
    subscription.dispose();
  });

  it('answers workspace reads and forwards finished jobs to plugins', async () => {
    expect(await commands.executeCommand('fixtures.good.repositories')).to.deep.equal(kernel.workspace.repositories);
    kernel.workspace.finished.fire({ id: 'job-7', kind: 'backup', status: 'succeeded', repository: 'home', queuedAt: new Date().toISOString() });
    await pollUntil('the plugin to see the finished job', () => messages.includes('fixtures.good: job job-7 finished'), 15_000);
  });

  it('resolves a backup target with one round trip to the backend and one batch for all its policies, and no call back', async () => {
    const jobs = kernel.container.get<JobStore>(JobStore);
    const ran = async (kind: JobKind, plan: string | undefined, status: 'succeeded' | 'failed', hoursAgo: number): Promise<JobDto> => {
      const { job } = await jobs.create({ kind, repository: 'home', ...(plan ? { plan } : {}) });
      return jobs.finish(job.id, { status, finishedAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString() });
    };
    const check = await ran('check', undefined, 'succeeded', 24 * 9);
    const backup = await ran('backup', 'docs', 'succeeded', 30);
    await ran('backup', 'docs', 'failed', 1);
    await ran('backup', 'music', 'succeeded', 2);
    const targets = kernel.container.get<TargetResolver>(TargetResolver);
    const purpose = { operation: 'backup', plan: 'docs' } as const;
    // The first resolve activates the plugins involved (one request per activation event, once per host).
    await targets.resolve('home', purpose, CancellationToken.None);

    const host = await kernel.container.get<PluginServiceImpl>(PluginService).connection();
    const wire: string[] = [];
    host!.rpc.trace(Trace.Messages, { log: (line: string) => wire.push(line) });
    const target = await targets.resolve('home', purpose, CancellationToken.None).finally(() => host!.rpc.trace(Trace.Off, { log: () => undefined }));
    const requests = wire.filter((line) => / request '/.test(line)).map((line) => line.replace(/ - \(\d+\)'\.$/, "'"));
    expect(requests, 'kernel -> host requests, and none host -> kernel').to.deep.equal(["Sending request '$evaluatePolicies'", "Sending request '$provideBackendResolve'"]);

    expect(target.location.repository).to.equal(join(kernel.temp.path, 'repo'));
    // The rules judged the facts the kernel gave them: a failed backup and another plan's backup do not count.
    expect(target.location.warnings).to.deep.equal([
      `policy max-snapshot-age: no successful backup of plan "docs" in 30.0 hours (last ${backup.finishedAt}, job ${backup.id}); the policy wants one at least every 24 hours.`,
      `policy require-check: repository "home" was last checked successfully 9.0 days ago (${check.finishedAt}); the policy wants a check at least every 7 days.`,
      'policy fixtures.fails: rule fixtures.fails could not be evaluated: policy rule "fixtures.fails" (plugin fixtures.good): rule exploded',
    ]);
    // Without a plan, a backup of any plan of the repository counts: music's, 2 hours ago.
    const repositoryWide = await kernel.container.get<PolicyService>(PolicyService).evaluate({ operation: 'prune', repository: 'home' }, CancellationToken.None);
    expect(repositoryWide.map((f) => f.rule)).to.deep.equal(['require-check', 'fixtures.fails']);
  });

  it('isolates each rule of a batch: one that throws, one that never answers and an unknown one fail alone', async () => {
    const rules = kernel.container.get<PolicyRuleRegistry>(PolicyRuleRegistry);
    const context = {
      operation: 'backup', now: new Date().toISOString(), repository: kernel.workspace.repositories[0]!,
      plan: { name: 'docs', repository: 'home', paths: ['/d'], exclude: [], tags: [] }, retention: { keepDaily: 3 },
    } as const;
    const outcomes = await rules.evaluate([
      { ruleId: 'fixtures.hangs', options: {} }, { ruleId: 'fixtures.fails', options: {} },
      { ruleId: 'min-retention', options: { keepDaily: 7 } }, { ruleId: 'acme.gone', options: {} },
    ], context, 200);
    const [hung, threw, answered, unknown] = outcomes as Array<Record<string, unknown>>;
    expect(hung).to.include({ timedOut: true });
    expect((threw!['error'] as Error).message).to.equal('policy rule "fixtures.fails" (plugin fixtures.good): rule exploded');
    expect(answered).to.deep.equal({ violations: [{ message: 'plan "docs" keeps 3 daily snapshot(s) (keepDaily: 3); the policy requires at least 7.' }] });
    expect(unknown!['error']).to.be.instanceOf(ProviderUnavailableError);
    // Given up on after its time limit, the rule that ignores its token was still told to stop.
    await pollUntil('the hanging rule to see the cancellation', () => messages.includes('fixtures.good: cancellation reached the hanging rule'), 15_000);
  });

  it('stops the host process by pid', async () => {
    const service = kernel.container.get<PluginServiceImpl>(PluginService);
    const pid = service.hostPid;
    expect(pid, 'the adopted early host').to.equal(earlyHost.pid);
    await kernel.plugins.stop();
    expect(() => process.kill(pid!, 0)).to.throw();
  });
});
