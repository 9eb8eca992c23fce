import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import S3rver from 's3rver';
import { makeTempDir, type TempDir } from './temp-dir.js';

const run = promisify(execFile);

/** The one key pair s3rver knows. It checks the access key ID but not SigV4 signatures, so a wrong secret passes. */
export const S3RVER_ACCESS_KEY_ID = 'S3RVER';
export const S3RVER_SECRET_ACCESS_KEY = 'S3RVER';

export interface Certificate {
  /** PEM certificate; self-signed, so it is also the CA file that trusts it. */
  readonly certFile: string;
  readonly keyFile: string;
}

/** A fresh self-signed certificate for 127.0.0.1 and localhost (a second call gives a different, "wrong" CA). */
export async function makeCertificate(dir: string, name = 'server'): Promise<Certificate> {
  const certFile = join(dir, `${name}-cert.pem`);
  const keyFile = join(dir, `${name}-key.pem`);
  await run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  return { certFile, keyFile };
}

export interface S3ServerOptions {
  readonly buckets?: readonly string[];
  /** Serve plain http (restic reads break on s3rver over http: use only for config-level tests). */
  readonly insecureHttp?: boolean;
}

export interface S3Server {
  /** `https://127.0.0.1:PORT` (or http:// with `insecureHttp`). */
  readonly endpoint: string;
  /** CA file restic and the plugin must trust (the self-signed server certificate). */
  readonly caCertFile: string;
  readonly port: number;
  /** Scratch folder of this server, for extra files such as a second certificate. */
  readonly dir: string;
  /** Closes the port (dropping open connections) but keeps the data, as if the server went down. */
  pause(): Promise<void>;
  /** Listens again on the same port with the same data and certificate. */
  resume(): Promise<void>;
  /** Closes the port and deletes all data. */
  stop(): Promise<void>;
}

/** The http(s).Server s3rver keeps privately; closing connections ourselves keeps `close()` from waiting on keep-alives. */
function httpServerOf(server: S3rver): Server | undefined {
  return (server as unknown as { httpServer?: Server }).httpServer;
}

class S3ServerImpl implements S3Server {
  private server: S3rver | undefined;
  port = 0;

  constructor(private readonly temp: TempDir, private readonly certificate: Certificate, private readonly options: S3ServerOptions) {}

  get endpoint(): string {
    return `${this.options.insecureHttp ? 'http' : 'https'}://127.0.0.1:${this.port}`;
  }

  get caCertFile(): string {
    return this.certificate.certFile;
  }

  get dir(): string {
    return this.temp.path;
  }

  async resume(): Promise<void> {
    if (this.server) return;
    const tls = this.options.insecureHttp ? {} : { key: await readFile(this.certificate.keyFile), cert: await readFile(this.certificate.certFile) };
    const server = new S3rver({
      address: '127.0.0.1', port: this.port, silent: true, directory: join(this.temp.path, 'data'), ...tls,
      configureBuckets: (this.options.buckets ?? []).map((name) => ({ name, configs: [] })),
    });
    const address = await server.run();
    this.server = server;
    this.port = address.port;
  }

  async pause(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = server.close();
    httpServerOf(server)?.closeAllConnections();
    await closed;
  }

  async stop(): Promise<void> {
    await this.pause();
    await this.temp.remove();
  }
}

export async function startS3Server(options: S3ServerOptions = {}): Promise<S3Server> {
  const temp = await makeTempDir('tl-s3');
  try {
    await mkdir(join(temp.path, 'data'));
    const server = new S3ServerImpl(temp, await makeCertificate(temp.path), options);
    await server.resume();
    return server;
  } catch (error) {
    await temp.remove();
    throw error;
  }
}
