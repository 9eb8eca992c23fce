import { expect } from 'chai';
import { displayLocation } from './backend-display-location.js';

describe('backend display location', () => {
  const sftp = 'sftp:{user}@{host}:{path}[ (port {port})]';

  it('fills settings in, and keeps an optional part only when all its settings are set', () => {
    expect(displayLocation(sftp, { user: 'backup', host: 'nas', path: '/srv/restic', port: 2222 })).to.equal('sftp:backup@nas:/srv/restic (port 2222)');
    expect(displayLocation(sftp, { user: 'backup', host: 'nas', path: '/srv/restic' })).to.equal('sftp:backup@nas:/srv/restic');
    expect(displayLocation('s3:[{endpoint}/]{bucket}[/{prefix}]', { bucket: 'restic', prefix: 'laptop' })).to.equal('s3:restic/laptop');
  });

  it('shows nothing when a setting outside an optional part is missing or not a scalar', () => {
    expect(displayLocation(sftp, { user: 'backup', path: '/srv/restic' })).to.equal(undefined);
    expect(displayLocation('{path}', { path: { env: 'REPO_PATH' } })).to.equal(undefined);
    expect(displayLocation('{path}', { path: '' })).to.equal(undefined);
  });
});
