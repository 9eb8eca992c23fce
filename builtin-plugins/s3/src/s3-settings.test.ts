import { expect } from 'chai';
import { readSettings, validateSettings } from './s3-settings.js';

describe('S3 settings validation', () => {
  const base = { endpoint: 'https://s3.example.org:9000', bucket: 'backups' };

  it('accepts an https endpoint and a valid bucket', () => {
    expect(validateSettings(base)).to.deep.equal([]);
    expect(validateSettings({ bucket: 'backups' })).to.deep.equal([]);
  });

  it('defaults to AWS, region-specific when a region is set', () => {
    expect(readSettings({ bucket: 'b12' }).endpoint).to.equal('https://s3.amazonaws.com');
    expect(readSettings({ bucket: 'b12', region: 'eu-central-1' }).endpoint).to.equal('https://s3.eu-central-1.amazonaws.com');
  });

  it('refuses plain http without the opt-in, naming TLS and the opt-in; only warns with it', () => {
    const refused = validateSettings({ ...base, endpoint: 'http://minio.lan:9000' });
    expect(refused).to.have.length(1);
    expect(refused[0]!.path).to.equal('/endpoint');
    expect(refused[0]!.severity).to.equal(undefined);
    expect(refused[0]!.message).to.include('data in transit must be protected by TLS').and.include('"allowInsecureHttp": true');
    const allowed = validateSettings({ ...base, endpoint: 'http://minio.lan:9000', allowInsecureHttp: true });
    expect(allowed.map((i) => i.severity)).to.deep.equal(['warning']);
  });

  it('refuses endpoints that are not plain base URLs (path, user info, other schemes)', () => {
    for (const endpoint of ['s3.amazonaws.com', 'ftp://host', 'https://host/path', 'https://user:pw@host', 'https://host?x=1']) {
      expect(validateSettings({ ...base, endpoint }).map((i) => i.path), endpoint).to.deep.equal(['/endpoint']);
    }
  });

  it('applies the bucket naming rules', () => {
    for (const bucket of ['', 'ab', 'Upper', '-dash', 'dash-', 'a..b', '192.168.1.1', 'under_score', 'x'.repeat(64)]) {
      expect(validateSettings({ ...base, bucket }).map((i) => i.path), bucket).to.deep.equal(['/bucket']);
    }
    expect(validateSettings({ ...base, bucket: 'my.bucket-2' })).to.deep.equal([]);
  });

  it('wants an absolute caCertFile and a prefix without empty or dot segments', () => {
    expect(validateSettings({ ...base, caCertFile: 'certs/ca.pem' }).map((i) => i.path)).to.deep.equal(['/caCertFile']);
    expect(validateSettings({ ...base, caCertFile: '/etc/ssl/ca.pem' })).to.deep.equal([]);
    expect(validateSettings({ ...base, prefix: 'a//b' }).map((i) => i.path)).to.deep.equal(['/prefix']);
    expect(validateSettings({ ...base, prefix: 'a/../b' }).map((i) => i.path)).to.deep.equal(['/prefix']);
    expect(readSettings({ ...base, prefix: '/laptop/home/' }).prefix).to.equal('laptop/home');
  });
});
