import type { AuditEntryDto } from '@timelocker/plugin-api';
import { type Facility, facilities } from './syslog-settings.js';

/**
 * Private enterprise number 32473 is the one RFC 5612 reserves for documentation and examples; collectors match
 * the SD-ID `timelocker@32473` by name.
 */
export const SD_ID = 'timelocker@32473';

const severityCode: Readonly<Record<AuditEntryDto['severity'], number>> = { critical: 2, error: 3, warning: 4, info: 6 };
const BOM = '\uFEFF';

/** RFC 5424 §6.3.3: `"`, `\` and `]` are escaped inside a PARAM-VALUE. */
function paramValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** Header fields are printable US-ASCII without spaces; anything else becomes `_`. */
function headerField(value: string, maxLength: number): string {
  return value.replace(/[^!-~]/g, '_').slice(0, maxLength) || '-';
}

export interface MessageOrigin {
  readonly facility: Facility;
  readonly appName: string;
  readonly hostname: string;
}

/**
 * One audit entry as an RFC 5424 message: PRI from facility and severity, the entry's time, MSGID = its type,
 * structured data with seq, actor, target and hash, and the whole entry as UTF-8 JSON after a BOM.
 */
export function formatRfc5424(entry: AuditEntryDto, origin: MessageOrigin): string {
  const pri = facilities.indexOf(origin.facility) * 8 + severityCode[entry.severity];
  const params: Array<[string, string]> = [['seq', String(entry.seq)], ['type', entry.type], ['actor', entry.actor], ['hash', entry.hash]];
  if (entry.target !== null) params.push(['target', entry.target]);
  const structured = `[${SD_ID} ${params.map(([name, value]) => `${name}="${paramValue(value)}"`).join(' ')}]`;
  return `<${pri}>1 ${entry.time} ${headerField(origin.hostname, 255)} ${headerField(origin.appName, 48)} - ${headerField(entry.type, 32)} ${structured} ${BOM}${JSON.stringify(entry)}`;
}

/** RFC 5425 §4.3 octet counting: `MSG-LEN SP SYSLOG-MSG`, the length in bytes of the UTF-8 message. */
export function octetCounted(message: string): Buffer {
  const bytes = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${bytes.length} `, 'ascii'), bytes]);
}
