import type { MessageConnection, NotificationType } from 'vscode-jsonrpc';

/**
 * Sends a notification to the kernel, ignoring a closed channel: a failure here must not become an unhandled
 * rejection, which the host would report over the same closed channel again.
 */
export function notify<P>(rpc: MessageConnection, type: NotificationType<P>, params: P): void {
  try {
    rpc.sendNotification(type, params).catch(() => undefined);
  } catch {
    // Connection already disposed: the host is shutting down.
  }
}
