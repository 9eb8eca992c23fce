import { expect } from 'chai';
import { rcloneEnvironment, remoteOptionVariables } from './rclone-settings.js';

describe('rclone settings to restic environment', () => {
  it('config file, config password and the remote password (obscured) travel in env only', () => {
    const env = rcloneEnvironment({ remote: 'office-nas', path: 'backups', configFile: '/etc/tl/rclone.conf' }, { configPassword: 'cfg-pw', remotePassword: 'plain' }, 'OBSCURED');
    expect(env).to.deep.equal({
      RCLONE_CONFIG: '/etc/tl/rclone.conf', RCLONE_CONFIG_PASS: 'cfg-pw',
      'RCLONE_CONFIG_OFFICE-NAS_PASS': 'OBSCURED', RCLONE_CONFIG_OFFICE_NAS_PASS: 'OBSCURED',
    });
    expect(Object.values(env)).to.not.include('plain');
  });

  it('no settings, no environment; a plain remote name has one variable', () => {
    expect(rcloneEnvironment({ remote: 'gdrive', path: 'x' }, {}, undefined)).to.deep.equal({});
    expect(remoteOptionVariables('gdrive', 'pass')).to.deep.equal(['RCLONE_CONFIG_GDRIVE_PASS']);
  });
});
