import type { CancellationToken } from '@timelocker/plugin-api';
import { type Container, ContainerModule } from 'inversify';
import type { KernelOptions } from '../node/core/kernel-options.js';
import { LogService } from '../node/core/log-service.js';
import { LogServiceImpl } from '../node/core/log-service-impl.js';
import { type ComposedKernel, composeKernel, type Kernel, startKernel } from '../node/kernel.js';
import { resolveKernelOptions } from '../node/kernel-paths.js';
import { PasswordPrompt } from '../node/operations/password-prompt.js';
import { PluginHostOptions } from '../node/plugins/plugin-host-options.js';
import { PluginService } from '../node/plugins/plugin-service.js';
import type { EarlyPluginHost } from './early-plugin-host.js';
import { type GlobalOptions, kernelOverrides } from './global-options.js';
import { createOutput, type Output } from './output.js';
import { terminalPasswordPrompt } from './prompt.js';

export { type GlobalOptions, kernelOverrides };

/**
 * Binds the plugin host's inspector for `--inspect-plugins`, the URL to attach to going to stderr; else the host the
 * CLI forked at its start (`earlyHost`), for the kernel to adopt.
 */
export function pluginHostModules(globals: GlobalOptions, output: Output, earlyHost?: EarlyPluginHost): ContainerModule[] {
  const options: PluginHostOptions | undefined = globals.inspectPlugins !== undefined ? {
    inspect: globals.inspectPlugins === true ? '9229' : globals.inspectPlugins,
    onInspectorListening: (url) => output.error(`Plugin host inspector listening on ${url} (attach with chrome://inspect or a Node debugger; activation time limits are relaxed)`),
  } : earlyHost ? { takeEarlyProcess: () => earlyHost.take() } : undefined;
  return options ? [new ContainerModule((bind) => { bind.bind(PluginHostOptions).toConstantValue(options); })] : [];
}

/** What every command needs: global flags, output, and a kernel that lives for one command. */
export class CliContext {
  private maskText: (text: string) => string = (t) => t;
  private composed: Promise<ComposedKernel> | undefined;

  constructor(
    private readonly globals: () => GlobalOptions,
    /** Cancelled by Ctrl-C (SIGINT), installed before anything else runs. */
    private readonly interrupt: CancellationToken,
    /** The plugin host forked when the CLI started, for this command's kernel to adopt. */
    private readonly earlyHost?: EarlyPluginHost,
  ) {}

  private kernelOptions(): KernelOptions {
    return resolveKernelOptions(kernelOverrides(this.globals()));
  }

  /** Where this command's kernel keeps its state and whom it acts for: also where a running workbench listens. */
  get locations(): KernelOptions {
    return this.kernelOptions();
  }

  /** Cancelled by Ctrl-C. */
  get interruptToken(): CancellationToken {
    return this.interrupt;
  }

  get output(): Output {
    return createOutput(this.globals().json ?? false, (text) => this.maskText(text));
  }

  /** For commands that reach a repository: the plugin host starts while the kernel still loads config and catalog. */
  withPluginKernel<T>(fn: (kernel: Kernel, token: CancellationToken) => Promise<T>): Promise<T> {
    return this.withKernel(fn, { plugins: true });
  }

  /** For a command that runs until stopped (`scheduler run`): a long-lived kernel, which also watches the config file. */
  withDaemonKernel<T>(fn: (kernel: Kernel, token: CancellationToken) => Promise<T>): Promise<T> {
    return this.withKernel(fn, { plugins: true, longLived: true });
  }

  /** A kernel that is composed but not started: what `catalog check` and `catalog restore` need when the catalog is broken. */
  async withCatalog<T>(fn: (container: Container) => Promise<T>): Promise<T> {
    // Restore replaces the catalog file: no other kernel of this process keeps it loaded.
    await this.release();
    const kernel = await startKernel(this.kernelOptions(), { start: false });
    try {
      return await fn(kernel.container);
    } finally {
      await kernel.stop();
    }
  }

  /**
   * This command's kernel, composed and not started: the privacy notice is settled with its catalog before the command
   * runs (program.ts), then `withKernel` starts this very kernel.
   */
  composedKernel(): Promise<ComposedKernel> {
    this.composed ??= composeKernel(this.kernelOptions(), this.kernelModules());
    return this.composed;
  }

  /** Stops the composed kernel if no `withKernel` took it (its catalog closes); at the end of every command. */
  async release(): Promise<void> {
    const composed = this.composed;
    this.composed = undefined;
    await (await composed?.catch(() => undefined))?.stop();
  }

  /** Starts a kernel, runs `fn` with the Ctrl-C token, and always stops the kernel. */
  async withKernel<T>(fn: (kernel: Kernel, token: CancellationToken) => Promise<T>, kind: { plugins?: boolean; longLived?: boolean } = {}): Promise<T> {
    let kernel: Kernel;
    if (kind.longLived) {
      await this.release();
      kernel = await startKernel({ ...this.kernelOptions(), longLived: true }, { extraModules: this.kernelModules() });
    } else {
      const composed = this.composedKernel();
      this.composed = undefined;
      kernel = await (await composed).start();
    }
    if (kind.plugins) void kernel.get<PluginService>(PluginService).start().catch(() => undefined);
    const logService = kernel.get<LogService>(LogService);
    if (logService instanceof LogServiceImpl) logService.echoToStderr = true;
    this.maskText = (text) => logService.mask(text);
    try {
      return await fn(kernel, this.interrupt);
    } finally {
      await kernel.stop();
    }
  }

  /** What the CLI adds to a kernel: the terminal's password prompt, the plugin host's inspector or early process. */
  private kernelModules(): ContainerModule[] {
    const cliModule = new ContainerModule((bind) => {
      bind.bind(PasswordPrompt).toConstantValue(terminalPasswordPrompt);
    });
    return [cliModule, ...pluginHostModules(this.globals(), this.output, this.earlyHost)];
  }
}
