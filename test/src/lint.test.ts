import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { ESLint } from 'eslint';
import { repoRoot } from './support/cli.js';
import { describeFolderCycle, findFolderCycle, folderImports } from './support/folder-imports.js';

const exec = promisify(execFile);

describe('static checks', function () {
  this.timeout(120_000);

  // A test that times out must not leave its eslint process running behind the next tests.
  let testEnded: AbortController;
  beforeEach(() => { testEnded = new AbortController(); });
  afterEach(() => testEnded.abort());

  it('eslint reports nothing on the whole repository', async () => {
    const result = await exec(join(repoRoot, 'node_modules', '.bin', 'eslint'), ['.'], { cwd: repoRoot, signal: testEnded.signal })
      .catch((e: { stdout: string; code: number }) => e);
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

  // Kernel feature folders (workbench/src/node/<feature>, subfolders included; `.` is the kernel's own files) import
  // each other one way only. A cycle is cut by moving the shared piece down or by inverting one import through a
  // token or contribution point owned by the lower folder (as ConfigSchemaContribution, AuditEventSource do).
  it('has no import cycle between the kernel\'s feature folders', () => {
    const graph = folderImports(join(repoRoot, 'workbench', 'src', 'node'));
    const cycle = findFolderCycle(graph);
    expect(cycle, cycle && `folder import cycle:\n${describeFolderCycle(graph, cycle)}`).to.equal(undefined);
  });

  it('finds a folder cycle, and names the imports that make it', () => {
    const graph = new Map([['a', new Map([['b', ['a/x.ts -> ../b/y.js']]])], ['b', new Map([['a', ['b/y.ts -> ../a/x.js']]])]]);
    const cycle = findFolderCycle(graph);
    expect(cycle).to.deep.equal(['a', 'b', 'a']);
    expect(describeFolderCycle(graph, cycle!)).to.equal('a -> b  (a/x.ts -> ../b/y.js)\nb -> a  (b/y.ts -> ../a/x.js)');
    expect(findFolderCycle(new Map([['a', graph.get('a')!]]))).to.equal(undefined);
  });
});
