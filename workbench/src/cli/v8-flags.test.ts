import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const dist = fileURLToPath(new URL('..', import.meta.url));

/** Runs `body` (an ES module's code, with `dist` bound) in a fresh Node process and returns what it printed as JSON. */
async function inFreshProcess(body: string): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', `const dist = ${JSON.stringify(dist)};\n${body}`]);
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('CLI V8 flags and the code caches the build writes under them', function () {
  this.timeout(60_000);

  it('a command line loads the bundle, then the precompiled validators, from their code caches; the catalog opens with the module compiled at entry', async () => {
    const seen = await inFreshProcess(`
      const { setEntryFlags, setCommandFlags } = await import(dist + 'cli/v8-flags.js');
      const { CachedScript } = await import(dist + 'node/core/cached-script.js');
      const { adoptCompiledSqlWasm, compileSqlWasm, loadSqlJs } = await import(dist + 'node/catalog/catalog-database.js');
      setEntryFlags(['--data-dir', '/nowhere', 'backup', 'p']);
      adoptCompiledSqlWasm(compileSqlWasm());
      const bundle = new CachedScript(dist + 'timelocker.cjs').usedCodeCache;
      setCommandFlags('backup');
      const validators = ['config-validator', 'plugin-manifest-validators'].map((f) => new CachedScript(dist + f + '.precompiled.cjs').usedCodeCache);
      const SQL = await loadSqlJs();
      console.log(JSON.stringify({ bundle, validators, query: new SQL.Database().exec('select 6 * 7')[0].values }));`);
    expect(seen).to.deep.equal({ bundle: true, validators: [true, true], query: [[42]] });
  });

  it('a module that failed to compile at entry is compiled again when the catalog first opens', async () => {
    const seen = await inFreshProcess(`
      const { adoptCompiledSqlWasm, loadSqlJs } = await import(dist + 'node/catalog/catalog-database.js');
      adoptCompiledSqlWasm(Promise.reject(new Error('compile failed')));
      const SQL = await loadSqlJs();
      console.log(JSON.stringify({ query: new SQL.Database().exec('select 1')[0].values }));`);
    expect(seen).to.deep.equal({ query: [[1]] });
  });
});
