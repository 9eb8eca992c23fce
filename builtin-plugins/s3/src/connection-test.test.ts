import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { CancellationError, CancellationToken, CancellationTokenSource } from '@timelocker/plugin-api';
import { testS3Connection } from './connection-test.js';

const secrets = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** A TCP server that accepts and never answers: the test must give up by itself. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('S3 connection test against local sockets', function () {
  this.timeout(20_000);

  it('says "unreachable" with the address when nothing listens', async () => {
    const port = await freePort();
    const result = await testS3Connection({ endpoint: `https://127.0.0.1:${port}`, bucket: 'bkt' }, secrets, CancellationToken.None);
    expect(result.status).to.equal('unreachable');
    expect(result.message).to.include(`127.0.0.1:${port}`).and.include('connection refused');
  });

  it('gives up on a server that never answers, within its budget', async () => {
    const server = await silentServer();
    try {
      const started = Date.now();
      const result = await testS3Connection({ endpoint: `https://127.0.0.1:${server.port}`, bucket: 'bkt' }, secrets, CancellationToken.None, 500);
      expect(Date.now() - started).to.be.lessThan(3_000);
      expect(result).to.deep.equal({ status: 'unreachable', message: `S3 endpoint unreachable: no answer from 127.0.0.1:${server.port} within 0.5 s` });
    } finally {
      await server.close();
    }
  });

  it('stops at once when cancelled', async () => {
    const server = await silentServer();
    const source = new CancellationTokenSource();
    try {
      const pending = testS3Connection({ endpoint: `https://127.0.0.1:${server.port}`, bucket: 'bkt' }, secrets, source.token);
      setTimeout(() => source.cancel(), 100);
      let error: unknown;
      await pending.catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(CancellationError);
    } finally {
      await server.close();
    }
  });

  it('names a plain-http server behind an https endpoint as a TLS problem', async () => {
    const server: Server = createHttpServer((_, response) => response.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await testS3Connection({ endpoint: `https://127.0.0.1:${port}`, bucket: 'bkt' }, secrets, CancellationToken.None);
      expect(result.status).to.equal('tls-error');
      expect(result.message).to.include('does not speak TLS');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reports an unreadable caCertFile before connecting', async () => {
    const result = await testS3Connection({ endpoint: 'https://127.0.0.1:1', bucket: 'bkt', caCertFile: '/nonexistent/ca.pem' }, secrets, CancellationToken.None);
    expect(result.status).to.equal('tls-error');
    expect(result.message).to.include('cannot read caCertFile /nonexistent/ca.pem');
  });
});
