import type { MessageConnection, NotificationType } from 'vscode-jsonrpc';

/**
 * The connection to the plugin host that runs now, for a contribution that tells the host about changes (the
 * config, the environment) as they happen: a host that is gone is told nothing; its successor is told when it is
 * initialized.
 */
export class CurrentHostConnection {
  private current: MessageConnection | undefined;

  track(rpc: MessageConnection): void {
    this.current = rpc;
    rpc.onClose(() => { if (this.current === rpc) this.current = undefined; });
  }

  notify<P>(type: NotificationType<P>, params: P): void {
    try {
      this.current?.sendNotification(type, params).catch(() => undefined);
    } catch {
      this.current = undefined;
    }
  }
}
