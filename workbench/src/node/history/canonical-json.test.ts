import { expect } from 'chai';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).to.equal('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('gives the same text for objects built in different orders', () => {
    const one = canonicalJson({ type: 't', details: { n: 1, m: 'é\n"' } });
    const two = canonicalJson({ details: { m: 'é\n"', n: 1 }, type: 't' });
    expect(one).to.equal(two);
    expect(JSON.parse(one)).to.deep.equal({ type: 't', details: { n: 1, m: 'é\n"' } });
  });

  it('drops undefined members and refuses non-finite numbers', () => {
    expect(canonicalJson({ a: undefined as unknown as null, b: 2 })).to.equal('{"b":2}');
    expect(() => canonicalJson(Number.NaN)).to.throw(TypeError);
  });
});
