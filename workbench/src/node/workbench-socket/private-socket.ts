import { once } from 'node:events';
import { chmod, lstat, mkdir, unlink } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';

/** Longest path of a Unix socket (sun_path is 108 bytes with its terminating NUL). */
const MAX_SOCKET_PATH = 107;

const currentUid = (): number => process.getuid?.() ?? -1;

/** Whether a live process listens at `path` (a socket file nobody listens on is stale). */
export async function isListening(path: string): Promise<boolean> {
  const socket = connect(path);
  try {
    await once(socket, 'connect');
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

/**
 * Why `path` is not a socket of this user that only this user can open, or undefined when it is. Node cannot read a
 * peer's credentials (SO_PEERCRED), so the file's owner and mode are what keep other users out.
 */
export async function privateSocketProblem(path: string): Promise<string | undefined> {
  const stats = await lstat(path);
  if (!stats.isSocket()) return `${path} is not a socket`;
  if (stats.uid !== currentUid()) return `${path} belongs to another user (uid ${stats.uid})`;
  if ((stats.mode & 0o077) !== 0) return `${path} can be opened by other users (mode ${(stats.mode & 0o777).toString(8)})`;
  return undefined;
}

export type PrivateListening = { readonly server: Server } | { readonly busy: true };

/**
 * Listens on a Unix socket that only this user can open (0600): a stale socket file left by a process that died is
 * replaced; a live one (another workbench of the same data dir) is left alone and `busy` answered.
 */
export async function listenPrivately(path: string, onConnection: (socket: Socket) => void): Promise<PrivateListening> {
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) throw new Error(`the socket path ${path} is longer than ${MAX_SOCKET_PATH} bytes`);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const existing = await lstat(path).catch(() => undefined);
  if (existing) {
    if (!existing.isSocket()) throw new Error(`${path} exists and is not a socket; remove it`);
    if (await isListening(path)) return { busy: true };
    await unlink(path);
  }
  const server = createServer(onConnection);
  // The socket file is made by bind(), inside listen(), with the process's umask: 0177 leaves it 0600 from the start,
  // so there is no moment at which another user could connect. listen() binds synchronously; the umask is restored at once.
  const umask = process.umask(0o177);
  try {
    server.listen(path);
  } finally {
    process.umask(umask);
  }
  try {
    await once(server, 'listening');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return { busy: true };
    throw error;
  }
  await chmod(path, 0o600);
  const problem = await privateSocketProblem(path);
  if (problem) {
    server.close();
    throw new Error(problem);
  }
  return { server };
}
