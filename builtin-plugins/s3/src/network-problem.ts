import type { ConnectionTestResult } from '@timelocker/plugin-api';

const UNKNOWN_ISSUER = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'EPROTO']);

export interface NetworkContext {
  /** `host:port` the test connected to. */
  readonly address: string;
  readonly caCertFile?: string;
}

function errorCode(error: Error): string {
  const { code } = error as NodeJS.ErrnoException;
  return typeof code === 'string' ? code : '';
}

function trustAdvice(context: NetworkContext): string {
  return context.caCertFile
    ? `it is not signed by the CA in caCertFile ${context.caCertFile}; set caCertFile to the CA that signed it`
    : 'set caCertFile to the CA that signed it';
}

function tlsProblem(code: string, error: Error, context: NetworkContext): string | undefined {
  const at = `TLS failure at ${context.address}:`;
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT') return `${at} the server presents a self-signed certificate; ${trustAdvice(context)}.`;
  if (code === 'SELF_SIGNED_CERT_IN_CHAIN') return `${at} the certificate chain ends in a self-signed CA that is not trusted; ${trustAdvice(context)}.`;
  if (UNKNOWN_ISSUER.has(code)) return `${at} the certificate is signed by an unknown CA; ${trustAdvice(context)}.`;
  if (code === 'CERT_HAS_EXPIRED') return `${at} the server certificate has expired.`;
  if (code === 'CERT_NOT_YET_VALID') return `${at} the server certificate is not valid yet (check the clocks).`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `${at} the certificate does not cover this host name (${(error as Error & { reason?: string }).reason ?? error.message}).`;
  if (code.startsWith('CERT_') || code.startsWith('ERR_TLS_')) return `${at} ${error.message} (${code}).`;
  if (NOT_TLS.has(code) || /wrong version number|packet length too long/i.test(error.message)) {
    return `${at} the server does not speak TLS on this port (is it a plain http endpoint?).`;
  }
  return undefined;
}

function unreachable(code: string, error: Error, context: NetworkContext): string {
  switch (code) {
    case 'ECONNREFUSED': return `S3 endpoint unreachable: nothing accepts connections at ${context.address} (connection refused). Is the server running?`;
    case 'ENOTFOUND': return `S3 endpoint unreachable: the host name of ${context.address} does not resolve (DNS lookup failed).`;
    case 'EAI_AGAIN': return `S3 endpoint unreachable: DNS lookup for ${context.address} failed temporarily.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH': return `S3 endpoint unreachable: no network route to ${context.address}.`;
    case 'ECONNRESET': return `S3 endpoint unreachable: ${context.address} closed the connection.`;
    default: return `S3 endpoint unreachable: ${context.address}: ${error.message}${code ? ` (${code})` : ''}.`;
  }
}

/** Tells a TLS problem (named precisely) from an endpoint that cannot be reached at all. */
export function networkProblem(error: Error, context: NetworkContext): ConnectionTestResult {
  const code = errorCode(error);
  const tls = tlsProblem(code, error, context);
  if (tls) return { status: 'tls-error', message: tls };
  return { status: 'unreachable', message: unreachable(code, error, context) };
}
