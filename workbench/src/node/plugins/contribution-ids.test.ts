import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Contributions } from '@timelocker/plugin-api/manifest';
import { ContributionIndex } from './contribution-index.js';
import { scanPlugins, type ScannedPlugin } from './plugin-scanner.js';

const backend = (id: string): NonNullable<Contributions['backends']>[number] => ({ id, label: id, configSchema: { type: 'object' } });

describe('contribution ids: publisher.name, builtin aliases, collisions', () => {
  let dir: string;
  const write = async (folder: string, publisher: string, name: string, contributes: Contributions): Promise<void> => {
    await mkdir(join(dir, folder, name), { recursive: true });
    const manifest = { name, publisher, version: '1.0.0', engines: { timelocker: '^1.0.0' }, contributes };
    await writeFile(join(dir, folder, name, 'package.json'), JSON.stringify(manifest));
  };
  const scan = (disabled: string[] = []): ScannedPlugin[] => scanPlugins(join(dir, 'builtin'), join(dir, 'user'), [], new Set(disabled));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tl-contribution-ids-'));
    await write('builtin', 'timelocker', 'local', { backends: [backend('local')], commands: [{ id: 'timelocker.local.open', title: 'Open' }] });
    await write('builtin', 'timelocker', 'cloud', { backends: [backend('s3'), backend('shared')] });
    await write('builtin', 'timelocker', 'cloud2', { backends: [backend('shared')] });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('gives every contribution its full id, keeping ids already prefixed by their publisher', () => {
    const index = new ContributionIndex(scan());
    expect(index.accepted('backends').map((c) => c.entry.id)).to.have.members(['timelocker.local', 'timelocker.s3', 'timelocker.shared']);
    expect(index.accepted('commands').map((c) => c.entry.id)).to.deep.equal(['timelocker.local.open']);
  });

  it('keeps a builtin short id as an alias only where it names exactly one builtin contribution', () => {
    const index = new ContributionIndex(scan());
    expect(index.find('backends', 's3')?.entry.id).to.equal('timelocker.s3');
    expect(index.find('backends', 'timelocker.s3')?.aliases).to.deep.equal(['s3']);
    expect(index.find('backends', 'local')?.pluginId).to.equal('timelocker.local');
    expect(index.find('backends', 'shared'), 'two builtins declare "shared": no alias').to.equal(undefined);
  });

  it('refuses a second plugin contributing the same full id, naming both plugins; user plugins get no aliases', async () => {
    await write('user', 'acme', 'sync', { backends: [backend('rclone'), backend('sftp')] });
    await write('user', 'acme', 'sync2', { backends: [backend('rclone')] });
    const plugins = scan();
    const second = plugins.find((p) => p.id === 'acme.sync2')!;
    expect(second.rejected, 'only the entry is dropped').to.equal(false);
    expect(second.messages).to.deep.equal(['contributes.backends: acme.rclone dropped: plugin acme.sync already contributes it (two plugins cannot share an id)']);
    const index = new ContributionIndex(plugins);
    expect(index.find('backends', 'acme.rclone')?.pluginId).to.equal('acme.sync');
    expect(index.find('backends', 'rclone')).to.equal(undefined);
    expect(index.find('backends', 'acme.sftp')?.pluginId).to.equal('acme.sync');
  });

  it('names the disabled plugin behind an id, including a builtin alias; an id nobody declares is missing', () => {
    const index = new ContributionIndex(scan(['timelocker.cloud']));
    expect(index.find('backends', 's3')).to.equal(undefined);
    expect(index.absence('backends', 's3')).to.deep.include({ reason: 'disabled', id: 'timelocker.s3', pluginId: 'timelocker.cloud' });
    expect(index.absence('backends', 'acme.nothing')).to.deep.equal({ reason: 'missing', id: 'acme.nothing' });
  });
});
