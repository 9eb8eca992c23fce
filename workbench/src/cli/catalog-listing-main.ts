import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getNodeValue, parseTree, type ParseError } from 'jsonc-parser';
import type { JsonObject, SnapshotDto } from '@timelocker/plugin-api';
import type { Database } from 'sql.js';
import { catalogFileName, readVersion } from '../node/catalog/catalog-file.js';
import { loadSqlJs, openCatalogBytes, schemaVersionOf } from '../node/catalog/catalog-database.js';
import { latestSchemaVersion } from '../node/catalog/migrations.js';
import { selectCachedSnapshots, selectSnapshotSource } from '../node/catalog/snapshot-rows.js';
import { readConfigText } from '../node/config/config-hash.js';
import type { TimeLockerConfig } from '../node/config/config-model.js';
import { configParseOptions, withDefaults } from '../node/config/config-text.js';
import { duplicateKeys } from '../node/config/duplicate-keys.js';
import type { KernelOptions } from '../node/core/kernel-options.js';
import { maskUrlCredentials } from '../node/core/url-credentials.js';
import { resolveKernelOptions } from '../node/kernel-paths.js';
import {
  assertAbsoluteDir, filterSnapshots, isUnchangedSource, listedRepositories, pickSnapshot, reconcileCache,
} from '../node/operations/snapshot-selection.js';
import { snapshotSourceFingerprint } from '../node/operations/snapshot-source-fingerprint.js';
import { readTreeListing, treeListingFile, treeListingsRoot } from '../node/operations/tree-listing-files.js';
import { selectLatestConsent } from '../node/privacy/consent-rows.js';
import { canAskAtTerminal, PRIVACY_NOTICE_SUBJECT, PRIVACY_NOTICE_VERSION, privacyNoticeSettled } from '../node/privacy/privacy-notice.js';
import { localSnapshotIds } from '../node/restic/local-snapshot-ids.js';
import type { ListingCommand } from './catalog-listing.js';
import { kernelOverrides } from './global-options.js';
import { printSnapshots, printTreeEntries, snapshotFilterOf } from './listing-views.js';
import { createOutput, type Output } from './output.js';

/*
 * The kernel-less listing (see catalog-listing.ts). It answers only where the kernel's SnapshotService would answer
 * from its caches without resolving a repository or writing anything, deciding with the same functions
 * (snapshot-selection.ts, the source fingerprint) over the same catalog rows; anything else resolves undefined.
 */

/**
 * The config as the kernel reads it, if it parses (whether it is valid, the source fingerprint tells). Repeated keys
 * the kernel refuses, so they leave the answer to it.
 */
function parseConfig(text: string): TimeLockerConfig | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, configParseOptions);
  if (errors.length > 0 || !root || duplicateKeys(root).length > 0) return undefined;
  const value = getNodeValue(root) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return withDefaults(value as JsonObject);
}

/**
 * The catalog as last committed, read-only. Writers replace the file atomically (temp file + rename), so one read
 * through one handle sees one whole version; still, a catalog being written (its lock held), damaged, or at another
 * schema version (a migration is a write) is left to the kernel.
 */
async function openCatalog(dataDir: string): Promise<Database | undefined> {
  const file = join(dataDir, catalogFileName);
  if (existsSync(`${file}.lock`)) return undefined;
  const { bytes } = await readVersion(file);
  if (!bytes) return undefined;
  const db = openCatalogBytes(await loadSqlJs(), bytes, file, '');
  if (schemaVersionOf(db) === latestSchemaVersion) return db;
  db.close();
  return undefined;
}

class CachedListing {
  constructor(
    private readonly db: Database,
    private readonly config: TimeLockerConfig,
    private readonly fingerprint: string,
    private readonly options: KernelOptions,
  ) {}

  /** As SnapshotServiceImpl's `fromUnchangedSource`, except that snapshots gone since need a write: the kernel's. */
  async snapshotsOf(repository: string): Promise<SnapshotDto[] | undefined> {
    const source = selectSnapshotSource(this.db, repository);
    if (!isUnchangedSource(source, this.fingerprint, this.config)) return undefined;
    const ids = await localSnapshotIds(source.location);
    const reconciled = ids && reconcileCache(selectCachedSnapshots(this.db, repository), ids);
    return reconciled && !reconciled.gone ? reconciled.current : undefined;
  }

  async printSnapshots(command: Extract<ListingCommand, { kind: 'snapshots' }>, output: Output): Promise<boolean> {
    const filter = snapshotFilterOf(command.flags);
    const { repositories, plan } = listedRepositories(this.config, filter);
    const perRepository = await Promise.all(repositories.map((name) => this.snapshotsOf(name)));
    if (repositories.length === 0 || perRepository.some((snapshots) => !snapshots)) return false;
    printSnapshots(output, filterSnapshots(perRepository as SnapshotDto[][], filter, plan));
    return true;
  }

  async printDirectory(command: Extract<ListingCommand, { kind: 'ls' }>, output: Output): Promise<boolean> {
    assertAbsoluteDir(command.dir);
    const snapshots = await this.snapshotsOf(command.flags.repo);
    if (!snapshots) return false;
    const snapshot = pickSnapshot(snapshots, command.flags.repo, command.snapshot);
    const file = treeListingFile(treeListingsRoot(this.options.dataDir), command.flags.repo, snapshot.id, command.dir);
    const entries = await readTreeListing(file, command.dir);
    if (!entries) return false;
    printTreeEntries(output, entries);
    return true;
  }
}

/**
 * The command's whole standard output, or undefined when the kernel must answer: also when the kernel would fail
 * (unknown plan or snapshot, a relative dir), so that its error is the one shown.
 */
export async function listFromCatalog(command: ListingCommand): Promise<string | undefined> {
  const options = resolveKernelOptions(kernelOverrides(command.globals));
  // An unreadable config or catalog, a damaged catalog: the kernel's command says what is wrong and what to do.
  const [configText, db] = await Promise.all([
    readConfigText(options.configFile).catch(() => undefined),
    openCatalog(options.dataDir).catch(() => undefined),
  ]);
  if (!db) return undefined;
  try {
    const config = configText === undefined ? undefined : parseConfig(configText);
    if (configText === undefined || !config) return undefined;
    const latest = selectLatestConsent(db, PRIVACY_NOTICE_SUBJECT, PRIVACY_NOTICE_VERSION);
    if (!privacyNoticeSettled(latest, command.globals.acceptPrivacyNotice === true, canAskAtTerminal)) return undefined;
    const listing = new CachedListing(db, config, snapshotSourceFingerprint(options, configText), options);
    const printed: string[] = [];
    const output = createOutput(command.globals.json ?? false, maskUrlCredentials, { stdout: { write: (text: string) => printed.push(text) }, stderr: { write: (text: string) => process.stderr.write(text) } });
    const done = command.kind === 'snapshots' ? await listing.printSnapshots(command, output) : await listing.printDirectory(command, output);
    return done ? printed.join('') : undefined;
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}
