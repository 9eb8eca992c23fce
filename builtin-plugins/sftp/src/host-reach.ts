import { connect } from 'node:net';
import { CancellationError, type CancellationToken } from '@timelocker/plugin-api';
import { runChild } from './child-run.js';
import { type HostKey, parseKeyLines } from './known-hosts.js';

export type Reach =
  | { readonly kind: 'ssh' }
  | { readonly kind: 'unreachable'; readonly message: string }
  | { readonly kind: 'not-ssh'; readonly message: string };

const CONNECT_TIMEOUT_MS = 10_000;

function unreachableMessage(error: NodeJS.ErrnoException, where: string): string {
  switch (error.code) {
    case 'ECONNREFUSED': return `connection to ${where} refused: no SSH server is listening there`;
    case 'ENOTFOUND': case 'EAI_AGAIN': return `cannot resolve the host name of ${where}`;
    case 'EHOSTUNREACH': case 'ENETUNREACH': return `no route to ${where}`;
    default: return `cannot connect to ${where}: ${error.message}`;
  }
}

/** Opens a TCP connection and reads the server's first line, to tell "nobody there" from "not an SSH server". */
export function probeSsh(host: string, port: number, token: CancellationToken): Promise<Reach> {
  if (token.isCancellationRequested) return Promise.reject(new CancellationError());
  const where = `${host} port ${port}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let banner = '';
    const finish = (reach: Reach | Error): void => {
      cancel.dispose();
      socket.destroy();
      if (reach instanceof Error) reject(reach);
      else resolve(reach);
    };
    const cancel = token.onCancellationRequested(() => finish(new CancellationError()));
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => finish({ kind: 'unreachable', message: `no SSH greeting from ${where} within ${CONNECT_TIMEOUT_MS / 1000} s` }));
    socket.once('error', (error: NodeJS.ErrnoException) => finish({ kind: 'unreachable', message: unreachableMessage(error, where) }));
    socket.once('end', () => finish({ kind: 'not-ssh', message: `${where} closed the connection without an SSH greeting${banner ? ` (it said "${banner.split('\n')[0]!.slice(0, 60).trim()}")` : ''}` }));
    socket.on('data', (chunk: Buffer) => {
      // RFC 4253 lets a server send other lines before its `SSH-` version line.
      banner += chunk.toString('latin1');
      if (/(^|\n)SSH-/.test(banner)) finish({ kind: 'ssh' });
      else if (banner.length > 4096) finish({ kind: 'not-ssh', message: `${where} is not an SSH server (it said "${banner.split('\n')[0]!.slice(0, 60).trim()}")` });
    });
  });
}

/** The server's host keys, as `ssh-keyscan -p PORT -T 5 host` reports them (one per key type). */
export async function scanHostKeys(host: string, port: number, token: CancellationToken): Promise<HostKey[]> {
  const result = await runChild('ssh-keyscan', ['-p', String(port), '-T', '5', host], 15_000, token);
  return parseKeyLines(result.stdout);
}
