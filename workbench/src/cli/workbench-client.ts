import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { CancellationError, type CancellationToken, type JobDto } from '@timelocker/plugin-api';
import { createMessageConnection, SocketMessageReader, SocketMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';
import { OperationError } from '../node/core/errors.js';
import type { KernelOptions } from '../node/core/kernel-options.js';
import type { JobRequest, JobRequestListener } from '../node/job-requests/job-request-service.js';
import type { ConsentRecord } from '../node/privacy/consent-store.js';
import { privateSocketProblem } from '../node/workbench-socket/private-socket.js';
import { envDigests } from '../node/workbench-socket/secret-environment.js';
import {
  cancelNotification, decodeCauses, decodeError, endedNotification, logNotification, prepareRequest, privacyNoticeRequest, progressNotification, runRequest,
  warningNotification, WORKBENCH_SOCKET_PROTOCOL, workbenchSocketPath,
} from '../node/workbench-socket/workbench-socket-protocol.js';

export interface JobRunListener extends JobRequestListener {
  /** The job as recorded, or the running one the request joined. */
  onStarted?(job: JobDto, joined: boolean): void;
}

/** The socket of the running workbench of this data dir, or undefined (none, a stale socket, or one this user must not trust). */
async function openWorkbenchSocket(path: string, note: (text: string) => void): Promise<Socket | undefined> {
  const problem = await privateSocketProblem(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : error.message));
  if (problem === null) return undefined;
  if (problem !== undefined) {
    note(`warning: not using the workbench socket: ${problem}; running here.`);
    return undefined;
  }
  const socket = connect(path);
  try {
    await once(socket, 'connect');
  } catch (error) {
    // ECONNREFUSED: the socket of a workbench that died; the next one replaces it.
    if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED') note(`warning: the workbench socket ${path} did not answer (${(error as Error).message}); running here.`);
    socket.destroy();
    return undefined;
  }
  return socket;
}

/** Whether a workbench is running for this data dir (one this user may trust). */
export async function workbenchRunning(locations: KernelOptions, note: (text: string) => void): Promise<boolean> {
  const socket = await openWorkbenchSocket(workbenchSocketPath(locations.dataDir), note);
  socket?.destroy();
  return socket !== undefined;
}

async function connectWorkbench(path: string, note: (text: string) => void): Promise<{ socket: Socket; connection: MessageConnection } | undefined> {
  const socket = await openWorkbenchSocket(path, note);
  if (!socket) return undefined;
  const connection = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
  connection.listen();
  return { socket, connection };
}

/**
 * The latest record of the privacy notice at `version` in the catalog of this data dir, as the running workbench
 * reads it (null: none yet); undefined when no workbench answers (none, a stale socket, an older one), and the caller
 * reads the catalog itself. Says nothing: the job's hand-over that follows reports any socket problem once.
 */
export async function privacyNoticeFromWorkbench(locations: KernelOptions, subject: string, version: string): Promise<ConsentRecord | null | undefined> {
  const workbench = await connectWorkbench(workbenchSocketPath(locations.dataDir), () => undefined);
  if (!workbench) return undefined;
  try {
    return await workbench.connection.sendRequest(privacyNoticeRequest, { subject, version });
  } catch {
    return undefined;
  } finally {
    workbench.connection.dispose();
    workbench.socket.destroy();
  }
}

/**
 * Hands `request` to the workbench running for the same data dir and follows it to its end: undefined when there is
 * none or it declines (the caller then runs the job itself). Ctrl-C (`token`) cancels the job there — or, for a run
 * the request only joined, stops following it.
 */
export async function handOverJob(locations: KernelOptions, request: JobRequest, listener: JobRunListener, token: CancellationToken, note: (text: string) => void): Promise<{ readonly result: unknown } | undefined> {
  const workbench = await connectWorkbench(workbenchSocketPath(locations.dataDir), note);
  if (!workbench) return undefined;
  const { socket, connection } = workbench;
  const declined = (pid: number, reason: string): undefined => {
    note(`The running workbench (pid ${pid}) does not take this job: ${reason}. Running it here.`);
    return undefined;
  };
  let cancelling: { dispose(): void } | undefined;
  try {
    // A workbench that goes away mid-answer is an operation that failed, not a bug of this CLI.
    const lost = (error: Error): never => {
      throw new OperationError(`The workbench stopped answering (${error.message}); \`timelocker jobs\` shows whether the job started.`);
    };
    const prepared = await connection.sendRequest(prepareRequest, {
      protocol: WORKBENCH_SOCKET_PROTOCOL, request, configFile: locations.configFile, extraPluginDirs: locations.extraPluginDirs,
    }).catch(lost);
    if (!prepared.accepted) return declined(prepared.pid, prepared.reason);
    if ('error' in prepared) throw decodeError(prepared.error);
    let joined = false;
    const ended = new Promise<unknown>((resolve, reject) => {
      connection.onNotification(endedNotification, ({ result }) => resolve(decodeCauses(result)));
      connection.onNotification(progressNotification, (progress) => listener.onProgress?.(progress));
      connection.onNotification(logNotification, ({ line }) => listener.onLog?.(line));
      // As the CLI's own kernel echoes warnings (text format).
      connection.onNotification(warningNotification, ({ message }) => note(`warn: ${message}`));
      connection.onClose(() => reject(new OperationError(`The workbench (pid ${prepared.pid}) stopped before the job ended; \`timelocker jobs\` shows how it ended.`)));
      cancelling = token.onCancellationRequested(() => {
        if (joined) reject(new CancellationError());
        else void connection.sendNotification(cancelNotification).catch(() => undefined);
      });
    });
    ended.catch(() => undefined);
    const run = await connection.sendRequest(runRequest, { request, actor: locations.actor, envDigests: envDigests(prepared.envNames, prepared.nonce) }).catch(lost);
    if (!run.accepted) return declined(run.pid, run.reason);
    if ('error' in run) throw decodeError(run.error);
    joined = run.joined;
    listener.onStarted?.(run.job, run.joined);
    if (token.isCancellationRequested) await connection.sendNotification(cancelNotification);
    return { result: await ended };
  } finally {
    cancelling?.dispose();
    connection.dispose();
    socket.destroy();
  }
}
