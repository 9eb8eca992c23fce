import type { ErrorObject, ValidateFunction } from 'ajv';
import { getNodeValue, parseTree, stripComments, type Node, type ParseError } from 'jsonc-parser';
import type { JsonObject, JsonValue } from '@timelocker/plugin-api';
import type { ConfigIssue } from './config-model.js';
import { configParseOptions } from './config-text.js';
import { duplicateKeys } from './duplicate-keys.js';
import { excessiveNestingAt, excessiveNestingMessage } from './json-depth.js';
import { deepestNode, keyNode, parseErrorMessage, pointerSegments, TextPositions, toPointer } from './jsonc-locations.js';
import { compileSchemaValidator } from './schema-validator-compiler.js';

/** A parsed config text: its value (undefined on syntax errors and repeated keys) and every issue found. */
export interface ValidatedText {
  readonly value: JsonObject | undefined;
  readonly issues: ConfigIssue[];
}

type Located = { readonly jsonPath: string; readonly node: Node | undefined; readonly message: string };

/** Validates config texts against one composed schema and reports issues at their line:column. */
export class ConfigValidator {
  private readonly validate: ValidateFunction;

  constructor(schema: JsonObject) {
    this.validate = compileSchemaValidator(schema);
  }

  check(text: string, file: string): ValidatedText {
    const positions = new TextPositions(text);
    const toIssue = ({ jsonPath, node, message }: Located): ConfigIssue => ({
      file, jsonPath, message, ...positions.at(node?.offset ?? 0),
    });
    // A file holding only comments or whitespace is an empty config.
    if (stripComments(text).trim() === '') return { value: {}, issues: [] };
    const tooDeep = excessiveNestingAt(text);
    if (tooDeep !== undefined) return { value: undefined, issues: [{ file, jsonPath: '', message: excessiveNestingMessage, ...positions.at(tooDeep) }] };
    const parseErrors: ParseError[] = [];
    const root = parseTree(text, parseErrors, configParseOptions);
    if (parseErrors.length > 0) {
      return {
        value: undefined,
        issues: parseErrors.map((e) => ({ file, jsonPath: '', message: parseErrorMessage(e.error), ...positions.at(e.offset) })),
      };
    }
    // A repeated key is as ambiguous as a syntax error: which of the two did the author mean?
    const duplicates = duplicateKeys(root);
    if (duplicates.length > 0) {
      return {
        value: undefined,
        issues: duplicates.map((d) => {
          const first = positions.at(d.firstOffset);
          const message = `duplicate key "${d.key}" (first at line ${first.line}, column ${first.column}; only one of them would count)`;
          return { file, jsonPath: toPointer(d.path), message, ...positions.at(d.offset) };
        }),
      };
    }
    const value: JsonValue = root ? getNodeValue(root) : null;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { value: undefined, issues: [toIssue({ jsonPath: '', node: root, message: 'must be an object' })] };
    }
    const located = this.validate(value) ? [] : schemaIssues(this.validate.errors ?? [], root);
    located.push(...unknownPlanRepositories(value, root));
    return { value, issues: located.map(toIssue).sort((a, b) => a.line - b.line || a.column - b.column) };
  }
}

function schemaIssues(errors: readonly ErrorObject[], root: Node | undefined): Located[] {
  // A failed oneOf/anyOf with its own message stands for all the branch errors beneath it.
  const summarized = errors.filter((e) => (e.keyword === 'oneOf' || e.keyword === 'anyOf') && typeof e.parentSchema?.errorMessage === 'string');
  const beneath = (e: ErrorObject): boolean => summarized.some((s) => s !== e
    && (e.instancePath === s.instancePath || e.instancePath.startsWith(`${s.instancePath}/`))
    && e.schemaPath.startsWith(`${s.schemaPath}/`));
  const seen = new Set<string>();
  const result: Located[] = [];
  for (const error of errors) {
    // `if` only says "must match then"; the errors of `then` itself are reported.
    if (error.keyword === 'if' || beneath(error)) continue;
    const issue = locate(error, root);
    const key = `${issue.jsonPath}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(issue);
  }
  return result;
}

function locate(error: ErrorObject, root: Node | undefined): Located {
  const segments = pointerSegments(error.instancePath);
  const node = deepestNode(root, segments);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    const key = params.additionalProperty;
    return { jsonPath: toPointer([...segments, key]), node: keyNode(node, key) ?? node, message: `unknown key "${key}"` };
  }
  return { jsonPath: error.instancePath, node, message: message(error, params) };
}

function message(error: ErrorObject, params: Record<string, unknown>): string {
  const own = error.parentSchema;
  if (error.keyword === 'pattern' && typeof own?.patternErrorMessage === 'string') return own.patternErrorMessage;
  if (typeof own?.errorMessage === 'string' && error.keyword !== 'required') return own.errorMessage;
  switch (error.keyword) {
    case 'required':
      return `missing required key "${String(params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(error.data)})`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return error.message ?? `fails "${error.keyword}"`;
  }
}

/** Checks the schema cannot express: every plan names a repository that exists. */
function unknownPlanRepositories(config: JsonObject, root: Node | undefined): Located[] {
  const repositories = asObject(config.repositories) ?? {};
  const result: Located[] = [];
  for (const [name, plan] of Object.entries(asObject(config.plans) ?? {})) {
    const repository = asObject(plan)?.repository;
    if (typeof repository !== 'string' || Object.hasOwn(repositories, repository)) continue;
    const known = Object.keys(repositories);
    const segments = ['plans', name, 'repository'];
    result.push({
      jsonPath: toPointer(segments),
      node: deepestNode(root, segments),
      message: `unknown repository "${repository}"${known.length ? ` (known: ${known.join(', ')})` : ' (no repositories are configured)'}`,
    });
  }
  return result;
}

function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}
