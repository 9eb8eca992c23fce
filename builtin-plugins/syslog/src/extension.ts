import type { AuditSink, TimeLockerApi } from '@timelocker/plugin-api';
import { formatRfc5424 } from './rfc5424.js';
import { syslogSettingsOf } from './syslog-settings.js';
import { sendTls, sendUdp } from './syslog-transport.js';

export const syslogSink: AuditSink = {
  async deliver(entries, config, _secrets, token) {
    const settings = syslogSettingsOf(config);
    const messages = entries.map((entry) => formatRfc5424(entry, settings));
    await (settings.protocol === 'udp' ? sendUdp(messages, settings, token) : sendTls(messages, settings, token));
  },
};

export function activate(api: TimeLockerApi): void {
  api.auditSinks.register('syslog', syslogSink);
}
