import { readFile } from 'node:fs/promises';
import { inject, injectable, named } from 'inversify';
import { ContributionProvider } from '../../common/contribution-provider.js';
import { ConfigValidationParticipant } from './config-validation-participant.js';
import { applyEdits, modify as jsoncModify, parseTree, type FormattingOptions } from 'jsonc-parser';
import { CancellationToken, EventEmitter, type Event, type JsonObject, type JsonValue } from '@timelocker/plugin-api';
import { UsageError } from '../core/errors.js';
import { KernelOptions } from '../core/kernel-options.js';
import { ContributionRegistry } from '../plugins/contribution-registry.js';
import { writeFileAtomic } from './atomic-write.js';
import { ConfigError, type ConfigIssue, type TimeLockerConfig } from './config-model.js';
import type { ConfigService, JsonPathSegment } from './config-service.js';
import { ConfigValidator } from './config-validator.js';
import { deepestNode, TextPositions, toPointer } from './jsonc-locations.js';
import { plainSecretPaths } from './plain-secrets.js';
import { composeConfigSchema, secretKeys } from './schema-composer.js';

/** A valid config text as the kernel reads it: the sections every feature expects are there even when `{}` says nothing. */
function withDefaults(value: JsonObject): TimeLockerConfig {
  return { ...value, repositories: value['repositories'] ?? {}, plans: value['plans'] ?? {} } as TimeLockerConfig;
}

const SECRET_MESSAGE = 'secrets are never written to the config file: store it in the keyring, or reference it with { "env": "VAR" }, { "file": "/abs/path" } or { "command": "…" }';

/** The text edits that set (or remove) one value; a path that does not fit the document's shape is the caller's mistake. */
function editsFor(text: string, path: readonly JsonPathSegment[], value: JsonValue | undefined): ReturnType<typeof jsoncModify> {
  try {
    return jsoncModify(text, [...path], value, { formattingOptions: formattingOf(text) });
  } catch (error) {
    // jsonc-parser refuses e.g. an index where the config has an object: "Can not add index to parent of type object".
    throw new UsageError(`Cannot ${value === undefined ? 'remove' : 'set'} ${toPointer(path)} in the config: ${(error as Error).message}.`);
  }
}

@injectable()
export class ConfigServiceImpl implements ConfigService {
  readonly configFile: string;
  private readonly changeEmitter = new EventEmitter<TimeLockerConfig>();
  private current: TimeLockerConfig | undefined;
  private schema: JsonObject | undefined;
  private validator: ConfigValidator | undefined;
  /** modify() calls run one after the other so that none overwrites another's edit. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @inject(KernelOptions) options: KernelOptions,
    @inject(ContributionRegistry) private readonly contributions: ContributionRegistry,
    @inject(ContributionProvider) @named(ConfigValidationParticipant)
    private readonly participants: ContributionProvider<ConfigValidationParticipant>,
  ) {
    this.configFile = options.configFile;
    contributions.onDidChange(() => {
      this.schema = undefined;
      this.validator = undefined;
    });
  }

  get onDidChangeConfig(): Event<TimeLockerConfig> {
    return this.changeEmitter.event;
  }

  async load(): Promise<TimeLockerConfig> {
    const text = await this.readText();
    this.current = this.parseValid(text ?? '');
    return this.current;
  }

  async get(): Promise<TimeLockerConfig> {
    return this.current ?? this.load();
  }

  validateText(text: string, file: string = this.configFile): ConfigIssue[] {
    return this.getValidator().check(text, file).issues;
  }

  async validate(text: string, file: string = this.configFile): Promise<ConfigIssue[]> {
    const { value, issues } = this.getValidator().check(text, file);
    if (issues.length > 0 || !value) return issues;
    return this.participantIssues(text, file, withDefaults(value));
  }

  composedSchema(): JsonObject {
    this.schema ??= composeConfigSchema(this.contributions);
    return this.schema;
  }

  modify(path: readonly JsonPathSegment[], value: JsonValue | undefined): Promise<TimeLockerConfig> {
    const run = this.queue.then(() => this.doModify(path, value));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async doModify(path: readonly JsonPathSegment[], value: JsonValue | undefined): Promise<TimeLockerConfig> {
    const text = (await this.readText()) ?? '';
    const edits = editsFor(text, path, value);
    if (edits.length === 0) return this.load();
    let next = applyEdits(text, edits);
    if (text === '' && !next.endsWith('\n')) next += '\n';
    this.refusePlainSecrets(next, path, value);
    const config = this.parseValid(next);
    const refused = await this.participantIssues(next, this.configFile, config);
    if (refused.length > 0) throw new ConfigError(refused);
    await writeFileAtomic(this.configFile, next);
    this.current = config;
    this.changeEmitter.fire(config);
    return config;
  }

  private refusePlainSecrets(text: string, path: readonly JsonPathSegment[], value: JsonValue | undefined): void {
    const paths = plainSecretPaths(path, value, secretKeys(this.contributions));
    if (paths.length === 0) return;
    const root = parseTree(text);
    const positions = new TextPositions(text);
    throw new ConfigError(paths.map((p) => ({
      file: this.configFile,
      jsonPath: toPointer(p),
      message: SECRET_MESSAGE,
      ...positions.at(deepestNode(root, p.map(String))?.offset ?? 0),
    })));
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

  private async readText(): Promise<string | undefined> {
    try {
      return await readFile(this.configFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

/** Edits follow the file's own indentation and line endings. */
function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)\S/m.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indent ? indent.length : 2, eol };
}
