import { PluginApiError } from '@timelocker/plugin-api';
import type { PluginLocator } from './plugin-locator.js';

export type ErrorReporter = (pluginId: string | undefined, error: Error) => void;

/**
 * Plugins share this process: one of them must not end it or take it down with a stray error.
 * Returns the real `process.exit` for the host's own shutdown.
 */
export function installGuards(locator: PluginLocator, report: ErrorReporter): (code?: number) => never {
  const realExit = process.exit.bind(process);
  // A refused exit is reported at the call; when nothing catches it, it must not be reported twice.
  const reported = new WeakSet<Error>();
  process.exit = ((code?: number | string | null) => {
    const error = new PluginApiError('process.exit() is not allowed in the plugin host; the call was refused');
    const pluginId = locator.fromStack(error.stack);
    error.message = `${pluginId ?? 'A plugin'} called process.exit(${code ?? ''}); plugins must not end the plugin host, the call was refused`;
    report(pluginId, error);
    reported.add(error);
    throw error;
  }) as typeof process.exit;
  process.on('uncaughtException', (error) => {
    if (!reported.has(error)) report(locator.fromError(error), error);
  });
  process.on('unhandledRejection', (reason) => {
    const error = reason instanceof Error ? reason : new Error(`Unhandled rejection: ${String(reason)}`);
    report(locator.fromError(reason), error);
  });
  return realExit;
}
