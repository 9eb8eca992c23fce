import { CancellationError } from '@timelocker/plugin-api';
import { expect } from 'chai';
import { errorKindOf, NotFoundError, UsageError } from '../core/errors.js';
import { PASSWORD_ENV } from '../credentials/credentials-service.js';
import { envDigests, secretEnvNames } from './secret-environment.js';
import { decodeCauses, encodeCauses } from './workbench-socket-protocol.js';

describe('what crosses the workbench socket', () => {
  it('a result keeps the kind of every cause (top level and follow-ups), so the CLI exits as it would in-process', () => {
    const run = { job: { id: 'j1', status: 'failed' }, cause: new UsageError('no such folder'), followUps: [{ job: { id: 'j2' }, cause: new CancellationError() }, { job: { id: 'j3' } }] };
    const wire = JSON.parse(JSON.stringify(encodeCauses(run))) as typeof run;
    const back = decodeCauses(wire) as typeof run;
    expect(errorKindOf(back.cause)).to.equal('usage');
    expect((back.cause as Error).message).to.equal('no such folder');
    expect(errorKindOf(back.followUps[0]!.cause)).to.equal('interrupted');
    expect(back.followUps[1]).to.deep.equal({ job: { id: 'j3' } });
    expect(back.job).to.deep.equal(run.job);
    expect(errorKindOf((decodeCauses({ cause: { kind: 'no-such-kind' } }) as { cause: unknown }).cause), 'an unknown kind is a bug, never a success').to.equal('internal');
    expect(errorKindOf((decodeCauses(encodeCauses({ cause: new NotFoundError('x') })) as { cause: unknown }).cause)).to.equal('not-found');
  });

  it('secrets are compared as HMACs under a one-time nonce: equal values match, different or missing ones do not, no value is sent', () => {
    const names = secretEnvNames([{ backend: 's3', password: { env: 'REPO_PW' }, secretAccessKey: { env: 'AWS_SECRET' }, accessKeyId: { keyring: true } }]);
    expect(names).to.deep.equal(['AWS_SECRET', 'REPO_PW', PASSWORD_ENV].sort());
    const cli = envDigests(names, 'nonce-1', { REPO_PW: 'hunter22', AWS_SECRET: 'k' });
    expect(envDigests(names, 'nonce-1', { REPO_PW: 'hunter22', AWS_SECRET: 'k' })).to.deep.equal(cli);
    expect(envDigests(names, 'nonce-1', { REPO_PW: 'other', AWS_SECRET: 'k' })['REPO_PW']).not.to.equal(cli['REPO_PW']);
    expect(envDigests(names, 'nonce-2', { REPO_PW: 'hunter22', AWS_SECRET: 'k' })['REPO_PW'], 'another nonce').not.to.equal(cli['REPO_PW']);
    expect(cli[PASSWORD_ENV]).to.equal(null);
    expect(JSON.stringify(cli)).not.to.include('hunter22');
  });
});
