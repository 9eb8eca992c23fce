import { TimeLockerError, type ErrorKind } from '@timelocker/plugin-api';
import type {
  AuditEntryDto, AuditVerifyDto, BackendContribution, BreakerStatus, ConfigIssue, ConfigText, ConnectionTestResult, ContributionsDto,
  EntryDto, ForgetPreview, JobDto, JobPage, JobStatus, JsonObject, KeyringStatus, JsonValue, NewPlan, NewRepository, PlanDto, PrivacyNotice,
  ReportCatalog, ReportFile, ReportRequest, RepositoryDto, RestoreImpact, ScheduledPlan, SchedulePreview, SnapshotDiff, SnapshotDto, SnapshotSearch,
  StartJob, StorageSample, ViewNodeDto, WhoAmI,
} from './api-types.js';
import type { ProbeResult } from './event-stream.js';

/** A non-2xx answer, of the kind the server named; `body` keeps the server's JSON (e.g. config `issues`) for callers that show details. */
export class ApiError extends TimeLockerError {
  constructor(readonly status: number, message: string, readonly body: unknown) {
    const kind = (body as { error?: unknown } | undefined)?.error;
    super(typeof kind === 'string' ? kind as ErrorKind : 'internal', message);
    this.name = 'ApiError';
  }

  get issues(): readonly ConfigIssue[] {
    const issues = (this.body as { issues?: unknown } | undefined)?.issues;
    return Array.isArray(issues) ? (issues as ConfigIssue[]) : [];
  }
}

/** Lists come back either bare or wrapped (`{ items }`); the UI only needs the array. */
function items<T>(body: unknown, key = 'items'): T[] {
  if (Array.isArray(body)) return body as T[];
  const wrapped = (body as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(wrapped) ? (wrapped as T[]) : [];
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

const enc = encodeURIComponent;

/** The REST API, and nothing else: the UI is a client like any third party. */
export class ApiClient {
  constructor(readonly token: string, private readonly base = '/api/v1') {}

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await this.raw(method, path, body, headers);
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    return (type.includes('json') ? await response.json() : await response.text()) as T;
  }

  async raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${this.token}`, ...headers } };
    if (body !== undefined) {
      // A Blob (an uploaded file) goes as it is, with the content-type the caller gives.
      init.body = typeof body === 'string' || body instanceof Blob ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= typeof body === 'string' ? 'text/plain' : 'application/json';
    }
    const response = await fetch(`${this.base}${path}`, init);
    if (!response.ok) {
      const text = await response.text();
      let parsed: unknown = text;
      try { parsed = JSON.parse(text); } catch { /* plain-text error body */ }
      const message = (parsed as { message?: string; error?: string } | undefined)?.message
        ?? (parsed as { error?: string } | undefined)?.error ?? (text || response.statusText);
      throw new ApiError(response.status, String(message), parsed);
    }
    return response;
  }

  /** Whether the server answers, and still knows this page's token; never throws. */
  async probe(): Promise<ProbeResult> {
    try {
      const response = await fetch(`${this.base}/whoami`, { headers: { authorization: `Bearer ${this.token}` }, signal: AbortSignal.timeout(1500) });
      return response.ok ? 'ok' : response.status === 401 ? 'unauthorized' : 'down';
    } catch {
      return 'down';
    }
  }

  eventsUrl(): string {
    return `${this.base}/events?access_token=${enc(this.token)}`;
  }

  whoami(): Promise<WhoAmI> {
    return this.request('GET', '/whoami');
  }

  async repositories(): Promise<RepositoryDto[]> {
    return items(await this.request('GET', '/repositories'));
  }

  keyringStatus(): Promise<KeyringStatus> {
    return this.request('GET', '/secrets/keyring');
  }

  addRepository(repository: NewRepository): Promise<RepositoryDto> {
    return this.request('POST', '/repositories', repository);
  }

  testRepository(name: string): Promise<ConnectionTestResult> {
    return this.request('POST', `/repositories/${enc(name)}/test`);
  }

  /** `confirmPath`: the location, for a repository that had snapshots (without it the server answers 400 with an issue for `body.confirmPath` naming the location). */
  initRepository(name: string, confirmPath?: string): Promise<JobDto> {
    return this.request('POST', `/repositories/${enc(name)}/init`, confirmPath ? { confirmPath } : {});
  }

  /** Each backend by the id users know: a builtin's short alias (`local`), else its full id (`acme.rclone`). */
  async backends(): Promise<BackendContribution[]> {
    const backends = items<BackendContribution & { readonly aliases?: readonly string[] }>(await this.request('GET', '/backends'));
    return backends.map((b) => ({ ...b, id: b.aliases?.[0] ?? b.id }));
  }

  async plans(): Promise<PlanDto[]> {
    return items(await this.request('GET', '/plans'));
  }

  addPlan(plan: NewPlan): Promise<PlanDto> {
    return this.request('POST', '/plans', plan);
  }

  async snapshots(filter: { repository?: string; plan?: string; latest?: number } = {}): Promise<SnapshotDto[]> {
    return items(await this.request('GET', `/snapshots${query(filter)}`));
  }

  async ls(repository: string, snapshot: string, dir: string): Promise<EntryDto[]> {
    return items(await this.request('GET', `/repositories/${enc(repository)}/snapshots/${enc(snapshot)}/ls${query({ dir })}`));
  }

  startJob(job: StartJob): Promise<JobDto> {
    return this.request('POST', '/jobs', job);
  }

  async jobs(filter: { status?: JobStatus; limit?: number; offset?: number } = {}): Promise<JobPage> {
    const body = await this.request<unknown>('GET', `/jobs${query(filter)}`);
    return { items: items<JobDto>(body), total: (body as { total?: number }).total };
  }

  job(id: string): Promise<JobDto & { log?: readonly string[] }> {
    return this.request('GET', `/jobs/${enc(id)}`);
  }

  cancelJob(id: string): Promise<unknown> {
    return this.request('POST', `/jobs/${enc(id)}/cancel`);
  }

  async config(): Promise<ConfigText> {
    const body = await this.request<{ text: string; etag: string }>('GET', '/config', undefined, { accept: 'application/json' });
    return { text: body.text, etag: body.etag };
  }

  /** Saves the raw file; a 412 means it changed underneath since `etag` was read. */
  async saveConfig(text: string, etag: string): Promise<string> {
    const body = await this.request<{ etag?: string }>('PUT', '/config', { text }, { 'if-match': etag });
    return body?.etag ?? '';
  }

  configSchema(): Promise<JsonObject> {
    return this.request('GET', '/config/schema');
  }

  async contributions(): Promise<ContributionsDto> {
    const body = await this.request<Partial<ContributionsDto>>('GET', '/contributions');
    return { commands: body.commands ?? [], views: body.views ?? [] };
  }

  async viewChildren(view: string, element?: string): Promise<ViewNodeDto[]> {
    return items(await this.request('GET', `/views/${enc(view)}/children${query({ element })}`));
  }

  async executeCommand(id: string, args: readonly JsonValue[] = []): Promise<unknown> {
    return (await this.request<{ result?: unknown }>('POST', `/commands/${enc(id)}`, { args }))?.result;
  }

  async audit(filter: { type?: string; severity?: string; actor?: string; since?: string; until?: string; limit?: number } = {}): Promise<AuditEntryDto[]> {
    return items(await this.request('GET', `/audit${query(filter)}`));
  }

  auditVerify(): Promise<AuditVerifyDto> {
    return this.request('GET', '/audit/verify');
  }

  removeRepository(name: string, deleteSecrets = false): Promise<{ deletedSecrets?: string[] }> {
    return this.request('DELETE', `/repositories/${enc(name)}${query({ deleteSecrets: deleteSecrets ? 'true' : undefined })}`);
  }

  repositoryConfig(name: string): Promise<JsonObject> {
    return this.request('GET', `/repositories/${enc(name)}/config`);
  }

  saveRepositoryConfig(name: string, entry: JsonObject): Promise<RepositoryDto> {
    return this.request('PUT', `/repositories/${enc(name)}/config`, entry);
  }

  renameRepository(name: string, to: string): Promise<unknown> {
    return this.request('POST', `/repositories/${enc(name)}/rename`, { to });
  }

  planConfig(name: string): Promise<JsonObject> {
    return this.request('GET', `/plans/${enc(name)}/config`);
  }

  savePlanConfig(name: string, entry: JsonObject): Promise<PlanDto> {
    return this.request('PUT', `/plans/${enc(name)}/config`, entry);
  }

  renamePlan(name: string, to: string): Promise<PlanDto> {
    return this.request('POST', `/plans/${enc(name)}/rename`, { to });
  }

  removePlan(name: string): Promise<unknown> {
    return this.request('DELETE', `/plans/${enc(name)}`);
  }

  /** restic's own keep/remove decisions (`forget --dry-run`) for the plan's retention, or for unsaved `rules`. */
  forgetPreview(plan: string, rules?: JsonObject): Promise<ForgetPreview> {
    return this.request('POST', `/plans/${enc(plan)}/forget-preview`, rules ? { rules } : {});
  }

  schedulePreview(schedule: string): Promise<SchedulePreview> {
    return this.request('GET', `/schedules/preview${query({ schedule })}`);
  }

  /** Sets one value of the config (no `value`: removes it), validated like a whole save. */
  setConfigValue(path: ReadonlyArray<string | number>, value: JsonValue | undefined): Promise<{ etag: string }> {
    return this.request('PUT', '/config/value', value === undefined ? { path } : { path, value });
  }

  searchSnapshot(repository: string, snapshot: string, q: string): Promise<SnapshotSearch> {
    return this.request('GET', `/repositories/${enc(repository)}/snapshots/${enc(snapshot)}/search${query({ q })}`);
  }

  /** A one-time link: the browser downloads it as a plain link, straight to disk. */
  async downloadLink(repository: string, snapshot: string, path: string, format?: 'tar' | 'zip'): Promise<string> {
    const body = await this.request<{ url: string }>('POST', `/repositories/${enc(repository)}/snapshots/${enc(snapshot)}/download`, { path, ...(format ? { format } : {}) });
    return body.url;
  }

  diff(repository: string, from: string, to: string): Promise<SnapshotDiff> {
    return this.request('GET', `/repositories/${enc(repository)}/diff${query({ from, to })}`);
  }

  restoreImpact(repository: string, snapshot: string, target: string, include: readonly string[]): Promise<RestoreImpact> {
    return this.request('POST', `/repositories/${enc(repository)}/snapshots/${enc(snapshot)}/restore-impact`, { target, include });
  }

  status(): Promise<JsonObject> {
    return this.request('GET', '/status');
  }

  async breakers(): Promise<BreakerStatus[]> {
    return ((await this.request<{ breakers?: BreakerStatus[] }>('GET', '/status')).breakers ?? []);
  }

  privacy(): Promise<PrivacyNotice> {
    return this.request('GET', '/privacy');
  }

  acceptPrivacy(): Promise<unknown> {
    return this.request('POST', '/privacy/accept', { channel: 'ui' });
  }

  async schedules(): Promise<ScheduledPlan[]> {
    return items(await this.request('GET', '/schedules'));
  }

  async storageSamples(filter: { repository?: string; from?: string } = {}): Promise<StorageSample[]> {
    return items(await this.request('GET', `/metrics/storage${query(filter)}`));
  }

  reports(): Promise<ReportCatalog> {
    return this.request('GET', '/reports');
  }

  /** The file comes back in the response (the bearer token rules out a plain link); the caller saves it. */
  async generateReport(report: ReportRequest): Promise<ReportFile> {
    const response = await this.raw('POST', '/reports/generate', report);
    const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `${report.type}.${report.format}`;
    return { blob: await response.blob(), fileName };
  }
}
