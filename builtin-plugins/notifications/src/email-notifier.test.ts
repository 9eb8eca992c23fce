import { expect } from 'chai';
import type { NotificationDto } from '@timelocker/plugin-api';
import { mailContent, transportOptions } from './email-notifier.js';

const base = { host: 'smtp.example.org', from: 'tl@example.org', to: ['ops@example.org'] };

describe('email notifier settings', () => {
  it('requires STARTTLS on 587 (the default port) and uses implicit TLS on 465', async () => {
    expect(await transportOptions(base, {})).to.include({ port: 587, secure: false, requireTLS: true, ignoreTLS: false });
    expect(await transportOptions({ ...base, port: 465 }, {})).to.include({ port: 465, secure: true, requireTLS: false });
    expect(await transportOptions({ ...base, port: 25, starttls: false }, {})).to.include({ secure: false, requireTLS: false, ignoreTLS: true });
  });

  it('authenticates with user and the password secret, and refuses a user without a password', async () => {
    expect((await transportOptions({ ...base, user: 'tl' }, { password: 'pw' })).auth).to.deep.equal({ user: 'tl', pass: 'pw' });
    const error = await transportOptions({ ...base, user: 'tl' }, {}).then(() => undefined, (e: Error) => e);
    expect(error?.message).to.include('"password": { "keyring": true }');
  });

  it('writes subject and body from the notification', () => {
    const n: NotificationDto = { event: 'stale', title: 'Plan "docs" has no recent backup', body: 'No successful backup.', severity: 'warning', details: { plan: 'docs' } };
    const mail = mailContent(n);
    expect(mail.subject).to.equal('[TimeLocker] Plan "docs" has no recent backup');
    expect(mail.text).to.include('No successful backup.').and.include('Event: stale').and.include('plan: docs');
  });
});
