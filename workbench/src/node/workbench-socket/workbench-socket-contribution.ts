import { unlink } from 'node:fs/promises';
import type { Server } from 'node:net';
import { inject, injectable } from 'inversify';
import type { KernelContribution } from '../../common/kernel-contribution.js';
import { KernelOptions } from '../core/kernel-options.js';
import { LogService, type Logger } from '../core/log-service.js';
import { JobRequestService } from '../job-requests/job-request-service.js';
import { ConsentStore } from '../privacy/consent-store.js';
import { HandoverCheck } from './handover-check.js';
import { listenPrivately } from './private-socket.js';
import { WorkbenchSession } from './workbench-session.js';
import { workbenchSocketPath } from './workbench-socket-protocol.js';

/**
 * A long-lived kernel (`serve`, `scheduler run`, the desktop app) takes the jobs the CLI of the same data dir starts,
 * over a socket in the data dir that only this user can open: one warm plugin host and one state owner serve both.
 */
@injectable()
export class WorkbenchSocketContribution implements KernelContribution {
  readonly id = 'workbench-socket';
  private readonly logger: Logger;
  private readonly sessions = new Set<WorkbenchSession>();
  private server: Server | undefined;

  constructor(
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(HandoverCheck) private readonly check: HandoverCheck,
    @inject(JobRequestService) private readonly requests: JobRequestService,
    @inject(ConsentStore) private readonly consents: ConsentStore,
    @inject(LogService) logService: LogService,
  ) {
    this.logger = logService.getLogger('workbench-socket');
  }

  get path(): string {
    return workbenchSocketPath(this.options.dataDir);
  }

  async onStart(): Promise<void> {
    if (!this.options.longLived) return;
    try {
      const listening = await listenPrivately(this.path, (socket) => {
        const session = new WorkbenchSession(socket, this.check, this.requests, this.consents, this.logger);
        this.sessions.add(session);
        socket.on('close', () => void session.running.then(() => {
          session.dispose();
          this.sessions.delete(session);
        }));
      });
      if ('busy' in listening) {
        this.logger.warn(`another workbench already takes the CLI's jobs at ${this.path}; this one does not`);
        return;
      }
      this.server = listening.server;
      this.logger.info(`taking the CLI's jobs at ${this.path}`);
    } catch (error) {
      // The CLI then runs its jobs itself, as without a workbench.
      this.logger.warn(`not taking the CLI's jobs: ${(error as Error).message}`);
    }
  }

  /** No new CLI jobs; the running ones are cancelled like the workbench's own, and their CLIs hear how they ended. */
  async onStop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await unlink(this.path).catch(() => undefined);
    for (const session of this.sessions) session.cancel();
    await Promise.all([...this.sessions].map((session) => session.running));
    for (const session of this.sessions) session.dispose();
    await closed;
  }
}
