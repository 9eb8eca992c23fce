import type { JsonObject } from '@timelocker/plugin-api';
import type { ValidateFunction } from 'ajv';
import { compileValidatorsNow, isPrecompiled as isSetPrecompiled, loadValidators, type ValidatorSet, writePrecompiledValidators } from '../core/precompiled-validators.js';

/**
 * strict off: contributed schemas may carry editor-only keywords (markdownDescription, errorMessage …). validateSchema
 * off: compiling the draft-07 meta-schema cost more than half of every CLI start; a malformed contributed schema still
 * fails in compile(). Referenced definitions (secret sources, used by every backend and notifier) are compiled once
 * instead of inlined at each use, and the generated code gets no optimizing pass: half the compile, same results.
 */
const ajvOptions = { allErrors: true, strict: false, verbose: true, validateSchema: false, inlineRefs: false, code: { optimize: false } } as const;

/** Written by the build for the schema of a default install (builtin plugins only): dist/config-validator.precompiled.cjs. */
function validatorSet(schema: JsonObject): ValidatorSet<'config'> {
  return { file: 'config-validator', schemas: { config: schema }, options: ajvOptions };
}

/**
 * The validator of a composed config schema. Every command validates the config, and compiling the schema was the
 * largest single cost of a CLI command after loading its code; the schema of a default install is compiled at build
 * time, so only an install with more plugins (another schema, another hash) compiles here.
 */
export function compileSchemaValidator(schema: JsonObject): ValidateFunction {
  return loadValidators(validatorSet(schema)).config;
}

/** Whether the build compiled this very schema (a default install's). */
export function isPrecompiled(schema: JsonObject): boolean {
  return isSetPrecompiled(validatorSet(schema));
}

/** Compiled now, whatever the build wrote. */
export function compileSchemaValidatorNow(schema: JsonObject): ValidateFunction {
  return compileValidatorsNow(validatorSet(schema)).config;
}

/** Build step: the validator of `schema` as a CommonJS module, the hash that selects it, and the code `samples` ran. */
export function writePrecompiledSchemaValidator(schema: JsonObject, samples: readonly unknown[]): void {
  writePrecompiledValidators(validatorSet(schema), ({ config }) => {
    for (const sample of samples) config(sample);
  });
}
