import { CancellationTokenSource } from '@timelocker/plugin-api';
import type { FastifyInstance } from 'fastify';

/**
 * Gives every request a `cancellation` token that is cancelled when the client goes away before the whole answer
 * was sent: the work done for it (restic above all, which gets SIGINT) stops instead of running on for nobody.
 * Work that outlives the request on purpose (jobs) does not take this token.
 */
export function installRequestCancellation(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    const source = new CancellationTokenSource();
    request.cancellation = source.token;
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) source.cancel();
      source.dispose();
    });
    done();
  });
}
