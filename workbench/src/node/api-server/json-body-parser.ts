import type { FastifyInstance } from 'fastify';
import { excessiveNestingAt, excessiveNestingMessage } from '../config/json-depth.js';
import { TextPositions } from '../config/jsonc-locations.js';
import { UsageError } from '../core/errors.js';

/**
 * JSON bodies as fastify parses them (prototype poisoning refused), but a body nested deeper than any request
 * needs is refused first with where it goes too deep: validators and copies of such a value would recurse.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    const at = excessiveNestingAt(text);
    if (at === undefined) {
      parse(request, text, done);
      return;
    }
    const { line, column } = new TextPositions(text).at(at);
    done(new UsageError(`body ${excessiveNestingMessage} (at ${line}:${column})`, [{ field: 'body', message: `${excessiveNestingMessage} (at ${line}:${column})` }]), undefined);
  });
}
