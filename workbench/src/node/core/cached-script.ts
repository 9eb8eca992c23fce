import { isAscii } from 'node:buffer';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/**
 * A CommonJS file the build ships (the CLI bundle, precompiled validators), compiled through `vm` with the V8 code
 * cache the build wrote beside it: Node 20 keeps compiled code only for scripts compiled through `vm`. A cache that
 * does not match the file (an edited file, another Node version or V8 flags) is rejected by V8 and costs nothing but
 * the compile it would have saved.
 */
export class CachedScript {
  private readonly script: Script;

  /** `withCache` false: compiled from source only, for the build step that writes the cache. */
  constructor(readonly file: string, withCache = true) {
    const cache = codeCacheFileOf(file);
    const cachedData = withCache && existsSync(cache) ? readFileSync(cache) : undefined;
    // The CommonJS module wrapper on the file's first line keeps its line numbers (and source map) true.
    this.script = new Script(`(function (exports, require, module, __filename, __dirname) {${sourceOf(file)}\n})`, {
      filename: file,
      ...(cachedData ? { cachedData } : {}),
    });
  }

  /** Whether V8 took the compiled code from the build's cache. */
  get usedCodeCache(): boolean {
    return this.script.cachedDataRejected === false;
  }

  /** Runs the file's top level as a CommonJS module and returns its exports. */
  run<T extends object>(): T {
    const module = { exports: {} as T };
    const wrapper = this.script.runInThisContext() as (...args: unknown[]) => void;
    wrapper(module.exports, createRequire(this.file), module, this.file, dirname(this.file));
    return module.exports;
  }

  /** Build step: the code compiled so far (the top level, and every function the build ran meanwhile), beside the file. */
  writeCodeCache(): void {
    writeFileSync(codeCacheFileOf(this.file), this.script.createCachedData());
  }
}

/** The file's text; an ASCII-only file (esbuild escapes the rest) as one-byte text, read in half the time of UTF-8. */
function sourceOf(file: string): string {
  const bytes = readFileSync(file);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

function codeCacheFileOf(file: string): string {
  return `${file}.code-cache`;
}
