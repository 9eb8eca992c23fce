import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const dist = fileURLToPath(new URL('..', import.meta.url));

describe('CLI V8 flags and the code caches the build writes', function () {
  this.timeout(60_000);

  it('a command loads the bundle under V8\'s defaults, then, under its own flags, the precompiled validators, from their code caches', async () => {
    // A fresh process, as a command line gets: the flags change V8's flag hash for the rest of the process.
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', `const dist = ${JSON.stringify(dist)};
      const { setCommandFlags } = await import(dist + 'cli/v8-flags.js');
      const { CachedScript } = await import(dist + 'node/core/cached-script.js');
      const bundle = new CachedScript(dist + 'timelocker.cjs').usedCodeCache;
      const validators = (path) => {
        setCommandFlags(path);
        return ['config-validator', 'plugin-manifest-validators'].map((f) => new CachedScript(dist + f + '.precompiled.cjs').usedCodeCache);
      };
      // \`scheduler run\` keeps V8's defaults: the validators are compiled from their source.
      console.log(JSON.stringify({ bundle, schedulerRun: validators('scheduler run'), backup: validators('backup') }));`]);
    expect(JSON.parse(stdout)).to.deep.equal({ bundle: true, schedulerRun: [false, false], backup: [true, true] });
  });
});
