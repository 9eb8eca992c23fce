import { expect } from 'chai';
import type { ErrorObject } from 'ajv';
import { manifestValidatorSet } from '../plugins/plugin-scanner.js';
import { compileValidatorsNow, isPrecompiled, loadValidators } from './precompiled-validators.js';

const shape = (errors: readonly ErrorObject[] | null | undefined): unknown[] => (errors ?? []).map((e) => [e.instancePath, e.schemaPath, e.keyword, e.message]);

const cases: ReadonlyArray<readonly [string, unknown]> = [
  ['manifest', { name: 'x', version: 1, engines: {} }],
  ['manifest', { name: 'x', publisher: 'acme', version: '1.0.0', engines: { timelocker: '^1.0.0' }, activationEvents: 'onStart' }],
  ['contributes.backends', { id: 'b', label: 3 }],
  ['contributes.commands', { title: 'no id' }],
  ['contributes.policyRules', { id: 'r', bogus: true }],
];

describe('validators the build compiles ahead of time (plugin manifests)', () => {
  it('the build compiled the plugin manifest validators of this very schema, and no others', () => {
    expect(isPrecompiled(manifestValidatorSet), 'npm run build writes dist/plugin-manifest-validators.precompiled.cjs').to.equal(true);
    expect(isPrecompiled({ ...manifestValidatorSet, schemas: { ...manifestValidatorSet.schemas, manifest: { type: 'object' } } })).to.equal(false);
  });

  it('the build\'s validators find exactly what validators compiled now find', () => {
    const built = loadValidators(manifestValidatorSet);
    const now = compileValidatorsNow(manifestValidatorSet);
    expect(Object.keys(built)).to.have.members(Object.keys(manifestValidatorSet.schemas));
    for (const [key, value] of cases) {
      expect(built[key], key).to.not.equal(now[key]);
      expect(built[key]!(value), JSON.stringify(value)).to.equal(now[key]!(value)).and.equal(false);
      expect(shape(built[key]!.errors), JSON.stringify(value)).to.deep.equal(shape(now[key]!.errors)).and.not.be.empty;
    }
  });
});
