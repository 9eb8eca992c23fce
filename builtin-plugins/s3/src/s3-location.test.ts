import { expect } from 'chai';
import { CancellationToken } from '@timelocker/plugin-api';
import { s3BackendProvider } from './extension.js';

const secrets = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret/EXAMPLE+key' };

describe('S3 resolve', () => {
  const resolve = (config: Record<string, string | boolean>, given: Record<string, string> = secrets) =>
    s3BackendProvider.resolve(config, given, CancellationToken.None);

  it('gives restic an s3: location, the keys in env only, and no options it was not asked for', async () => {
    const location = await resolve({ endpoint: 'https://127.0.0.1:9000', bucket: 'restic' });
    expect(location).to.deep.equal({
      repository: 's3:https://127.0.0.1:9000/restic',
      env: { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret/EXAMPLE+key' },
      options: {},
      flags: [],
      warnings: [],
    });
  });

  it('maps prefix, region, path style, storage class, CA file and session token', async () => {
    const location = await resolve(
      { endpoint: 'https://minio.lan', bucket: 'b-1', prefix: 'laptop/home', region: 'eu-west-1', pathStyle: true, storageClass: 'STANDARD_IA', caCertFile: '/etc/ca.pem' },
      { ...secrets, sessionToken: 'tok' },
    );
    expect(location.repository).to.equal('s3:https://minio.lan/b-1/laptop/home');
    expect(location.env).to.deep.equal({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret/EXAMPLE+key', AWS_SESSION_TOKEN: 'tok', AWS_DEFAULT_REGION: 'eu-west-1' });
    expect(location.options).to.deep.equal({ 's3.region': 'eu-west-1', 's3.bucket-lookup': 'path', 's3.storage-class': 'STANDARD_IA' });
    expect(location.flags).to.deep.equal(['--cacert', '/etc/ca.pem']);
    expect((await resolve({ bucket: 'b-1', pathStyle: false })).options).to.deep.equal({ 's3.bucket-lookup': 'dns' });
    expect((await resolve({ bucket: 'b-1', region: 'us-west-2' })).repository).to.equal('s3:https://s3.us-west-2.amazonaws.com/b-1');
  });

  it('keeps secrets out of the repository string, options and flags', async () => {
    const location = await resolve({ endpoint: 'https://h', bucket: 'bkt', region: 'r1', caCertFile: '/ca.pem' }, { ...secrets, sessionToken: 'tok-xyz' });
    const visible = JSON.stringify([location.repository, location.options, location.flags, location.warnings]);
    for (const value of [...Object.values(secrets), 'tok-xyz']) expect(visible).not.to.include(value);
  });

  it('warns on every run for an opted-in http endpoint and refuses one without the opt-in', async () => {
    const location = await resolve({ endpoint: 'http://10.0.0.5:9000', bucket: 'restic', allowInsecureHttp: true });
    expect(location.repository).to.equal('s3:http://10.0.0.5:9000/restic');
    expect(location.warnings).to.have.length(1);
    expect(location.warnings![0]).to.include('plain http').and.include('not protected by TLS');
    let refused: unknown;
    try {
      await resolve({ endpoint: 'http://10.0.0.5:9000', bucket: 'restic' });
    } catch (error) {
      refused = error;
    }
    expect(String(refused)).to.include('allowInsecureHttp');
  });
});
