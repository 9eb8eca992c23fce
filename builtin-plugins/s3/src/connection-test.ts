import { readFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { CancellationError, TimeLockerError, type CancellationToken, type ConnectionTestResult, type JsonObject, type SecretValues } from '@timelocker/plugin-api';
import { networkProblem } from './network-problem.js';
import { configKey, interpretS3Answer, type S3Answer } from './s3-answer.js';
import { endpointUrl, readSettings, type S3Settings, validateSettings } from './s3-settings.js';
import { signS3Request } from './sigv4.js';

/** Stays under the 10 s a connection test may take, including reading the CA file. */
export const CONNECTION_TEST_BUDGET_MS = 9_000;
const MAX_ANSWER_BYTES = 256 * 1024;

class DeadlineError extends TimeLockerError {
  constructor(budgetMs: number) {
    super('unavailable', `no answer within ${budgetMs / 1000} s`);
  }
}

/** Mirrors restic's automatic bucket lookup: virtual-host style on AWS (for DNS-safe names), path style elsewhere. */
function virtualHostStyle(settings: S3Settings, url: URL): boolean {
  if (settings.pathStyle !== undefined) return !settings.pathStyle;
  return url.hostname.endsWith('amazonaws.com') && !settings.bucket.includes('.');
}

function fetchAnswer(options: RequestOptions, https: boolean, token: CancellationToken, budgetMs: number): Promise<S3Answer> {
  if (token.isCancellationRequested) return Promise.reject(new CancellationError());
  return new Promise<S3Answer>((resolve, reject) => {
    const request = (https ? httpsRequest : httpRequest)(options, (response: IncomingMessage) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (body.length < MAX_ANSWER_BYTES) body += chunk;
      });
      response.on('error', reject);
      response.on('end', () => {
        const region = response.headers['x-amz-bucket-region'];
        resolve({ statusCode: response.statusCode ?? 0, bucketRegion: typeof region === 'string' ? region : undefined, body });
      });
    });
    const deadline = setTimeout(() => request.destroy(new DeadlineError(budgetMs)), budgetMs);
    const cancellation = token.onCancellationRequested(() => request.destroy(new CancellationError()));
    request.on('error', reject);
    request.on('close', () => {
      clearTimeout(deadline);
      cancellation.dispose();
    });
    request.end();
  });
}

/**
 * Lists `<prefix>/config` in the bucket with a signed request: one round trip tells apart an unreachable endpoint,
 * a TLS problem, refused credentials, a missing bucket, a bucket without repository, and a repository.
 */
export async function testS3Connection(
  config: JsonObject, secrets: SecretValues, token: CancellationToken, budgetMs = CONNECTION_TEST_BUDGET_MS,
): Promise<ConnectionTestResult> {
  const problems = validateSettings(config).filter((issue) => issue.severity !== 'warning');
  const settings = readSettings(config);
  const url = endpointUrl(settings);
  if (problems.length > 0 || !url) return { status: 'error', message: problems.map((p) => `${p.path}: ${p.message}`).join('; ') };
  const accessKeyId = secrets['accessKeyId'];
  const secretAccessKey = secrets['secretAccessKey'];
  if (!accessKeyId || !secretAccessKey) return { status: 'auth-failed', message: 'no access key ID or secret access key is configured for this repository' };

  let ca: Buffer | undefined;
  if (settings.caCertFile) {
    try {
      ca = await readFile(settings.caCertFile);
    } catch (error) {
      return { status: 'tls-error', message: `cannot read caCertFile ${settings.caCertFile}: ${(error as Error).message}` };
    }
  }
  const https = url.protocol === 'https:';
  const virtualHost = virtualHostStyle(settings, url);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || (https ? 443 : 80));
  const connectHost = virtualHost ? `${settings.bucket}.${hostname}` : hostname;
  const signed = signS3Request({
    method: 'GET',
    host: virtualHost ? `${settings.bucket}.${url.host}` : url.host,
    pathSegments: virtualHost ? [] : [settings.bucket],
    query: { 'list-type': '2', 'max-keys': '1', prefix: configKey(settings) },
    region: settings.region ?? 'us-east-1',
  }, { accessKeyId, secretAccessKey, sessionToken: secrets['sessionToken'] });
  const address = `${connectHost}:${port}`;
  try {
    const answer = await fetchAnswer({ host: connectHost, port, method: 'GET', path: signed.path, headers: signed.headers, agent: false, ca }, https, token, budgetMs);
    const result = interpretS3Answer(settings, answer);
    return https ? result : { ...result, message: `${result.message} (over plain http: not protected by TLS, allowInsecureHttp is set)` };
  } catch (error) {
    if (error instanceof CancellationError) throw error;
    if (error instanceof DeadlineError) {
      return { status: 'unreachable', message: `S3 endpoint unreachable: no answer from ${address} within ${budgetMs / 1000} s` };
    }
    return networkProblem(error as Error, { address, caCertFile: settings.caCertFile });
  }
}
