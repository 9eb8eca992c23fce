import { expect } from 'chai';
import { signS3Request } from './sigv4.js';

describe('signS3Request (AWS Signature Version 4)', () => {
  const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

  it('reproduces the "GET Bucket (List Objects)" example of the S3 SigV4 documentation', () => {
    const signed = signS3Request({
      method: 'GET', host: 'examplebucket.s3.amazonaws.com', pathSegments: [], query: { 'max-keys': '2', prefix: 'J' }, region: 'us-east-1',
    }, credentials, new Date('2013-05-24T00:00:00Z'));
    expect(signed.path).to.equal('/?max-keys=2&prefix=J');
    expect(signed.headers['x-amz-date']).to.equal('20130524T000000Z');
    expect(signed.headers['authorization']).to.equal('AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, '
      + 'SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });

  it('encodes path segments and query values the RFC 3986 way, signs the session token, never puts the secret in a header', () => {
    const signed = signS3Request({
      method: 'GET', host: '127.0.0.1:9000', pathSegments: ['bucket'], query: { prefix: 'a b/(c)*', 'list-type': '2' }, region: 'eu-west-1',
    }, { ...credentials, sessionToken: 'token-1' }, new Date('2024-01-02T03:04:05Z'));
    expect(signed.path).to.equal('/bucket?list-type=2&prefix=a%20b%2F%28c%29%2A');
    expect(signed.headers['x-amz-security-token']).to.equal('token-1');
    expect(signed.headers['authorization']).to.include('SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token');
    expect(JSON.stringify(signed)).not.to.include(credentials.secretAccessKey);
  });
});
