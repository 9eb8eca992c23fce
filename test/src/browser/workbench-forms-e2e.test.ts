import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { pollUntil } from '@timelocker/plugin-api/testing';
import { json } from '../support/cli.js';
import { TestWorkspace } from '../support/workspace.js';
import { TestBrowser } from './support/browser.js';
import { PageProblems, seriousAxeViolations } from './support/quality-gates.js';
import { WorkbenchProcess } from './support/workbench-process.js';

const PASSWORD = 'forms e2e password 77';

interface Config {
  plans: Record<string, Record<string, unknown>>;
  repositories: Record<string, Record<string, unknown>>;
  notifications?: { notifiers?: Record<string, unknown>; rules?: unknown[] };
  limits?: Record<string, number>;
}

/** The workbench as a user drives it, against `timelocker serve`, real restic and Debian's Chromium. */
describe('workbench forms, maintenance, snapshot tools and quality gates (Chromium, real server and restic)', function () {
  this.timeout(240_000);
  let ws: TestWorkspace;
  let server: WorkbenchProcess;
  let browser: TestBrowser;
  let page: Page;
  let problems: PageProblems;
  let source: string;
  let adminToken: string;
  let operatorToken: string;

  const config = async (): Promise<Config> => JSON.parse(await readFile(ws.configFile, 'utf8')) as Config;
  const showView = (id: string): Promise<void> => page.click(`nav.activity button[data-view="${id}"]`);
  const openPlan = async (name: string): Promise<void> => {
    await showView('plans');
    await page.click(`tl-plans-view li[data-plan="${name}"] button[data-action=open]`);
    await page.waitForSelector(`tl-plan-editor form[aria-label="Plan ${name}"] tl-schema-form`);
  };
  const confirm = (): Promise<void> => page.click('tl-confirm-dialog button[data-action=confirm]');
  /** The values an input suggests (its datalist). */
  const suggestionsFor = (selector: string): Promise<string[]> => page.locator(selector).evaluate((input) => {
    const list = (input as unknown as { list: { options: ArrayLike<{ value: string }> } | null }).list;
    return Array.from(list?.options ?? [], (option) => option.value);
  });
  /** The job tab in front (earlier job tabs stay open behind it). */
  const jobTab = (status: string): string => `section[role=tabpanel]:not([hidden]) tl-job-details .page[data-status="${status}"]`;
  const palette = async (text: string): Promise<void> => {
    await page.keyboard.press('Control+Shift+P');
    await page.waitForSelector('tl-command-palette input');
    await page.keyboard.insertText(text);
    await page.keyboard.press('Enter');
  };

  /** Set-up goes through the API of the running server: no CLI process (and kernel start) per step. */
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(`/api/v1${path}`, server.baseUrl), {
      method, headers: { authorization: `Bearer ${server.adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const finished = async (job: { id: string }): Promise<void> => {
    const done = await pollUntil(`job ${job.id}`, async () => {
      const now = await call<{ status: string; error?: string }>('GET', `/jobs/${job.id}`);
      return now.status === 'queued' || now.status === 'running' ? undefined : now;
    }, 60_000);
    expect(done.status, done.error).to.equal('succeeded');
  };

  before(async () => {
    ws = await TestWorkspace.create({ TL_FORMS_PASSWORD: PASSWORD });
    source = join(ws.path, 'source');
    await mkdir(join(source, 'docs'), { recursive: true });
    await writeFile(join(source, 'docs', 'report.txt'), 'the numbers as backed up\n');
    await writeFile(join(source, 'docs', 'Meeting-Notes.md'), '# notes\n');
    await writeFile(join(source, 'changing.txt'), 'first version\n');
    server = await WorkbenchProcess.start(ws);
    await call('POST', '/privacy/accept', { channel: 'api' });
    // Tokens that outlive the server process: the page keeps working across a restart.
    adminToken = (await call<{ token: string }>('POST', '/tokens', { name: 'forms-admin', role: 'admin' })).token;
    operatorToken = (await call<{ token: string }>('POST', '/tokens', { name: 'forms-operator', role: 'operator' })).token;
    await call('POST', '/repositories', { name: 'home', backend: 'local', settings: { path: join(ws.path, 'repo') }, password: { source: { env: 'TL_FORMS_PASSWORD' } } });
    await finished(await call('POST', '/repositories/home/init'));
    await call('POST', '/plans', { name: 'docs', repository: 'home', paths: [source] });
    await finished(await call('POST', '/jobs', { kind: 'backup', plan: 'docs' }));
    await writeFile(join(source, 'changing.txt'), 'second, longer version\n');
    await writeFile(join(source, 'added-later.txt'), 'new in the second snapshot\n');
    await finished(await call('POST', '/jobs', { kind: 'backup', plan: 'docs' }));
    browser = await TestBrowser.launch();
    page = await browser.newPage();
    problems = new PageProblems(page);
    await page.goto(`${server.baseUrl}?token=${adminToken}`);
    await page.waitForSelector('tl-shell');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await browser.screenshot(page, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await ws?.remove();
  });

  it('plan form: refuses a relative path with the reason, shows the next 5 runs and restic\'s retention decisions, saves', async () => {
    await openPlan('docs');
    await page.fill('#plan--paths', `${source}\nrelative/dir`);
    const problem = await page.textContent('tl-plan-editor [data-problem="/paths"]');
    expect(problem).to.include('line 2: "relative/dir" must be an absolute path (starting with /)');
    await page.click('tl-plan-editor button[data-action=save]');
    expect(await page.textContent('tl-plan-editor .banner[role=alert]')).to.include('must be an absolute path');
    expect((await config()).plans['docs']!['paths']).to.deep.equal([source]);

    await page.fill('#plan--paths', source);
    await page.selectOption('tl-cron-field #cron-preset', 'daily');
    await page.fill('tl-cron-field #cron-time', '02:30');
    await page.dispatchEvent('tl-cron-field #cron-time', 'change');
    await page.locator('tl-cron-field ol.next-runs li').nth(4).waitFor();
    expect(await page.locator('tl-cron-field ol.next-runs li').allTextContents()).to.have.length(5);

    await page.fill('#retention--keepLast', '1');
    await page.waitForSelector('tl-retention-preview tr[data-decision="remove"]', { timeout: 30_000 });
    expect(await page.locator('tl-retention-preview tr[data-decision="keep"]').count()).to.equal(1);
    expect(await page.locator('tl-retention-preview tr[data-decision="remove"]').count()).to.equal(1);
    expect(json<unknown[]>(await ws.cli(['snapshots', '--json']))).to.have.length(2);

    // The backup window's fields come from the schema: weekdays as checkboxes, times checked against their pattern.
    await page.click('tl-plan-editor button[data-add="/window"]');
    for (const day of ['mon', 'wed', 'fri']) await page.check(`tl-plan-editor fieldset[data-path="/window/days"] label:has-text("${day}") input`);
    await page.fill('tl-plan-editor [id$="-window-start"]', '22:00');
    await page.fill('tl-plan-editor [id$="-window-end"]', '6pm');
    expect(await page.textContent('tl-plan-editor [data-problem="/window/end"]')).to.include('must be a local time of day, "HH:MM" or "HH:MM:SS"');
    await page.fill('tl-plan-editor [id$="-window-end"]', '06:00');
    await page.check('tl-plan-editor [id$="-window-finishBeyondWindow"]');

    await page.click('tl-plan-editor button[data-action=save]');
    await page.waitForSelector('tl-toast-host [data-severity=info] >> text=Plan docs saved.');
    const plan = (await config()).plans['docs']!;
    expect(plan).to.deep.include({
      paths: [source], schedule: '30 2 * * *', retention: { keepLast: 1 },
      window: { days: ['mon', 'wed', 'fri'], start: '22:00', end: '06:00', finishBeyondWindow: true },
    });
    await browser.screenshot(page, 'plan-editor');
  });

  it('snapshots: searches the whole snapshot (and says when nothing matches), downloads, compares two', async () => {
    await showView('snapshots');
    await page.click('tl-snapshots-view li:first-child button[data-action=open]');
    await page.fill('tl-snapshot-browser input[type=search]', 'meeting');
    await page.click('tl-snapshot-browser form.search button[type=submit]');
    const notes = join(source, 'docs', 'Meeting-Notes.md');
    await page.waitForSelector(`tl-snapshot-browser .row[data-path="${notes}"]`);
    expect(await page.textContent('tl-snapshot-browser .search-summary')).to.include('1 match');

    const [file] = await Promise.all([page.waitForEvent('download'), page.click(`tl-snapshot-browser .row[data-path="${notes}"] button[data-download=file]`)]);
    expect(file.suggestedFilename()).to.equal('Meeting-Notes.md');
    expect(await readFile((await file.path())!, 'utf8')).to.equal('# notes\n');

    await page.fill('tl-snapshot-browser input[type=search]', 'no-such-file');
    await page.click('tl-snapshot-browser form.search button[type=submit]');
    await page.waitForSelector('tl-snapshot-browser .search-summary >> text=No matches for "no-such-file" in this snapshot.');
    await page.click('tl-snapshot-browser .search-summary button');
    const [zip] = await Promise.all([page.waitForEvent('download'), page.click(`tl-snapshot-browser .row[data-path="${source}"] button[data-download=zip]`)]);
    expect(zip.suggestedFilename()).to.equal('source.zip');
    const archive = await readFile((await zip.path())!);
    expect(archive.subarray(0, 2).toString('latin1')).to.equal('PK');
    expect(archive.includes(Buffer.from('docs/report.txt'))).to.equal(true);

    for (const box of await page.locator('tl-snapshots-view li[data-snapshot] input[type=checkbox]').all()) await box.check();
    await page.click('tl-snapshots-view button[data-action=compare]');
    await page.waitForSelector('tl-snapshot-diff section[data-diff=added] li');
    expect(await page.locator('tl-snapshot-diff section[data-diff=added] li').allTextContents()).to.deep.equal([join(source, 'added-later.txt')]);
    expect(await page.locator('tl-snapshot-diff section[data-diff=changed] li').allTextContents()).to.include(join(source, 'changing.txt'));
    await browser.screenshot(page, 'snapshot-diff');
  });

  it('restores to the original location only after naming what it overwrites, and says where the files went', async () => {
    const report = join(source, 'docs', 'report.txt');
    await writeFile(report, 'edited since the backup\n');
    await showView('snapshots');
    await page.click('tl-snapshots-view li:first-child button[data-action=open]');
    await page.click(`tl-snapshot-browser >> nth=-1 >> .row[data-path="${join(source, 'docs')}"] button.twisty`);
    await page.check(`tl-snapshot-browser >> nth=-1 >> .row[data-path="${report}"] input[type=checkbox]`);
    await page.check('tl-snapshot-browser >> nth=-1 >> input[type=radio] >> nth=1');
    await page.click('tl-snapshot-browser >> nth=-1 >> footer button[type=submit]');
    await page.waitForSelector('tl-confirm-dialog dialog[open]');
    expect(await page.textContent('tl-confirm-dialog h2')).to.equal('Overwrite 1 existing file(s)?');
    expect(await page.locator('tl-confirm-dialog ul.overwrites li').allTextContents()).to.deep.equal([report]);
    await browser.screenshot(page, 'restore-overwrite-confirmation');
    await confirm();
    await page.waitForSelector('tl-snapshot-browser >> nth=-1 >> .restore-status[data-status=succeeded]', { timeout: 60_000 });
    expect(await page.locator('tl-snapshot-browser >> nth=-1 >> ul.destinations li').allTextContents()).to.deep.equal([report]);
    expect(await readFile(report, 'utf8')).to.equal('the numbers as backed up\n');
  });

  it('an operator is not offered a restore to the original location or over existing files, and is told why', async () => {
    const operator = await browser.newPage();
    try {
      const view = 'tl-snapshot-browser';
      const report = join(source, 'docs', 'report.txt');
      await operator.goto(`${server.baseUrl}?token=${operatorToken}`);
      await operator.click('nav.activity button[data-view="snapshots"]');
      await operator.click('tl-snapshots-view li:first-child button[data-action=open]');
      await operator.click(`${view} .row[data-path="${join(source, 'docs')}"] button.twisty`);
      await operator.check(`${view} .row[data-path="${report}"] input[type=checkbox]`);
      expect(await operator.locator(`${view} footer input[type=radio]`).count(), 'only "to folder"').to.equal(1);
      expect(await operator.textContent(`${view} [data-role=restore-limits]`)).to.include('the original location or over existing files needs the admin role');
      // Into a folder under restore.allowedTargets (by default <data-dir>/restores): fine the first time…
      const target = join(ws.dataDir, 'restores', 'operator');
      await operator.fill(`${view} input[name=target]`, target);
      await operator.click(`${view} footer button[type=submit]`);
      await operator.waitForSelector(`${view} .restore-status[data-status=succeeded]`, { timeout: 60_000 });
      expect(await readFile(join(target, report), 'utf8')).to.equal('the numbers as backed up\n');
      // …then the file is in the way: no offer to overwrite it (the API would answer 403), the reason instead.
      await writeFile(join(target, report), 'the operator\'s own edit\n');
      await operator.click(`${view} footer button[type=submit]`);
      const refusal = await operator.waitForSelector('tl-toast-host [data-severity=error] >> text=only an admin may overwrite them');
      expect(await refusal.innerText()).to.include(`1 file(s) already exist in ${target}`).and.include('restore into a new or empty folder');
      expect(await operator.locator('tl-confirm-dialog').count(), 'no confirmation offered').to.equal(0);
      expect(await readFile(join(target, report), 'utf8')).to.equal('the operator\'s own edit\n');
    } finally {
      await operator.close();
    }
  });

  it('maintenance: forget shows restic\'s preview and runs only when confirmed; check, prune and unlock run as jobs with their log', async () => {
    await openPlan('docs');
    await page.click('tl-plan-editor button[data-action=forget]');
    await page.waitForSelector('tl-confirm-dialog dialog[open] tr[data-decision=remove]');
    await page.click('tl-confirm-dialog button[data-action=cancel]');
    expect(json<unknown[]>(await ws.cli(['snapshots', '--json'])), 'cancelled: nothing forgotten').to.have.length(2);
    await page.click('tl-plan-editor button[data-action=forget]');
    await page.waitForSelector('tl-confirm-dialog dialog[open] tr[data-decision=remove]');
    await confirm();
    await page.waitForSelector(jobTab('succeeded'), { timeout: 60_000 });
    expect(await page.textContent('tl-job-details .job-log')).to.match(/removed [0-9a-f]{8}/);
    expect(json<unknown[]>(await ws.cli(['snapshots', '--json']))).to.have.length(1);

    await palette('check repository home');
    await page.fill('tl-confirm-dialog #check-subset', '10%');
    await confirm();
    await page.waitForSelector(`${jobTab('succeeded')} dd[data-summary=readDataSubset] >> text=10%`, { timeout: 60_000 });
    expect(await page.textContent(`${jobTab('succeeded')} .job-log`)).to.include('read 10.0% of data packs');

    await palette('prune repository home');
    await confirm();
    await page.waitForSelector(`${jobTab('succeeded')} >> text=prune home`, { timeout: 60_000 });
    await palette('remove stale locks of home');
    await page.waitForSelector(`${jobTab('succeeded')} >> text=Removed the locks of processes that are gone`, { timeout: 60_000 });
  });

  it('hooks set in the plan form run around a backup started from the palette; the log shows their output and honest progress', async () => {
    // New incompressible data behind an upload limit: restic reports progress for a few seconds.
    await writeFile(join(source, 'big.bin'), randomBytes(6 * 1024 * 1024));
    await showView('config-forms');
    await page.click('tl-config-forms nav button[data-section=limits]');
    await page.click('tl-config-forms button[data-add="/limits"]');
    await page.fill('tl-config-forms [id$="-limits-uploadKiBps"]', '2048');
    await page.click('tl-config-forms button[data-action=save]');
    await page.waitForSelector('tl-toast-host >> text=Limits saved.');
    expect((await config()).limits).to.deep.equal({ uploadKiBps: 2048 });

    await openPlan('docs');
    await page.click('tl-plan-editor button[data-add="/hooks"]');
    await page.click('tl-plan-editor button[data-add="/hooks/before"]');
    await page.fill('tl-plan-editor [id$="-hooks-before-0-command"]', 'echo "hook from the form: $TIMELOCKER_PLAN"');
    await page.click('tl-plan-editor button[data-action=save]');
    await page.waitForSelector('tl-toast-host >> text=Plan docs saved.');

    await palette('back up plan docs');
    await page.waitForSelector(`${jobTab('succeeded')} >> text=backup docs`, { timeout: 90_000 });
    const log = (await page.textContent(`${jobTab('succeeded')} .job-log`))!.split('\n');
    expect(log).to.include('  hook from the form: docs');
    const progress = log.filter((line) => /^\d+ %/.test(line));
    expect(progress.length, log.join('\n')).to.be.greaterThan(1);
    for (const [i, line] of progress.entries()) {
      expect(line, 'one line per change').not.to.equal(progress[i - 1]);
      const percent = Number(/^(\d+) %/.exec(line)![1]);
      expect(percent).to.be.at.most(100).and.at.least(Number(/^(\d+) %/.exec(progress[i - 1] ?? '0 %')![1]));
      const files = /([\d,]+) \/ ([\d,]+) files/.exec(line);
      if (files) expect(Number(files[1]!.replace(/,/g, ''))).to.be.at.most(Number(files[2]!.replace(/,/g, '')));
      expect(line).not.to.match(/\b0\/|\/0 files/);
    }
    expect(await page.textContent(`${jobTab('succeeded')} dd[data-summary=durationSeconds]`)).to.match(/^\d+(\.\d)? s$|min/);
    expect(await page.textContent(`${jobTab('succeeded')} dd[data-summary=dataAdded]`)).to.match(/MiB$/);
  });

  it('config forms: a notifier and a rule save; a rule naming an unknown notifier is refused at its field and nothing is written; a policy with its rule\'s options', async () => {
    await showView('config-forms');
    await page.click('tl-config-forms nav button[data-section=notifications]');
    await page.click('tl-config-forms button[data-add="/notifications"]');
    await page.fill('tl-config-forms [id$="-notifications-notifiers-new"]', 'ops');
    await page.keyboard.press('Enter');
    // A notifier's type names a contribution: the form suggests the contributed ids (any id stays allowed).
    expect(await suggestionsFor('tl-config-forms [id$="-notifications-notifiers-ops-type"]')).to.include('webhook');
    await page.fill('tl-config-forms [id$="-notifications-notifiers-ops-type"]', 'webhook');
    await page.fill('tl-config-forms [id$="-notifications-notifiers-ops-url"]', 'https://127.0.0.1:9/hook');
    await page.click('tl-config-forms button[data-add="/notifications/rules"]');
    await page.check('tl-config-forms fieldset[data-path="/notifications/rules/0/events"] label:has-text("backup.failed") input');
    await page.fill('tl-config-forms [id$="-notifications-rules-0-notifiers"]', 'nobody');
    await page.click('tl-config-forms button[data-action=save]');
    await page.waitForSelector('tl-config-forms .banner[role=alert]');
    expect(await page.textContent('tl-config-forms [data-problem="/notifications/rules/0/notifiers"]')).to.include('line 1: unknown notifier "nobody"');
    expect((await config()).notifications).to.equal(undefined);
    await browser.screenshot(page, 'config-refused');

    await page.fill('tl-config-forms [id$="-notifications-rules-0-notifiers"]', 'ops');
    await page.click('tl-config-forms button[data-action=save]');
    await page.waitForSelector('tl-toast-host >> text=Notifications saved.');
    expect((await config()).notifications).to.deep.equal({
      notifiers: { ops: { type: 'webhook', url: 'https://127.0.0.1:9/hook' } }, rules: [{ events: ['backup.failed'], notifiers: ['ops'] }],
    });

    // A policy: the rule's own options appear once the rule is chosen (the plugin's optionsSchema).
    await page.click('tl-config-forms nav button[data-section=policies]');
    await page.click('tl-config-forms button[data-add="/policies"]');
    expect(await suggestionsFor('tl-config-forms [id$="-policies-0-rule"]')).to.include('max-snapshot-age');
    await page.fill('tl-config-forms [id$="-policies-0-rule"]', 'max-snapshot-age');
    await page.selectOption('tl-config-forms [id$="-policies-0-severity"]', { label: 'warning' });
    await page.click('tl-config-forms button[data-add="/policies/0/options"]');
    await page.fill('tl-config-forms [id$="-policies-0-options-hours"]', '48');
    await page.click('tl-config-forms button[data-action=save]');
    await page.waitForSelector('tl-toast-host >> text=Policies saved.');
    expect((await config() as Config & { policies?: unknown }).policies).to.deep.equal([{ rule: 'max-snapshot-age', severity: 'warning', options: { hours: 48 } }]);
  });

  it('repository form: renames and edits settings; removing keeps the data, and deleting its secrets too is asked a second time', async () => {
    const spare = join(ws.path, 'spare-repo');
    await mkdir(spare);
    expect((await ws.cli(['repo', 'add', 'spare', '--backend', 'local', '--path', spare, '--password-env', 'TL_FORMS_PASSWORD'])).code).to.equal(0);
    await showView('repositories');
    await page.click('tl-repositories-view li[data-repository=spare] button[data-action=open]');
    await page.fill('tl-repository-editor #repository-name', 'spare-2');
    await page.click('tl-repository-editor button[data-add="/check"]');
    await page.fill('tl-repository-editor [id$="-check-schedule"]', '@weekly');
    await page.click('tl-repository-editor button[data-action=save]');
    await page.waitForSelector('tl-toast-host >> text=Repository spare-2 saved.');
    expect((await config()).repositories['spare-2']).to.deep.equal({ backend: 'local', path: spare, password: { env: 'TL_FORMS_PASSWORD' }, check: { schedule: '@weekly' } });
    await page.click('tl-repository-editor button[data-action=delete]');
    expect(await page.textContent('tl-confirm-dialog .body')).to.include(`Its backup data at ${spare} is not deleted`);
    await page.check('tl-confirm-dialog input[name=deleteSecrets]');
    await confirm();
    await page.waitForSelector('tl-confirm-dialog dialog[open] >> text=Delete the stored secrets of spare-2 too?');
    await page.click('tl-confirm-dialog button[data-action=cancel]');
    await page.waitForSelector('tl-toast-host >> text=Repository spare-2 removed from the config');
    expect(Object.keys((await config()).repositories)).to.deep.equal(['home']);
    expect((await stat(spare)).isDirectory()).to.equal(true);
  });

  it('an operator reads the plan form but cannot change it; the palette shows shortcuts, Ctrl+J toggles the panel, "restore latest" opens the snapshot', async () => {
    const operator = await browser.newPage();
    await operator.goto(`${server.baseUrl}?token=${operatorToken}`);
    await operator.click('nav.activity button[data-view="plans"]');
    await operator.click('tl-plans-view li[data-plan="docs"] button[data-action=open]');
    await operator.waitForSelector('tl-plan-editor tl-schema-form');
    expect(await operator.locator('tl-plan-editor button[data-action=save]').isDisabled()).to.equal(true);
    expect(await operator.locator('tl-plan-editor [id$="-hooks-before-0-command"]').isDisabled()).to.equal(true);
    await operator.close();

    await page.keyboard.press('Control+Shift+P');
    expect(await page.textContent('tl-command-palette li[data-command="workbench.togglePanel"] kbd')).to.equal('Ctrl+J');
    await page.keyboard.press('Escape');
    expect(await page.locator('tl-job-panel').count()).to.equal(1);
    await page.keyboard.press('Control+J');
    await page.waitForSelector('tl-job-panel', { state: 'detached' });
    await page.keyboard.press('Control+J');
    await page.waitForSelector('tl-job-panel');
    await palette('restore from the latest snapshot of docs');
    await page.waitForSelector(`section[role=tabpanel]:not([hidden]) tl-snapshot-browser .row[data-path="${source}"]`);
  });

  it('toasts dismiss themselves; an error stays longer, can be closed, and a later success clears it', async () => {
    await openPlan('docs');
    await page.fill('#plan--paths', join(ws.path, 'not-there-yet'));
    await page.click('tl-plan-editor button[data-action=save]');
    await page.waitForSelector('tl-toast-host [data-severity=info] >> text=Plan docs saved.');
    const backUp = 'tl-plans-view li[data-plan=docs] button[data-action=backup]';
    await page.click(backUp);
    const error = 'tl-toast-host [data-severity=error] >> text=backup docs: failed';
    await page.waitForSelector(error, { timeout: 60_000 });
    const shown = Date.now();
    await page.waitForSelector('tl-toast-host [data-severity=info]', { state: 'detached', timeout: 10_000 });
    // An error stays for its reader longer than an info toast, then goes by itself.
    await page.waitForSelector(error, { state: 'detached', timeout: 20_000 });
    expect(Date.now() - shown).to.be.at.least(7_000);

    await page.click(backUp);
    await page.waitForSelector(error, { timeout: 60_000 });
    await mkdir(join(ws.path, 'not-there-yet'));
    await page.click(backUp);
    await page.waitForSelector(error, { state: 'detached', timeout: 60_000 });
    await page.waitForSelector('tl-toast-host [data-severity=info] >> text=backup docs: succeeded');
    await page.click('tl-toast-host [data-severity=info] button[aria-label="Dismiss notification"]');
    await page.waitForSelector('tl-toast-host [data-severity=info]', { state: 'detached' });
  });

  it('shows the server gone within 2 s, reconnects when it is back and refreshes what changed meanwhile', async () => {
    await showView('plans');
    const port = server.port;
    await server.stop();
    const stopped = Date.now();
    await page.waitForSelector('tl-status-bar .connection[data-connection=disconnected]', { timeout: 5_000 });
    expect(Date.now() - stopped).to.be.at.most(2_000);
    await browser.screenshot(page, 'disconnected');
    expect((await ws.cli(['plan', 'add', 'later', '--repo', 'home', '--path', source])).code).to.equal(0);
    server = await WorkbenchProcess.start(ws, { port });
    await page.waitForSelector('tl-status-bar .connection[data-connection=connected]', { timeout: 15_000 });
    await page.waitForSelector('tl-plans-view li[data-plan=later]', { timeout: 10_000 });
    problems.take();
  });

  it('every view, in both themes: no console errors or failed requests, no serious or critical axe violations; screenshots', async () => {
    await page.reload();
    await page.waitForSelector('tl-shell');
    // The reload itself aborts the old page's event stream: not a problem of any view.
    problems.take();
    const views: Array<[string, () => Promise<unknown>]> = [
      ['dashboard', () => showView('dashboard').then(() => page.waitForSelector('tl-dashboard h1'))],
      ['repositories', () => showView('repositories').then(() => page.waitForSelector('tl-repositories-view li[data-repository]'))],
      ['plans', () => showView('plans').then(() => page.waitForSelector('tl-plans-view li[data-plan]'))],
      ['snapshots', () => showView('snapshots').then(() => page.waitForSelector('tl-snapshots-view li[data-snapshot]'))],
      ['jobs', () => showView('jobs').then(() => page.waitForSelector('tl-jobs-view [data-job]'))],
      ['plugins', () => showView('plugins').then(() => page.waitForSelector('tl-plugins-view tl-plugin-item[data-plugin]'))],
      ['audit', () => showView('audit').then(() => page.waitForSelector('tl-audit-view table tbody tr'))],
      ['reports', () => showView('reports').then(() => page.waitForSelector('tl-reports-view tr[data-report]'))],
      ['config-forms', () => showView('config-forms').then(() => page.waitForSelector('tl-config-forms tl-schema-form'))],
      ['settings', () => showView('settings').then(() => page.waitForSelector('tl-settings-editor .monaco-editor'))],
      ['plan-editor', () => openPlan('docs')],
      ['repository-editor', () => showView('repositories').then(() => page.click('tl-repositories-view li[data-repository=home] button[data-action=open]'))
        .then(() => page.waitForSelector('tl-repository-editor tl-schema-form'))],
      ['snapshot-browser', () => showView('snapshots').then(() => page.click('tl-snapshots-view li:first-child button[data-action=open]'))
        .then(() => page.waitForSelector('tl-snapshot-browser .row[data-path]'))],
      ['job-details', () => showView('jobs').then(() => page.click('tl-jobs-view [data-job]')).then(() => page.waitForSelector('tl-job-details .page[data-status]'))],
      ['command-palette', () => page.keyboard.press('Control+Shift+P').then(() => page.waitForSelector('tl-command-palette li[data-command]'))],
    ];
    const found: string[] = [];
    for (const theme of ['light', 'dark']) {
      await page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
      for (const [name, open] of views) {
        await open();
        // Settled: no request still in flight for what the view loads.
        await page.waitForLoadState('networkidle', { timeout: 2_000 }).catch(() => undefined);
        for (const problem of problems.take()) found.push(`${name} (${theme}): ${problem}`);
        const active = await page.locator('nav.activity button[aria-pressed=true]').count();
        if (active !== 1) found.push(`${name} (${theme}): ${active} activity-bar items look active`);
        for (const v of await seriousAxeViolations(page)) found.push(`${name} (${theme}): axe ${v.id} [${v.impact}] ${v.help}: ${v.targets.join(' | ')}`);
        await browser.screenshot(page, `view-${name}-${theme}`);
        if (name === 'command-palette') await page.keyboard.press('Escape');
      }
    }
    expect(found, found.join('\n')).to.deep.equal([]);
  });
});
