import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { JsonObject } from '@timelocker/plugin-api';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { CachedScript } from './cached-script.js';

/**
 * Named JSON schemas validated with one Ajv configuration, whose validators the build can compile ahead of time into
 * `dist/<file>.precompiled.cjs` (code shipped like the bundle, with a V8 code cache like it): compiling schemas was a
 * large part of every CLI start. Selected by a hash of the schemas and options, so validators of other schemas are
 * compiled now instead.
 */
export interface ValidatorSet<K extends string> {
  /** The file's name in dist, without `.precompiled.cjs`. */
  readonly file: string;
  readonly schemas: Readonly<Record<K, JsonObject>>;
  readonly options: Options;
}

const workbenchDir = dirname(createRequire(import.meta.url).resolve('@timelocker/workbench/package.json'));

function precompiledFile(set: ValidatorSet<string>): string {
  return join(workbenchDir, 'dist', `${set.file}.precompiled.cjs`);
}

function setHash(set: ValidatorSet<string>): string {
  return createHash('sha256').update(JSON.stringify([set.schemas, set.options])).digest('hex');
}

/** Whether the build compiled this very set. */
export function isPrecompiled(set: ValidatorSet<string>): boolean {
  const hashFile = `${precompiledFile(set)}.sha256`;
  return existsSync(hashFile) && readFileSync(hashFile, 'utf8').trim() === setHash(set);
}

/** The set's validators: the build's when it compiled this very set, else compiled now. */
export function loadValidators<K extends string>(set: ValidatorSet<K>): Record<K, ValidateFunction> {
  if (isPrecompiled(set)) {
    const validators = new CachedScript(precompiledFile(set)).run<Partial<Record<K, ValidateFunction>>>();
    if (Object.keys(set.schemas).every((key) => typeof validators[key as K] === 'function')) return validators as Record<K, ValidateFunction>;
  }
  return compileValidatorsNow(set);
}

/** Compiled now, whatever the build wrote. */
export function compileValidatorsNow<K extends string>(set: ValidatorSet<K>): Record<K, ValidateFunction> {
  const ajv = new Ajv(set.options);
  return Object.fromEntries(Object.entries<JsonObject>(set.schemas).map(([key, schema]) => [key, ajv.compile(schema)])) as Record<K, ValidateFunction>;
}

/**
 * Build step: the set's validators as one CommonJS module exporting each by its key, the hash that selects it, and
 * its code cache, holding the code of every validator function `exercise` ran (V8 compiles a function when it first
 * runs: the validation of a typical input is what a command's start-up would otherwise compile).
 */
export function writePrecompiledValidators<K extends string>(set: ValidatorSet<K>, exercise: (validators: Record<K, ValidateFunction>) => void): void {
  const ajv = new Ajv({ ...set.options, code: { ...set.options.code, source: true } });
  const refs: Record<string, string> = {};
  for (const [key, schema] of Object.entries<JsonObject>(set.schemas)) {
    ajv.addSchema(schema, `precompiled:${key}`);
    refs[key] = `precompiled:${key}`;
  }
  const file = precompiledFile(set);
  writeFileSync(file, standalone.default(ajv, refs));
  writeFileSync(`${file}.sha256`, `${setHash(set)}\n`);
  const script = new CachedScript(file, false);
  exercise(script.run<Record<K, ValidateFunction>>());
  script.writeCodeCache();
}
