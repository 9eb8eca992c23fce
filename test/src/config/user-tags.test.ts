import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { TestWorkspace } from '../support/workspace.js';

const refusal = 'must not contain a comma (restic splits tags at commas) nor start with "plan:" or "timelocker-audit:"';

describe('user tags that would let one plan\'s retention forget another plan\'s snapshots (real CLI)', function () {
  this.timeout(60_000);
  let ws: TestWorkspace;

  before(async () => {
    ws = await TestWorkspace.create();
    await mkdir(dirname(ws.configFile), { recursive: true });
    await writeFile(ws.configFile, JSON.stringify({
      repositories: { home: { backend: 'local', path: join(ws.path, 'repo') } },
      plans: { docs: { repository: 'home', paths: [ws.path] } },
    }, null, 2));
  });
  after(() => ws.remove());

  for (const tag of ['plan:docs', 'timelocker-audit:1:ab', 'weekly,plan:docs']) {
    it(`\`plan add --tag ${tag}\` is refused, naming the rule, and the config file is left as it was`, async () => {
      const before = await readFile(ws.configFile, 'utf8');
      const result = await ws.cli(['plan', 'add', 'other', '--repo', 'home', '--path', ws.path, '--tag', 'ok', '--tag', tag]);
      expect(result.code, result.stderr).to.equal(2);
      expect(result.stderr).to.include(`/plans/other/tags/1: ${refusal}`);
      expect(await readFile(ws.configFile, 'utf8')).to.equal(before);
    });
  }

  it('a hand-edited file with such a tag is invalid at its line; other tags (even containing "plan:") are fine', async () => {
    const config = JSON.parse(await readFile(ws.configFile, 'utf8')) as { plans: Record<string, { tags?: string[] }> };
    config.plans['docs']!.tags = ['x-plan:y'];
    await writeFile(ws.configFile, JSON.stringify(config, null, 2));
    expect((await ws.cli(['config', 'validate'])).code).to.equal(0);
    config.plans['docs']!.tags = ['plan:other'];
    await writeFile(ws.configFile, JSON.stringify(config, null, 2));
    const result = await ws.cli(['config', 'validate']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(new RegExp(`:\\d+:\\d+: /plans/docs/tags/0: ${refusal.replace(/[()]/g, '\\$&')}`));
  });
});
