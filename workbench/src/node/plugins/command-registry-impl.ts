import { Disposable, type JsonValue } from '@timelocker/plugin-api';
import { $executeCommand, $executeHostCommand, $getCommands } from '@timelocker/plugin-api/protocol';
import { inject, injectable } from 'inversify';
import type { MessageConnection } from 'vscode-jsonrpc';
import type { CommandHandler, CommandRegistry } from './command-registry.js';
import { ContributionRegistry } from './contribution-registry.js';
import type { PluginHostContribution } from './plugin-host-contribution.js';
import { ProviderInvoker } from './provider-invoker.js';

@injectable()
export class CommandRegistryImpl implements CommandRegistry, PluginHostContribution {
  private readonly kernelCommands = new Map<string, CommandHandler>();

  constructor(
    @inject(ProviderInvoker) private readonly invoker: ProviderInvoker,
    @inject(ContributionRegistry) private readonly contributions: ContributionRegistry,
  ) {}

  registerCommand(id: string, handler: CommandHandler): Disposable {
    if (this.kernelCommands.has(id)) throw new Error(`Command "${id}" is already registered`);
    this.kernelCommands.set(id, handler);
    return new Disposable(() => this.kernelCommands.delete(id));
  }

  async executeCommand<T = JsonValue>(id: string, ...args: JsonValue[]): Promise<T> {
    const kernel = this.kernelCommands.get(id);
    if (kernel) return (await kernel(...args)) as T;
    const result = await this.invoker.invoke('commands', id, undefined, (rpc, handle, token) =>
      rpc.sendRequest($executeHostCommand, { handle, args }, token));
    return result as T;
  }

  getCommands(): string[] {
    return [...new Set([...this.kernelCommands.keys(), ...this.contributions.get('commands').map((c) => c.entry.id)])];
  }

  onHostStarted(rpc: MessageConnection): void {
    rpc.onRequest($executeCommand, async ({ id, args }) => ((await this.executeCommand(id, ...args)) ?? null) as JsonValue);
    rpc.onRequest($getCommands, () => this.getCommands());
  }
}
