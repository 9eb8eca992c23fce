import { expect } from 'chai';
import { interpretS3Answer } from './s3-answer.js';
import { readSettings } from './s3-settings.js';

const settings = readSettings({ endpoint: 'https://s3.example.org', bucket: 'bkt', prefix: 'p&q' });
const error = (statusCode: number, code: string, extra = '') => ({ statusCode, body: `<?xml version="1.0"?><Error><Code>${code}</Code><Message>m</Message>${extra}</Error>` });

describe('S3 answers of the connection test', () => {
  it('finds the repository by its exact config key (XML-escaped in the listing)', () => {
    expect(interpretS3Answer(settings, { statusCode: 200, body: '<ListBucketResult><Contents><Key>p&amp;q/config</Key></Contents></ListBucketResult>' }).status).to.equal('ok');
    const empty = interpretS3Answer(settings, { statusCode: 200, body: '<ListBucketResult><KeyCount>0</KeyCount></ListBucketResult>' });
    expect(empty).to.include({ status: 'not-found' });
    expect(empty.hint).to.include('timelocker repo init');
    expect(interpretS3Answer(settings, { statusCode: 200, body: '<Key>p&amp;q/config-old</Key>' }).status).to.equal('not-found');
  });

  it('tells apart a missing bucket, refused credentials, a wrong region and other errors', () => {
    const missing = interpretS3Answer(settings, error(404, 'NoSuchBucket'));
    expect(missing.status).to.equal('not-found');
    expect(missing.hint).to.include('creates the bucket');
    expect(interpretS3Answer(settings, error(403, 'InvalidAccessKeyId')).message).to.include('access key ID is not known');
    expect(interpretS3Answer(settings, error(403, 'SignatureDoesNotMatch')).message).to.include('secret access key');
    expect(interpretS3Answer(settings, error(403, 'AccessDenied')).status).to.equal('auth-failed');
    expect(interpretS3Answer(settings, error(400, 'ExpiredToken')).message).to.include('session token');
    const region = interpretS3Answer(settings, { statusCode: 301, bucketRegion: 'eu-north-1', body: '' });
    expect(region).to.include({ status: 'error', hint: 'set "region": "eu-north-1"' });
    expect(interpretS3Answer(settings, error(500, 'InternalError')).message).to.include('HTTP 500 InternalError: m');
  });
});
