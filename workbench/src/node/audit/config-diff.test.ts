import { expect } from 'chai';
import { diffConfigPaths } from './config-diff.js';

describe('diffConfigPaths', () => {
  it('names added, removed and changed paths without their values', () => {
    const before = { repositories: { home: { backend: 'local', path: '/srv/old-place', password: { env: 'OLD_SECRET_VAR' } } }, plans: { daily: { repository: 'home', paths: ['/x'] } } };
    const after = { repositories: { home: { backend: 'local', path: '/srv/new-place', password: { command: 'pass show s3cr3t' } }, new: { backend: 'local' } }, plans: {}, audit: { retentionDays: 30 } };
    const diff = diffConfigPaths(before, after);
    expect(diff.added).to.have.members(['/repositories/new', '/audit/retentionDays', '/repositories/home/password/command']);
    expect(diff.removed).to.have.members(['/plans/daily', '/repositories/home/password/env']);
    expect(diff.changed).to.deep.equal(['/repositories/home/path']);
    const text = JSON.stringify(diff);
    for (const value of ['OLD_SECRET_VAR', 's3cr3t', 'old-place', 'new-place']) expect(text).not.to.include(value);
  });

  it('escapes pointer segments and treats arrays as one value', () => {
    const diff = diffConfigPaths({ plans: { 'a/b': { paths: ['/x'] } } }, { plans: { 'a/b': { paths: ['/x', '/y'] } } });
    expect(diff.changed).to.deep.equal(['/plans/a~1b/paths']);
  });
});
