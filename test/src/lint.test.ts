import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { ESLint } from 'eslint';
import { repoRoot } from './support/cli.js';

const exec = promisify(execFile);

describe('static checks', function () {
  this.timeout(120_000);

  it('eslint reports nothing on the whole repository', async () => {
    const result = await exec(join(repoRoot, 'node_modules', '.bin', 'eslint'), ['.'], { cwd: repoRoot }).catch((e: { stdout: string; code: number }) => e);
    expect('code' in result ? result.code : 0, 'stdout' in result ? result.stdout : '').to.equal(0);
  });

  it('enforces the dependency direction of the architecture', async () => {
    const eslint = new ESLint({ cwd: repoRoot });
    const cases: Array<[file: string, source: string]> = [
      ['builtin-plugins/local/src/x.ts', "import { x } from '@timelocker/plugin-api/protocol';\nexport const y = x;\n"],
      ['workbench/src/node/x.ts', "import { x } from '../../../plugin-host/src/main.js';\nexport const y = x;\n"],
      ['plugin-api/src/x.ts', "import { x } from '@timelocker/workbench/node';\nexport const y = x;\n"],
      ['plugin-host/src/x.ts', "import { x } from '../../workbench/src/node/kernel.js';\nexport const y = x;\n"],
    ];
    for (const [file, source] of cases) {
      const [report] = await eslint.lintText(source, { filePath: join(repoRoot, file) });
      expect(report?.messages.map((m) => m.ruleId), file).to.include('no-restricted-imports');
    }
  });
});
