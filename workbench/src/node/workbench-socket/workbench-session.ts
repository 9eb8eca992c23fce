import type { Socket } from 'node:net';
import { CancellationTokenSource } from '@timelocker/plugin-api';
import { createMessageConnection, SocketMessageReader, SocketMessageWriter } from 'vscode-jsonrpc/node.js';
import { actingAs } from '../core/actor-context.js';
import type { Logger } from '../core/log-service.js';
import type { JobRequestHandle, JobRequestService } from '../job-requests/job-request-service.js';
import type { ConsentStore } from '../privacy/consent-store.js';
import type { Handover, HandoverCheck } from './handover-check.js';
import {
  cancelNotification, encodeCauses, encodeError, endedNotification, logNotification, prepareRequest, privacyNoticeRequest, progressNotification, runRequest,
  warningNotification, type RunParams, type RunResult,
} from './workbench-socket-protocol.js';

/**
 * One CLI connection: prepares and runs one job request for it (a copy: one job per destination). The jobs belong to
 * the command that asked: Ctrl-C there, or the command going away, stops them — unless it joined a run someone else
 * started, which goes on.
 */
export class WorkbenchSession {
  private readonly source = new CancellationTokenSource();
  private readonly connection;
  private handover: Handover | undefined;
  private joined = false;
  /** Settles once the job this session started has ended and its result was written to the CLI. */
  running: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: Socket,
    private readonly check: HandoverCheck,
    private readonly requests: JobRequestService,
    private readonly consents: ConsentStore,
    private readonly logger: Logger,
  ) {
    this.connection = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
    this.connection.onRequest(prepareRequest, async (params) => {
      const { handover, result } = await this.check.prepare(params);
      this.handover = handover;
      if (!result.accepted && !('error' in result)) this.logger.info(`the CLI's ${params.request.kind} is left to the CLI: ${result.reason}`);
      return result;
    });
    this.connection.onRequest(runRequest, (params) => this.run(params));
    this.connection.onRequest(privacyNoticeRequest, async ({ subject, version }) => {
      const latest = await this.consents.latest(subject, version);
      this.logger.debug(`a CLI read the ${subject} (version ${version}) here: ${latest?.decision ?? 'no record'}`);
      return latest ?? null;
    });
    this.connection.onNotification(cancelNotification, () => this.source.cancel());
    this.connection.onClose(() => {
      if (!this.joined) this.source.cancel();
    });
    this.connection.listen();
  }

  /** Stops the job (the workbench is stopping); the CLI hears it ended as `cancelled`. */
  cancel(): void {
    this.source.cancel();
  }

  dispose(): void {
    this.connection.dispose();
    this.socket.destroy();
  }

  private async run(params: RunParams): Promise<RunResult> {
    const decline = (reason: string): RunResult => ({ accepted: false, pid: process.pid, reason });
    if (!this.handover) return decline('the job was not prepared');
    const differing = this.check.differingEnvironment(this.handover, params.envDigests);
    if (differing.length > 0) return decline(`its environment has a different ${differing.join(', ')}`);
    this.handover = undefined;
    const actor = params.actor.startsWith('cli:') ? params.actor : 'cli:unknown';
    const send = (sending: Promise<void>): void => void sending.catch(() => undefined);
    let handle: JobRequestHandle<unknown>;
    try {
      // A restore names who asked for the audit log itself: the CLI's user, whatever the request says.
      const request = params.request.kind === 'restore' ? { ...params.request, actor } : params.request;
      handle = await actingAs(actor, () => this.requests.start(request, {
        onProgress: (progress) => send(this.connection.sendNotification(progressNotification, progress)),
        onLog: (line) => send(this.connection.sendNotification(logNotification, { line })),
        onWarning: (message) => send(this.connection.sendNotification(warningNotification, { message })),
      }, this.source.token));
    } catch (error) {
      return { accepted: true, error: encodeError(error) };
    }
    this.joined = handle.joined;
    this.logger.info(`job ${(handle.jobs ?? [handle.job]).map((job) => job.id).join(', ')} (${handle.job.kind}) ${handle.joined ? 'joined' : 'started'} for ${actor}`);
    this.running = handle.done.then(async (result) => {
      await this.connection.sendNotification(endedNotification, { result: encodeCauses(result) });
      this.socket.end();
    }).catch((error: unknown) => this.logger.warn(`job ${handle.job.id}: its result did not reach the CLI: ${(error as Error).message}`));
    return { accepted: true, job: handle.job, joined: handle.joined };
  }
}
