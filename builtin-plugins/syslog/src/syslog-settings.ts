import { hostname } from 'node:os';
import type { JsonObject } from '@timelocker/plugin-api';

export const facilities = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp', 'security', 'console',
  'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
] as const;
export type Facility = (typeof facilities)[number];

export interface SyslogSettings {
  readonly host: string;
  readonly port: number;
  readonly protocol: 'tls' | 'udp';
  readonly caCertFile?: string;
  readonly clientCertFile?: string;
  readonly clientKeyFile?: string;
  readonly facility: Facility;
  readonly appName: string;
  readonly hostname: string;
}

/** The sink's settings with defaults; the kernel validated them against the manifest's schema already. */
export function syslogSettingsOf(config: JsonObject): SyslogSettings {
  const text = (key: string): string | undefined => (typeof config[key] === 'string' ? config[key] : undefined);
  const protocol = text('protocol') === 'udp' ? 'udp' : 'tls';
  const optional = (key: 'caCertFile' | 'clientCertFile' | 'clientKeyFile'): Partial<SyslogSettings> => (text(key) ? { [key]: text(key) } : {});
  return {
    host: text('host') ?? '',
    port: typeof config['port'] === 'number' ? config['port'] : protocol === 'tls' ? 6514 : 514,
    protocol,
    ...optional('caCertFile'), ...optional('clientCertFile'), ...optional('clientKeyFile'),
    facility: (facilities as readonly string[]).includes(text('facility') ?? '') ? text('facility') as Facility : 'authpriv',
    appName: text('appName') ?? 'timelocker',
    hostname: text('hostname') ?? (hostname() || '-'),
  };
}
