import { watch } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { inject, injectable, named } from 'inversify';
import { applyEdits, modify as jsoncModify, parseTree, type FormattingOptions } from 'jsonc-parser';
import { CancellationToken, Disposable, EventEmitter, type Event, type JsonObject, type JsonValue } from '@timelocker/plugin-api';
import { ContributionProvider } from '../../common/contribution-provider.js';
import { currentActor } from '../core/actor-context.js';
import { UsageError } from '../core/errors.js';
import { writeFileAtomic } from '../core/durable-files.js';
import { acquireFileLock } from '../core/file-lock.js';
import { KernelOptions } from '../core/kernel-options.js';
import { LogService, type Logger } from '../core/log-service.js';
import { ConfigChangeParticipant } from './config-change-participant.js';
import { ConfigSchemaContribution } from './config-schema-contribution.js';
import { unwritableConfig } from './config-file-errors.js';
import { configHash, readConfigText } from './config-hash.js';
import { ConfigError, type ConfigIssue, type TimeLockerConfig } from './config-model.js';
import { withDefaults } from './config-text.js';
import { type ConfigChange, ConfigConflictError, type ConfigService, type JsonPathSegment } from './config-service.js';
import { ConfigValidationParticipant } from './config-validation-participant.js';
import { ConfigValidator } from './config-validator.js';
import { deepestNode, TextPositions, toPointer } from './jsonc-locations.js';
import { plainSecretPaths } from './plain-secrets.js';
import { composedSecretKeys, composeConfigSchema } from './schema-composer.js';

const SECRET_MESSAGE = 'secrets are never written to the config file: store it in the keyring, or reference it with { "env": "VAR" }, { "file": "/abs/path" } or { "command": "…" }';
/** How often a modify re-reads and retries when another writer that takes no lock (a text editor) got in between. */
const casAttempts = 5;
const lockStaleMs = 10_000;
/** Editors write a file in several steps; one look after they settle. */
const watchSettleMs = 30;
/** Who changed the file when it was found changed on disk, not written by TimeLocker. */
export const FILE_EDIT_ACTOR = 'file-edit';

@injectable()
export class ConfigServiceImpl implements ConfigService {
  readonly configFile: string;
  private readonly changeEmitter: EventEmitter<ConfigChange>;
  private readonly logger: Logger;
  private current: TimeLockerConfig | undefined;
  /** Hash of the text `current` came from: a file with another hash changed since this process looked. */
  private knownHash: string | undefined;
  private composed: { readonly schema: JsonObject; readonly secretKeys: ReadonlySet<string> } | undefined;
  private validator: ConfigValidator | undefined;

  constructor(
    @inject(KernelOptions) private readonly options: KernelOptions,
    @inject(ContributionProvider) @named(ConfigSchemaContribution)
    private readonly schemaContributions: ContributionProvider<ConfigSchemaContribution>,
    @inject(ContributionProvider) @named(ConfigValidationParticipant)
    private readonly participants: ContributionProvider<ConfigValidationParticipant>,
    @inject(ContributionProvider) @named(ConfigChangeParticipant)
    private readonly changeParticipants: ContributionProvider<ConfigChangeParticipant>,
    @inject(LogService) logService: LogService,
  ) {
    this.configFile = options.configFile;
    this.logger = logService.getLogger('config');
    this.changeEmitter = new EventEmitter<ConfigChange>({ onListenerError: (error) => this.logger.error(`a config listener failed: ${(error as Error).message}`) });
    for (const contribution of schemaContributions.getContributions()) {
      contribution.onDidChange?.(() => {
        this.composed = undefined;
        this.validator = undefined;
      });
    }
  }

  get onDidChangeConfig(): Event<ConfigChange> {
    return this.changeEmitter.event;
  }

  async load(): Promise<TimeLockerConfig> {
    const text = await readConfigText(this.configFile);
    this.current = this.parseValid(text);
    this.knownHash = configHash(text);
    return this.current;
  }

  async get(): Promise<TimeLockerConfig> {
    return this.current ?? this.load();
  }

  async read(): Promise<{ text: string; hash: string }> {
    const text = await readConfigText(this.configFile);
    return { text, hash: configHash(text) };
  }

  validateText(text: string, file: string = this.configFile): ConfigIssue[] {
    return this.getValidator().check(text, file).issues;
  }

  async validate(text: string, file: string = this.configFile): Promise<ConfigIssue[]> {
    const { value, issues } = this.getValidator().check(text, file);
    if (issues.length > 0 || !value) return issues;
    const plain = this.plainSecretIssues(text, file, [], value);
    if (plain.length > 0) return plain;
    return this.participantIssues(text, file, withDefaults(value));
  }

  composedSchema(): JsonObject {
    return this.composition().schema;
  }

  private composition(): { readonly schema: JsonObject; readonly secretKeys: ReadonlySet<string> } {
    if (!this.composed) {
      const parts = this.schemaContributions.getContributions().map((contribution) => contribution.schemaPart());
      this.composed = { schema: composeConfigSchema(parts), secretKeys: composedSecretKeys(parts) };
    }
    return this.composed;
  }

  modify(path: readonly JsonPathSegment[], value: JsonValue | undefined, expectedHash?: string): Promise<TimeLockerConfig> {
    const actor = currentActor(this.options.actor);
    return this.locked(async () => {
      for (let attempt = 1; ; attempt++) {
        const before = await readConfigText(this.configFile);
        if (expectedHash !== undefined && expectedHash !== '*' && configHash(before) !== expectedHash) {
          throw new ConfigConflictError('The config file changed since it was read; reload it and apply the edit again.');
        }
        const edits = editsFor(before, path, value);
        if (edits.length === 0) return this.accept(before);
        let next = applyEdits(before, edits);
        if (before === '' && !next.endsWith('\n')) next += '\n';
        const plain = this.plainSecretIssues(next, this.configFile, path, value);
        if (plain.length > 0) throw new ConfigError(plain);
        const config = this.parseValid(next);
        const refused = await this.participantIssues(next, this.configFile, config);
        if (refused.length > 0) throw new ConfigError(refused);
        if (await this.swap(before, next)) return (await this.changed({ config, text: next, previousText: before, hash: configHash(next), actor, via: 'modify' })).config;
        if (attempt >= casAttempts) throw new ConfigConflictError(`The config file ${this.configFile} kept changing while it was being edited (${casAttempts} attempts); nothing was written. Try again.`);
      }
    });
  }

  replace(text: string, expectedHash: string): Promise<ConfigChange> {
    const actor = currentActor(this.options.actor);
    return this.locked(async () => {
      const before = await readConfigText(this.configFile);
      if (expectedHash !== '*' && configHash(before) !== expectedHash) {
        throw new ConfigConflictError('The config file changed since it was read; reload it and apply the edit again.');
      }
      const issues = await this.validate(text);
      if (issues.length > 0) throw new ConfigError(issues);
      if (!(await this.swap(before, text))) throw new ConfigConflictError('The config file changed while it was being saved; reload it and apply the edit again.');
      return this.changed({ config: this.parseValid(text), text, previousText: before, hash: configHash(text), actor, via: 'replace' });
    });
  }

  async reconcile(): Promise<void> {
    // The usual answer, "unchanged", without taking the lock.
    if (configHash(await readConfigText(this.configFile)) === this.knownHash) return;
    await this.locked(async () => {
      const text = await readConfigText(this.configFile);
      const hash = configHash(text);
      if (hash === this.knownHash) return;
      let config: TimeLockerConfig;
      try {
        config = this.parseValid(text);
      } catch (error) {
        this.knownHash = hash;
        this.logger.warn(`${this.configFile} was changed but is not valid; the last valid config stays in use until it is fixed:\n${(error as Error).message}`);
        return;
      }
      await this.changed({ config, text, hash, actor: FILE_EDIT_ACTOR, via: 'file' });
    });
  }

  async watch(): Promise<Disposable> {
    const folder = dirname(this.configFile);
    // On a first run the folder does not exist yet; the config file is written there later.
    await mkdir(folder, { recursive: true });
    if (this.knownHash === undefined) await this.load().catch(async () => (this.knownHash = configHash(await readConfigText(this.configFile))));
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(folder, (_event, name) => {
      if (name !== null && name !== basename(this.configFile)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void this.reconcile().catch((error: unknown) => this.logger.error(`could not reload ${this.configFile}: ${(error as Error).message}`)), watchSettleMs);
    });
    watcher.on('error', (error) => this.logger.warn(`stopped watching ${folder}: ${error.message}`));
    return new Disposable(() => {
      clearTimeout(timer);
      watcher.close();
    });
  }

  /** The file as it is, unchanged by an edit that changed nothing. */
  private accept(text: string): TimeLockerConfig {
    this.current = this.parseValid(text);
    this.knownHash = configHash(text);
    return this.current;
  }

  /** Compare-and-swap: writes `next` only if the file still holds `before` (an editor that takes no lock may have saved). */
  private async swap(before: string, next: string): Promise<boolean> {
    if (configHash(await readConfigText(this.configFile)) !== configHash(before)) return false;
    await writeFileAtomic(this.configFile, next).catch(async (error: unknown) => {
      throw await unwritableConfig(this.configFile, error);
    });
    return true;
  }

  /** One change, announced once: the new config is current, listeners hear it, participants record it (still under the lock). */
  private async changed(change: ConfigChange): Promise<ConfigChange> {
    this.current = change.config;
    this.knownHash = change.hash;
    this.changeEmitter.fire(change);
    for (const participant of this.changeParticipants.getContributions()) {
      await participant.onDidChangeConfigFile(change).catch((error: unknown) =>
        this.logger.error(`recording the config change failed: ${(error as Error).message}`));
    }
    return change;
  }

  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.lock();
    try {
      return await fn();
    } finally {
      await release().catch(() => undefined);
    }
  }

  /** The lock is a folder beside the file: the first place a folder that takes no change shows. */
  private async lock(): Promise<() => Promise<void>> {
    try {
      await mkdir(dirname(this.configFile), { recursive: true });
      return await acquireFileLock(this.configFile, {
        staleMs: lockStaleMs, what: 'The config file',
        onCompromised: (error) => this.logger.error(`lock on ${this.configFile} was lost: ${error.message}`),
      });
    } catch (error) {
      throw await unwritableConfig(this.configFile, error);
    }
  }

  /** Where `value`, set at `path` of `text`, puts a plain string into a secret key (secrets go by reference only). */
  private plainSecretIssues(text: string, file: string, path: readonly JsonPathSegment[], value: JsonValue | undefined): ConfigIssue[] {
    const paths = plainSecretPaths(path, value, this.composition().secretKeys);
    if (paths.length === 0) return [];
    const root = parseTree(text);
    const positions = new TextPositions(text);
    return paths.map((p) => ({ file, jsonPath: toPointer(p), message: SECRET_MESSAGE, ...positions.at(deepestNode(root, p.map(String))?.offset ?? 0) }));
  }

  private async participantIssues(text: string, file: string, config: TimeLockerConfig): Promise<ConfigIssue[]> {
    const participants = this.participants.getContributions();
    if (participants.length === 0) return [];
    const root = parseTree(text);
    const positions = new TextPositions(text);
    const locate = (jsonPath: readonly string[]): Pick<ConfigIssue, 'line' | 'column'> => positions.at(deepestNode(root, [...jsonPath])?.offset ?? 0);
    const issues = await Promise.all(participants.map((p) => p.validateConfig(config, locate, CancellationToken.None)));
    return issues.flat().map((issue) => ({ ...issue, file }));
  }

  private parseValid(text: string): TimeLockerConfig {
    const { value, issues } = this.getValidator().check(text, this.configFile);
    if (issues.length > 0 || !value) throw new ConfigError(issues);
    return withDefaults(value);
  }

  private getValidator(): ConfigValidator {
    this.validator ??= new ConfigValidator(this.composedSchema());
    return this.validator;
  }
}

/** The text edits that set (or remove) one value; a path that does not fit the document's shape is the caller's mistake. */
function editsFor(text: string, path: readonly JsonPathSegment[], value: JsonValue | undefined): ReturnType<typeof jsoncModify> {
  try {
    return jsoncModify(text, [...path], value, { formattingOptions: formattingOf(text) });
  } catch (error) {
    // jsonc-parser refuses e.g. an index where the config has an object: "Can not add index to parent of type object".
    throw new UsageError(`Cannot ${value === undefined ? 'remove' : 'set'} ${toPointer(path)} in the config: ${(error as Error).message}.`);
  }
}

/** Edits follow the file's own indentation and line endings. */
function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)\S/m.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent ? indent.length : 2, eol };
}
