import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { startPrivateKeyring, type PrivateKeyring } from '../support/private-keyring.js';
import { makeCertificate, type Certificate } from '../support/s3-server.js';
import { TestWorkspace } from '../support/workspace.js';
import { mailHeader, mailText, startSmtpReceiver, type SmtpReceiver } from './test-receivers.js';

const SMTP_USER = 'timelocker';
const SMTP_PASSWORD = 'smtp-pass-9d1e-quite-secret';

describe('email notifier through the CLI (real SMTP server with STARTTLS / implicit TLS, real keyring)', function () {
  this.timeout(120_000);
  let keyring: PrivateKeyring;
  let ws: TestWorkspace;
  let cert: Certificate;
  let starttls: SmtpReceiver;
  let implicit: SmtpReceiver;

  const mailNotifier = (port: number, extra: Record<string, unknown>): Record<string, unknown> => ({
    type: 'email', host: '127.0.0.1', port, caFile: cert.certFile, from: 'timelocker@example.org', to: ['ops@example.org', 'boss@example.org'],
    user: SMTP_USER, ...extra,
  });

  before(async () => {
    keyring = await startPrivateKeyring();
    ws = await TestWorkspace.create(keyring.env);
    cert = await makeCertificate(ws.path, 'smtp');
    starttls = await startSmtpReceiver(cert, SMTP_USER, SMTP_PASSWORD);
    implicit = await startSmtpReceiver(cert, SMTP_USER, SMTP_PASSWORD, true);
    await import('node:fs/promises').then((fs) => fs.mkdir(join(ws.path, 'config'), { recursive: true }));
    await writeFile(ws.configFile, JSON.stringify({
      repositories: { home: { backend: 'local', path: join(ws.path, 'repo'), password: { env: 'REPO_PW' } } },
      plans: { docs: { repository: 'home', paths: [join(ws.path, 'source')] } },
      notifications: {
        notifiers: {
          mail: mailNotifier(starttls.port, { starttls: true, password: { keyring: true } }),
          mail465: mailNotifier(implicit.port, { secure: true, password: { env: 'SMTP_PW' } }),
        },
        rules: [{ events: ['stale'], notifiers: ['mail'], staleHours: 1 }],
      },
    }, null, 2));
  });

  after(async () => {
    await starttls?.stop();
    await implicit?.stop();
    await keyring?.stop();
    await ws?.remove();
  });

  it('stores the SMTP password with `secret set notifier:NAME password`, and sends a test mail over STARTTLS with it', async () => {
    const set = await ws.cli(['secret', 'set', 'notifier:mail', 'password'], { input: SMTP_PASSWORD });
    expect(set.code, set.stderr).to.equal(0);
    expect(await readFile(ws.configFile, 'utf8')).to.not.include(SMTP_PASSWORD);
    const sent = await ws.cli(['notify', 'test', 'mail']);
    expect(sent.code, sent.stderr).to.equal(0);
    expect(sent.stdout).to.include('Sent a test notification through "mail"');
    expect(starttls.mails).to.have.length(1);
    const [mail] = starttls.mails;
    expect(mail!.tls, 'upgraded with STARTTLS before sending').to.equal(true);
    expect(mail!.user, 'authenticated with the keyring password').to.equal(SMTP_USER);
    expect(mail!.from).to.equal('timelocker@example.org');
    expect(mail!.to).to.deep.equal(['ops@example.org', 'boss@example.org']);
    expect(mailHeader(mail!.raw, 'Subject')).to.equal('[TimeLocker] Test notification');
    expect(mailText(mail!.raw)).to.include('This is a test message from TimeLocker through the notifier "mail"');
  });

  it('mails a stale plan with the right subject and body (rule-driven, `notify check-stale`)', async () => {
    const check = await ws.cli(['notify', 'check-stale']);
    expect(check.code, 'a stale plan makes check-stale exit 1').to.equal(1);
    expect(check.stdout).to.include('stale: plan docs').and.include('mail: sent');
    const mail = starttls.mails.at(-1)!;
    expect(mailHeader(mail.raw, 'Subject')).to.equal('[TimeLocker] Plan "docs" has no recent backup');
    const text = mailText(mail.raw);
    expect(text).to.include('No successful backup of plan "docs" (repository "home") in the last 1 hours; last success: never.');
    expect(text).to.include('Event: stale').and.include('Severity: warning');
    const again = await ws.cli(['notify', 'check-stale']);
    expect(again.stdout, 'the identical message is rate-limited').to.include('mail: rate-limited');
    expect(starttls.mails).to.have.length(2);
  });

  it('sends over implicit TLS (port-465 style) with the password from an environment variable', async () => {
    const sent = await ws.cli(['notify', 'test', 'mail465'], { env: { SMTP_PW: SMTP_PASSWORD } });
    expect(sent.code, sent.stderr).to.equal(0);
    expect(implicit.mails).to.have.length(1);
    expect(implicit.mails[0]!.tls).to.equal(true);
    expect(implicit.mails[0]!.user).to.equal(SMTP_USER);
  });

  it('fails `notify test` with a clear message on a wrong password, without printing the password', async () => {
    const failures = implicit.authFailures.length;
    const wrong = 'not-the-smtp-password-5521';
    const sent = await ws.cli(['notify', 'test', 'mail465'], { env: { SMTP_PW: wrong } });
    expect(sent.code).to.equal(1);
    expect(sent.stderr).to.include('The notifier "mail465" failed').and.match(/auth|Invalid/i);
    expect(sent.stderr + sent.stdout).to.not.include(wrong);
    expect(implicit.authFailures.length).to.equal(failures + 1);
    expect(implicit.mails).to.have.length(1);
  });
});
