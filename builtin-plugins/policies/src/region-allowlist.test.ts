import { expect } from 'chai';
import type { PolicyContextDto } from '@timelocker/plugin-api';
import { CancellationToken } from '@timelocker/plugin-api';
import { regionAllowlist } from './region-allowlist.js';
import { regionOf } from './regions.js';

function context(backend: string, config: Record<string, string>): PolicyContextDto {
  return { operation: 'backup', repository: { name: 'r', backend, config }, now: new Date().toISOString() };
}

describe('region-allowlist rule', () => {
  const evaluate = (ctx: PolicyContextDto, options: Record<string, unknown>) =>
    regionAllowlist.evaluate(ctx, options as never, CancellationToken.None);

  it('reads the region from the config or from well-known endpoint host names', () => {
    expect(regionOf({ region: 'eu-west-1' })).to.equal('eu-west-1');
    expect(regionOf({ endpoint: 'https://s3.eu-central-003.backblazeb2.com' })).to.equal('eu-central-003');
    expect(regionOf({ endpoint: 'https://s3.us-east-2.amazonaws.com' })).to.equal('us-east-2');
    expect(regionOf({ endpoint: 'https://minio.example.org' })).to.equal(undefined);
  });

  it('blocks a region outside the list, allows one inside, with wildcards and the EEA+UK preset', async () => {
    expect(await evaluate(context('s3', { region: 'eu-west-3' }), { allowed: ['eu-*'] })).to.deep.equal([]);
    expect(await evaluate(context('s3', { region: 'eu-west-2' }), { allowed: ['@eea-uk'] })).to.deep.equal([]);
    const outside = await evaluate(context('s3', { region: 'us-east-1' }), { allowed: ['@eea-uk'], action: 'block' });
    expect(outside).to.have.length(1);
    expect(outside[0]?.severity).to.equal('error');
    expect(outside[0]?.message).to.include('"us-east-1"');
    const swiss = await evaluate(context('s3', { region: 'eu-central-2' }), { allowed: ['@eea-uk'] });
    expect(swiss, 'Zurich is neither EEA nor UK').to.have.length(1);
  });

  it('warns instead of blocking in warn mode, flags an unknown region, and ignores local disks', async () => {
    const warned = await evaluate(context('s3', { region: 'ap-south-1' }), { allowed: ['eu-*'], action: 'warn' });
    expect(warned[0]?.severity).to.equal('warning');
    const unknown = await evaluate(context('sftp', { host: 'backup.example.org' }), { allowed: ['eu-*'] });
    expect(unknown[0]?.message).to.include('unknown');
    expect(await evaluate(context('local', { path: '/mnt/usb' }), { allowed: ['eu-*'] })).to.deep.equal([]);
  });
});
