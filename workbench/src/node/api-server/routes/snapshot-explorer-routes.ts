import type { FastifyInstance, FastifyRequest } from 'fastify';
import { inject, injectable } from 'inversify';
import { NotFoundError } from '../../core/errors.js';
import type { ArchiveFormat } from '../../file-index/file-download.js';
import { SnapshotExplorer } from '../../snapshot-explorer/snapshot-explorer.js';
import type { ApiRouteContribution } from '../api-route-contribution.js';
import { OneTimeTickets } from '../../core/one-time-tickets.js';
import { repositoryErrors, stringList } from './schemas.js';

interface DownloadRequest {
  readonly repository: string;
  readonly snapshot: string;
  readonly path: string;
  readonly format: ArchiveFormat;
  readonly actor: string;
}

type SnapshotParams = { readonly name: string; readonly id: string };

const snapshotParams = {
  type: 'object', required: ['name', 'id'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;
const absolutePath = { type: 'string', pattern: '^/', minLength: 1, maxLength: 4096 } as const;
const actorOf = (request: FastifyRequest): string => `api:${request.principal?.name ?? 'anonymous'}`;
/** RFC 6266: a plain ASCII fallback name plus the exact UTF-8 one. */
const contentDisposition = (fileName: string): string =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/** Search, download, compare, and what a restore would overwrite: one snapshot at a time, through restic. */
@injectable()
export class SnapshotExplorerRoutes implements ApiRouteContribution {
  private readonly tickets = new OneTimeTickets<DownloadRequest>();

  constructor(@inject(SnapshotExplorer) private readonly explorer: SnapshotExplorer) {}

  registerRoutes(app: FastifyInstance): void {
    app.get<{ Params: SnapshotParams; Querystring: { q: string; limit: number } }>('/api/v1/repositories/:name/snapshots/:id/search', {
      config: { access: 'viewer', errors: repositoryErrors },
      schema: {
        tags: ['snapshots'], summary: 'Files and folders whose name contains `q` (case-insensitive; with a "/" in `q`, the whole path), over the whole snapshot: `{ snapshotId, matches, total }`',
        params: snapshotParams,
        querystring: {
          type: 'object', required: ['q'], additionalProperties: false,
          properties: { q: { type: 'string', minLength: 1, maxLength: 500 }, limit: { type: 'integer', minimum: 1, maximum: 5000, default: 500 } },
        },
      },
    }, async (request) => this.explorer.search(request.params.name, request.params.id, request.query.q, request.query.limit, request.cancellation));

    app.get<{ Params: { name: string }; Querystring: { from: string; to: string } }>('/api/v1/repositories/:name/diff', {
      config: { access: 'viewer', errors: repositoryErrors },
      schema: {
        tags: ['snapshots'], summary: 'restic diff of two snapshots: `{ from, to, added, removed, changed, addedTotals, removedTotals }` (paths; folders end in "/")',
        params: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 200 } } },
        querystring: {
          type: 'object', required: ['from', 'to'], additionalProperties: false,
          properties: { from: { type: 'string', minLength: 1, maxLength: 200 }, to: { type: 'string', minLength: 1, maxLength: 200 } },
        },
      },
    }, async (request) => this.explorer.compare(request.params.name, request.query.from, request.query.to, request.cancellation));

    app.post<{ Params: SnapshotParams; Body: { target: string; include?: string[] } }>('/api/v1/repositories/:name/snapshots/:id/restore-impact', {
      config: { access: 'operator', errors: repositoryErrors },
      schema: {
        tags: ['snapshots'], summary: 'Before a restore: how many files it writes, where each selected path lands, and which existing files it would overwrite',
        params: snapshotParams,
        body: { type: 'object', required: ['target'], additionalProperties: false, properties: { target: absolutePath, include: stringList } },
      },
    }, async (request) => {
      const impact = { target: request.body.target, include: request.body.include ?? [], confined: request.principal?.role !== 'admin' };
      return this.explorer.restoreImpact(request.params.name, request.params.id, impact, 200, request.cancellation);
    });

    app.post<{ Params: SnapshotParams; Body: { path: string; format?: ArchiveFormat } }>('/api/v1/repositories/:name/snapshots/:id/download', {
      config: { access: 'operator' },
      schema: {
        tags: ['snapshots'], summary: 'A one-time link (valid 60 s) that downloads a file, or a folder as a tar or zip archive (restic dump): `{ url }`',
        params: snapshotParams,
        body: { type: 'object', required: ['path'], additionalProperties: false, properties: { path: absolutePath, format: { type: 'string', enum: ['tar', 'zip'] } } },
      },
    }, async (request) => {
      const ticket = this.tickets.issue({
        repository: request.params.name, snapshot: request.params.id, path: request.body.path, format: request.body.format ?? 'tar', actor: actorOf(request),
      });
      return { url: `/api/v1/downloads/${ticket}` };
    });

    app.get<{ Params: { ticket: string } }>('/api/v1/downloads/:ticket', {
      config: { access: 'public', errors: repositoryErrors },
      schema: {
        tags: ['snapshots'], summary: 'The download behind a one-time link (the link is the credential)',
        params: { type: 'object', required: ['ticket'], properties: { ticket: { type: 'string', minLength: 1, maxLength: 100 } } },
      },
    }, async (request, reply) => {
      const download = this.tickets.redeem(request.params.ticket);
      if (!download) throw new NotFoundError('This download link is unknown, used or expired (links work once, for 60 s); start the download again.');
      const { repository, snapshot, path, format, actor } = download;
      const file = await this.explorer.download(repository, snapshot, path, { format, actor }, request.cancellation);
      return reply.header('content-type', file.contentType).header('content-disposition', contentDisposition(file.fileName))
        .header('cache-control', 'no-store').send(file.stream);
    });
  }
}
