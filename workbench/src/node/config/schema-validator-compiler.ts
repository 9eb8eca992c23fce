import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { JsonObject } from '@timelocker/plugin-api';
import { Ajv, type ValidateFunction } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';

/**
 * strict off: contributed schemas may carry editor-only keywords (markdownDescription, errorMessage …). validateSchema
 * off: compiling the draft-07 meta-schema cost more than half of every CLI start; a malformed contributed schema still
 * fails in compile(). Referenced definitions (secret sources, used by every backend and notifier) are compiled once
 * instead of inlined at each use, and the generated code gets no optimizing pass: half the compile, same results.
 */
const ajvOptions = { allErrors: true, strict: false, verbose: true, validateSchema: false, inlineRefs: false, code: { optimize: false } } as const;

const workbenchDir = dirname(createRequire(import.meta.url).resolve('@timelocker/workbench/package.json'));
/** Written by the build for the schema of a default install (builtin plugins only): code shipped like the bundle. */
const precompiledFile = join(workbenchDir, 'dist', 'config-validator.precompiled.cjs');
const precompiledHashFile = `${precompiledFile}.sha256`;

function schemaHash(schema: JsonObject): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}

/**
 * The validator of a composed config schema. Every command validates the config, and compiling the schema was the
 * largest single cost of a CLI command after loading its code; the schema of a default install is compiled at build
 * time, so only an install with more plugins (another schema, another hash) compiles here.
 */
export function compileSchemaValidator(schema: JsonObject): ValidateFunction {
  if (isPrecompiled(schema)) {
    const module = { exports: {} as { default?: ValidateFunction } };
    new Function('module', 'exports', 'require', readFileSync(precompiledFile, 'utf8'))(module, module.exports, createRequire(precompiledFile));
    if (module.exports.default) return module.exports.default;
  }
  return compileSchemaValidatorNow(schema);
}

/** Whether the build compiled this very schema (a default install's). */
export function isPrecompiled(schema: JsonObject): boolean {
  return existsSync(precompiledHashFile) && readFileSync(precompiledHashFile, 'utf8').trim() === schemaHash(schema);
}

/** Compiled now, whatever the build wrote. */
export function compileSchemaValidatorNow(schema: JsonObject): ValidateFunction {
  return new Ajv(ajvOptions).compile(schema);
}

/** Build step: the validator of `schema` as a CommonJS module, and the hash that selects it. */
export function writePrecompiledSchemaValidator(schema: JsonObject): void {
  const ajv = new Ajv({ ...ajvOptions, code: { ...ajvOptions.code, source: true } });
  // A CommonJS module whose exports are also its `default`: reached the same way from ESM and from the bundle.
  writeFileSync(precompiledFile, standalone.default(ajv, ajv.compile(schema)));
  writeFileSync(precompiledHashFile, `${schemaHash(schema)}\n`);
}
