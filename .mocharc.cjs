// Every mocha run in this repository (npm test, or one file at a time) checks that each test file stops what it
// started: see test/src/support/leak-check.ts. Without --exit, a leak in a serial run also keeps mocha from ending.
module.exports = {
  require: [require.resolve('./test/dist/support/leak-check.js')],
};
