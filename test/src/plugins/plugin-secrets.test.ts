import { expect } from 'chai';
import { CommandRegistry } from '../../../workbench/dist/node/plugins/command-registry.js';
import { CredentialsService } from '../../../workbench/dist/node/credentials/credentials-service.js';
import { startPrivateKeyring, type PrivateKeyring } from '../support/private-keyring.js';
import { createTestKernel, type TestKernel } from './plugin-kernel.js';

/** Plugin secrets go through the kernel's CredentialsService to a real (private) Secret Service. */
describe('plugin secrets (real plugin host, real keyring)', function () {
  this.timeout(60_000);
  let keyring: PrivateKeyring;
  let kernel: TestKernel;
  const savedEnv: Record<string, string | undefined> = {};

  before(async () => {
    keyring = await startPrivateKeyring();
    // keytar runs in this process and reads the session bus from its environment.
    for (const [key, value] of Object.entries(keyring.env)) {
      savedEnv[key] = process.env[key];
      process.env[key] = value;
    }
    kernel = await createTestKernel(['good']);
    await kernel.plugins.start();
  });

  after(async () => {
    await kernel?.dispose();
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
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
