import type { Disposable, JsonValue } from '@timelocker/plugin-api';

export const CommandRegistry = Symbol('CommandRegistry');

export type CommandHandler = (...args: JsonValue[]) => unknown;

/** Commands of the kernel and of plugins (`contributes.commands`), executed by id from either side. */
export interface CommandRegistry {
  /** A kernel-owned command; plugins can execute it too. */
  registerCommand(id: string, handler: CommandHandler): Disposable;
  /** Runs a kernel command, or activates `onCommand:<id>` and runs the plugin's handler. */
  executeCommand<T = JsonValue>(id: string, ...args: JsonValue[]): Promise<T>;
  /** Ids of kernel commands and of every contributed command. */
  getCommands(): string[];
}
