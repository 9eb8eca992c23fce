import type { FastifyInstance } from 'fastify';
import { inject, injectable } from 'inversify';
import { basename } from 'node:path';
import { FileDownload } from '../../file-index/file-download.js';
import { FileIndexContribution } from '../../file-index/file-index-contribution.js';
import { FileIndexService, type FileSearchRequest } from '../../file-index/file-index-service.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { repositoryErrors } from './schemas.js';

interface SearchQuery {
  readonly q: string;
  readonly repository?: string;
  readonly plan?: string;
  readonly path?: string;
  readonly newer?: string;
  readonly older?: string;
  readonly limit: number;
}

const text = { type: 'string', minLength: 1, maxLength: 4096 } as const;
const name = { type: 'string', minLength: 1, maxLength: 200 } as const;

/** Search over the file index and a file's versions across all snapshots; answered from the index, not by restic. */
@injectable()
export class FileRoutes implements ApiRouteContribution {
  constructor(
    @inject(FileIndexService) private readonly index: FileIndexService,
    @inject(FileIndexContribution) private readonly indexing: FileIndexContribution,
    @inject(FileDownload) private readonly downloads: FileDownload,
  ) {}

  registerRoutes(app: FastifyInstance): void {
    // Only a server registers routes: it catches up with snapshots made while it was not running, in the background.
    void this.indexing.catchUp();

    app.get<{ Querystring: SearchQuery }>('/api/v1/files/search', {
      config: { access: 'viewer', errors: ['not-found', 'config'] },
      schema: {
        tags: ['files'], summary: 'Paths in any snapshot matching `q` (substring, smart case, or a glob such as *.pdf), each with its distinct versions and the snapshots holding them',
        querystring: {
          type: 'object', required: ['q'], additionalProperties: false,
          properties: {
            q: text, repository: name, plan: name, path: { ...text, pattern: '^/' },
            newer: { ...text, description: 'versions modified at or after (ISO 8601)' }, older: { ...text, description: 'versions modified before (ISO 8601)' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 },
          },
        },
      },
    }, async (request) => {
      const { q, ...rest } = request.query;
      const search: FileSearchRequest = { pattern: q, ...rest };
      return this.index.search(search);
    });

    app.get<{ Querystring: { path: string; repository?: string; plan?: string } }>('/api/v1/files/versions', {
      config: { access: 'viewer', errors: ['not-found', 'config'] },
      schema: {
        tags: ['files'], summary: 'Every version of one path across all snapshots of all repositories, newest first (`number` 1 = newest)',
        querystring: { type: 'object', required: ['path'], additionalProperties: false, properties: { path: { ...text, pattern: '^/' }, repository: name, plan: name } },
      },
    }, async (request) => {
      const { path, ...filter } = request.query;
      return this.index.versions(path, filter);
    });

    app.get<{ Querystring: { repository: string; snapshot: string; path: string } }>('/api/v1/files/download', {
      config: { access: 'operator', errors: repositoryErrors },
      schema: {
        tags: ['files'], summary: 'The content of one file in one snapshot (restic dump), as an attachment; audited as file.downloaded',
        querystring: {
          type: 'object', required: ['repository', 'snapshot', 'path'], additionalProperties: false,
          properties: { repository: name, snapshot: { type: 'string', pattern: '^[0-9a-f]{4,64}$|^latest$' }, path: { ...text, pattern: '^/' } },
        },
      },
    }, async (request, reply) => {
      const { repository, snapshot, path } = request.query;
      const stream = await this.downloads.open(repository, snapshot, path, { actor: `api:${request.principal?.name ?? 'anonymous'}` }, request.cancellation);
      return reply.header('content-type', 'application/octet-stream')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(basename(path))}`).send(stream);
    });

    app.get('/api/v1/files/index', {
      config: { access: 'viewer' }, schema: { tags: ['files'], summary: 'Per repository: indexed snapshots, entries, distinct paths and versions, bytes on disk' },
    }, async () => this.index.status());

    app.post<{ Body: { repository?: string } }>('/api/v1/files/index', {
      config: { access: 'operator', errors: repositoryErrors },
      schema: {
        tags: ['files'], summary: 'Bring the index up to date now (new snapshots indexed, forgotten ones dropped); answers when done',
        body: { type: 'object', additionalProperties: false, properties: { repository: name } },
      },
    }, async (request) => this.index.sync(request.body?.repository ? [request.body.repository] : undefined, request.cancellation));
  }
}
