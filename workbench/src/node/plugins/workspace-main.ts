import {
  $acceptJobFinished, $workspaceGetJobs, $workspaceGetPlans, $workspaceGetRepositories, $workspaceGetSnapshots,
} from '@timelocker/plugin-api/protocol';
import { inject, injectable, optional } from 'inversify';
import type { MessageConnection } from 'vscode-jsonrpc';
import type { PluginHostContribution } from './plugin-host-contribution.js';
import { WorkspaceReader } from './workspace-reader.js';

/** Serves the API's `workspace` namespace from the WorkspaceReader and forwards finished jobs to the host. */
@injectable()
export class WorkspaceMain implements PluginHostContribution {
  private current: MessageConnection | undefined;

  constructor(@inject(WorkspaceReader) @optional() private readonly reader: WorkspaceReader | undefined) {
    reader?.onDidFinishJob((job) => {
      // A host that just died misses the event; its replacement starts without history anyway.
      try {
        this.current?.sendNotification($acceptJobFinished, { job }).catch(() => undefined);
      } catch {
        this.current = undefined;
      }
    });
  }

  onHostStarted(rpc: MessageConnection): void {
    this.current = rpc;
    rpc.onClose(() => { if (this.current === rpc) this.current = undefined; });
    rpc.onRequest($workspaceGetRepositories, () => this.workspace().getRepositories());
    rpc.onRequest($workspaceGetPlans, () => this.workspace().getPlans());
    rpc.onRequest($workspaceGetSnapshots, ({ repository }) => this.workspace().getSnapshots(repository));
    rpc.onRequest($workspaceGetJobs, ({ filter }) => this.workspace().getJobs(filter));
  }

  private workspace(): WorkspaceReader {
    if (!this.reader) throw new Error('The workspace is not available in this TimeLocker process');
    return this.reader;
  }
}
