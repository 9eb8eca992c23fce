import { spawn } from 'node:child_process';
import { type Command, InvalidArgumentError } from 'commander';
import { ApiTokenService, apiRoles, isApiRole, type ApiRole } from '../../node/api-tokens/api-token-service.js';
import { tokenExpiry } from '../../node/api-tokens/token-expiry.js';
import { isLoopback } from '../../node/api-server/origin-guard.js';
import { startWorkbenchServer } from '../../node/workbench-server.js';
import { NotFoundError } from '../../node/core/errors.js';
import { resolveKernelOptions } from '../../node/kernel-paths.js';
import { kernelOverrides, pluginHostModules, type CliContext, type GlobalOptions } from '../cli-context.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is 0..65535 (0 picks a free one)');
  return n;
}

function role(value: string): ApiRole {
  if (!isApiRole(value)) throw new InvalidArgumentError(`one of ${apiRoles.join(', ')}`);
  return value;
}

/**
 * Opens the workbench in the desktop's browser when there is a desktop (the address is printed either way), with a
 * one-time launch link: the session token stays off the browser's command line. Not a launch file as for the desktop
 * shell: a browser confined by snap or flatpak (Ubuntu's Firefox) cannot read a file in the data dir.
 */
function openInBrowser(launchUrl: string): void {
  if (!process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) return;
  const child = spawn('xdg-open', [launchUrl], { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
}

export function registerServeCommands(program: Command, cli: CliContext): void {
  program.command('serve').description('run the workbench: REST API, live events and the UI (until Ctrl-C)')
    .option('--host <HOST>', 'address to bind (other than loopback exposes the API to the network)', '127.0.0.1')
    .option('--port <N>', 'port (0 picks a free one)', port, 0)
    .option('--no-open', 'print the URL instead of opening a browser')
    .action(async (options: { host: string; port: number; open: boolean }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      if (!isLoopback(options.host)) {
        cli.output.error(`warning: binding ${options.host} makes the API reachable from the network; every client still needs a token, but traffic is plain HTTP.`);
      }
      // The server's kernel is its own (long-lived, with the API): the one the privacy notice was settled with stops now.
      await cli.release();
      const server = await startWorkbenchServer(resolveKernelOptions({ ...kernelOverrides(globals), actor: 'api' }), { host: options.host, port: options.port }, pluginHostModules(globals, cli.output));
      if (cli.output.json) cli.output.data({ url: server.address.url, openUrl: server.openUrl, host: server.address.host, port: server.address.port });
      else cli.output.line(`TimeLocker workbench: ${server.openUrl}`);
      if (options.open && !cli.output.json) openInBrowser(server.launchUrl());
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      cli.output.error('Stopping: running jobs are cancelled.');
      await server.stop({ cancelJobs: true });
    });

  const token = program.command('token').description('REST API tokens (stored hashed; a token is shown only when created)');

  token.command('create <name>').description('create a token for the REST API and print it once')
    .requiredOption('--role <ROLE>', `${apiRoles.join(' | ')}: viewer reads, operator also runs jobs, admin also edits config, secrets, tokens and plugins`, role)
    .option('--expires <WHEN>', 'stop accepting it after a duration (30d, 12h, 1y) or at a date (2027-01-31); default: until revoked')
    .action(async (name: string, options: { role: ApiRole; expires?: string }) => {
      const expiresAt = options.expires !== undefined ? tokenExpiry(options.expires, '--expires') : undefined;
      await cli.withKernel(async (kernel) => {
        const created = await kernel.get<ApiTokenService>(ApiTokenService).create(name, options.role, expiresAt ? { expiresAt } : {});
        if (cli.output.json) cli.output.data(created);
        else {
          cli.output.line(created.token);
          cli.output.error(`Token "${created.name}" (${created.role}) created${created.expiresAt ? `, valid until ${created.expiresAt}` : ''}. It is shown only now: only its hash is kept.`);
        }
      });
    });

  token.command('list').description('list tokens (names, roles, expiry and last use; never values)')
    .action(async () => {
      await cli.withKernel(async (kernel) => {
        const tokens = (await kernel.get<ApiTokenService>(ApiTokenService).list()).filter((t) => !t.session);
        const expiry = (at: string | undefined): string => (at === undefined ? 'never' : Date.parse(at) <= Date.now() ? `${at} (expired)` : at);
        cli.output.table(tokens, [
          ['NAME', (t) => t.name], ['ROLE', (t) => t.role], ['CREATED', (t) => t.createdAt], ['EXPIRES', (t) => expiry(t.expiresAt)], ['LAST USED', (t) => t.lastUsedAt ?? 'never'],
        ]);
      });
    });

  token.command('revoke <name>').description('revoke a token; clients using it get 401, and its open event streams end')
    .action(async (name: string) => {
      await cli.withKernel(async (kernel) => {
        if (!(await kernel.get<ApiTokenService>(ApiTokenService).revoke(name))) throw new NotFoundError(`No token "${name}".`);
        if (cli.output.json) cli.output.data({ revoked: name });
        else cli.output.line(`Revoked token "${name}".`);
      });
    });
}
