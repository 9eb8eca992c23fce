import { createHash, createHmac } from 'node:crypto';

/** AWS Signature Version 4 for the bodiless S3 requests of the connection test (restic signs its own). */
export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface S3RequestToSign {
  readonly method: string;
  /** Host header value, with the port when it is not the scheme's default. */
  readonly host: string;
  /** Raw (unencoded) path segments, e.g. `['bucket']`; none for the service root. */
  readonly pathSegments: readonly string[];
  readonly query: Readonly<Record<string, string>>;
  readonly region: string;
}

export interface SignedS3Request {
  /** Encoded path with query string, exactly as signed. */
  readonly path: string;
  readonly headers: Record<string, string>;
}

const EMPTY_PAYLOAD_SHA256 = createHash('sha256').update('').digest('hex');

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function signS3Request(request: S3RequestToSign, credentials: S3Credentials, now = new Date()): SignedS3Request {
  const timestamp = amzDate(now);
  const day = timestamp.slice(0, 8);
  const scope = `${day}/${request.region}/s3/aws4_request`;
  const canonicalPath = `/${request.pathSegments.map(encode).join('/')}`;
  const canonicalQuery = Object.entries(request.query)
    .map(([key, value]) => [encode(key), encode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const headers: Record<string, string> = {
    host: request.host,
    'x-amz-content-sha256': EMPTY_PAYLOAD_SHA256,
    'x-amz-date': timestamp,
  };
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    request.method, canonicalPath, canonicalQuery,
    ...names.map((name) => `${name}:${headers[name]!.trim()}`), '',
    signedHeaders, EMPTY_PAYLOAD_SHA256,
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', timestamp, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  let key = hmac(`AWS4${credentials.secretAccessKey}`, day);
  for (const part of [request.region, 's3', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  headers['authorization'] = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { path: canonicalQuery ? `${canonicalPath}?${canonicalQuery}` : canonicalPath, headers };
}
