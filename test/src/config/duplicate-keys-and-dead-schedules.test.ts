import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { json } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';
import { serveWorkbench, type ServedWorkbench } from '../api/serve-process.js';

/** Two `plans` blocks: a JSON parser keeps the second and drops `first` without a word. */
const duplicatedPlans = (ws: TestWorkspace): string => `{
  "repositories": { "home": { "backend": "local", "path": ${JSON.stringify(join(ws.path, 'repo'))} } },
  "plans": { "first": { "repository": "home", "paths": [${JSON.stringify(ws.path)}] } },
  // a second block, pasted later
  "plans": { "second": { "repository": "home", "paths": [${JSON.stringify(ws.path)}], "paths": [] } }
}
`;
/** The refusal of `duplicatedPlans`, its columns counted on the text (the temp path's length varies). */
const duplicateRefusal = (ws: TestWorkspace): string[] => {
  const fifthLine = duplicatedPlans(ws).split('\n')[4]!;
  const [first, second] = [fifthLine.indexOf('"paths"') + 1, fifthLine.lastIndexOf('"paths"') + 1];
  return [
    `${ws.configFile}:5:3: /plans: duplicate key "plans" (first at line 3, column 3; only one of them would count)`,
    `${ws.configFile}:5:${second}: /plans/second/paths: duplicate key "paths" (first at line 5, column ${first}; only one of them would count)`,
  ];
};

const validConfig = (ws: TestWorkspace, schedule: string): string => JSON.stringify({
  repositories: { home: { backend: 'local', path: join(ws.path, 'repo'), password: { env: 'REPO_PW' } } },
  plans: { docs: { repository: 'home', paths: [join(ws.path, 'config')], schedule } },
}, null, 2);

describe('config keys given twice and schedules that never fire are refused where the config is checked (real CLI, served API)', function () {
  this.timeout(120_000);
  let ws: TestWorkspace;
  let served: ServedWorkbench | undefined;
  const api = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(new URL(path, served!.url), {
      method, headers: { authorization: `Bearer ${served!.adminToken}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    expect(response.status).to.equal(200);
    return await response.json() as Record<string, unknown>;
  };

  before(async () => {
    ws = await TestWorkspace.create();
    await mkdir(dirname(ws.configFile), { recursive: true });
  });
  after(async () => {
    await served?.stop();
    await ws.remove();
  });

  it('`config validate` and every other command name each repeated key at its line:column and where the first one is', async () => {
    await writeFile(ws.configFile, duplicatedPlans(ws));
    const validated = await ws.cli(['config', 'validate']);
    expect(validated.code).to.equal(2);
    for (const line of duplicateRefusal(ws)) expect(validated.stderr).to.include(line);
    const listed = await ws.cli(['plan', 'list']);
    expect(listed.code).to.equal(2);
    expect(listed.stderr).to.include(duplicateRefusal(ws)[0]);
  });

  it('a schedule with no matching date is invalid at its line; `schedule list` says it never fires', async () => {
    await writeFile(ws.configFile, validConfig(ws, '0 0 29 2 *'));
    expect((await ws.cli(['config', 'validate'])).code, 'a leap day comes').to.equal(0);
    await writeFile(ws.configFile, validConfig(ws, '0 0 31 2 *'));
    const validated = await ws.cli(['config', 'validate']);
    expect(validated.code).to.equal(2);
    expect(validated.stderr).to.match(/:\d+:\d+: \/plans\/docs\/schedule: "0 0 31 2 \*" never fires \(no date matches\)/);
    const listed = json<Array<{ plan: string; problem?: string; nextRun?: string }>>(await ws.cli(['schedule', 'list', '--json']));
    expect(listed).to.deep.equal([{ ...listed[0], plan: 'docs', problem: '"0 0 31 2 *" never fires (no date matches)' }]);
    expect(listed[0]).not.to.have.property('nextRun');
  });

  it('the API\'s config validation (the editor\'s) and schedule preview say the same', async () => {
    await writeFile(ws.configFile, validConfig(ws, '@daily'));
    served = await serveWorkbench(ws);
    const duplicates = await api('POST', '/api/v1/config/validate', { text: duplicatedPlans(ws) });
    expect(duplicates['valid']).to.equal(false);
    expect((duplicates['issues'] as Array<{ line: number; column: number; jsonPath: string; message: string }>).map((i) => `${ws.configFile}:${i.line}:${i.column}: ${i.jsonPath}: ${i.message}`))
      .to.deep.equal(duplicateRefusal(ws));
    const dead = await api('POST', '/api/v1/config/validate', { text: validConfig(ws, '0 0 30 2 *') });
    expect(dead['valid']).to.equal(false);
    expect(dead['issues']).to.have.length(1).and.to.satisfy((issues: Array<{ jsonPath: string; message: string }>) =>
      issues[0]!.jsonPath === '/plans/docs/schedule' && issues[0]!.message === '"0 0 30 2 *" never fires (no date matches)');
    expect(await api('GET', `/api/v1/schedules/preview?schedule=${encodeURIComponent('0 0 31 4,6 *')}`))
      .to.deep.equal({ schedule: '0 0 31 4,6 *', problem: '"0 0 31 4,6 *" never fires (no date matches)', runs: [] });
    const leap = await api('GET', `/api/v1/schedules/preview?schedule=${encodeURIComponent('0 0 29 2 *')}&count=2`);
    expect(leap['runs']).to.have.length(2);
    expect(leap).not.to.have.property('problem');
  });

  it('`snapshots`, which answers from the catalog without the kernel when it can, refuses a repeated key too', async () => {
    await served?.stop();
    served = undefined;
    const env = { REPO_PW: 'duplicate-keys-password', TIMELOCKER_PASSWORD: undefined };
    const cli = (args: readonly string[]) => ws.cli(args, { env });
    expect((await cli(['repo', 'init', 'home'])).code).to.equal(0);
    expect((await cli(['backup', 'docs'])).code).to.equal(0);
    for (let i = 0; i < 2; i++) expect((await cli(['snapshots'])).code).to.equal(0);
    const valid = await readFile(ws.configFile, 'utf8');
    // The last "plans" is the valid one: only the repetition is wrong.
    await writeFile(ws.configFile, valid.replace('"plans": {', '"plans": {}, "plans": {'));
    const listed = await cli(['snapshots']);
    expect(listed.code).to.equal(2);
    expect(listed.stderr).to.match(/:\d+:\d+: \/plans: duplicate key "plans" \(first at line \d+, column 3; only one of them would count\)/);
  });
});
