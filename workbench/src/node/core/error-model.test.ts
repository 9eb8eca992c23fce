import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CancellationError, PluginApiError } from '@timelocker/plugin-api';
import { TimeLimitError } from '@timelocker/plugin-api/protocol';
import { PluginHostNotFoundError, PluginTestError } from '@timelocker/plugin-api/testing';
import { expect } from 'chai';
import type { FastifyError } from 'fastify';
import { CommandExit, exitCodeFor, isExpectedError } from '../../cli/exit-codes.js';
import { toErrorResponse } from '../api-server/api-errors.js';
import { AuditKeyError } from '../audit/audit-key.js';
import { CatalogError } from '../catalog/catalog-errors.js';
import { ConfigError } from '../config/config-model.js';
import { ConfigConflictError } from '../config/config-service.js';
import { IndexFormatError } from '../file-index/snapshot-listing.js';
import { HookFailedError } from '../hooks/hook-runner.js';
import { CredentialsError } from '../credentials/credentials-service.js';
import { InitConfirmationRequired, RepositoryAlreadyInitialized } from '../operations/repository-service.js';
import { PluginInstallError } from '../plugin-management/plugin-management-service.js';
import { PluginCallError, ProviderCapabilityError, ProviderUnavailableError } from '../plugins/plugin-errors.js';
import { PolicyViolationError } from '../policies/policy-service.js';
import { ResticError } from '../restic/restic-errors.js';
import { UnsupportedScheduleError } from '../scheduler/cron-to-oncalendar.js';
import { UnsupportedCronError } from '../scheduler/crontab-lines.js';
import { ConflictError, errorKindOf, errorOutcomes, ExitCode, NotFoundError, OperationError, TimeLockerError, UsageError, type ErrorKind } from './errors.js';
import type { Logger } from './log-service.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const sourceRoots = ['plugin-api/src', 'plugin-host/src', 'workbench/src', ...readdirSync(join(repoRoot, 'builtin-plugins')).map((p) => `builtin-plugins/${p}/src`)];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every `class X extends Y` in the sources whose X or Y is an error class, with where it is. */
function errorClassesInSources(): Array<{ name: string; base: string; file: string }> {
  return sourceRoots.flatMap((root) => sourceFiles(join(repoRoot, root))).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/class (\w+) extends (\w+)/g)]
      .filter(([, name, base]) => /Error$|Exit$/.test(name!) || /Error$/.test(base!))
      .map(([, name, base]) => ({ name: name!, base: base!, file: relative(repoRoot, file) })));
}

const finding = { rule: 'test.rule', policy: 0, severity: 'error' as const, message: 'blocked', repository: 'home' };
const issue = { file: '/c.json', line: 1, column: 2, jsonPath: '/plans', message: 'must be object' };

/** One instance of every exported error class (several where the kind depends on the arguments), and the kind it must have. */
const samples: Array<[name: string, error: Error, kind: ErrorKind]> = [
  ['TimeLockerError', new TimeLockerError('precondition-failed', 'changed since read'), 'precondition-failed'],
  ['CancellationError', new CancellationError(), 'interrupted'],
  ['PluginApiError', new PluginApiError('undeclared id'), 'internal'],
  ['PluginTestError', new PluginTestError('plugin threw'), 'plugin-failed'],
  ['PluginTestError', new PluginTestError('no such element', 'not-found'), 'not-found'],
  ['PluginHostNotFoundError', new PluginHostNotFoundError('no host'), 'unavailable'],
  ['UsageError', new UsageError('bad flag', [{ field: '--limit', message: 'must be positive' }]), 'usage'],
  ['NotFoundError', new NotFoundError('no plan'), 'not-found'],
  ['ConflictError', new ConflictError('exists'), 'conflict'],
  ['OperationError', new OperationError('mail server said no'), 'operation-failed'],
  ['ConfigError', new ConfigError([issue]), 'config'],
  ['CredentialsError', new CredentialsError('keyring locked'), 'unavailable'],
  ['PolicyViolationError', new PolicyViolationError([finding]), 'forbidden'],
  ['UnsupportedScheduleError', new UnsupportedScheduleError('0 0 1 * 1', 'day and weekday'), 'rejected'],
  ['UnsupportedCronError', new UnsupportedCronError('backup', 'docs', '0 0 0 * * *', 'seconds'), 'rejected'],
  ['ResticError', new ResticError('locked', 'locked', 1, ''), 'conflict'],
  ['ResticError', new ResticError('unreadable-files', 'unreadable', 3, ''), 'incomplete'],
  ['ResticError', new ResticError('cancelled', 'cancelled', 130, ''), 'interrupted'],
  ['ResticError', new ResticError('network', 'unreachable', 1, ''), 'unavailable'],
  ['ResticError', new ResticError('not-installed', 'no restic', undefined, ''), 'unavailable'],
  ['ResticError', new ResticError('wrong-password', 'wrong password', 1, ''), 'operation-failed'],
  ['ResticError', new ResticError('already-initialized', 'exists', 1, ''), 'conflict'],
  ['PluginInstallError', new PluginInstallError('not installed', ['engine ^2']), 'rejected'],
  ['ProviderUnavailableError', new ProviderUnavailableError('plugin failed'), 'unavailable'],
  ['ProviderUnavailableError', new ProviderUnavailableError('backend "acme.x" is unavailable: plugin acme.x is disabled', 'acme.x', 'disabled'), 'unavailable'],
  ['ProviderCapabilityError', new ProviderCapabilityError('no testConnection', 'p.x'), 'not-supported'],
  ['TimeLimitError', new TimeLimitError('activate() of p.x did not finish within 10000 ms'), 'unavailable'],
  ['PluginCallError', new PluginCallError('the disk is on fire', 'p.x'), 'plugin-failed'],
  ['PluginCallError', new PluginCallError('expects a name', 'p.x', 'usage'), 'usage'],
  ['PluginCallError', new PluginCallError('stale element', 'p.x', 'not-found'), 'not-found'],
  // A plugin cannot pose as the kernel's role check or claim success-like kinds: that stays its own failure.
  ['PluginCallError', new PluginCallError('pretends', 'p.x', 'forbidden'), 'plugin-failed'],
  ['CommandExit', new CommandExit('incomplete'), 'incomplete'],
  ['IndexFormatError', new IndexFormatError('not a TimeLocker file index'), 'operation-failed'],
  ['HookFailedError', new HookFailedError('before hook "false" failed: exit 1'), 'operation-failed'],
  ['CatalogError', new CatalogError('damaged', 'the catalog is damaged; run timelocker catalog check'), 'unavailable'],
  ['ConfigConflictError', new ConfigConflictError('the config file changed since it was read'), 'precondition-failed'],
  ['AuditKeyError', new AuditKeyError("the audit log's key is missing from the keyring"), 'unavailable'],
  ['InitConfirmationRequired', new InitConfirmationRequired('usb', '/media/usb/restic', { count: 1, latest: '2026-11-30T10:00:00Z' }), 'usage'],
  ['RepositoryAlreadyInitialized', new RepositoryAlreadyInitialized('usb', '/media/usb/restic', 3), 'conflict'],
];

/** Classes that cannot be imported here (module-private, browser-only, or in a plugin); the source scan checks their base. */
const notImportable = new Set(['DependencyError', 'DeadlineError', 'ApiError', 'RcloneMissingError']);

const silentLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('error model: one base class, one table', () => {
  it('every error class in the sources extends TimeLockerError and has a sample here', () => {
    const found = errorClassesInSources();
    const direct = found.filter((c) => c.base === 'Error');
    expect(direct.map((c) => `${c.file}: ${c.name}`), 'classes that extend Error directly').to.deep.equal(['plugin-api/src/errors.ts: TimeLockerError']);
    const sampled = new Set(samples.map(([name]) => name));
    const missing = found.filter((c) => !sampled.has(c.name) && !notImportable.has(c.name));
    expect(missing.map((c) => `${c.file}: ${c.name}`), 'error classes without a sample').to.deep.equal([]);
    for (const c of found.filter((f) => notImportable.has(f.name))) expect(c.base, c.name).to.equal('TimeLockerError');
  });

  it('maps every kind to one exit code and one error status', () => {
    const exitCodes = new Set<number>(Object.values(ExitCode));
    for (const [kind, outcome] of Object.entries(errorOutcomes)) {
      expect(exitCodes.has(outcome.exitCode), kind).to.equal(true);
      expect(outcome.exitCode, kind).to.not.equal(ExitCode.ok);
      expect(outcome.httpStatus, kind).to.be.within(400, 599);
    }
    expect(errorOutcomes['internal']).to.deep.equal({ exitCode: 1, httpStatus: 500 });
    expect(Object.entries(errorOutcomes).filter(([, o]) => o.httpStatus === 500).map(([kind]) => kind)).to.deep.equal(['internal']);
  });

  for (const [name, error, kind] of samples) {
    it(`${name} (${error.message}) is ${kind}: exit ${errorOutcomes[kind].exitCode}, HTTP ${errorOutcomes[kind].httpStatus}`, () => {
      expect(error).to.be.instanceOf(TimeLockerError);
      expect(errorKindOf(error)).to.equal(kind);
      expect(exitCodeFor(error)).to.equal(errorOutcomes[kind].exitCode);
      expect(isExpectedError(error)).to.equal(kind !== 'internal');
      const { status, body } = toErrorResponse(error, silentLogger);
      expect(status).to.equal(errorOutcomes[kind].httpStatus);
      expect(body.error).to.equal(kind);
      expect(body.message).to.equal(kind === 'internal' ? 'Internal error; see the workbench log.' : error.message);
    });
  }

  it('treats anything else as an internal error: stack in the log, a generic message in the answer', () => {
    const logged: string[] = [];
    const { status, body } = toErrorResponse(new TypeError("Cannot read properties of undefined (reading 'x')"), { ...silentLogger, error: (m: string) => logged.push(m) });
    expect(status).to.equal(500);
    expect(body).to.deep.equal({ error: 'internal', message: 'Internal error; see the workbench log.' });
    expect(logged[0]).to.include('TypeError');
    expect(exitCodeFor(new RangeError('x'))).to.equal(1);
    expect(isExpectedError(new Error('x'))).to.equal(false);
  });

  it("maps fastify's own refusals to kinds: validation → usage with the fields, too large → 413, foreign type → 415", () => {
    const validation = Object.assign(new Error('body/plan must be string'), {
      validation: [{ instancePath: '/plan', message: 'must be string', params: {} }], validationContext: 'body',
    }) as unknown as FastifyError;
    expect(toErrorResponse(validation, silentLogger)).to.deep.equal({
      status: 400, body: { error: 'usage', message: 'body.plan: must be string', issues: [{ field: 'body.plan', message: 'must be string' }] },
    });
    const large = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(toErrorResponse(large, silentLogger)).to.deep.include({ status: 413 });
    const media = Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 });
    expect(toErrorResponse(media, silentLogger).body.error).to.equal('unsupported-media-type');
  });
});
