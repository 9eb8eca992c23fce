declare module 'nsyslog-parser' {
  /** Parses one syslog line (RFC 3164, RFC 5424 or CEF) into a plain object; never throws. */
  export default function parse(line: string, options?: Record<string, unknown>): unknown;
}
