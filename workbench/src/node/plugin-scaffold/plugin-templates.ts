import type { Contributions } from '@timelocker/plugin-api/manifest';

export const pluginKinds = ['backend', 'report-format', 'policy-rule', 'notifier', 'view', 'command'] as const;
export type PluginKind = (typeof pluginKinds)[number];

export interface TemplateNames {
  /** Manifest `name`, also the contribution id for backends, report formats, policy rules and notifiers. */
  readonly name: string;
  readonly publisher: string;
}

export interface KindTemplate {
  readonly contributes: Contributions;
  /** `src/extension.ts`: `activate` with a working sample implementation. */
  readonly source: string;
  /** `src/extension.test.ts`: mocha + chai, the plugin loaded in a real plugin host. */
  readonly test: string;
}

const testPrelude = (kind: string): string => `import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { PluginTestHost } from '@timelocker/plugin-api/testing';

// The compiled test lives in dist/: the plugin folder is one level up.
const pluginPath = fileURLToPath(new URL('..', import.meta.url));

describe('${kind} plugin (real plugin host)', function () {
  this.timeout(30_000);
  let host: PluginTestHost;

  before(async () => {
    // What api.workspace answers in this host; the real one comes from the user's timelocker.json.
    const repositories = [{ name: 'home', backend: 'local', config: { path: '/srv/home' } }];
    host = await PluginTestHost.start({ pluginPath, workspace: { repositories } });
  });
  after(() => host.dispose());

  it('activates', async () => {
    const result = await host.activate();
    expect(result.state).to.equal('active');
  });
`;

function backend({ name }: TemplateNames): KindTemplate {
  return {
    contributes: {
      backends: [{
        id: name,
        label: `${name} backend`,
        configSchema: {
          type: 'object',
          properties: { path: { type: 'string', description: 'Absolute path of the restic repository.' } },
          required: ['path'],
        },
      }],
    },
    source: `import { isAbsolute } from 'node:path';
import type { JsonObject, PluginContext, ResticLocation, TimeLockerApi, ValidationIssue } from '@timelocker/plugin-api';

function pathOf(config: JsonObject): string {
  return typeof config['path'] === 'string' ? config['path'] : '';
}

/** Turns a repository entry into a restic location; restic moves the data, the plugin only says where. */
export function activate(api: TimeLockerApi, context: PluginContext): void {
  context.subscriptions.push(api.backends.register('${name}', {
    validate(config): ValidationIssue[] {
      return isAbsolute(pathOf(config)) ? [] : [{ path: '/path', message: 'path must be absolute' }];
    },
    resolve(config): ResticLocation {
      return { repository: pathOf(config) };
    },
  }));
}
`,
    test: `${testPrelude('backend')}
  it('resolves a repository location', async () => {
    expect(await host.resolveBackend('${name}', { path: '/srv/backup' })).to.deep.equal({ repository: '/srv/backup' });
  });

  it('rejects a relative path', async () => {
    const issues = await host.validateBackend('${name}', { path: 'relative' });
    expect(issues).to.have.length(1);
    expect(issues[0]!.message).to.match(/absolute/);
  });
});
`,
  };
}

function reportFormat({ name }: TemplateNames): KindTemplate {
  return {
    contributes: { reportFormats: [{ id: name, label: `${name} (plain text)`, extension: 'txt', mimeType: 'text/plain' }] },
    source: `import type { PluginContext, ReportDataDto, TimeLockerApi } from '@timelocker/plugin-api';

/** One line per row: "label: value" pairs, after a title line. */
export function render(report: ReportDataDto): string {
  const lines = report.rows.map((row) => report.columns.map((c) => \`\${c.label}: \${String(row[c.key] ?? '')}\`).join(', '));
  return [report.title, ...lines].join('\\n') + '\\n';
}

export function activate(api: TimeLockerApi, context: PluginContext): void {
  context.subscriptions.push(api.reports.registerFormat('${name}', { render: async (report) => render(report) }));
}
`,
    test: `${testPrelude('report format')}
  it('renders a report', async () => {
    const text = await host.renderReport('${name}', {
      type: 'jobs', title: 'Jobs', generatedAt: '2025-01-01T00:00:00Z', generator: 'test',
      columns: [{ key: 'id', label: 'ID' }, { key: 'status', label: 'Status' }],
      rows: [{ id: 'j1', status: 'succeeded' }], meta: {},
    });
    expect(text).to.equal('Jobs\\nID: j1, Status: succeeded\\n');
  });
});
`,
  };
}

function policyRule({ name }: TemplateNames): KindTemplate {
  return {
    contributes: {
      policyRules: [{
        id: name,
        label: 'Limit the number of paths in a plan',
        optionsSchema: { type: 'object', properties: { maxPaths: { type: 'integer', minimum: 1 } } },
        defaultSeverity: 'warning',
      }],
    },
    source: `import type { PluginContext, PolicyViolationDto, TimeLockerApi } from '@timelocker/plugin-api';

export function activate(api: TimeLockerApi, context: PluginContext): void {
  context.subscriptions.push(api.policies.registerRule('${name}', {
    async evaluate(policyContext, options): Promise<PolicyViolationDto[]> {
      const max = typeof options['maxPaths'] === 'number' ? options['maxPaths'] : 10;
      const paths = policyContext.plan?.paths.length ?? 0;
      return paths > max ? [{ message: \`plan \${policyContext.plan?.name} backs up \${paths} paths; at most \${max} allowed\` }] : [];
    },
  }));
}
`,
    test: `${testPrelude('policy rule')}
  const repository = { name: 'home', backend: 'local', config: { path: '/srv/backup' } };
  const plan = { name: 'docs', repository: 'home', paths: ['/a', '/b', '/c'], exclude: [], tags: [] };

  it('reports a plan with too many paths', async () => {
    const context = { operation: 'backup' as const, repository, plan, now: new Date().toISOString() };
    const violations = await host.evaluatePolicy('${name}', context, { maxPaths: 2 });
    expect(violations).to.have.length(1);
    expect(violations[0]!.message).to.include('3 paths');
  });

  it('accepts a plan within the limit', async () => {
    const context = { operation: 'backup' as const, repository, plan, now: new Date().toISOString() };
    expect(await host.evaluatePolicy('${name}', context, { maxPaths: 5 })).to.deep.equal([]);
  });
});
`,
  };
}

function notifier({ name }: TemplateNames): KindTemplate {
  return {
    contributes: {
      notifiers: [{
        id: name,
        label: `${name} (append to a file)`,
        configSchema: { type: 'object', properties: { file: { type: 'string' } }, required: ['file'] },
      }],
    },
    source: `import { appendFile } from 'node:fs/promises';
import type { PluginContext, TimeLockerApi } from '@timelocker/plugin-api';

/** Appends one line per notification to the configured file. */
export function activate(api: TimeLockerApi, context: PluginContext): void {
  context.subscriptions.push(api.notifiers.register('${name}', {
    async send(notification, config): Promise<void> {
      await appendFile(String(config['file']), \`[\${notification.severity}] \${notification.title}: \${notification.body}\\n\`);
    },
  }));
}
`,
    test: `${testPrelude('notifier')}
  it('appends the notification to the file', async () => {
    const { mkdtemp, readFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), '${name}-'));
    try {
      const file = join(dir, 'notifications.log');
      await host.sendNotification('${name}', {
        event: 'job.failed', title: 'Backup failed', body: 'plan docs', severity: 'error', details: {},
      }, { file });
      expect(await readFile(file, 'utf8')).to.equal('[error] Backup failed: plan docs\\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
`,
  };
}

function view({ name, publisher }: TemplateNames): KindTemplate {
  const viewId = `${publisher}.${name}.repositories`;
  return {
    contributes: { views: [{ id: viewId, name: 'Repositories', container: 'timelocker' }] },
    source: `import type { PluginContext, RepositoryDto, TimeLockerApi, TreeItemDto } from '@timelocker/plugin-api';

/** A flat tree of the configured repositories. */
export function activate(api: TimeLockerApi, context: PluginContext): void {
  context.subscriptions.push(api.views.registerDataProvider<RepositoryDto>('${viewId}', {
    getChildren: async (element) => (element ? [] : api.workspace.getRepositories()),
    getTreeItem: (repository): TreeItemDto => ({ label: repository.name, description: repository.backend }),
  }));
}
`,
    test: `${testPrelude('view')}
  it('lists the repositories', async () => {
    const nodes = await host.getViewChildren('${viewId}');
    expect(nodes.map((n) => n.item)).to.deep.equal([{ label: 'home', description: 'local' }]);
  });
});
`,
  };
}

function command({ name, publisher }: TemplateNames): KindTemplate {
  const commandId = `${publisher}.${name}.hello`;
  return {
    contributes: { commands: [{ id: commandId, title: 'Say hello', category: name }] },
    source: `import type { PluginContext, TimeLockerApi } from '@timelocker/plugin-api';

export function activate(api: TimeLockerApi, context: PluginContext): void {
  context.subscriptions.push(api.commands.register('${commandId}', (who) => {
    api.logger.info(\`greeting \${String(who)}\`);
    return \`hello \${String(who ?? 'world')}\`;
  }));
}
`,
    test: `${testPrelude('command')}
  it('runs the command', async () => {
    expect(await host.executeCommand('${commandId}', 'plugin author')).to.equal('hello plugin author');
  });
});
`,
  };
}

export const kindTemplates: Readonly<Record<PluginKind, (names: TemplateNames) => KindTemplate>> = {
  backend, 'report-format': reportFormat, 'policy-rule': policyRule, notifier, view, command,
};
