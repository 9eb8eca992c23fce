import { expect } from 'chai';
import { CommandRegistry } from '../../../workbench/dist/node/plugins/command-registry.js';
import { CredentialsService } from '../../../workbench/dist/node/credentials/credentials-service.js';
import { startPrivateKeyring, withoutSessionBus, type PrivateKeyring } from '../support/private-keyring.js';
import { createTestKernel, rejectionOf, type TestKernel } from './plugin-kernel.js';

/** Applies `overrides` (undefined: unset) to this process's environment; the result puts the old values back. */
function overrideEnv(overrides: Readonly<Record<string, string | undefined>>): () => void {
  const saved = Object.fromEntries(Object.keys(overrides).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(overrides);
  return () => apply(saved);
}

/** Plugin secrets go through the kernel's CredentialsService to a real (private) Secret Service. */
describe('plugin secrets (real plugin host, real keyring)', function () {
  this.timeout(60_000);
  let keyring: PrivateKeyring;
  let kernel: TestKernel;
  let restoreEnv: (() => void) | undefined;

  before(async () => {
    keyring = await startPrivateKeyring();
    // keytar runs in this process and reads the session bus from its environment.
    restoreEnv = overrideEnv(keyring.env);
    kernel = await createTestKernel(['good']);
    await kernel.plugins.start();
  });

  after(async () => {
    await kernel?.dispose();
    restoreEnv?.();
    await keyring?.stop();
  });

  it('stores, reads and deletes under plugin:<id>/<key>', async () => {
    const credentials = kernel.container.get<CredentialsService>(CredentialsService);
    const commands = kernel.container.get<CommandRegistry>(CommandRegistry);
    const result = await commands.executeCommand('fixtures.good.secret', 'plugin-secret-value');
    expect(result).to.deep.equal({ read: 'plugin-secret-value', afterDelete: null });
    expect(await credentials.list('plugin:')).to.deep.equal([]);
    await commands.executeCommand('fixtures.good.keepSecret', 'kept', 'kept-secret-value');
    expect(await credentials.get('plugin:fixtures.good/kept')).to.equal('kept-secret-value');
    await credentials.delete('plugin:fixtures.good/kept');
  });
});

/** A server or container: no Secret Service. The plugin is told so in the API's terms, not the wire's. */
describe('plugin secrets without a Secret Service (real plugin host)', function () {
  this.timeout(60_000);
  let kernel: TestKernel;
  let restoreEnv: (() => void) | undefined;

  before(async () => {
    restoreEnv = overrideEnv(withoutSessionBus);
    kernel = await createTestKernel(['good']);
    await kernel.plugins.start();
  });

  after(async () => {
    await kernel?.dispose();
    restoreEnv?.();
  });

  it('rejects api.secrets.store with kind unavailable, saying why and what to do', async () => {
    const commands = kernel.container.get<CommandRegistry>(CommandRegistry);
    const error = await rejectionOf(commands.executeCommand('fixtures.good.keepSecret', 'token', 'never-stored-value'));
    // The command does not catch: the kind the plugin got is the kind its caller gets.
    expect(error).to.include({ name: 'PluginCallError', kind: 'unavailable' });
    expect(error.message).to.equal('command "fixtures.good.keepSecret" (plugin fixtures.good): '
      + 'The OS keyring (Secret Service) is not available, so plugin secrets cannot be stored: '
      + 'No Secret Service is available (no D-Bus session). Start a desktop session (or gnome-keyring-daemon) for '
      + 'TimeLocker, or give the plugin the value in its own settings if it offers that.');
    expect(error.message).not.to.match(/\$secrets|Request|repository|TIMELOCKER_PASSWORD|never-stored-value/);
  });
});
