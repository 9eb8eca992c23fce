import { CancellationTokenSource } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogService } from '../node/catalog/catalog-service.js';
import { ConsentStore } from '../node/privacy/consent-store.js';
import { CliContext } from './cli-context.js';

/** The catalog of `kernel`, if closed: the error a read meets. */
function readError(kernel: { get<T>(token: symbol): T }): Promise<unknown> {
  return kernel.get<CatalogService>(CatalogService).read(() => 1).then(() => undefined, (e: unknown) => e);
}

describe('CliContext: one kernel per command, the privacy notice settled with its catalog', function () {
  this.timeout(60_000);
  let dir: string;
  let context: CliContext;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-cli-context-'));
    context = new CliContext(() => ({ dataDir: join(dir, 'data'), config: join(dir, 'timelocker.json') }), new CancellationTokenSource().token);
  });
  afterEach(async () => {
    await context.release();
    await rm(dir, { recursive: true, force: true });
  });

  it('the command starts the kernel the notice was settled with, and stops it', async () => {
    const composed = await context.composedKernel();
    await composed.get<ConsentStore>(ConsentStore).record('privacy-notice', 'test', 'accepted', 'flag');
    const started = await context.withKernel(async (kernel) => {
      expect(kernel.container).to.equal(composed.container);
      return kernel;
    });
    expect(String(await readError(started))).to.match(/is closed/);
    // The next kernel of the same command is a new one.
    await context.withKernel(async (kernel) => {
      expect(kernel.container).to.not.equal(composed.container);
      expect((await kernel.get<ConsentStore>(ConsentStore).list()).map((c) => c.decision)).to.deep.equal(['accepted']);
    });
  });

  it('a composed kernel no command started is stopped at the end of the command (its catalog closed)', async () => {
    const composed = await context.composedKernel();
    await composed.get<ConsentStore>(ConsentStore).latest('privacy-notice', 'test');
    await context.release();
    expect(String(await readError(composed))).to.match(/is closed/);
  });
});
